"""Helpers for the technician-app browser tests: a phone context, login, polling, API checks."""

from __future__ import annotations

import json
import struct
import time
import urllib.request
import zlib
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect

PHONE = {"width": 390, "height": 844}


def phone_context(browser: Browser) -> BrowserContext:
    return browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        permissions=["geolocation"],
        geolocation={"latitude": 30.2741, "longitude": 120.1551},
    )


def poll(page: Page, script: str, timeout: float = 15) -> Any:
    """Evaluate ``script`` until it is truthy (a Promise-returning wait_for_function would not)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {script}")


def open_app(page: Page, base: str, username: str) -> None:
    """Load the app online, sign in, and wait until the service worker controls the page."""
    page.goto(base + "/app/")
    page.fill("#username", username)
    page.fill("#password", "demo1234")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Today's jobs")).to_be_visible()
    poll(page, "navigator.serviceWorker.controller !== null")


def pending_count(page: Page) -> int:
    return int(page.get_attribute("[data-pending]", "data-pending") or 0)


def wait_synced(page: Page, timeout: float = 20) -> None:
    poll(page, "document.querySelector('[data-pending]')?.dataset.pending === '0'", timeout)


def api(
    base: str, path: str, token: str | None = None, body: Any = None, method: str | None = None
) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def token_for(base: str, username: str) -> str:
    body = api(base, "/api/v1/auth/login", body={"username": username, "password": "demo1234"})
    return str(body["token"])


def first_order(base: str, username: str, status: str = "assigned") -> dict[str, Any]:
    token = token_for(base, username)
    page = api(base, f"/api/v1/orders?status={status}&per_page=5", token)
    assert page["items"], f"{username} has no {status} order in the demo data"
    order: dict[str, Any] = page["items"][0]
    return order


def png_bytes(width: int = 640, height: int = 480) -> bytes:
    """A small real PNG (a 'photo') made without any imaging library."""
    row = b"\x00" + bytes((40, 120, 200)) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
