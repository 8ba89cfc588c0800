"""Browser tests: a real server process (gunicorn on loopback) and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from server.serving import FAST_KDF, flask, start_gunicorn, stop

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo system: migrations, demo data, gunicorn — as `make demo` runs it."""
    folder = tmp_path_factory.mktemp("live")
    env = {
        **os.environ,
        **FAST_KDF,
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "SECRET_KEY": "browser-test-secret",
    }
    flask(env, "db", "upgrade")
    flask(env, "load-demo")
    server, url = start_gunicorn(env)
    try:
        yield url
    finally:
        stop(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, url: str, username: str) -> None:
    """Open an office console at ``url`` and sign in through its login gate."""
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo1234")
    page.get_by_role("button", name="Sign in").click()


def bearer(page: Page, base: str, username: str) -> dict[str, str]:
    """The Authorization header of a demo user (every demo login has the same password)."""
    login = {"username": username, "password": "demo1234"}
    response = page.request.post(base + "/api/v1/auth/login", data=login)
    assert response.ok, response.text()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def api_get(page: Page, base: str, path: str, username: str) -> Any:
    """GET an API path as a demo user; the answer's JSON."""
    response = page.request.get(base + path, headers=bearer(page, base, username))
    assert response.ok, response.text()
    return response.json()


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo system on its own database, one per test module: the app tests change orders."""
    from tests.browser.techapp import serve

    for deployment in serve(tmp_path_factory.mktemp("techapp")):
        yield deployment.url
