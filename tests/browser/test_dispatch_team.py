"""The dispatcher's team list in real Chromium: a technician marked away leaves the
timeline and hands their unstarted stops back to the pool; back on the plan, they return."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import api_get, bearer, screenshot, sign_in

pytestmark = pytest.mark.browser


def _board(page: Page, base: str) -> Any:
    return api_get(page, base, "/api/v1/dispatch/board", "dispatcher")


def _with_unstarted_work(board: Any) -> tuple[dict[str, Any], list[int]]:
    """A technician on the plan with stops not yet started today, and those stops (the
    technician's ``stops`` says how many they have in all)."""
    status = {row["order"]["id"]: row["order"]["status"] for row in board["orders"]}
    for row in board["technicians"]:
        unstarted = [i for i in row["sequence"] if status.get(i) == "assigned"]
        if row["technician"]["active"] and unstarted:
            return {**row["technician"], "stops": len(row["sequence"])}, unstarted
    raise AssertionError("the demo day should give someone work not yet started")


def test_dispatcher_marks_a_technician_away_and_back(page: Page, app_server: str) -> None:
    tech, unstarted = _with_unstarted_work(_board(page, app_server))
    sign_in(page, app_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    row_on_timeline = page.locator(f".tl-body .tl-row[data-tech-id='{tech['id']}']")
    expect(row_on_timeline).to_have_count(1)
    expect(row_on_timeline.locator(".away-tag")).to_have_count(0)

    page.get_by_role("button", name="Technicians").click()
    team = page.get_by_role("dialog", name="Team")
    expect(team).to_be_visible()
    row = team.locator("tr", has_text=tech["name"])
    under_way = tech["stops"] - len(unstarted)
    expect(row).to_contain_text(
        f"{tech['stops']} stops" + (f", {under_way} under way" if under_way else "")
    )
    screenshot(page, "dispatch-team")

    page.once("dialog", lambda d: d.accept())  # "Mark … away? Their work … goes back"
    row.get_by_role("button", name="Mark away").click()
    expect(team.get_by_role("status")).to_contain_text(f"{tech['name']} is away")
    expect(row.locator(".badge")).to_have_text("away")
    expect(row.get_by_role("button", name="Back on the plan")).to_be_focused()  # keyboard stays
    expect(page.locator("#team-open")).to_contain_text("1 away")
    if under_way:
        expect(row).to_contain_text(f"away {under_way} stop")
    screenshot(page, "dispatch-team-away")
    team.get_by_role("button", name="Close").click()
    expect(team).to_be_hidden()
    expect(page.locator("#team-open")).to_be_focused()
    if under_way:  # their work under way stays on the board, with them, marked away
        expect(row_on_timeline.locator(".away-tag")).to_have_text("away")
    else:
        expect(row_on_timeline).to_have_count(0)
    for order_id in unstarted:  # back in the pool, for the next plan
        expect(page.locator(f"#unassigned-list [data-order-id='{order_id}']")).to_have_count(1)
    after = {r["order"]["id"]: r["order"] for r in _board(page, app_server)["orders"]}
    assert all(after[i]["status"] == "ready" and not after[i]["technician_id"] for i in unstarted)

    page.get_by_role("button", name="Technicians").click()
    row.get_by_role("button", name="Back on the plan").click()
    expect(team.get_by_role("status")).to_contain_text(f"{tech['name']} is back on the plan")
    expect(page.locator("#team-open")).not_to_contain_text("away")
    kept = f"{under_way} stop{'s' if under_way > 1 else ''}, {under_way} under way"
    expect(row).to_contain_text(kept if under_way else "no stops")  # work under way stays
    team.get_by_role("button", name="Close").click()
    expect(row_on_timeline).to_have_count(1)
    expect(row_on_timeline.locator(".away-tag")).to_have_count(0)


def test_dismissing_the_question_keeps_the_technician(page: Page, app_server: str) -> None:
    tech, unstarted = _with_unstarted_work(_board(page, app_server))
    sign_in(page, app_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    page.get_by_role("button", name="Technicians").click()
    row = page.get_by_role("dialog", name="Team").locator("tr", has_text=tech["name"])
    page.once("dialog", lambda d: d.dismiss())
    row.get_by_role("button", name="Mark away").click()
    expect(row.get_by_role("button", name="Mark away")).to_be_visible()
    after = {r["order"]["id"]: r["order"] for r in _board(page, app_server)["orders"]}
    assert all(after[i]["status"] == "assigned" for i in unstarted)


def test_no_one_comes_back_whose_login_is_closed(page: Page, app_server: str) -> None:
    """The dispatcher is told why, in the list itself."""
    tech, _ = _with_unstarted_work(_board(page, app_server))
    admin = bearer(page, app_server, "admin")
    url = f"{app_server}/api/v1/users/{tech['user_id']}/active"
    assert page.request.put(url, data={"active": False}, headers=admin).status == 200
    sign_in(page, app_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    page.get_by_role("button", name="Technicians").click()
    team = page.get_by_role("dialog", name="Team")
    row = team.locator("tr", has_text=tech["name"])
    row.get_by_role("button", name="Back on the plan").click()
    expect(team.get_by_role("status")).to_contain_text("Reactivate their account first")
    expect(row.locator(".badge")).to_have_text("away")
    screenshot(page, "dispatch-team-refused")
    assert page.request.put(url, data={"active": True}, headers=admin).status == 200
