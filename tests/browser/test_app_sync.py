"""The technician app against the office: lost responses, cancels while offline, two devices."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import screenshot
from tests.browser.techapp import (
    api,
    expect_pending,
    first_order,
    open_app,
    open_phone,
    phone_context,
    token_for,
    wait_synced,
)

pytestmark = pytest.mark.browser


def collect_fee(page: Any, order_id: int, amount: str) -> str:
    page.goto(page.url.split("#")[0] + f"#/order/{order_id}")
    page.get_by_role("button", name="Fee collected").click()
    page.fill("#f-amount", amount)
    receipt = page.input_value("#f-receipt_no")
    page.get_by_role("button", name="Save").click()
    return receipt


def test_lost_response_is_replayed_harmlessly(browser: Browser, app_server: str) -> None:
    order = first_order(app_server, "tech12")
    context, page = open_phone(browser, app_server, "tech12")
    lost: list[int] = []

    def lose_answer(route: Route) -> None:
        route.fetch()  # the server receives and commits the push …
        lost.append(1)
        route.abort("connectionreset")  # … but the phone never sees the answer

    page.route("**/api/v1/sync/push", lose_answer)
    receipt = collect_fee(page, order["id"], "88.50")
    for _ in range(50):
        if lost:
            break
        page.wait_for_timeout(200)
    assert lost, "the push should have been attempted"
    page.wait_for_timeout(300)
    expect_pending(page, 1)
    page.unroute("**/api/v1/sync/push")
    page.get_by_role("button", name="Sync").click()
    wait_synced(page)
    fees = api(app_server, f"/api/v1/orders/{order['id']}", token_for(app_server, "tech12"))["fees"]
    assert [(f["amount"], f["receipt_no"]) for f in fees] == [("88.50", receipt)]
    expect(page.locator("button.rejected")).to_have_count(0)
    context.close()


def test_dispatcher_cancel_while_offline_is_shown_as_rejected(
    browser: Browser, app_server: str
) -> None:
    order = first_order(app_server, "tech10")
    context, page = open_phone(browser, app_server, "tech10")
    context.set_offline(True)
    page.locator(f"[data-order='{order['id']}']").click()
    page.get_by_role("button", name="On my way").click()
    expect(page.locator("h1 .badge")).to_have_text("On the way")

    office = token_for(app_server, "dispatcher")
    api(
        app_server,
        f"/api/v1/orders/{order['id']}/transitions",
        office,
        {"to": "cancelled", "version": order["version"], "notes": "Customer cancelled"},
    )
    context.set_offline(False)
    wait_synced(page)
    rejected = page.locator("button.rejected")
    expect(rejected).to_have_text("1 rejected")
    expect(page.locator("h1 .badge")).to_have_text("Cancelled")
    rejected.click()
    expect(page.locator(".rejected-item")).to_contain_text("cancelled by the office")
    expect(page.locator(".rejected-item")).to_contain_text("order_cancelled")
    screenshot(page, "app-rejected")
    detail = api(app_server, f"/api/v1/orders/{order['id']}", office)
    assert detail["status"] == "cancelled"
    context.close()


def test_two_devices_on_one_order(browser: Browser, app_server: str) -> None:
    order = first_order(app_server, "tech13")
    phone_a, a = open_phone(browser, app_server, "tech13")
    phone_b, b = open_phone(browser, app_server, "tech13")
    phone_b.set_offline(True)
    for page in (a, b):
        page.locator(f"[data-order='{order['id']}']").click()
        page.get_by_role("button", name="Arrived").click()
        expect(page.locator("h1 .badge")).to_have_text("On site")
    wait_synced(a)
    receipt_a = collect_fee(a, order["id"], "50.00")
    receipt_b = collect_fee(b, order["id"], "30.00")
    wait_synced(a)
    phone_b.set_offline(False)
    wait_synced(b)
    expect(b.locator("button.rejected")).to_have_count(0)
    expect(b.locator(".facts li", has_text=receipt_a)).to_be_visible()  # B now shows A's fee
    screenshot(b, "app-two-devices")
    detail = api(app_server, f"/api/v1/orders/{order['id']}", token_for(app_server, "tech13"))
    arrivals = [e for e in detail["events"] if e["type"] == "transition" and e["to"] == "on_site"]
    assert len(arrivals) == 1
    assert sorted(f["receipt_no"] for f in detail["fees"]) == sorted([receipt_a, receipt_b])
    assert receipt_a != receipt_b  # each device numbers its own receipt series
    phone_a.close()
    phone_b.close()


def test_signature_and_warning_before_logout_with_unsent_changes(
    browser: Browser, app_server: str
) -> None:
    order = first_order(app_server, "tech14")
    context, page = open_phone(browser, app_server, "tech14")
    context.set_offline(True)
    page.locator(f"[data-order='{order['id']}']").click()
    page.get_by_role("button", name="Signature").click()
    pad = page.locator("canvas.signature")
    box = pad.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 30, box["y"] + 150)
    page.mouse.down()
    for step in range(1, 20):
        page.mouse.move(box["x"] + 30 + step * 15, box["y"] + 150 + (step % 4) * 12)
    page.mouse.up()
    page.fill("#f-caption", "Zhang Wei")
    screenshot(page, "app-signature")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".facts li", has_text="Signature Zhang Wei")).to_be_visible()
    expect_pending(page, 1)

    page.get_by_role("button", name="Log out").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("1 change has not reached the office yet")
    screenshot(page, "app-logout-warning")
    dialog.get_by_role("button", name="Stay and sync").click()
    expect(dialog).to_have_count(0)
    expect_pending(page, 1)

    context.set_offline(False)
    wait_synced(page)
    token = token_for(app_server, "tech14")
    pulled = api(app_server, "/api/v1/sync/pull?cursor=0", token)
    state = next(c["order"] for c in pulled["changes"] if c["order_id"] == order["id"])
    assert [(a["kind"], a["caption"]) for a in state["attachments"]] == [("signature", "Zhang Wei")]
    context.close()


def test_times_are_shown_in_the_operators_zone_even_offline(
    browser: Browser, app_server: str
) -> None:
    """A phone set to another zone still shows Hangzhou times, after an offline reload too."""
    order = first_order(app_server, "tech11")
    assert order["scheduled_start"], "the demo schedules every assigned order"
    start = datetime.fromisoformat(order["scheduled_start"])
    hangzhou = start.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M")
    assert start.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") != hangzhou
    context = phone_context(browser, timezone_id="America/New_York")
    page = context.new_page()
    open_app(page, app_server, "tech11")
    eta = page.locator(f"[data-order='{order['id']}'] .eta")
    # A job planned for another day (the demo's late evening runs past midnight) shows its day.
    local = start.astimezone(ZoneInfo("Asia/Shanghai")).date()
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    shown = re.compile(f"^{hangzhou}$" if local == today else rf"^\S+ \S+ {hangzhou}$")
    expect(eta).to_have_text(shown)
    context.set_offline(True)
    page.reload()
    expect(eta).to_have_text(shown)
    context.close()
