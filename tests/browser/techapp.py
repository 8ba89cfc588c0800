"""Helpers for the technician-app browser tests: a phone context, login, polling, API checks."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import time
import urllib.request
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from server.serving import FAST_KDF, flask, free_port, start_gunicorn, stop

PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[2]


class Deployment:
    """The demo system on its own database (these tests change orders), on a fixed port so
    it can be restarted as a "new deploy"; its app shell is a copy that tests may change."""

    def __init__(self, folder: Path) -> None:
        self.shell = folder / "app"
        shutil.copytree(ROOT / "pwa" / "app", self.shell)
        self.port = free_port()
        self.env = {
            **os.environ,
            **FAST_KDF,
            "DATABASE_URL": f"sqlite:///{folder / 'techapp.sqlite3'}",
            "SECRET_KEY": "techapp-test-secret",
            "TECHAPP_DIR": str(self.shell),
            "BLOB_DIR": str(folder / "blobs"),
        }
        flask(self.env, "db", "upgrade")
        flask(self.env, "load-demo")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process, _ = start_gunicorn(self.env, port=self.port)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def serve(folder: Path) -> Iterator[Deployment]:
    """Run a deployment for the duration of a fixture."""
    deployment = Deployment(folder)
    deployment.start()
    try:
        yield deployment
    finally:
        deployment.stop()


def phone_context(browser: Browser, timezone_id: str = "Asia/Shanghai") -> BrowserContext:
    """A phone in Hangzhou (by default), whatever the zone of the machine running the test."""
    return browser.new_context(
        viewport=PHONE,
        timezone_id=timezone_id,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        permissions=["geolocation"],
        geolocation={"latitude": 30.2741, "longitude": 120.1551},
    )


def open_phone(browser: Browser, base: str, username: str) -> tuple[BrowserContext, Page]:
    """A new phone with the app open and signed in as ``username``."""
    context = phone_context(browser)
    page = context.new_page()
    open_app(page, base, username)
    return context, page


def poll(page: Page, script: str, timeout: float = 15) -> Any:
    """Evaluate ``script`` until it is truthy (a Promise-returning wait_for_function would not)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = page.evaluate(script)
        except PlaywrightError:  # the page is navigating (e.g. reloading to a new version)
            value = None
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


def expect_pending(page: Page, count: int) -> None:
    """The app shows ``count`` changes waiting for the office (the outbox is written
    asynchronously, so the badge may lag the screen that saved the change)."""
    expect(page.locator("[data-pending]")).to_have_attribute("data-pending", str(count))


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


def install_after_its_appointment(base: str, avoid: str = "") -> tuple[dict[str, Any], str]:
    """A GPS install booked for the first two minutes of a GPS technician's shift tomorrow
    (not ``avoid``), then given to that technician by the office: they leave home at the
    start of the shift and the site is some kilometres away, so they arrive after the
    appointment closes. Returns the order as scheduled and the technician's login."""
    office = token_for(base, "dispatcher")
    technicians = api(base, "/api/v1/technicians", office)
    tech = next(
        t for t in technicians if "gps" in t["skills"] and t["username"] != avoid and t["active"]
    )
    tomorrow = date.fromisoformat(api(base, "/api/v1/dispatch/board", office)["today"])
    tomorrow += timedelta(days=1)
    shift = datetime.combine(
        tomorrow, clock.fromisoformat(tech["shift_start"]), ZoneInfo("Asia/Shanghai")
    )
    body = {
        "kind": "gps_install",
        "vehicle_plate": "浙A7Y3K1",
        "customer": {"name": "Early Bird Logistics", "grade": "B"},
        "site": {
            "address": "9 Early Road, Hangzhou",
            "lat": tech["home_lat"] + 0.06,  # about 7 km north of home
            "lon": tech["home_lon"],
        },
        "appointment_start": shift.isoformat(),
        "appointment_end": (shift + timedelta(minutes=2)).isoformat(),
    }
    order = api(base, "/api/v1/orders", office, body)
    if order["status"] == "new":  # GPS work waits for the office's approval
        ready = {"to": "ready", "version": order["version"]}
        order = api(base, f"/api/v1/orders/{order['id']}/transitions", office, ready)
    assign = {"technician_id": tech["id"], "version": order["version"], "date": str(tomorrow)}
    api(base, f"/api/v1/dispatch/orders/{order['id']}/assign", office, assign)
    order = api(base, f"/api/v1/orders/{order['id']}", office)
    assert datetime.fromisoformat(order["scheduled_start"]) > datetime.fromisoformat(
        order["appointment_end"]
    ), "the technician was to arrive after the appointment"
    return order, tech["username"]
