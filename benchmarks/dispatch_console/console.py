"""The console's load time in headless Chromium against gunicorn."""

# This benchmark drives the server itself; the routing-purity ban on benchmarks/ is for
# the solver benchmarks.
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks import REPO
from benchmarks.dispatch_console import CHROMIUM, PASSWORD


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(db_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "SECRET_KEY": "benchmark-secret",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
    }
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [bin_dir / "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "server:create_app()"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise TimeoutError("gunicorn did not start")


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
        server.terminate()
        server.wait(timeout=10)
