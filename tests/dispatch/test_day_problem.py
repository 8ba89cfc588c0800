"""The day as the optimiser sees it: shifts from now on, and why nothing fits after hours."""

from __future__ import annotations

from datetime import time as clock
from datetime import timedelta

from flask import Flask

import routing
from server.dispatch.problem import build_day_problem
from server.timeutil import at_local, local_date, utcnow
from tests.factories import make_customer, make_order, make_technician

SITE = {"address": "1 Test Road, Hangzhou", "lat": 30.2786, "lon": 120.1290}


def _plan_at(hour: int) -> routing.Plan:
    day = local_date(utcnow()) + timedelta(days=1)
    built = build_day_problem(day, at_local(day, clock(hour, 0)))
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


def test_a_technician_off_duty_is_still_named_as_missing(app: Flask) -> None:
    make_technician("gas1", skills=["gas"], shift_start=clock(8, 0), shift_end=clock(17, 0))
    order = make_order("water_leak", customer=make_customer(sites=[SITE]))
    assert _plan_at(20).reasons() == {str(order.id): "no active technician has skill `water`"}
