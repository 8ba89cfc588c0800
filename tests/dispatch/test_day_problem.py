"""The day as the optimiser sees it: shifts from now on, and why nothing fits after hours."""

from __future__ import annotations

from datetime import date, timedelta
from datetime import time as clock

from flask import Flask

import routing
from server.dispatch.problem import build_day_problem
from server.extensions import db
from server.orders.transitions import TransitionRequest, move
from server.timeutil import at_local, local_date, local_midnight, utcnow
from tests.factories import make_customer, make_order, make_technician

SITE = {"address": "1 Test Road, Hangzhou", "lat": 30.2786, "lon": 120.1290}


def _tomorrow() -> date:
    """Planned as tomorrow, so the hour the tests run at does not matter."""
    return local_date(utcnow()) + timedelta(days=1)


def _plan_at(hour: int) -> routing.Plan:
    built = build_day_problem(_tomorrow(), at_local(_tomorrow(), clock(hour, 0)))
    return routing.solve(built.problem, time_limit_s=0.5)


def test_after_every_shift_the_reason_says_there_is_no_time_left(app: Flask) -> None:
    water = make_technician(
        "water1", skills=["water"], shift_start=clock(8, 0), shift_end=clock(17, 0)
    )
    order = make_order("water_leak", customer=make_customer(sites=[SITE]))
    assert _plan_at(9).assignment() == {str(order.id): str(water.id)}
    evening = _plan_at(20)
    assert evening.assignment() == {}
    assert evening.reasons() == {
        str(order.id): "no technician who could do it has time left in their shift"
    }


def test_a_missing_skill_is_named_after_hours_too(app: Flask) -> None:
    make_technician("gas1", skills=["gas"], shift_start=clock(8, 0), shift_end=clock(17, 0))
    order = make_order("water_leak", customer=make_customer(sites=[SITE]))
    assert _plan_at(20).reasons() == {str(order.id): "no active technician has skill `water`"}


def test_someone_out_in_the_field_after_their_shift_leaves_the_plan_to_the_others(
    app: Flask,
) -> None:
    done = make_technician("gas1", skills=["gas"], shift_start=clock(8, 0), shift_end=clock(17, 0))
    done.last_lat, done.last_lon = 30.3100, 120.2000  # last seen far from home, at 16:30
    done.last_fix_at = at_local(_tomorrow(), clock(16, 30))
    late = make_technician("gas2", skills=["gas"], shift_start=clock(8, 0), shift_end=clock(23, 0))
    db.session.commit()
    order = make_order("gas_leak", customer=make_customer(sites=[SITE]))
    plan = _plan_at(20)
    assert plan.assignment() == {str(order.id): str(late.id)}
    assert plan.feasible


def test_leak_repairs_count_toward_the_on_time_rate_by_their_due_time(app: Flask) -> None:
    """As the timeliness report counts them: a grade-1 leak by its repair deadline, not by
    the one-hour response the optimiser holds it to (already past for a leak of the night
    would make any target out of reach)."""
    make_technician("all1", skills=["water", "gas", "gps"])
    customer = make_customer(sites=[SITE])
    orders = {
        kind: make_order(kind, customer=customer, **extra)
        for kind, extra in (("water_leak", {}), ("gas_leak", {"leak_grade": 1}), ("gps_repair", {}))
    }
    orders["gps_repair"].status = "ready"  # approved (GPS repairs wait for approval)
    db.session.commit()
    today, now = local_date(utcnow()), utcnow()
    built = build_day_problem(today, now, on_time_target=0.98)
    assert built.problem.on_time_target == 0.98
    stops = {s.id: s for s in built.problem.stops}
    origin = local_midnight(today)
    for kind in ("water_leak", "gas_leak"):
        order = orders[kind]
        due = order.due_at
        assert due is not None
        assert stops[str(order.id)].on_time_by == int((due - origin).total_seconds())
    grade1 = stops[str(orders["gas_leak"].id)]
    assert grade1.critical
    assert grade1.deadline is not None
    assert grade1.on_time_by is not None
    assert grade1.deadline < grade1.on_time_by  # held to the response, counted by the repair
    assert stops[str(orders["gps_repair"].id)].on_time_by is None


def test_on_a_full_day_the_order_that_can_wait_is_the_one_left(app: Flask) -> None:
    """Room for one of two repairs: the nearer one is due in a week, the farther one before
    tomorrow's first shift. Left for tomorrow, the farther one would be late, so it is the
    one served, although the drive is longer."""
    make_technician("water1", skills=["water"], shift_start=clock(8, 0), shift_end=clock(12, 0))
    make_technician("water2", skills=["water"], shift_start=clock(7, 0), shift_end=clock(7, 30))
    day = _tomorrow()
    near = make_order("water_leak", customer=make_customer(sites=[SITE]), duration_min=150)
    far_site = {**SITE, "address": "9 Far Road, Hangzhou", "lat": 30.3300, "lon": 120.2300}
    urgent = make_order("water_leak", customer=make_customer(sites=[far_site]), duration_min=150)
    near.due_at = at_local(day + timedelta(days=7), clock(12, 0))
    urgent.due_at = at_local(day, clock(20, 0))
    db.session.commit()
    built = build_day_problem(day, at_local(day, clock(6, 0)))
    # The next working day starts with the earliest shift, 07:00 tomorrow.
    next_start = at_local(day + timedelta(days=1), clock(7, 0)) - local_midnight(day)
    assert built.problem.next_start == int(next_start.total_seconds())
    plan = routing.solve(built.problem, time_limit_s=0.5)
    assert set(plan.assignment()) == {str(urgent.id)}
    assert set(plan.reasons()) == {str(near.id)}


def test_with_no_active_technician_nothing_is_said_about_tomorrow(app: Flask) -> None:
    make_technician("water1", skills=["water"], active=False)
    assert build_day_problem(_tomorrow(), utcnow()).problem.next_start is None


def test_a_job_under_way_has_the_work_left_since_its_technician_arrived(app: Flask) -> None:
    """The remaining service counts from the arrival (the phone's time of "arrived"), not
    from the scheduled start, which a plan committed since then has moved to its own now."""
    tech = make_technician(
        "water1", skills=["water"], shift_start=clock(0), shift_end=clock(23, 59)
    )
    order = make_order("water_leak", customer=make_customer(sites=[SITE]), duration_min=90)
    now = utcnow().replace(microsecond=0)
    arrived = now - timedelta(minutes=60)
    first_visit = now - timedelta(hours=5)  # held for a part, then back: the latest counts
    visit = [("assigned", tech.id), ("en_route", None), ("on_site", None)]
    steps = [(to, who, first_visit) for to, who in visit]
    steps += [("on_hold", None, first_visit), ("ready", None, first_visit)]
    steps += [(to, who, arrived) for to, who in visit]
    for to, technician_id, at in steps:
        notes = "Awaiting parts" if to == "on_hold" else ""
        request = TransitionRequest(to, order.version, notes, technician_id, at)
        move(None, order, request, at + timedelta(minutes=2))
    order.scheduled_start = now - timedelta(minutes=10)  # as a plan committed 10 min ago set it
    db.session.commit()
    stop = build_day_problem(local_date(now), now).problem.stops[0]
    assert (stop.id, stop.started, stop.service_s) == (str(order.id), True, 30 * 60)
