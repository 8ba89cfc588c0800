"""The dispatcher console in real Chromium: map, optimise, review, commit, move by hand."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import APIRequestContext, Page, expect

from server.orders.kinds import LEAK_KINDS
from tests.browser.conftest import screenshot, sign_in
from tests.browser.techapp import install_after_its_appointment

pytestmark = pytest.mark.browser
DISPATCH = "/api/v1/dispatch"


def _headers(
    request: APIRequestContext, live_server: str, username: str = "dispatcher"
) -> dict[str, str]:
    response = request.post(
        live_server + "/api/v1/auth/login",
        data={"username": username, "password": "demo1234"},
    )
    assert response.status == 200
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _get(page: Page, url: str, headers: dict[str, str]) -> Any:
    response = page.request.get(url, headers=headers)
    assert response.status == 200, response.text()
    return response.json()


def _deadline_text(order: dict[str, Any], board: dict[str, Any]) -> str:
    """The SLA line's deadline: the time alone today, with its date on another day."""
    respond = order.get("respond_by") and order["status"] in ("ready", "assigned")
    what, at = ("respond by", order["respond_by"]) if respond else ("due", order["due_at"])
    zone = ZoneInfo("Asia/Shanghai")
    when = datetime.fromisoformat(at).astimezone(zone)
    today = datetime.fromisoformat(board["now"]).astimezone(zone).date()
    shown = when.strftime("%H:%M" if when.date() == today else "%Y-%m-%d %H:%M")
    return f"{what} {shown}"


def _movable(board: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An assigned, unlocked order and another on-shift technician with its skill."""
    now = datetime.fromisoformat(board["now"]).astimezone(ZoneInfo("Asia/Shanghai"))
    on_shift = [
        t["technician"]
        for t in board["technicians"]
        if t["technician"]["active"] and t["technician"]["shift_end"] > now.strftime("%H:%M:%S")
    ]
    shown = {i for t in board["technicians"] for i in t["sequence"]}  # the day's routes
    for row in board["orders"]:
        order = row["order"]
        if order["id"] not in shown or order["status"] != "assigned" or order["locked"]:
            continue
        if order.get("appointment_start"):
            continue
        for tech in on_shift:
            if tech["id"] != order["technician_id"] and order["skill"] in tech["skills"]:
                return order, tech
    raise AssertionError("the demo day has no order that can be moved")


def _day_with_time_left(page: Page, live_server: str, headers: dict[str, str]) -> str:
    """Today, or late in the evening (too little of today left to plan) tomorrow, shown."""
    board = _get(page, live_server + f"{DISPATCH}/board", headers)
    now = datetime.fromisoformat(board["now"]).astimezone(ZoneInfo("Asia/Shanghai"))
    if now.hour < 21:
        return str(board["today"])
    page.get_by_role("button", name="Next day").click()
    tomorrow = (date.fromisoformat(board["today"]) + timedelta(days=1)).isoformat()
    expect(page.locator("#board-day")).to_have_value(tomorrow)
    return tomorrow


def _all_day_shifts(page: Page, live_server: str, headers: dict[str, str]) -> None:
    """Whatever the hour CI runs at, give every technician a shift that is still on."""
    for tech in _get(page, live_server + "/api/v1/technicians", headers):
        response = page.request.patch(
            live_server + f"/api/v1/technicians/{tech['id']}",
            data={"shift_start": "00:00:00", "shift_end": "23:59:00"},
            headers=headers,
        )
        assert response.status == 200, response.text()


def _clipped_labels(page: Page) -> list[str]:
    """Labels shown in a timeline block that run past its edge (a short block shows none)."""
    return list(
        page.locator(".tl-track .stop b, .tl-track .stop small").evaluate_all(
            """labels => labels.filter((label) => {
                if (!label.getClientRects().length) return false;  // not shown
                const block = label.parentElement.getBoundingClientRect();
                const text = document.createRange();
                text.selectNodeContents(label);
                return text.getBoundingClientRect().right > block.right - 1;
            }).map((label) => label.textContent)"""
        )
    )


def _unlabelled_blocks(page: Page, wide: float = 24) -> list[str]:
    """Timeline blocks at least ``wide`` px wide that show no order number."""
    return list(
        page.locator(".tl-track .stop").evaluate_all(
            """(blocks, wide) => blocks.filter((block) =>
                block.getBoundingClientRect().width >= wide
                && !block.querySelector("b").getClientRects().length
            ).map((block) => block.dataset.orderId)""",
            wide,
        )
    )


def _touching_hours(page: Page) -> list[str]:
    """Hour labels of the timeline's axis that touch or overlap the next one."""
    return list(
        page.locator(".tl-axis .tl-track span").evaluate_all(
            """labels => labels.slice(1).filter((label, i) =>
                labels[i].getBoundingClientRect().right + 4 > label.getBoundingClientRect().left
            ).map((label) => label.textContent)"""
        )
    )


def test_short_jobs_keep_their_number_on_a_narrow_screen(page: Page, live_server: str) -> None:
    """At 1024 px a 30-minute job is about 25 px wide: it shows its number, smaller."""
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in(page, live_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    expect(page.locator(".tl-track .stop").first).to_be_attached()
    assert _unlabelled_blocks(page) == []
    assert _clipped_labels(page) == [], "timeline labels cut off at their block's edge"
    assert _touching_hours(page) == []
    lateness = page.evaluate(
        """async () => {
            const { lateLabel } = await import("/static/dispatch/timeline.js");
            return [45, 99, 151, 600].map(lateLabel);
        }"""
    )
    assert lateness == ["+45m", "+99m", "+3h", "+10h"]  # no longer than a start time, "09:05"
    legend = page.locator(".map-legend")
    expect(legend.get_by_text("Due today")).to_be_hidden()  # folded on a short map
    legend.get_by_text("Legend").click()
    expect(legend.get_by_text("Due today")).to_be_visible()
    page.set_viewport_size({"width": 1440, "height": 900})  # wider: the labels follow
    expect(page.locator(".tl-axis .tl-track span").first).to_be_attached()
    page.wait_for_function("document.querySelector('.tl-axis').clientWidth > 900")
    assert _touching_hours(page) == []
    screenshot(page, "dispatch-console-1024")


def test_dispatcher_optimises_commits_and_moves_an_order(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    headers = _headers(page.request, live_server)
    _all_day_shifts(page, live_server, headers)
    sign_in(page, live_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)

    expect(page.locator(".order-marker").first).to_be_attached()
    assert page.locator(".order-marker").count() > 0
    assert page.locator(".tech-marker").count() > 0
    assert page.locator(".route-line").count() > 0
    assert page.locator(".tl-row[data-tech-id]").count() > 0
    expect(page.locator("#unassigned-list .un-item").first).to_be_visible()
    expect(page.locator("#unassigned-list .sla").first).to_have_text(re.compile(r"\d+[dhm]"))
    assert _clipped_labels(page) == [], "timeline labels cut off at their block's edge"
    expect(page.locator(".map-legend").get_by_text("Due today")).to_be_visible()
    screenshot(page, "dispatch-console")
    day = _day_with_time_left(page, live_server, headers)

    page.locator("#time-limit").fill("3")
    page.locator("#lateness-weight").select_option(label="Balanced")
    toolbar = page.locator(".toolbar").bounding_box()
    page.get_by_role("button", name="Optimise").click()
    expect(page.locator("#plan-progress")).to_be_visible()
    expect(page.locator("#plan-status")).to_be_hidden()  # not "No plan yet" beside it
    expect(page.locator("#time-limit")).to_be_hidden()
    assert page.locator(".toolbar").bounding_box() == toolbar  # the map does not move down
    review = page.locator("#review")
    expect(review).to_be_visible(timeout=30_000)
    expect(page.locator("#time-limit")).to_be_visible()
    expect(review.get_by_role("heading", name="Proposed plan")).to_be_visible()
    expect(review.locator(".review-head")).to_contain_text("balanced")
    expect(review.locator(".figures")).to_contain_text("Travel (min)")
    expect(review.locator(".figures")).to_contain_text("Late stops on a route")
    newest = _get(page, live_server + f"{DISPATCH}/plans?date={day}", headers)[0]["id"]
    proposed = _get(page, live_server + f"{DISPATCH}/plans/{newest}", headers)["objective"]
    assert proposed["leak_repairs"] > 0  # the demo day has leak repairs to plan
    on_time = page.locator("#review .figures tr", has_text="Leak repairs on time")
    current = on_time.locator("td").nth(1)
    # Today the demo's routes hold leak repairs; tomorrow's (planned late in the evening)
    # may hold none, and then there is no rate to show.
    board = _get(page, live_server + f"{DISPATCH}/board?date={day}", headers)
    routed = {i for t in board["technicians"] for i in t["sequence"]}
    routed_leaks = [
        r["order"]
        for r in board["orders"]
        if r["order"]["id"] in routed and r["order"]["kind"] in LEAK_KINDS and r["order"]["due_at"]
    ]
    expect(current).to_have_text(re.compile(r"^\d+\.\d %") if routed_leaks else "—")
    expect(on_time.locator("td").nth(2)).to_have_text(_rate_text(proposed))
    assert page.locator(".proposed-line").count() > 0
    screenshot(page, "dispatch-review")

    review.get_by_role("button", name="Commit plan").click()
    expect(page.locator("#toast")).to_contain_text("committed", timeout=20_000)
    expect(review).to_be_hidden(timeout=20_000)  # a commit of the demo day, on a busy machine
    board = _get(page, live_server + f"{DISPATCH}/board?date={day}", headers)
    plans = _get(page, live_server + f"{DISPATCH}/plans?date={day}", headers)
    assert plans[0]["status"] == "done"
    assert (
        _get(page, live_server + f"{DISPATCH}/plans/{plans[0]['id']}", headers)["lateness_weight"]
        == 0.25
    )
    assert plans[0]["committed_at"] is not None
    expect(page.locator("#plan-status")).to_contain_text(f"Plan #{plans[0]['id']} committed")

    order, target = _movable(board)
    # Select through the element itself: stops may overlap on a crowded timeline.
    page.locator(f".stop[data-order-id='{order['id']}']").first.dispatch_event("click")
    expect(page.locator("#detail h2")).to_have_text(order["number"])
    expect(page.locator("#detail dd").nth(3)).to_contain_text(_deadline_text(order, board))
    page.locator("#detail select[name=technician]").select_option(str(target["id"]))
    page.locator("#detail").get_by_role("button", name="Move").click()
    expect(page.locator("#toast")).to_contain_text(f"{order['number']} → {target['name']}")
    moved = page.locator(
        f".tl-track[data-tech-id='{target['id']}'] .stop[data-order-id='{order['id']}']"
    )
    expect(moved).to_be_visible()
    screenshot(page, "dispatch-after-move")

    after = _get(page, live_server + f"/api/v1/orders/{order['id']}", headers)
    assert after["technician_id"] == target["id"] != order["technician_id"]
    assert after["version"] > order["version"]
    # a job moved to the end of a day that runs past the shift is flagged, else not
    zone = ZoneInfo("Asia/Shanghai")
    end = datetime.fromisoformat(after["scheduled_end"]).astimezone(zone)
    shift_end = datetime.combine(
        date.fromisoformat(board["date"]), time.fromisoformat(target["shift_end"]), zone
    )
    warning = page.locator("#detail dd", has_text="after the shift ends")
    expect(warning).to_have_count(1 if end > shift_end else 0)


def test_dispatcher_plans_for_the_least_driving_on_target(page: Page, live_server: str) -> None:
    headers = _headers(page.request, live_server)
    _all_day_shifts(page, live_server, headers)
    sign_in(page, live_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    day = _day_with_time_left(page, live_server, headers)
    target = _get(page, live_server + f"{DISPATCH}/config", headers)["timeliness_target"]
    label = f"Least driving, {round(target * 1000) / 10:g} % on time"  # 0.98: "98 %"
    page.locator("#time-limit").fill("2")
    page.locator("#lateness-weight").select_option(label=label)
    page.get_by_role("button", name="Optimise").click()
    review = page.locator("#review")
    expect(review).to_be_visible(timeout=30_000)
    expect(review.locator(".review-head")).to_contain_text(label.lower())
    newest = _get(page, live_server + f"{DISPATCH}/plans?date={day}", headers)[0]["id"]
    plan = _get(page, live_server + f"{DISPATCH}/plans/{newest}", headers)
    assert (plan["on_time_target"], plan["lateness_weight"]) == (target, 1)
    lists = review.locator(".review-lists")
    assert lists.evaluate("el => el.scrollWidth <= el.clientWidth"), (
        "the change lists scroll sideways"
    )
    clipped = lists.locator(".changes td").evaluate_all(
        "cells => cells.filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent)"
    )
    assert clipped == [], "cells cut off at their edge"
    assert lists.locator(".changes.added td, .changes.moved td").count() > 3, "rows to look at"
    screenshot(page, "dispatch-review-on-target")
    review.get_by_role("button", name="Discard").click()
    expect(page.locator("#toast")).to_contain_text("discarded")


def _rate_text(objective: dict[str, Any]) -> str:
    """The review's "leak repairs on time" for a plan: a repair left for tomorrow that will
    be late by then counts as a late one, and the figure says how many it holds."""
    left = objective["leak_repairs_left_late"]
    leaks = objective["leak_repairs"] + left
    share = math.floor((leaks - objective["leak_repairs_late"] - left) / leaks * 1000) / 10
    return f"{share:.1f} %" + (f" incl. {left} left" if left else "")


def _left_late_in_pool(board: dict[str, Any], plan: dict[str, Any]) -> int:
    """Leak repairs now in the pool that the plan's day says will be late if left."""
    late_if_left = set(plan["objective"]["late_if_left"])
    return sum(
        1
        for order in (row["order"] for row in board["orders"])
        if order["status"] == "ready" and not order["technician_id"] and order["id"] in late_if_left
    )


def test_the_review_counts_leak_repairs_left_late_for_tomorrow(
    page: Page, live_server: str
) -> None:
    """A repair no one can reach today, overdue already, is left for tomorrow and will be
    late then: both columns count it as a late repair and say so."""
    page.set_viewport_size({"width": 1440, "height": 900})
    headers = _headers(page.request, live_server)
    _all_day_shifts(page, live_server, headers)
    reported = datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(days=3)
    leak = {
        "kind": "water_leak",
        "pipe_diameter_mm": 100,
        "reported_at": reported.isoformat(),
        "customer": {"name": "Far Away Depot", "grade": "B"},
        "site": {"address": "1 Chang'an Avenue, Beijing", "lat": 39.9042, "lon": 116.4074},
    }
    created = page.request.post(live_server + "/api/v1/orders", data=leak, headers=headers)
    assert created.status == 201, created.text()
    far = created.json()
    try:
        sign_in(page, live_server + "/dispatch/", "dispatcher")
        expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
        day = _day_with_time_left(page, live_server, headers)
        page.locator("#time-limit").fill("2")
        page.get_by_role("button", name="Optimise").click()
        review = page.locator("#review")
        expect(review).to_be_visible(timeout=30_000)
        newest = _get(page, live_server + f"{DISPATCH}/plans?date={day}", headers)[0]["id"]
        plan = _get(page, live_server + f"{DISPATCH}/plans/{newest}", headers)
        assert far["id"] in {u["order_id"] for u in plan["unassigned"]}
        assert plan["objective"]["leak_repairs_left_late"] >= 1  # the far repair at least
        assert far["id"] in plan["objective"]["late_if_left"]
        on_time = review.locator(".figures tr", has_text="Leak repairs on time")
        expect(on_time.locator("td").nth(2)).to_have_text(_rate_text(plan["objective"]))
        board = _get(page, live_server + f"{DISPATCH}/board?date={day}", headers)
        pooled = _left_late_in_pool(board, plan)
        assert pooled >= 1  # the far repair, in the pool now
        expect(on_time.locator("td").nth(1)).to_have_text(
            re.compile(rf"^\d+\.\d % incl\. {pooled} left$")
        )
        expect(review.locator(".left-late").first).to_have_attribute(
            "title", re.compile("counted as late")
        )
        screenshot(page, "dispatch-review-left-late")
        review.get_by_role("button", name="Discard").click()
        expect(page.locator("#toast")).to_contain_text("discarded")
    finally:  # the demo is shared with later tests: the far repair goes
        cancel = {"to": "cancelled", "version": far["version"]}
        url = live_server + f"/api/v1/orders/{far['id']}/transitions"
        assert page.request.post(url, data=cancel, headers=headers).status == 200


def test_a_job_moved_past_its_appointment_is_flagged(page: Page, live_server: str) -> None:
    """The office gives a job a technician who cannot reach it before its appointment
    closes: the order's panel shows the appointment and says so."""
    page.set_viewport_size({"width": 1440, "height": 900})
    order, _ = install_after_its_appointment(live_server)
    headers = _headers(page.request, live_server)
    try:
        tomorrow = order["work_date"]
        sign_in(page, live_server + f"/dispatch/?date={tomorrow}", "dispatcher")
        expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
        expect(page.locator("#board-day")).to_have_value(tomorrow)
        page.locator(f".stop[data-order-id='{order['id']}']").first.dispatch_event("click")
        expect(page.locator("#detail h2")).to_have_text(order["number"])
        appointment = page.locator("#detail dt", has_text="Appointment").locator("+ dd")
        expect(appointment).to_contain_text("planned after it: call the customer")
        screenshot(page, "dispatch-outside-appointment")
    finally:  # the demo is shared with later tests: the install goes
        current = _get(page, live_server + f"/api/v1/orders/{order['id']}", headers)
        cancel = {"to": "cancelled", "version": current["version"]}
        url = live_server + f"/api/v1/orders/{order['id']}/transitions"
        assert page.request.post(url, data=cancel, headers=headers).status == 200


def test_a_wrong_skill_is_refused_with_the_api_message(page: Page, live_server: str) -> None:
    headers = _headers(page.request, live_server)
    board = _get(page, live_server + f"{DISPATCH}/board", headers)
    order, unskilled = next(
        (r["order"], t["technician"])
        for r in board["orders"]
        for t in board["technicians"]
        if r["order"]["status"] == "ready" and r["order"]["skill"] not in t["technician"]["skills"]
    )
    sign_in(page, live_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    page.locator(f"#unassigned-list [data-order-id='{order['id']}']").click()
    positions = page.locator("#detail select[name=position]")
    expect(positions).to_be_disabled()
    expect(positions).to_have_text("Choose a technician first")
    page.locator("#detail select[name=technician]").select_option(str(unskilled["id"]))
    expect(positions).to_be_enabled()
    page.locator("#detail").get_by_role("button", name="Assign").click()
    expect(page.locator("#detail .error")).to_contain_text("The technician lacks the skill.")
    expect(page.locator("#detail .error")).to_contain_text(f"Has no {order['skill']} skill.")
    still = _get(page, live_server + f"/api/v1/orders/{order['id']}", headers)
    assert still["technician_id"] is None


def test_an_error_about_a_day_goes_when_the_day_changes(page: Page, live_server: str) -> None:
    """Optimising yesterday is refused with an error toast; going to another day clears
    it at once rather than leaving it over the new day for its seven seconds."""
    sign_in(page, live_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    page.get_by_role("button", name="Previous day").click()
    page.get_by_role("button", name="Optimise").click()
    toast = page.locator("#toast.error")
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("date: Must be today")
    page.get_by_role("button", name="Next day").click()
    expect(toast).to_be_hidden(timeout=1_000)  # not the error's own seven seconds


def test_other_roles_are_refused(page: Page, live_server: str) -> None:
    sign_in(page, live_server + "/dispatch/", "agent")
    expect(page.get_by_role("alert")).to_have_text("The agent role cannot use this page.")
    expect(page.locator("#map")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('fieldops.token')") is None


def _sequences(page: Page, live_server: str, headers: dict[str, str], day: str) -> Any:
    board = _get(page, live_server + f"{DISPATCH}/board?date={day}", headers)
    return {t["technician"]["id"]: t["sequence"] for t in board["technicians"]}


def test_dispatcher_plans_tomorrow_from_the_day_navigator(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    headers = _headers(page.request, live_server)
    today = _get(page, live_server + f"{DISPATCH}/board", headers)["today"]
    tomorrow = (date.fromisoformat(today) + timedelta(days=1)).isoformat()
    sign_in(page, live_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    expect(page.locator("#board-day")).to_have_value(today)
    expect(page.locator("#day-today")).to_be_hidden()
    todays = _sequences(page, live_server, headers, today)
    stops = page.locator(".tl-track .stop:not(.s-completed)")
    expect(stops).to_have_count(sum(len(s) for s in todays.values()))
    assert stops.count() > 0

    page.get_by_role("button", name="Next day").click()
    expect(page.locator("#board-day")).to_have_value(tomorrow)
    expect(page.locator("#day-today")).to_be_visible()
    # Today's work is not tomorrow's (an earlier test may have planned tomorrow already).
    tomorrows = _sequences(page, live_server, headers, tomorrow)
    expect(page.locator(".tl-track .stop")).to_have_count(sum(map(len, tomorrows.values())))
    for order_id in (i for ids in todays.values() for i in ids):
        expect(page.locator(f".tl-track .stop[data-order-id='{order_id}']")).to_have_count(0)
    # On the map, today's work is there but faded: it is not on tomorrow's routes.
    elsewhere = {i for ids in todays.values() for i in ids} - {
        i for ids in tomorrows.values() for i in ids
    }
    assert elsewhere  # today has work (checked above), none of it tomorrow's
    expect(page.locator(".order-marker.other-day")).to_have_count(len(elsewhere))
    screenshot(page, "dispatch-tomorrow-map")
    assert f"date={tomorrow}" in page.url
    page.reload()
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    expect(page.locator("#board-day")).to_have_value(tomorrow)

    page.locator("#time-limit").fill("2")
    page.get_by_role("button", name="Optimise").click()
    expect(page.locator("#review")).to_be_visible(timeout=30_000)
    assert page.locator(".proposed-line").count() > 0
    screenshot(page, "dispatch-tomorrow-review")
    plans = _get(page, live_server + f"{DISPATCH}/plans?date={tomorrow}", headers)
    plan = _get(page, live_server + f"{DISPATCH}/plans/{plans[0]['id']}", headers)
    assert (plan["status"], plan["date"]) == ("done", tomorrow)
    assert sum(len(route["stops"]) for route in plan["routes"]) > 0
    board = _get(page, live_server + f"{DISPATCH}/board?date={tomorrow}", headers)
    status = {r["order"]["id"]: r["order"] for r in board["orders"]}
    pool = {i for i, o in status.items() if o["status"] == "ready"}
    planned = {s["order_id"] for route in plan["routes"] for s in route["stops"]}
    released = [
        u["order_id"]
        for u in plan["unassigned"]
        if status[u["order_id"]]["status"] == "assigned" and not status[u["order_id"]]["locked"]
    ]
    after = len(pool - planned) + len(released)
    pool_row = page.locator("#review .figures tr", has_text="Unassigned (in the pool)")
    expect(pool_row.locator("td.num")).to_have_text([str(len(pool)), str(after)])
    # the pool orders the plan does not cover are counted, so the two figures add up
    elsewhere = len(pool - planned - {u["order_id"] for u in plan["unassigned"]})
    assert elsewhere > 0  # the demo's grade-1 leaks and appointments of other days
    expect(page.locator("#review .summary")).to_contain_text(
        f"{len(plan['unassigned'])} left unassigned · {elsewhere} in the pool for another day"
    )

    page.get_by_role("button", name="Today").click()
    expect(page.locator("#board-day")).to_have_value(today)
    expect(page.locator("#day-today")).to_be_hidden()
    expect(page.locator("#review")).to_be_hidden()  # tomorrow's review stays with tomorrow

    page.get_by_role("button", name="Previous day").click()
    expect(page.locator("#day-today")).to_be_visible()
    page.get_by_role("button", name="Optimise").click()
    expect(page.locator("#toast")).to_contain_text(f"date: Must be today ({today}) or later")
    page.get_by_role("button", name="Next day").click()
    page.get_by_role("button", name="Next day").click()  # before the first answer arrives
    expect(page.locator("#board-day")).to_have_value(tomorrow)
    expect(page.locator("#plan-status")).to_contain_text(f"Plan #{plan['id']} is ready")
    screenshot(page, "dispatch-day-navigator")
    page.locator("#plan-status").get_by_role("button", name="Review").click()
    page.get_by_role("button", name="Commit plan").click()
    expect(page.locator("#toast")).to_contain_text(f"Plan #{plan['id']} committed")
    planned = sum(len(route["stops"]) for route in plan["routes"])
    expect(page.locator(".tl-track .stop")).to_have_count(planned)
    assert _sequences(page, live_server, headers, today) == todays  # today's work stays today's

    leak = {
        "kind": "gas_leak",
        "leak_grade": 1,
        "customer": {"name": "Wulin Square Mall", "grade": "A"},
        "site": {"address": "1 Wulin Square, Hangzhou", "lat": 30.2760, "lon": 120.1640},
    }
    agent = _headers(page.request, live_server, "agent")
    created = page.request.post(live_server + "/api/v1/orders", data=leak, headers=agent)
    assert created.status == 201, created.text()
    number = created.json()["number"]
    alert = page.locator("#emergency-today")
    expect(alert).to_have_text(f"Emergency today: {number}", timeout=15_000)
    screenshot(page, "dispatch-emergency-banner")
    alert.click()
    expect(page.locator("#board-day")).to_have_value(today)
    expect(alert).to_be_hidden()
    # Still running: it opens for review when done; done already: it is offered.
    review = page.locator("#review")
    offered = page.locator(f"#plan-status:has-text('Re-plan for {number} is ready') button")
    either = page.locator("#review:not([hidden])").or_(offered)
    expect(either).to_be_visible(timeout=30_000)
    if offered.is_visible():
        offered.click()
    expect(review.locator(".review-head")).to_contain_text(f"emergency {number}")
    review.get_by_role("button", name="Discard").click()
    expect(page.locator("#toast")).to_contain_text("discarded")
    expect(review).to_be_hidden()
    emergency = _get(page, live_server + f"{DISPATCH}/plans?date={today}", headers)[0]
    assert (emergency["trigger"], emergency["status"]) == (f"emergency {number}", "discarded")
    page.get_by_role("button", name="Next day").click()
    expect(page.locator("#board-day")).to_have_value(tomorrow)
    page.reload()  # a fresh console: discarded on the server, it is not offered again
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    expect(page.locator("#board-day")).to_have_value(tomorrow)
    expect(alert).to_be_hidden()


def _waiting(board: dict[str, Any], status: str) -> dict[str, Any]:
    return next(r["order"] for r in board["orders"] if r["order"]["status"] == status)


def _status_of(page: Page, live_server: str, headers: dict[str, str], order_id: int) -> str:
    return str(_get(page, live_server + f"/api/v1/orders/{order_id}", headers)["status"])


def test_the_dispatcher_decides_on_held_and_new_orders(page: Page, live_server: str) -> None:
    """A job a technician put on hold, and a GPS order awaiting approval, wait in their own
    list with why they wait; the dispatcher sends the held job back to the pool, approves
    the new one and cancels another with a reason."""
    page.set_viewport_size({"width": 1440, "height": 900})
    headers = _headers(page.request, live_server)
    board = _get(page, live_server + f"{DISPATCH}/board", headers)
    held = _waiting(board, "en_route")
    url = live_server + f"/api/v1/orders/{held['id']}/transitions"
    hold = {"to": "on_hold", "version": held["version"], "notes": "Awaiting parts: DN100 valve"}
    assert page.request.post(url, data=hold, headers=headers).status == 200
    approved, cancelled = [r["order"] for r in board["orders"] if r["order"]["status"] == "new"][:2]
    sign_in(page, live_server + "/dispatch/", "dispatcher")
    expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=15_000)
    pending = page.locator("#pending-list")
    item = pending.locator(f"[data-order-id='{held['id']}']")
    expect(item).to_contain_text("On hold (")
    expect(item).to_contain_text("Awaiting parts: DN100 valve")
    expect(pending.locator(f"[data-order-id='{approved['id']}']")).to_contain_text(
        "Awaiting approval"
    )
    reasons = page.locator("#unassigned-list .reason").all_inner_texts()
    assert not [r for r in reasons if r.strip().isdigit()], reasons  # not the list's index
    screenshot(page, "dispatch-awaiting-decision")
    item.click()
    page.locator("#detail").get_by_role("button", name="Back to the pool").click()
    expect(page.locator(f"#unassigned-list [data-order-id='{held['id']}']")).to_be_visible()
    assert _status_of(page, live_server, headers, held["id"]) == "ready"
    pending.locator(f"[data-order-id='{approved['id']}']").click()
    page.locator("#detail").get_by_role("button", name="Approve").click()
    expect(page.locator(f"#unassigned-list [data-order-id='{approved['id']}']")).to_be_visible()
    assert _status_of(page, live_server, headers, approved["id"]) == "ready"
    pending.locator(f"[data-order-id='{cancelled['id']}']").click()
    page.locator("#detail").get_by_role("button", name="Cancel order…").click()
    page.locator("#detail").get_by_role("button", name="Cancel the order").click()
    expect(page.locator("#detail .error")).to_have_text("Give the reason for cancelling the order.")
    assert _status_of(page, live_server, headers, cancelled["id"]) == "new"
    page.get_by_label("Why it is cancelled").fill("Customer sold the vehicle")
    screenshot(page, "dispatch-cancel-an-order")
    page.locator("#detail").get_by_role("button", name="Cancel the order").click()
    expect(pending.locator(f"[data-order-id='{cancelled['id']}']")).to_have_count(0)
    assert _status_of(page, live_server, headers, cancelled["id"]) == "cancelled"


def test_a_stop_late_by_seconds_counts_as_late(page: Page, live_server: str) -> None:
    """The console counts late stops as the plan does: any second past the deadline."""
    page.goto(live_server + "/api/v1/auth/settings")  # a page of the origin, no login gate
    minutes = page.evaluate(
        """async () => {
            const { lateness } = await import("/static/dispatch/timeline.js");
            const order = (end) => ({status: "assigned", scheduled_start: "2026-12-08T01:00:00Z",
                                     scheduled_end: end, due_at: "2026-12-08T02:00:00Z"});
            return ["2026-12-08T02:00:00Z", "2026-12-08T02:00:20Z", "2026-12-08T02:10:00Z"]
                .map((end) => lateness(order(end)));
        }"""
    )
    assert minutes == [0, 1, 10]
