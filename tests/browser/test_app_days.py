"""The technician app lists a job planned ahead under its day, not among today's."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import screenshot
from tests.browser.techapp import (
    api,
    install_after_its_appointment,
    open_app,
    phone_context,
    token_for,
)

pytestmark = pytest.mark.browser
TECH = "tech07"  # no other browser test uses this technician
ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def planned_ahead(app_server: str) -> tuple[dict[str, Any], str]:
    """One of the technician's jobs of today, moved by the office to tomorrow."""
    office = token_for(app_server, "dispatcher")
    mine = api(
        app_server, "/api/v1/orders?status=assigned&per_page=50", token_for(app_server, TECH)
    )
    order = next(o for o in mine["items"] if not o.get("appointment_start"))
    today = api(app_server, "/api/v1/dispatch/board", office)["today"]
    tomorrow = (date.fromisoformat(today) + timedelta(days=1)).isoformat()
    body = {"technician_id": order["technician_id"], "version": order["version"], "date": tomorrow}
    moved = api(app_server, f"/api/v1/dispatch/orders/{order['id']}/assign", office, body)
    assert moved["work_date"] == tomorrow
    return moved, tomorrow


def test_a_job_planned_for_tomorrow_is_listed_under_tomorrow(
    browser: Browser, app_server: str, planned_ahead: tuple[dict[str, Any], str]
) -> None:
    order, tomorrow = planned_ahead
    context = phone_context(browser)
    page = context.new_page()
    open_app(page, app_server, TECH)
    heading = page.locator(f"h2.later-day[data-day='{tomorrow}']")
    expect(heading).to_have_text("Tomorrow")
    card = page.locator(f"h2.later-day[data-day='{tomorrow}'] ~ [data-order='{order['id']}']")
    expect(card).to_be_visible()
    # Listed after today's jobs, not among them: nothing of today's follows the heading.
    today_cards = page.locator("h1 ~ .job:not(h2.later-day ~ .job)")
    assert order["id"] not in [
        int(x) for x in today_cards.evaluate_all("els => els.map(e => e.dataset.order)")
    ]
    # deadlines months away read in days, not thousands of hours
    dues = page.locator(".job .due").all_inner_texts()
    readable = re.compile(r"^(due in|overdue by) (\d+ days|\d{1,2} h \d+ min|\d+ min)$")
    assert [d for d in dues if not (readable.match(d) or d.startswith("done"))] == []
    screenshot(page, "app-jobs-tomorrow")
    context.close()


def test_a_job_planned_outside_its_appointment_is_flagged(
    browser: Browser, app_server: str
) -> None:
    order, username = install_after_its_appointment(app_server, avoid=TECH)
    context = phone_context(browser)
    page = context.new_page()
    open_app(page, app_server, username)
    card = page.locator(f".job[data-order='{order['id']}']")
    start, end = (
        datetime.fromisoformat(order[f"appointment_{e}"]).astimezone(ZONE).strftime("%H:%M")
        for e in ("start", "end")
    )
    warning = f"Planned after the appointment ({start}\u2013{end}): call the customer"
    expect(card.locator(".appt-off")).to_have_text(warning)
    # Jobs planned inside their appointment, or without one, carry no warning.
    expect(page.locator(".job .appt-off")).to_have_count(1)
    card.click()
    expect(page.get_by_role("heading", name=re.compile(order["number"]))).to_be_visible()
    expect(page.locator(".card .appt-off")).to_have_text(warning)
    screenshot(page, "app-job-outside-appointment")
    context.close()
