"""The offline scenario of design/sync.md, end to end in real Chromium at phone size."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import screenshot
from tests.browser.techapp import (
    api,
    expect_pending,
    first_order,
    open_phone,
    png_bytes,
    poll,
    token_for,
    wait_synced,
)
from tests.fieldwork.test_iccid import with_check_digit

pytestmark = pytest.mark.browser


OLD_ICCID = "8986001111111111111"  # check digit computed below
NEW_ICCID = "8986002222222222222"


def test_offline_day_reaches_the_server_exactly_once(browser: Browser, app_server: str) -> None:
    order = first_order(app_server, "tech02")
    old_sim, new_sim = with_check_digit(OLD_ICCID[:-1]), with_check_digit(NEW_ICCID[:-1])
    context, page = open_phone(browser, app_server, "tech02")
    expect(page.locator(f"[data-order='{order['id']}']")).to_be_visible()
    screenshot(page, "app-jobs-online")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Today's jobs")).to_be_visible()
    expect(page.locator("[data-sync-state]")).to_have_text("Offline")
    page.locator(f"[data-order='{order['id']}']").click()
    page.get_by_role("button", name="Arrived").click()
    expect(page.locator("h1 .badge")).to_have_text("On site")

    page.get_by_role("button", name="SIM swap").click()
    page.fill("#f-old_iccid", old_sim)
    page.fill("#f-new_iccid", new_sim)
    assert page.get_attribute("#f-new_iccid", "inputmode") == "numeric"
    screenshot(page, "app-sim-swap-form")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("button", name="Fee collected").click()
    page.fill("#f-amount", "120.00")
    assert page.get_attribute("#f-amount", "inputmode") == "decimal"
    receipt = page.input_value("#f-receipt_no")
    save = page.get_by_role("button", name="Save")
    save.dblclick()  # a double tap must still record one fee

    page.get_by_role("button", name="Photo").click()
    assert page.get_attribute("#f-photo", "capture") == "environment"
    page.set_input_files(
        "#f-photo", files=[{"name": "valve.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.fill("#f-caption", "Old SIM tray")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("img.thumb")).to_be_visible()
    expect_pending(page, 4)
    screenshot(page, "app-job-offline-pending")

    context.set_offline(False)
    wait_synced(page)
    expect(page.locator("[data-sync-state]")).to_have_text("Online")
    # the photo is still shown once sent: the uploaded image, fetched from the server
    expect(page.locator("img.thumb")).to_have_attribute("src", re.compile(r"^blob:"))
    expect(page.locator("img.thumb")).to_be_visible()
    screenshot(page, "app-job-synced")

    token = token_for(app_server, "tech02")
    detail = api(app_server, f"/api/v1/orders/{order['id']}", token)
    assert detail["status"] == "on_site"
    assert [e["to"] for e in detail["events"] if e["type"] == "transition"].count("on_site") == 1
    assert [(s["kind"], s["old"], s["new"]) for s in detail["swaps"]] == [("sim", old_sim, new_sim)]
    assert [(f["amount"], f["receipt_no"]) for f in detail["fees"]] == [("120.00", receipt)]
    pulled = api(app_server, "/api/v1/sync/pull?cursor=0", token)
    state = next(c["order"] for c in pulled["changes"] if c["order_id"] == order["id"])
    assert [(a["kind"], a["caption"]) for a in state["attachments"]] == [("photo", "Old SIM tray")]
    assert poll(page, "navigator.storage.persisted().then(() => true)")
    context.close()
