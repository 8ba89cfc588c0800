"""The technician app's part and swap forms at phone size: parts for the job first, no
part chosen for the technician, the serial field a serial-tracked part needs, and the
keyboard each field's values need."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import screenshot
from tests.browser.techapp import api, first_order, open_phone, token_for, wait_synced

pytestmark = pytest.mark.browser
GAS_TECH = "tech09"  # gas work only
GPS_TECH = "tech08"  # GPS work only


def catalogue(base: str, username: str) -> dict[str, dict[str, Any]]:
    parts = api(base, "/api/v1/parts", token_for(base, username))
    return {p["code"]: p for p in parts}


def open_form(page: Page, order_id: int, action: str) -> None:
    page.locator(f"[data-order='{order_id}']").click()
    page.get_by_role("button", name=action).click()
    expect(page.get_by_role("heading", name=action)).to_be_visible()


def group_codes(page: Page, label: str) -> set[str]:
    texts = page.locator(f"#f-part optgroup[label='{label}'] option").all_inner_texts()
    return {t.split(" — ")[0] for t in texts}


def test_part_form_offers_the_jobs_parts_first_and_asks_for_a_serial(
    browser: Browser, app_server: str
) -> None:
    order = first_order(app_server, GAS_TECH)
    assert order["skill"] == "gas"
    parts = catalogue(app_server, GAS_TECH)
    context, page = open_phone(browser, app_server, GAS_TECH)
    open_form(page, order["id"], "Part used")

    # Nothing is chosen for the technician; gas parts come first, the others after them.
    part = page.locator("#f-part")
    expect(part).to_have_value("")
    groups = part.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert groups == ["For gas jobs", "Other parts"]
    gas = {code for code, p in parts.items() if p["skill"] in ("gas", None)}
    assert group_codes(page, "For gas jobs") == gas
    assert group_codes(page, "Other parts") == set(parts) - gas
    serial = page.locator("#f-serial")
    expect(serial).to_be_hidden()
    screenshot(page, "app-part-form")

    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-error='part']")).to_have_text("Choose a part.")
    screenshot(page, "app-part-form-empty-submit")

    # A serial-tracked part shows its serial field at once, and fixes the quantity at one.
    regulator = parts["GAS-REG"]
    assert regulator["serial_tracked"]
    part.select_option(str(regulator["id"]))
    expect(page.get_by_label("Serial number (required for this part)")).to_be_visible()
    expect(page.locator("#f-part-hint")).to_contain_text(regulator["name"])
    expect(page.locator("#f-part-hint")).to_contain_text("Serial-tracked")
    assert serial.get_attribute("inputmode") == "text"  # serials carry letters
    assert serial.get_attribute("autocapitalize") == "characters"
    quantity = page.locator("#f-quantity")
    expect(quantity).to_have_value("1")
    expect(quantity).not_to_be_editable()
    page.get_by_role("button", name="Save").click()
    error = page.locator("[data-error='serial']")
    expect(error).to_have_text("Enter the serial number printed on the part.")
    serial.press_sequentially("RG-2026A17")
    expect(error).to_have_text("")  # corrected: the error goes
    screenshot(page, "app-part-form-serial")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".facts li", has_text="SN RG-2026A17")).to_be_visible()

    # A part that is not serial-tracked hides the field again and sends no serial.
    page.get_by_role("button", name="Part used").click()
    part.select_option(str(regulator["id"]))
    serial.fill("LEFT-OVER")
    part.select_option(str(parts["GAS-SEAL"]["id"]))
    expect(serial).to_be_hidden()
    expect(quantity).to_be_editable()
    quantity.fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".facts li", has_text="GAS-SEAL \u00d7 2")).to_be_visible()

    wait_synced(page)
    detail = api(app_server, f"/api/v1/orders/{order['id']}", token_for(app_server, GAS_TECH))
    assert [(p["part_code"], p["quantity"], p["serial"]) for p in detail["parts"]] == [
        ("GAS-REG", 1, "RG-2026A17"),
        ("GAS-SEAL", 2, None),
    ]
    context.close()


def test_terminal_serials_take_letters_and_iccids_digits(browser: Browser, app_server: str) -> None:
    order = first_order(app_server, GPS_TECH)
    assert order["kind"].startswith("gps")
    context, page = open_phone(browser, app_server, GPS_TECH)
    open_form(page, order["id"], "Part used")
    expect(page.locator("#f-part")).to_have_value("")
    assert "GPS-T100" in group_codes(page, "For GPS jobs")
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("button", name="Terminal swap").click()
    for name in ("old_serial", "new_serial"):
        field = page.locator(f"#f-{name}")
        assert field.get_attribute("inputmode") == "text"  # the server accepts letters
        assert field.get_attribute("autocapitalize") == "characters"
    page.locator("#f-old_serial").press_sequentially("AB12")
    page.locator("#f-new_serial").press_sequentially("SN-77X9")
    screenshot(page, "app-terminal-swap-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".facts li", has_text="Terminal: AB12 → SN-77X9")).to_be_visible()

    page.get_by_role("button", name="SIM swap").click()
    for name in ("old_iccid", "new_iccid"):  # an ICCID is digits only: the numeric keypad
        assert page.get_attribute(f"#f-{name}", "inputmode") == "numeric"
    page.get_by_role("link", name="Cancel").click()

    wait_synced(page)
    detail = api(app_server, f"/api/v1/orders/{order['id']}", token_for(app_server, GPS_TECH))
    assert [(s["kind"], s["old"], s["new"]) for s in detail["swaps"]] == [
        ("terminal", "AB12", "SN-77X9")
    ]
    context.close()
