"""Plans as jobs: optimise, poll, commit; refusals; failures and retries."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

import pytest
from flask.testing import FlaskClient

from server.dispatch import jobs
from server.dispatch.models import DispatchPlan
from server.extensions import db
from server.orders.models import WorkOrder
from server.timeutil import at_local, local_date, utcnow
from tests.dispatch.conftest import assign, order_of, pin_clock, plan_day, wait_for_plan
from tests.factories import make_customer, make_order, make_user


def _start(client: FlaskClient, headers: dict[str, str], seconds: float = 1.0) -> int:
    response = client.post(
        "/api/v1/dispatch/plans",
        json={"date": plan_day(), "time_limit_s": seconds},
        headers=headers,
    )
    assert response.status_code == 202, response.json
    assert response.json["status"] == "queued"
    return int(response.json["id"])


def test_optimise_and_commit(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    plan = wait_for_plan(client, dispatcher, _start(client, dispatcher))
    assert plan["status"] == "done", plan["error"]
    assert plan["progress"] == 1.0
    planned = {s["order_id"]: r["technician_id"] for r in plan["routes"] for s in r["stops"]}
    assert set(planned) == set(day["orders"])
    for order_id, technician_id in planned.items():
        skill = "water" if day["orders"].index(order_id) < 3 else "gas"
        assert technician_id == day["technicians"][skill]
    committed = client.post(f"/api/v1/dispatch/plans/{plan['id']}/commit", headers=dispatcher)
    assert committed.status_code == 200, committed.json
    assert committed.json["committed_at"]
    order = client.get(f"/api/v1/orders/{day['orders'][0]}", headers=dispatcher).json
    assert order["status"] == "assigned"
    assert order["technician_id"] == day["technicians"]["water"]
    assert order["scheduled_start"] is not None
    assert order["events"][-1]["to"] == "assigned"


def test_a_plan_counts_its_late_leak_repairs(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    """The review's timeliness figure: leak repairs served and late; other kinds not."""
    overdue = at_local(local_date(utcnow()), clock(0, 30))  # past before the day planned
    customer = make_customer(sites=[{"address": "8 Late Road", "lat": 30.27, "lon": 120.16}])
    late_leak = make_order("water_leak", customer=customer)
    late_gps = make_order("gps_repair", customer=customer)
    for order in (late_leak, late_gps):
        order.due_at = overdue
    db.session.commit()
    body = {"to": "ready", "version": late_gps.version}  # GPS repairs wait for approval
    approved = client.post(
        f"/api/v1/orders/{late_gps.id}/transitions", json=body, headers=dispatcher
    )
    assert approved.status_code == 200, approved.json
    plan = wait_for_plan(client, dispatcher, _start(client, dispatcher))
    assert plan["status"] == "done", plan["error"]
    ends = {
        s["order_id"]: datetime.fromisoformat(s["end"]) for r in plan["routes"] for s in r["stops"]
    }
    leaks = [*day["orders"], late_leak.id]  # the day's orders are all leaks
    assert set(leaks) | {late_gps.id} <= set(ends)
    due = {i: datetime.fromisoformat(order_of(client, dispatcher, i)["due_at"]) for i in leaks}
    late = [i for i in leaks if ends[i] > due[i]]  # a repair ends after its deadline
    assert late_leak.id in late
    assert plan["objective"]["leak_repairs"] == len(leaks)  # the late GPS repair is not one
    assert plan["objective"]["leak_repairs_late"] == len(late)


def test_a_plan_counts_the_leak_repairs_it_leaves_late_for_tomorrow(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    """A repair no one can reach is left for the next working day; if it will be late by
    then, the review counts it, so leaving it out does not make the plan look punctual."""
    planned = date.fromisoformat(plan_day())
    far = [{"address": "1 Far Road, Beijing", "lat": 39.90, "lon": 116.40}]  # a day's drive
    due = {
        "tonight": at_local(planned, clock(22, 0)),
        "next_week": at_local(planned + timedelta(days=7), clock(22, 0)),
    }
    left = {}
    for name, due_at in due.items():
        left[name] = make_order("water_leak", customer=make_customer(sites=far))
        left[name].due_at = due_at
    db.session.commit()
    plan = wait_for_plan(client, dispatcher, _start(client, dispatcher))
    assert plan["status"] == "done", plan["error"]
    assert {u["order_id"] for u in plan["unassigned"]} == {o.id for o in left.values()}
    objective = plan["objective"]
    assert objective["leak_repairs"] == len(day["orders"])  # the served ones only
    assert objective["leak_repairs_left_late"] == 1  # tonight's, not next week's
    # The day's repairs that would be late if left, served or not: the console counts
    # those the pool holds when the plan is reviewed.
    assert left["tonight"].id in objective["late_if_left"]
    assert left["next_week"].id not in objective["late_if_left"]
    # The technicians' shifts start at midnight: the next working day begins then.
    assert datetime.fromisoformat(objective["next_start"]) == at_local(
        planned + timedelta(days=1), clock(0, 0)
    )


def test_second_commit_is_refused(client: FlaskClient, dispatcher: dict[str, str]) -> None:
    plan_id = wait_for_plan(client, dispatcher, _start(client, dispatcher))["id"]
    assert (
        client.post(f"/api/v1/dispatch/plans/{plan_id}/commit", headers=dispatcher).status_code
        == 200
    )
    again = client.post(f"/api/v1/dispatch/plans/{plan_id}/commit", headers=dispatcher)
    assert again.status_code == 409
    assert again.json["error"]["code"] == "plan_committed"


def test_a_past_day_cannot_be_planned(client: FlaskClient, dispatcher: dict[str, str]) -> None:
    yesterday = local_date(utcnow()) - timedelta(days=1)
    response = client.post(
        "/api/v1/dispatch/plans", json={"date": yesterday.isoformat()}, headers=dispatcher
    )
    assert response.status_code == 422
    assert list(response.json["error"]["details"]) == ["date"]
    assert "today" in response.json["error"]["details"]["date"][0]
    assert db.session.query(DispatchPlan).count() == 0


def test_a_plan_whose_day_is_over_is_not_committed(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    plan_id = wait_for_plan(client, dispatcher, _start(client, dispatcher))["id"]
    db.session.remove()
    plan = db.session.get(DispatchPlan, plan_id)
    assert plan is not None
    plan.plan_date = local_date(utcnow()) - timedelta(days=1)
    db.session.commit()
    refused = client.post(f"/api/v1/dispatch/plans/{plan_id}/commit", headers=dispatcher)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "plan_past"
    order = client.get(f"/api/v1/orders/{day['orders'][0]}", headers=dispatcher).json
    assert order["status"] == "ready"


def test_stale_plan_is_refused(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    plan_id = wait_for_plan(client, dispatcher, _start(client, dispatcher))["id"]
    order = client.get(f"/api/v1/orders/{day['orders'][0]}", headers=dispatcher).json
    moved = client.post(
        f"/api/v1/orders/{order['id']}/transitions",
        json={"to": "cancelled", "version": order["version"], "notes": "customer fixed it"},
        headers=dispatcher,
    )
    assert moved.status_code == 200
    stale = client.post(f"/api/v1/dispatch/plans/{plan_id}/commit", headers=dispatcher)
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "stale_plan"
    assert (
        client.get(f"/api/v1/orders/{day['orders'][1]}", headers=dispatcher).json["status"]
        == "ready"
    )


def test_failed_job_is_reported_and_can_be_retried(
    client: FlaskClient, dispatcher: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: Any, **__: Any) -> None:
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(jobs, "build_day_problem", explode)
    failed = wait_for_plan(client, dispatcher, _start(client, dispatcher))
    assert failed["status"] == "failed"
    assert "solver crashed" in failed["error"]
    refused = client.post(f"/api/v1/dispatch/plans/{failed['id']}/commit", headers=dispatcher)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "plan_not_done"
    monkeypatch.undo()
    retried = client.post(f"/api/v1/dispatch/plans/{failed['id']}/retry", headers=dispatcher)
    assert retried.status_code == 202
    assert wait_for_plan(client, dispatcher, retried.json["id"])["status"] == "done"


def test_dead_worker_marks_the_plan_failed(client: FlaskClient, dispatcher: dict[str, str]) -> None:
    plan = DispatchPlan(plan_date=local_date(utcnow()), time_limit_s=5, status="running")
    plan.started_at = plan.heartbeat_at = utcnow() - timedelta(minutes=5)
    db.session.add(plan)
    db.session.commit()
    polled = client.get(f"/api/v1/dispatch/plans/{plan.id}", headers=dispatcher).json
    assert polled["status"] == "failed"
    assert "worker stopped" in polled["error"]
    retried = client.post(f"/api/v1/dispatch/plans/{plan.id}/retry", headers=dispatcher)
    assert retried.status_code == 202
    assert wait_for_plan(client, dispatcher, retried.json["id"])["status"] == "done"


def test_a_plan_compiling_its_search_is_not_taken_for_dead(
    client: FlaskClient, dispatcher: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kernel's first compile takes about a minute: the worker beats through it."""
    compiled = jobs.routing.warm_up
    monkeypatch.setattr(jobs.routing, "warm_up", lambda: (time.sleep(3.5), compiled()))
    is_dead = jobs.is_dead
    monkeypatch.setattr(jobs, "is_dead", lambda plan: is_dead(plan, grace=timedelta(seconds=2.5)))
    plan_id = _start(client, dispatcher)
    time.sleep(3)
    polled = client.get(f"/api/v1/dispatch/plans/{plan_id}", headers=dispatcher).json
    assert polled["status"] == "running"
    assert polled["progress"] == 0
    done = wait_for_plan(client, dispatcher, plan_id)
    assert (done["status"], done["error"]) == ("done", "")


def test_other_roles_are_refused(client: FlaskClient, login: Any, day: dict[str, Any]) -> None:
    make_user("agent", "agent1")
    response = client.post(
        "/api/v1/dispatch/plans", json={"date": "2026-11-25"}, headers=login("agent1")
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_board_shows_orders_and_technicians(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    board = client.get("/api/v1/dispatch/board", headers=dispatcher).json
    ids = {row["order"]["id"] for row in board["orders"]}
    assert set(day["orders"]) <= ids
    assert {row["urgency"] for row in board["orders"]} <= {"overdue", "due_2h", "today", "later"}
    assert {t["technician"]["id"] for t in board["technicians"]} == set(day["technicians"].values())
    assert all(t["position"]["source"] == "home" for t in board["technicians"])


def test_the_board_says_why_an_order_is_on_hold(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    order_id = day["orders"][0]
    assign(client, dispatcher, order_id, day["technicians"]["water"])
    for to, notes in (("en_route", ""), ("on_hold", "No access: gate locked")):
        version = order_of(client, dispatcher, order_id)["version"]
        moved = client.post(
            f"/api/v1/orders/{order_id}/transitions",
            json={"to": to, "version": version, "notes": notes},
            headers=dispatcher,
        )
        assert moved.status_code == 200, moved.json
    board = client.get("/api/v1/dispatch/board", headers=dispatcher).json
    reasons = {row["order"]["id"]: row["hold_reason"] for row in board["orders"]}
    assert reasons[order_id] == "No access: gate locked"
    assert {reasons[other] for other in day["orders"][1:]} == {None}


def test_emergency_triggers_a_replan(
    app: Any,
    client: FlaskClient,
    dispatcher: dict[str, str],
    login: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pin_clock(monkeypatch, 10)  # the re-plan is of today: leave it a day to plan
    app.config["DISPATCH_AUTO_REPLAN"] = True
    make_user("agent", "agent2")
    body = {
        "kind": "gas_leak",
        "leak_grade": 1,
        "customer": {"name": "Wulin Square Mall", "grade": "A"},
        "site": {"address": "1 Wulin Square, Hangzhou", "lat": 30.2760, "lon": 120.1640},
    }
    created = client.post("/api/v1/orders", json=body, headers=login("agent2"))
    assert created.status_code == 201
    plans = client.get(
        f"/api/v1/dispatch/plans?date={local_date(utcnow())}", headers=dispatcher
    ).json
    assert plans[0]["trigger"] == f"emergency {created.json['number']}"
    done = wait_for_plan(client, dispatcher, plans[0]["id"])
    planned = {s["order_id"] for r in done["routes"] for s in r["stops"]}
    assert created.json["id"] in planned
    assert db.session.query(WorkOrder).count() == 6


def test_commit_releases_orders_the_plan_leaves_out(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    gas_order, gas = day["orders"][3], day["technicians"]["gas"]
    version = client.get(f"/api/v1/orders/{gas_order}", headers=dispatcher).json["version"]
    assigned = client.post(  # assigned for the day planned
        f"/api/v1/dispatch/orders/{gas_order}/assign",
        json={"version": version, "technician_id": gas, "date": plan_day()},
        headers=dispatcher,
    )
    assert assigned.status_code == 200, assigned.json
    patched = client.patch(  # the only gas fitter retrains: no one left for the gas job
        f"/api/v1/technicians/{gas}", json={"skills": ["water"]}, headers=dispatcher
    )
    assert patched.status_code == 200
    plan = wait_for_plan(client, dispatcher, _start(client, dispatcher))
    left_out = {row["order_id"]: row["reason"] for row in plan["unassigned"]}
    assert gas_order in left_out
    assert (
        client.post(f"/api/v1/dispatch/plans/{plan['id']}/commit", headers=dispatcher).status_code
        == 200
    )
    order = client.get(f"/api/v1/orders/{gas_order}", headers=dispatcher).json
    assert order["status"] == "ready"
    assert order["technician_id"] is None
    assert order["events"][-1]["notes"] == f"Left out of the plan: {left_out[gas_order]}"


def test_another_day_shows_todays_emergency_until_it_is_committed(
    client: FlaskClient, dispatcher: dict[str, str]
) -> None:
    today = local_date(utcnow())
    tomorrow = (today + timedelta(days=1)).isoformat()
    plan = DispatchPlan(plan_date=today, time_limit_s=2, status="done", trigger="emergency WO-1")
    db.session.add(plan)
    db.session.commit()

    def banner(day: str = "") -> Any:
        query = f"?date={day}" if day else ""
        board = client.get(f"/api/v1/dispatch/board{query}", headers=dispatcher).json
        return board["emergency_today"]

    assert banner(tomorrow)["id"] == plan.id
    assert banner(tomorrow)["trigger"] == "emergency WO-1"
    assert banner() is None  # today's board has it as its latest plan
    plan.committed_at = utcnow()
    db.session.commit()
    assert banner(tomorrow) is None
    db.session.add(DispatchPlan(plan_date=today, time_limit_s=2, status="done", trigger="manual"))
    db.session.commit()
    assert banner(tomorrow) is None


def test_a_discarded_plan_is_not_offered_again(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    today = local_date(utcnow())
    emergency = DispatchPlan(
        plan_date=today, time_limit_s=2, status="done", trigger="emergency WO-2"
    )
    db.session.add(emergency)
    db.session.commit()
    board = f"/api/v1/dispatch/board?date={plan_day()}"
    assert client.get(board, headers=dispatcher).json["emergency_today"]["id"] == emergency.id
    discarded = client.post(f"/api/v1/dispatch/plans/{emergency.id}/discard", headers=dispatcher)
    assert discarded.status_code == 200, discarded.json
    assert discarded.json["status"] == "discarded"
    assert client.get(board, headers=dispatcher).json["emergency_today"] is None
    commit = client.post(f"/api/v1/dispatch/plans/{emergency.id}/commit", headers=dispatcher)
    assert (commit.status_code, commit.json["error"]["code"]) == (409, "plan_not_done")
    again = client.post(f"/api/v1/dispatch/plans/{emergency.id}/discard", headers=dispatcher)
    assert (again.status_code, again.json["error"]["code"]) == (409, "plan_not_done")


def test_a_committed_or_running_plan_is_not_discarded(
    client: FlaskClient, dispatcher: dict[str, str], day: dict[str, Any]
) -> None:
    plan_id = wait_for_plan(client, dispatcher, _start(client, dispatcher))["id"]
    assert (
        client.post(f"/api/v1/dispatch/plans/{plan_id}/commit", headers=dispatcher).status_code
        == 200
    )
    refused = client.post(f"/api/v1/dispatch/plans/{plan_id}/discard", headers=dispatcher)
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "plan_committed")
    running = DispatchPlan(plan_date=local_date(utcnow()), time_limit_s=5, status="running")
    running.heartbeat_at = utcnow()
    db.session.add(running)
    db.session.commit()
    refused = client.post(f"/api/v1/dispatch/plans/{running.id}/discard", headers=dispatcher)
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "plan_not_done")
    db.session.expire_all()
    assert db.session.get(DispatchPlan, plan_id).status == "done"


def test_a_technician_cannot_discard_a_plan(
    client: FlaskClient, login: Any, day: dict[str, Any]
) -> None:
    make_user("technician", "tech9")
    plan = DispatchPlan(plan_date=local_date(utcnow()), time_limit_s=2, status="done")
    db.session.add(plan)
    db.session.commit()
    refused = client.post(f"/api/v1/dispatch/plans/{plan.id}/discard", headers=login("tech9"))
    assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(DispatchPlan, plan.id).status == "done"
