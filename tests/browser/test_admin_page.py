"""The admin console in real Chromium: users, deadlines and kinds, the calendar, the audit log.

It runs on a demo system of its own (``app_server``, one per module): it deactivates
people and changes policies that other modules' tests rely on.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import api_get, screenshot, sign_in

pytestmark = pytest.mark.browser


def _open(page: Page, base: str, tab: str = "users") -> None:
    sign_in(page, f"{base}/admin/#{tab}", "admin")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)


def _get(page: Page, base: str, path: str) -> Any:
    return api_get(page, base, path, "admin")


def _login_status(page: Page, base: str, username: str, password: str) -> tuple[int, str]:
    body = {"username": username, "password": password}
    response = page.request.post(base + "/api/v1/auth/login", data=body)
    return response.status, response.json().get("error", {}).get("code", "")


def _audit(page: Page, kind: str) -> Any:
    """The audit tab showing ``kind`` entries (a value of its "Show" choice)."""
    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Show").select_option(kind)
    return page.locator("#audit-table tbody tr")


def test_admin_adds_deactivates_and_reactivates_users(page: Page, app_server: str) -> None:
    _open(page, app_server)
    form = page.locator("#add-user")
    form.get_by_label("Username").fill("clerk2")
    form.get_by_label("Full name").fill("Sun Li (finance)")
    form.get_by_label("Role").select_option("finance")
    form.get_by_label("Initial password").fill("short")
    form.get_by_role("button", name="Add user").click()
    expect(form.get_by_role("alert")).to_contain_text(
        "Initial password: Use at least 8 characters."
    )
    expect(form.get_by_label("Initial password")).to_have_attribute("aria-invalid", "true")
    form.get_by_label("Initial password").fill("counting-house")
    form.get_by_role("button", name="Add user").click()
    expect(page.locator("#users-flash")).to_contain_text("clerk2 added")
    row = page.locator("#user-table tbody", has_text="clerk2")
    expect(row).to_contain_text("finance")
    expect(row).to_contain_text("active")
    assert _login_status(page, app_server, "clerk2", "counting-house") == (200, "")
    screenshot(page, "admin-users")

    # a technician who left: signed out and off the dispatch plan; then back again
    tech = page.locator("#user-table tbody", has_text="tech14")
    page.once("dialog", lambda dialog: dialog.accept())
    tech.get_by_role("button", name="Deactivate").click()
    expect(tech).to_contain_text("deactivated")
    expect(page.locator("#users-flash")).to_have_text("tech14 deactivated.")
    assert _login_status(page, app_server, "tech14", "demo1234") == (401, "user_inactive")
    techs = _get(page, app_server, "/api/v1/technicians")
    assert [t["active"] for t in techs if t["username"] == "tech14"] == [False]
    tech.get_by_role("button", name="Reactivate").click()
    expect(tech).not_to_contain_text("deactivated")
    assert _login_status(page, app_server, "tech14", "demo1234") == (200, "")
    techs = _get(page, app_server, "/api/v1/technicians")
    assert [t["active"] for t in techs if t["username"] == "tech14"] == [True]

    entries = _audit(page, "user")
    expect(entries.first).to_contain_text("User tech14")
    expect(entries.first).to_contain_text("activated")
    expect(entries.nth(1)).to_contain_text("deactivated")
    expect(page.locator("#audit-table")).to_contain_text("username: clerk2; role: finance")


def test_admin_gives_a_user_a_new_password(page: Page, app_server: str) -> None:
    """A technician who lost their password: the admin sets a new one at their row."""
    _open(page, app_server)
    tech = page.locator("#user-table tbody", has_text="tech13")
    tech.get_by_role("button", name="New password").click()
    tech.get_by_label("New password").fill("short")
    tech.get_by_role("button", name="Set password").click()
    expect(tech.locator(".password-row .error")).to_contain_text("New password: Use at least 8")
    tech.get_by_label("New password").fill("tech13-new-pass")
    screenshot(page, "admin-new-password")
    tech.get_by_role("button", name="Set password").click()
    expect(page.locator("#users-flash")).to_have_text("tech13 has a new password.")
    expect(tech.get_by_label("New password")).to_be_hidden()
    assert _login_status(page, app_server, "tech13", "demo1234") == (401, "invalid_credentials")
    assert _login_status(page, app_server, "tech13", "tech13-new-pass") == (200, "")
    expect(_audit(page, "user").first).to_contain_text("password")


def test_admin_adds_a_technician_with_their_working_details(page: Page, app_server: str) -> None:
    _open(page, app_server)
    form = page.locator("#add-user")
    form.get_by_label("Role").select_option("technician")
    form.get_by_label("Username").fill("tech15")
    form.get_by_label("Full name").fill("Ma Jun")
    form.get_by_label("Initial password").fill("new-starter")
    form.get_by_label("Gas").uncheck()
    form.get_by_role("button", name="Add user").click()
    expect(form.get_by_role("alert")).to_contain_text("Home latitude:")
    expect(form.get_by_label("Home longitude")).to_have_attribute("aria-invalid", "true")
    form.get_by_label("Home latitude").fill("30.2741")
    form.get_by_label("Home longitude").fill("120.1551")
    form.get_by_role("button", name="Add user").click()
    expect(page.locator("#users-flash")).to_contain_text("tech15 added")
    (added,) = [
        t for t in _get(page, app_server, "/api/v1/technicians") if t["username"] == "tech15"
    ]
    assert (added["name"], added["skills"], added["shift_start"]) == (
        "Ma Jun",
        ["gps", "water"],
        "08:00:00",
    )
    assert _login_status(page, app_server, "tech15", "new-starter") == (200, "")


def test_admin_edits_a_technicians_working_details(page: Page, app_server: str) -> None:
    """Shift, skills, phone and home at the technician's row; a shift ending early refused."""
    (before,) = [
        t for t in _get(page, app_server, "/api/v1/technicians") if t["username"] == "tech12"
    ]
    _open(page, app_server)
    tech = page.locator("#user-table tbody", has_text="tech12")
    tech.get_by_role("button", name="Edit").click()
    row = tech.locator(".tech-row")
    expect(row.get_by_label("Shift start")).to_have_value(before["shift_start"][:5])
    expect(row.get_by_label("Phone")).to_have_value(before["phone"])
    row.get_by_label("Shift start").fill("10:00")
    row.get_by_label("Shift end").fill("09:30")
    row.get_by_label("Water").check()
    row.get_by_label("GPS").uncheck()
    row.get_by_role("button", name="Save details").click()
    expect(row.get_by_role("alert")).to_have_text(
        "The shift ends before it starts. Shift end: Must be after the shift start."
    )
    expect(row.get_by_label("Shift end")).to_have_attribute("aria-invalid", "true")
    expect(row.get_by_label("Shift end")).to_be_focused()
    screenshot(page, "admin-technician-refused")
    (kept,) = [
        t for t in _get(page, app_server, "/api/v1/technicians") if t["username"] == "tech12"
    ]
    assert (kept["shift_end"], kept["skills"]) == (before["shift_end"], before["skills"])

    row.get_by_label("Shift end").fill("18:30")
    expect(row.get_by_role("alert")).to_be_hidden()  # the field changed: no longer marked
    row.get_by_label("Phone").fill("+86 139 0000 1212")
    row.get_by_label("Home address").fill("88 Wensan Rd, Xihu")
    row.get_by_label("Home latitude").fill("30.2802")
    screenshot(page, "admin-technician-edit")
    row.get_by_role("button", name="Save details").click()
    expect(page.locator("#users-flash")).to_have_text("tech12's working details saved.")
    expect(tech.locator(".tech-row")).to_be_hidden()
    (saved,) = [
        t for t in _get(page, app_server, "/api/v1/technicians") if t["username"] == "tech12"
    ]
    assert {k: saved[k] for k in ("shift_start", "shift_end", "skills", "phone", "home_lat")} == {
        "shift_start": "10:00:00",
        "shift_end": "18:30:00",
        "skills": ["water"],
        "phone": "+86 139 0000 1212",
        "home_lat": 30.2802,
    }
    assert (saved["home_address"], saved["home_lon"]) == ("88 Wensan Rd, Xihu", before["home_lon"])
    tech.get_by_role("button", name="Edit").click()  # opens on the saved details
    expect(tech.get_by_label("Shift end")).to_have_value("18:30")
    expect(tech.get_by_label("GPS")).not_to_be_checked()

    entries = _audit(page, "technician")
    expect(entries.first).to_contain_text(f"Technician {saved['name']}")
    expect(entries.first).to_contain_text("shift end: ")
    expect(entries.first).to_contain_text("→ 18:30:00")
    expect(entries.first).to_contain_text("skills: gps → water")


def test_audit_log_pages_back_by_id_and_names_orders(page: Page, app_server: str) -> None:
    """ "Show 50 more" asks for the entries before the oldest shown; order numbers come in
    one request a page, not one per order."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    _open(page, app_server, "audit")
    rows = page.locator("#audit-table tbody tr")
    expect(rows).to_have_count(50)
    expect(page.locator("#audit-count")).to_have_text("the latest 50 entries")
    newest = _get(page, app_server, "/api/v1/audit?limit=1000")
    assert len(newest) > 100  # the demo's orders, parts and people
    more = page.get_by_role("button", name="Show 50 more")
    for shown in (100, 150):
        oldest = newest[shown - 51]["id"]
        with page.expect_request(lambda r, oldest=oldest: f"before_id={oldest}" in r.url):
            more.click()
        expect(rows).to_have_count(shown)
    expect(page.locator("#audit-count")).to_have_text("the latest 150 entries")
    shown_ids = [int(i) for i in rows.evaluate_all("rows => rows.map((r) => r.dataset.entry)")]
    assert shown_ids == [e["id"] for e in newest[:150]]  # in order, none twice, none skipped

    orders = [u for u in asked if "/api/v1/orders" in u]
    assert orders, "the demo's log names orders"
    assert all("/api/v1/orders?ids=" in u for u in orders), orders
    assert len(orders) <= 3  # one a page at most
    named = rows.filter(has_text="Order ")
    expect(named.first).to_contain_text("Order WO-")
    expect(rows.filter(has_text="Order #")).to_have_count(0)
    screenshot(page, "admin-audit-paged")


def test_the_fee_schedule_is_shown_with_where_it_comes_from(page: Page, app_server: str) -> None:
    _open(page, app_server, "policy")
    fees = page.locator("#fees")
    repair = fees.locator("tbody tr", has_text="GPS repair")
    expect(repair).to_contain_text(
        "out of warranty (12 months from purchase), when parts were used"
    )
    expect(repair).to_contain_text("parts only")
    expect(fees.locator("tbody tr", has_text="Gas leak")).to_contain_text("never")
    expect(fees).to_contain_text("fixtures/policy/fees.json")
    fees.scroll_into_view_if_needed()
    screenshot(page, "admin-fees")


def test_admin_changes_a_deadline_and_recomputes(page: Page, app_server: str) -> None:
    _open(page, app_server, "policy")
    water = page.locator("form.rules[data-kind=water_leak]")
    water.locator("tbody tr").nth(1).get_by_label("From").fill("305")
    water.get_by_role("button", name="Save water leak deadlines").click()
    expect(water.get_by_role("alert")).to_have_text(
        "The ranges leave a gap or overlap. Row 2 (301-999 mm), From: Expected 301."
    )
    expect(water.locator("tbody tr").nth(1).get_by_label("From")).to_have_attribute(
        "aria-invalid", "true"
    )
    water.get_by_role("button", name="Undo changes").click()
    water.locator("tbody tr").first.get_by_label("Due within").fill("12")
    water.get_by_role("button", name="Save water leak deadlines").click()
    expect(water.locator(".status")).to_have_text("Saved.")
    rules = _get(page, app_server, "/api/v1/policy/deadlines")
    assert [r["due_amount"] for r in rules if r["kind"] == "water_leak"] == [12, 48, 72]
    page.get_by_role("button", name="Recompute open orders' deadlines").click()
    expect(water.locator(".recomputed")).to_contain_text("Recomputed:")
    screenshot(page, "admin-deadlines")

    kind = page.locator("#kind-table tbody[data-kind=gps_repair]")
    kind.get_by_label("Default duration (min)").fill("2")
    kind.get_by_role("button", name="Save").click()
    expect(kind.get_by_role("alert")).to_contain_text("Default duration (min): Must be greater")
    kind.get_by_label("Default duration (min)").fill("50")
    kind.get_by_label("Needs approval").uncheck()
    kind.get_by_role("button", name="Save").click()
    expect(kind.locator(".status")).to_have_text("Saved.")
    kinds = {k["kind"]: k for k in _get(page, app_server, "/api/v1/policy/kinds")}
    assert (
        kinds["gps_repair"]["requires_approval"],
        kinds["gps_repair"]["default_duration_min"],
    ) == (
        False,
        50,
    )

    entries = _audit(page, "deadline_rules")
    expect(entries.first).to_contain_text("Deadlines of water leak")
    expect(entries.first).to_contain_text("<=300 mm: 24 hours → 12 hours")
    entries = _audit(page, "kind_policy")
    expect(entries.first).to_contain_text("Needs approval: yes → no")


def test_admin_adds_and_removes_a_holiday(page: Page, app_server: str) -> None:
    _open(page, app_server, "calendar")
    monday = date.today() + timedelta(days=400)
    monday -= timedelta(days=monday.weekday())  # a weekday in a year of its own
    day = monday.isoformat()
    form = page.locator("#add-day")
    form.get_by_label("Date").fill(day)
    form.get_by_label("Type").select_option("false")
    form.get_by_label("Name").fill("Founders' Day")
    form.get_by_role("button", name="Add day").click()
    row = page.locator(f"#days tbody[data-day='{day}']")
    expect(row).to_contain_text("Founders' Day")
    expect(row).to_contain_text("holiday")
    expect(page.locator("#year")).to_have_value(day[:4])
    listed = _get(page, app_server, f"/api/v1/policy/calendar?start={day}&end={day}")
    assert listed == [{"day": day, "working": False, "name": "Founders' Day"}]
    expect(page.locator("#calendar-offer")).to_contain_text("Recompute open orders' deadlines")
    screenshot(page, "admin-calendar")

    row.get_by_role("button", name=f"Remove {day}").click()
    expect(row).to_have_count(0)
    assert _get(page, app_server, f"/api/v1/policy/calendar?start={day}&end={day}") == []

    entries = _audit(page, "calendar_day")
    expect(entries.first).to_contain_text(f"Calendar {day}")
    expect(entries.first).to_contain_text("removed: holiday “Founders' Day”")
    expect(entries.nth(1)).to_contain_text("added: holiday “Founders' Day”")


def test_admin_keeps_the_parts_catalogue(page: Page, app_server: str) -> None:
    """Add a part, reprice it in its row, retire it (it leaves the technicians' list) and
    restore it; a refused price is named at its field; the log names the part by code."""
    _open(page, app_server, "parts")
    form = page.locator("#add-part")
    form.get_by_label("Code").fill("wtr-clamp200")
    form.get_by_label("Name").fill("Repair clamp DN200")
    form.get_by_label("Unit price (CNY)").fill("free")
    form.get_by_label("For jobs").select_option("water")
    form.get_by_role("button", name="Add part").click()
    expect(form.locator(".error")).to_contain_text("Unit price (CNY): ")
    expect(form.get_by_label("Unit price (CNY)")).to_be_focused()
    form.get_by_label("Unit price (CNY)").fill("185")
    form.get_by_role("button", name="Add part").click()
    expect(form.locator("#part-added")).to_contain_text("WTR-CLAMP200 added")  # by the button
    added = next(p for p in _get(page, app_server, "/api/v1/parts") if p["code"] == "WTR-CLAMP200")
    assert (added["unit_price"], added["skill"], added["serial_tracked"]) == (
        "185.00",
        "water",
        False,
    )

    row = page.locator(f"#part-table tbody[data-part='{added['id']}']")
    price = row.get_by_label("Unit price of WTR-CLAMP200")
    price.fill("192.505")
    row.get_by_role("button", name="Save").click()  # a third decimal is refused, not rounded
    expect(row.locator(".error")).to_contain_text(
        "Unit price (CNY): Use at most two decimal places."
    )
    price.fill("192.5")
    row.get_by_role("button", name="Save").click()
    expect(row.locator(".status")).to_have_text("Saved.")
    expect(price).to_have_value("192.50")  # as stored
    other = page.locator("#part-table tbody[data-part]").first
    other.locator("[name=name]").fill("An edit not saved yet")
    screenshot(page, "admin-parts")
    page.once("dialog", lambda d: d.accept())  # "Retire …? Technicians no longer see it"
    row.get_by_role("button", name="Retire").click()
    expect(row).to_contain_text("retired")
    listed = [p["code"] for p in _get(page, app_server, "/api/v1/parts")]
    assert "WTR-CLAMP200" not in listed
    row.get_by_role("button", name="Restore").click()
    expect(row.get_by_role("button", name="Retire")).to_be_visible()
    expect(other.locator("[name=name]")).to_have_value("An edit not saved yet")  # kept
    expect(other.get_by_role("button", name="Save")).to_be_enabled()
    reloaded = next(
        p for p in _get(page, app_server, "/api/v1/parts") if p["code"] == "WTR-CLAMP200"
    )
    assert reloaded["unit_price"] == "192.50"

    entries = _audit(page, "part")
    expect(entries.first).to_contain_text("Part WTR-CLAMP200")
    expect(entries.first).to_contain_text("Active: no → yes")  # restored
    expect(entries.nth(2)).to_contain_text("185.00 → 192.50")


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_every_tab_fits_an_office_screen(
    page: Page, app_server: str, size: tuple[int, int]
) -> None:
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    _open(page, app_server)
    for tab, heading in [
        ("users", "Users"),
        ("policy", "Deadlines"),
        ("parts", "Parts"),
        ("calendar", "Calendar"),
        ("audit", "Audit log"),
    ]:
        page.locator(f"nav.tabs a[data-tab={tab}]").click()
        expect(page.locator("nav.tabs a[aria-current=page]")).to_have_attribute("data-tab", tab)
        expect(page.get_by_role("heading", name=heading, exact=False).first).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"the {tab} tab is {overflow}px wider than {width}px"
        screenshot(page, f"admin-{tab}-{width}x{height}")


def test_other_roles_are_refused(page: Page, app_server: str) -> None:
    sign_in(page, app_server + "/admin/", "dispatcher")
    expect(page.get_by_role("alert")).to_have_text("The dispatcher role cannot use this page.")
    expect(page.locator("nav.tabs")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('fieldops.token')") is None
