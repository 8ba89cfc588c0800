"""Build a routing problem for one day from the database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

import routing
from server.extensions import db
from server.orders.kinds import LEAK_KINDS
from server.orders.models import WorkOrder
from server.orders.transitions import latest_moves
from server.technicians.models import Technician
from server.timeutil import at_local, local_date, local_midnight

PLANNABLE = ("ready", "assigned", "en_route", "on_site")
STARTED = ("en_route", "on_site")
GRADE_WEIGHT = {"A": 3, "B": 2, "C": 1}
DAY_S = 24 * 3600


@dataclass(frozen=True)
class DayProblem:
    """The routing problem of a day and how its ids map back to the database."""

    problem: routing.Problem
    origin: datetime
    orders: dict[str, WorkOrder]
    technicians: dict[str, Technician]
    basis: str

    def moment(self, seconds: int) -> datetime:
        return self.origin + timedelta(seconds=seconds)


def _seconds(origin: datetime, moment: datetime | None) -> int | None:
    return None if moment is None else int((moment - origin).total_seconds())


def plannable_orders(day: date, today: date) -> list[WorkOrder]:
    """Open orders a plan for ``day`` may schedule (``today`` is the operator's date).

    Ready orders go to any day (an appointment fixes theirs), except grade-1 leaks, which
    only today's plans (and the emergency re-plan) take; assigned and started ones go to
    their :func:`work_day`, so planning tomorrow leaves today's work alone and planning
    today leaves a committed plan for tomorrow alone.
    """
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    query = select(WorkOrder).where(WorkOrder.status.in_(PLANNABLE)).order_by(WorkOrder.id)
    orders = db.session.scalars(query).all()
    return [
        o
        for o in orders
        if (o.appointment_start is None or start <= o.appointment_start < end)
        and _belongs_to(o, day, today)
    ]


def _belongs_to(order: WorkOrder, day: date, today: date) -> bool:
    if order.status != "ready":
        return work_day(order, today) == day
    return day == today or not is_critical(order)


def work_day(order: WorkOrder, today: date) -> date:
    """The day an assigned or started order is planned for, never before today.

    Started work is today's; an appointment fixes the day; otherwise the day of the plan
    or the dispatcher that assigned it (``work_date``), not of its scheduled start:
    today's work that runs past midnight is still today's.
    """
    if order.status in STARTED:
        return today
    if order.appointment_start is not None:
        return max(local_date(order.appointment_start), today)
    return max(order.work_date or today, today)


def is_critical(order: WorkOrder) -> bool:
    """A grade-1 gas leak: it outranks everything and is always today's work."""
    return order.kind == "gas_leak" and order.leak_grade == 1


def has_fix_on(tech: Technician, day: date) -> bool:
    """Whether the technician's last GPS fix is from ``day`` (else they start from home)."""
    fresh = tech.last_fix_at is not None and local_date(tech.last_fix_at) == day
    return fresh and tech.last_lat is not None and tech.last_lon is not None


def _position(tech: Technician, day: date) -> routing.LatLon:
    if has_fix_on(tech, day):
        return routing.LatLon(tech.last_lat, tech.last_lon)  # type: ignore[arg-type]
    return routing.LatLon(tech.home_lat, tech.home_lon)


def _technician(tech: Technician, day: date, origin: datetime, now: datetime) -> routing.Technician:
    start = _seconds(origin, at_local(day, tech.shift_start)) or 0
    end = _seconds(origin, at_local(day, tech.shift_end)) or 0
    start = max(start, _seconds(origin, now) or 0)
    return routing.Technician(
        id=str(tech.id),
        start=_position(tech, day),
        end=routing.LatLon(tech.home_lat, tech.home_lon),
        shift_start=min(start, end),
        shift_end=end,
        skills=frozenset(tech.skills),
        active=tech.active,  # a shift already over is empty: the reason says so
    )


def arrivals(orders: list[WorkOrder]) -> dict[int, datetime]:
    """When the technician arrived at each on-site order: its latest move to ``on_site``,
    by the phone's clock where it came from a phone."""
    return {i: event.device_at or event.at for i, event in latest_moves(orders, "on_site").items()}


def _service_s(order: WorkOrder, now: datetime, arrived: datetime | None) -> int:
    """The work left: an on-site job has done the part since its technician arrived."""
    full = order.duration_min * 60
    if arrived is not None:
        spent = int((now - arrived).total_seconds())
        return max(600, full - max(spent, 0))
    return full


def _stop(
    order: WorkOrder, origin: datetime, now: datetime, arrived: datetime | None = None
) -> routing.Stop:
    critical = is_critical(order)
    deadline = _seconds(origin, order.respond_by if critical else order.due_at)
    window = None
    if order.appointment_start and order.appointment_end:
        window = routing.Window(
            _seconds(origin, order.appointment_start) or 0,
            _seconds(origin, order.appointment_end) or 0,
        )
    pinned = order.status in STARTED or order.locked
    return routing.Stop(
        id=str(order.id),
        location=routing.LatLon(order.site.lat, order.site.lon),
        service_s=_service_s(order, now, arrived),
        skill=order.skill,
        window=window,
        deadline=deadline,
        priority=6 - order.priority,
        weight=GRADE_WEIGHT.get(order.customer.grade, 1),
        critical=critical,
        pinned_technician=str(order.technician_id) if pinned and order.technician_id else None,
        started=order.status in STARTED and order.technician_id is not None,
        # The repair-timeliness rate counts leak repairs by their due time, as the report
        # does (a grade-1 leak's deadline above is its one-hour response).
        on_time_by=_seconds(origin, order.due_at) if order.kind in LEAK_KINDS else None,
    )


def basis_of(orders: list[WorkOrder], technicians: list[Technician]) -> str:
    """A fingerprint of what a plan was built from: any later change makes it stale."""
    parts = [f"o{o.id}:{o.version}:{o.status}:{o.technician_id}:{o.locked}" for o in orders]
    parts += [
        f"t{t.id}:{t.active}:{sorted(t.skills)}:{t.shift_start}:{t.shift_end}" for t in technicians
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def current_basis(day: date, now: datetime) -> str:
    technicians = db.session.scalars(select(Technician).order_by(Technician.id)).all()
    return basis_of(plannable_orders(day, local_date(now)), list(technicians))


def _next_start(
    technicians: list[Technician], day: date, origin: datetime, routed: list[routing.Technician]
) -> int | None:
    """When work left over today can next be done: the next day's first active shift start.

    Never before today's last shift ends (a shift running past midnight); ``None`` with no
    active technician, when nothing can be said about tomorrow.
    """
    starts = [at_local(day + timedelta(days=1), t.shift_start) for t in technicians if t.active]
    if not starts:
        return None
    latest_end = max((t.shift_end for t in routed), default=0)
    return max(_seconds(origin, min(starts)) or 0, latest_end)


def build_day_problem(
    day: date,
    now: datetime,
    *,
    lateness_weight: float = 1.0,
    on_time_target: float | None = None,
) -> DayProblem:
    """Open orders and technicians of ``day`` as a routing problem (times from local midnight).

    ``lateness_weight`` is what a second late costs in seconds of driving, per unit of
    priority x customer weight (:attr:`routing.Problem.lateness_weight`); with an
    ``on_time_target`` the search holds that share of leak repairs on time and weighs
    lateness less where it can (:attr:`routing.Problem.on_time_target`). Orders it leaves
    unassigned wait for the next day's first shift, and those that would be late by then
    cost that lateness too (:attr:`routing.Problem.next_start`), so on a day with more work
    than time the ones that can wait are the ones left.
    """
    origin = local_midnight(day)
    technicians = list(db.session.scalars(select(Technician).order_by(Technician.id)))
    orders = plannable_orders(day, local_date(now))
    routed = [_technician(t, day, origin, now) for t in technicians]
    arrived = arrivals(orders)
    problem = routing.Problem(
        technicians=routed,
        stops=[_stop(o, origin, now, arrived.get(o.id)) for o in orders],
        lateness_weight=lateness_weight,
        on_time_target=on_time_target,
        next_start=_next_start(technicians, day, origin, routed),
    )
    return DayProblem(
        problem=problem,
        origin=origin,
        orders={str(o.id): o for o in orders},
        technicians={str(t.id): t for t in technicians},
        basis=basis_of(orders, technicians),
    )
