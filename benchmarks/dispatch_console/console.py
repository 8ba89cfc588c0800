"""The console's load time in headless Chromium against gunicorn."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks import REPO
from benchmarks.dispatch_console import CHROMIUM, PASSWORD
from server.serving import FAST_KDF, start_gunicorn, stop


def _serve(db_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        **os.environ,
        **FAST_KDF,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "SECRET_KEY": "benchmark-secret",
    }
    return start_gunicorn(env, quiet=True)


@dataclass
class LoadTiming:
    label: str
    order_markers: int
    tech_markers: int
    routes: int
    board_ms: list[float]
    rendered_ms: list[float]


def time_console(db_path: Path, label: str, day: str, loads: int, shot: str = "") -> LoadTiming:
    """Navigation start → board-rendered, in fresh browser contexts (cold cache each time)."""
    from playwright.sync_api import sync_playwright

    server, base = _serve(db_path)
    try:
        request = urllib.request.Request(
            base + "/api/v1/auth/login",
            data=json.dumps({"username": "dispatcher", "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            session = json.load(response)
        seed = (
            f"localStorage.setItem('fieldops.token', {json.dumps(session['token'])});"
            f"localStorage.setItem('fieldops.user', {json.dumps(json.dumps(session['user']))});"
        )
        board_ms: list[float] = []
        rendered_ms: list[float] = []
        counts = (0, 0, 0)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for _ in range(loads + 1):  # the first load warms the server, not counted
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                context.add_init_script(seed)
                page = context.new_page()
                page.goto(f"{base}/dispatch/?date={day}")
                page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
                rendered = page.evaluate(
                    "performance.getEntriesByName('board-rendered')[0].startTime"
                )
                board = page.evaluate(
                    "performance.getEntriesByType('resource')"
                    ".filter(e => e.name.includes('/dispatch/board'))"
                    ".map(e => e.responseEnd - e.startTime)[0]"
                )
                counts = (
                    page.locator(".order-marker").count(),
                    page.locator(".tech-marker").count(),
                    page.locator(".route-line").count(),
                )
                board_ms.append(board)
                rendered_ms.append(rendered)
                if shot:
                    (REPO / "test-artifacts").mkdir(exist_ok=True)
                    page.screenshot(path=str(REPO / "test-artifacts" / f"{shot}.png"))
                context.close()
            browser.close()
        return LoadTiming(label, *counts, board_ms[1:], rendered_ms[1:])
    finally:
        stop(server)
