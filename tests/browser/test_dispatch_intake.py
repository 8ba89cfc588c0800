"""The dispatcher takes a new work order in the console, in real Chromium: the customer found
by name or entered new, the site chosen from theirs or placed with a click on the map, the
kind's own fields, refusals at their field. On a demo system of its own (it adds orders)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import api_get, screenshot, sign_in

pytestmark = pytest.mark.browser
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the demo's operator zone


def _api(page: Page, base: str, path: str) -> Any:
    return api_get(page, base, path, "dispatcher")


def _open_form(page: Page, base: str) -> Locator:
    sign_in(page, base + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    page.get_by_role("button", name="New order").click()
    panel = page.get_by_role("region", name="New order")
    expect(panel.locator("select[name=kind]")).to_be_focused()
    return panel


def _new_water_leak(panel: Locator, name: str, address: str, at: tuple[str, str]) -> None:
    """Fill the form for a water leak (DN100) of a new customer at a typed place."""
    panel.get_by_label("A new customer").check()
    panel.get_by_label("Name *", exact=True).fill(name)
    panel.get_by_label("Address *", exact=True).fill(address)
    panel.get_by_label("Pipe diameter (mm) *").fill("100")
    panel.get_by_label("Latitude *").fill(at[0])
    panel.get_by_label("Longitude *").fill(at[1])


def _taken(page: Page) -> str:
    """The number the console's message gives the order just taken."""
    toast = page.locator("#toast")
    expect(toast).to_contain_text(" taken: ")
    return toast.inner_text().split(" ")[0]


def test_a_water_leak_for_a_known_customer_at_their_site(page: Page, app_server: str) -> None:
    customer = _api(page, app_server, "/api/v1/customers?per_page=1")["items"][0]
    panel = _open_form(page, app_server)
    field = panel.get_by_label("Customer", exact=True)
    field.fill(customer["name"][:6])
    label = f"{customer['name']} · {customer['phone']}"
    expect(panel.locator(f"#intake-customers option[value='{label}']")).to_have_count(1)
    field.fill(label)  # chosen from the list: their sites are offered
    site = panel.locator("select[name=site_id]")
    expect(site).to_have_value(str(customer["sites"][0]["id"]))
    panel.get_by_label("What is wrong").fill("Water running down the street")
    panel.get_by_role("button", name="Take order").click()
    error = panel.locator(".error")
    expect(error).to_have_text("Pipe diameter (mm): Required for a water leak.")
    expect(panel.get_by_label("Pipe diameter (mm) *")).to_be_focused()
    screenshot(page, "dispatch-new-order-error")

    panel.get_by_label("Pipe diameter (mm) *").fill("300")
    panel.get_by_role("button", name="Take order").click()
    number = _taken(page)
    expect(panel).to_be_hidden()
    expect(page.locator("#detail")).to_contain_text(number)  # selected on the board
    order = _api(page, app_server, f"/api/v1/orders?q={number}")["items"][0]
    assert (order["kind"], order["status"], order["pipe_diameter_mm"]) == (
        "water_leak",
        "ready",
        300,
    )
    assert order["customer"]["id"] == customer["id"]
    assert order["site"]["address"] == customer["sites"][0]["address"]
    assert order["due_at"]  # the deadline table's, by its diameter
    expect(page.locator(f"#unassigned-list [data-order-id='{order['id']}']")).to_have_count(1)


def test_a_gps_install_for_a_new_customer_placed_on_the_map(page: Page, app_server: str) -> None:
    panel = _open_form(page, app_server)
    panel.locator("select[name=kind]").select_option("gps_install")
    panel.get_by_label("A new customer").check()
    expect(panel.get_by_label("Customer", exact=True)).to_be_disabled()
    panel.get_by_label("Name *", exact=True).fill("Qiantang Courier Co.")
    panel.get_by_label("Phone").fill("+86 571 8800 1234")
    panel.get_by_label("Address *", exact=True).fill("88 Jiangnan Avenue, Binjiang")
    panel.get_by_label("Vehicle plate *").fill("浙A5T9K1")
    tomorrow = (datetime.now(SHANGHAI) + timedelta(days=1)).date().isoformat()
    panel.get_by_label("Appointment from").fill(f"{tomorrow}T10:00")
    panel.get_by_label("Appointment until").fill(f"{tomorrow}T12:00")
    panel.get_by_role("button", name="Take order").click()
    latitude, longitude = panel.get_by_label("Latitude *"), panel.get_by_label("Longitude *")
    expect(panel.locator(".error")).to_have_text(
        "Latitude: Click the map where the work is, or enter its coordinates."
    )
    expect(latitude).to_have_attribute("aria-invalid", "true")
    expect(latitude).to_be_focused()

    box = page.locator("#map").bounding_box()
    assert box
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.3)
    expect(latitude).not_to_have_value("")
    expect(panel.locator(".place")).to_contain_text("Placed on the map")
    expect(panel.locator(".error")).to_have_text("")
    clicked = (float(latitude.input_value()), float(longitude.input_value()))
    screenshot(page, "dispatch-new-order-placed")
    panel.get_by_role("button", name="Take order").click()
    number = _taken(page)
    expect(page.locator("#toast")).to_contain_text("awaits your approval")
    order = _api(page, app_server, f"/api/v1/orders?q={number}")["items"][0]
    assert (order["kind"], order["status"], order["vehicle_plate"]) == (
        "gps_install",
        "new",
        "浙A5T9K1",
    )
    assert order["customer"]["name"] == "Qiantang Courier Co."
    site = order["site"]
    assert site["address"] == "88 Jiangnan Avenue, Binjiang"
    assert (site["lat"], site["lon"]) == pytest.approx(clicked, abs=1e-6)  # where it was clicked
    start = datetime.fromisoformat(order["appointment_start"]).astimezone(SHANGHAI)
    assert start.isoformat().startswith(f"{tomorrow}T10:00")  # read on the operator's clock
    expect(page.locator(f"#pending-list [data-order-id='{order['id']}']")).to_have_count(1)


def test_a_new_customer_needs_a_name_and_nothing_is_written(page: Page, app_server: str) -> None:
    before = _api(page, app_server, "/api/v1/customers?per_page=1")["total"]
    panel = _open_form(page, app_server)
    panel.locator("select[name=kind]").select_option("gas_leak")
    panel.get_by_label("A new customer").check()
    panel.locator("select[name=leak_grade]").select_option("1")
    panel.get_by_label("Latitude *").fill("30.2741")  # typed, not clicked
    panel.get_by_label("Longitude *").fill("120.1551")
    panel.get_by_role("button", name="Take order").click()
    expect(panel.locator(".error")).to_contain_text("Customer's name: ")
    expect(panel.get_by_label("Name *", exact=True)).to_be_focused()
    assert _api(page, app_server, "/api/v1/customers?per_page=1")["total"] == before
    panel.get_by_role("button", name="Cancel").click()
    expect(panel).to_be_hidden()


def test_a_site_off_the_map_is_refused_at_its_field(page: Page, app_server: str) -> None:
    panel = _open_form(page, app_server)
    _new_water_leak(panel, "Far Away Ltd", "Somewhere north", ("95", "120"))
    panel.get_by_role("button", name="Take order").click()
    expect(panel.locator(".error")).to_contain_text("Latitude: ")
    expect(panel.get_by_label("Latitude *")).to_be_focused()


def test_an_empty_form_names_every_missing_field_at_once(page: Page, app_server: str) -> None:
    """Enter in a field takes the order like the button; what is missing is said together,
    next to the button, and Escape closes the panel."""
    panel = _open_form(page, app_server)
    panel.get_by_label("Leak location").press("Enter")
    error = panel.locator(".error")
    for named in ("Customer: ", "Pipe diameter (mm): ", "Address: ", "Latitude: "):
        expect(error).to_contain_text(named)
    for field in ("Customer", "Pipe diameter (mm) *", "Address *", "Latitude *"):
        expect(panel.get_by_label(field, exact=True)).to_have_attribute("aria-invalid", "true")
    expect(panel.get_by_label("Customer", exact=True)).to_be_focused()
    screenshot(page, "dispatch-new-order-missing")
    panel.get_by_label("Leak location").press("Escape")
    expect(panel).to_be_hidden()
    expect(page.get_by_role("button", name="New order")).to_be_focused()


def test_a_double_click_takes_one_order(page: Page, app_server: str) -> None:
    panel = _open_form(page, app_server)
    _new_water_leak(panel, "Double Click Dairy", "3 Moganshan Road", ("30.2900", "120.1500"))
    panel.get_by_role("button", name="Take order").dblclick()
    _taken(page)
    found = _api(page, app_server, "/api/v1/orders?q=Double%20Click%20Dairy")
    assert found["total"] == 1, found
