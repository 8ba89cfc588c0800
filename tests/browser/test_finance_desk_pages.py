"""The finance, service-desk and reports pages in real Chromium against the demo day."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the demo's operator zone


def _token(page: Page, live_server: str) -> str:
    """A bearer token of the demo's finance clerk."""
    login = {"username": "finance", "password": "demo1234"}
    return str(page.request.post(live_server + "/api/v1/auth/login", data=login).json()["token"])


def _demo_money_day(page: Page, live_server: str) -> str:
    """The day the demo's money fell on: today, or in the small hours (the demo plays the
    hours before now) yesterday: the day of its reversal and its order-less collection."""
    headers = {"Authorization": f"Bearer {_token(page, live_server)}"}
    today = datetime.now(SHANGHAI).date()
    for day in (today, today - timedelta(days=1)):
        url = f"{live_server}/api/v1/finance/entries?date={day.isoformat()}"
        if any(
            e["entry_type"] == "reversal"
            for e in page.request.get(url, headers=headers).json()["items"]
        ):
            return day.isoformat()
    raise AssertionError("the demo recorded no money today or yesterday")


def test_finance_reconciliation_and_handover(page: Page, live_server: str) -> None:
    sign_in(page, live_server + "/finance/", "finance")
    expect(page.locator("#day")).not_to_have_value("")
    page.locator("#day").fill(_demo_money_day(page, live_server))
    page.locator("#day").dispatch_event("change")
    rows = page.locator("#recon tbody tr[data-tech]")
    expect(rows.first).to_be_visible()
    expect(page.locator("#recon td.diff-bad").first).to_be_visible()
    expect(page.locator("#anomalies")).to_contain_text("no order")
    expect(page.locator("#entries")).to_contain_text("Reversal of")
    screenshot(page, "finance-reconciliation")
    total_before = page.locator("#total-collected").inner_text()
    rows.first.click()
    expect(page.locator("#entries-label")).not_to_have_text("(all technicians)")
    page.get_by_label("Amount (CNY)").fill("12.34")
    page.get_by_role("button", name="Record handover").click()
    expect(page.locator("#flash")).to_have_text("Handover recorded.")
    assert page.locator("#total-collected").inner_text() == total_before
    with page.expect_download() as download:
        page.get_by_role("button", name="Export XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "finance-after-handover")


def test_a_handover_is_entered_on_the_operators_clock(browser: Browser, live_server: str) -> None:
    """A clerk whose browser runs on another zone's clock still sees and types the times
    the consoles show everywhere else: the operator's (Asia/Shanghai in the demo)."""
    context = browser.new_context(
        timezone_id="America/New_York", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    try:
        sign_in(page, live_server + "/finance/", "finance")
        field = page.get_by_label("Received at")
        expect(field).not_to_have_value("")
        shown = datetime.fromisoformat(field.input_value()).replace(tzinfo=SHANGHAI)
        assert abs(shown - datetime.now(UTC)) < timedelta(minutes=2)
        earlier = (shown - timedelta(minutes=90)).replace(second=0, microsecond=0)
        field.fill(earlier.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Amount (CNY)").fill("3.21")
        page.get_by_label("Note").fill("zone check")
        page.get_by_role("button", name="Record handover").click()
        expect(page.locator("#flash")).to_have_text("Handover recorded.")
        recorded = _handover_noted(page, live_server, "zone check", earlier.date().isoformat())
        assert datetime.fromisoformat(recorded["received_at"]) == earlier
        again = datetime.fromisoformat(field.input_value()).replace(tzinfo=SHANGHAI)
        assert abs(again - datetime.now(UTC)) < timedelta(minutes=2)  # ready for the next one
    finally:
        context.close()


#: (zone, what the clerk types, the instant it means, how the field shows that instant):
#: plain times, times the clocks skipped and times they passed twice.
WALL_CLOCK_CASES = [
    ("Asia/Shanghai", "2026-12-04T09:30", "2026-12-04T01:30:00.000Z", "2026-12-04T09:30"),
    ("Asia/Kolkata", "2026-12-04T00:00", "2026-12-03T18:30:00.000Z", "2026-12-04T00:00"),
    ("Europe/Berlin", "2026-03-29T02:30", "2026-03-29T01:30:00.000Z", "2026-03-29T03:30"),
    ("America/New_York", "2026-03-08T02:30", "2026-03-08T07:30:00.000Z", "2026-03-08T03:30"),
    ("Europe/Berlin", "2026-10-25T02:30", "2026-10-25T00:30:00.000Z", "2026-10-25T02:30"),
    ("America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00.000Z", "2026-11-01T01:30"),
]


def test_wall_clock_times_are_read_in_the_operators_zone(page: Page, live_server: str) -> None:
    """The consoles' reading of a typed time, in a browser on UTC, across clock changes."""
    page.goto(live_server + "/api/v1/auth/settings")  # a page of the origin, no login gate
    read = page.evaluate(
        """async (cases) => {
            const format = await import("/static/shared/format.js");
            return cases.map(([zone, typed]) => {
                format.setZone(zone);
                const instant = format.fromWallClock(typed);
                return [zone, typed, instant, format.wallClockInput(Date.parse(instant))];
            });
        }""",
        [[zone, typed] for zone, typed, _, _ in WALL_CLOCK_CASES],
    )
    assert [tuple(case) for case in read] == WALL_CLOCK_CASES


def _handover_noted(page: Page, live_server: str, note: str, day: str) -> dict[str, str]:
    """The handover of ``day`` (operator's zone) with ``note``, as the API lists it."""
    headers = {"Authorization": f"Bearer {_token(page, live_server)}"}
    url = f"{live_server}/api/v1/finance/handovers?date={day}"
    (found,) = [
        h for h in page.request.get(url, headers=headers).json()["items"] if h["note"] == note
    ]
    return found


def test_desk_callback_and_complaints(page: Page, live_server: str) -> None:
    sign_in(page, live_server + "/desk/", "agent")
    queue = page.locator("#queue tbody tr")
    # the demo's earliest completion has waited over an hour: said in hours and minutes
    countdowns = queue.locator(".countdown")
    expect(countdowns.first).to_have_text(re.compile(r"^\d+ h \d+ min overdue"))
    ticking = re.compile(r"^\d+:\d\d$")  # a clock only while the callback is still due
    overdue = re.compile(r"^(\d+ d \d+ h|(\d+ h )?\d+ min) overdue")
    for text in countdowns.all_inner_texts():
        assert ticking.match(text) or overdue.match(text), text
    expect(page.locator("#complaints details")).to_have_count(3)
    expect(page.locator("#complaints")).to_contain_text("major")
    expect(page.locator("#sms tbody")).to_contain_text("recorded")
    screenshot(page, "desk-queue")
    count = queue.count()
    first = queue.first
    first.get_by_role("button", name="Satisfied").click()
    expect(page.locator("#queue-error")).to_contain_text("Score")
    first.get_by_label("Score").select_option("5")
    first.get_by_role("button", name="Satisfied").click()
    expect(queue).to_have_count(count - 1)
    page.locator("#complaints summary").first.click()
    page.get_by_role("button", name="Close with this record").first.click()
    expect(page.locator("#complaints form.close .error").first).to_contain_text(
        "Missing: cause, course of events, responsible party, conclusion, countermeasures, "
        "reply to the customer."
    )  # by the form's labels, not the API's field names
    screenshot(page, "desk-complaint-open")


def test_reports_charts(page: Page, live_server: str) -> None:
    sign_in(page, live_server + "/reports/", "dispatcher")
    expect(page.locator("[data-report] .chart svg")).to_have_count(7)
    expect(page.locator('[data-report="timeliness"] svg')).to_contain_text("target 98%")
    screenshot(page, "reports")
    with page.expect_download() as download:
        page.locator('[data-csv="timeliness"]').click()
    assert download.value.suggested_filename.startswith("timeliness-")
    assert download.value.suggested_filename.endswith(".csv")
