"""Dispatch plans: start, poll, cancel, retry, commit."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select, update

from server.accounts.models import User
from server.audit import service as audit
from server.dispatch import jobs
from server.dispatch.models import DispatchPlan
from server.dispatch.problem import current_basis
from server.dispatch.schedule import place_route, release_left_out
from server.errors import Conflict, NotFound
from server.extensions import db
from server.technicians.service import hold_technicians
from server.timeutil import local_date, utcnow


def start_plan(
    actor: User | None,
    day: date,
    time_limit_s: float,
    *,
    lateness_weight: float | None = None,
    on_time_target: float | None = None,
    trigger: str = "manual",
    previous: DispatchPlan | None = None,
) -> DispatchPlan:
    """Queue an optimisation of ``day`` and hand it to the runner.

    Without a ``lateness_weight`` the plan takes the configured default
    (``DISPATCH_LATENESS_WEIGHT``); with an ``on_time_target`` the search prices lateness
    below that weight where the target allows and, for the leak repairs other than
    grade-1 ones, up to 8 times it where the target needs it
    (:attr:`routing.Problem.on_time_target`).
    """
    _check_not_past(day)
    if lateness_weight is None:
        lateness_weight = current_app.config["DISPATCH_LATENESS_WEIGHT"]
    plan = DispatchPlan(
        plan_date=day,
        time_limit_s=time_limit_s,
        lateness_weight=lateness_weight,
        on_time_target=on_time_target,
        trigger=trigger,
        previous_plan_id=previous.id if previous else None,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(plan)
    db.session.commit()
    jobs.enqueue(plan.id)
    return plan


def get_plan(plan_id: int) -> DispatchPlan:
    """The plan; one whose worker died is marked failed on the way."""
    plan = db.session.get(DispatchPlan, plan_id)
    if plan is None:
        raise NotFound(f"No plan {plan_id}.")
    if jobs.is_dead(plan):
        plan.status, plan.error, plan.finished_at = (
            "failed",
            "The worker stopped; retry the plan.",
            utcnow(),
        )
        db.session.commit()
    return plan


def list_plans(day: date) -> list[DispatchPlan]:
    query = (
        select(DispatchPlan).where(DispatchPlan.plan_date == day).order_by(DispatchPlan.id.desc())
    )
    return list(db.session.scalars(query.limit(20)))


def latest_committed(day: date) -> DispatchPlan | None:
    query = select(DispatchPlan).where(
        DispatchPlan.plan_date == day, DispatchPlan.committed_at.is_not(None)
    )
    return db.session.scalar(query.order_by(DispatchPlan.committed_at.desc()).limit(1))


def cancel_plan(actor: User, plan_id: int) -> DispatchPlan:
    plan = get_plan(plan_id)
    if plan.status not in ("queued", "running"):
        raise Conflict(
            f"A {plan.status} plan cannot be cancelled.",
            code="plan_not_running",
            details={"status": plan.status},
        )
    plan.status, plan.finished_at = "cancelled", utcnow()
    db.session.commit()
    return plan


def discard_plan(actor: User, plan_id: int) -> DispatchPlan:
    """A dispatcher rejects a finished plan: it is no longer offered for review anywhere."""
    plan = get_plan(plan_id)
    _check_reviewable(plan, "discarded")
    _claim(plan, status="discarded")
    audit.record(actor, "dispatch_plan", plan.id, "discarded", {})
    db.session.commit()
    db.session.refresh(plan)
    return plan


def retry_plan(actor: User, plan_id: int) -> DispatchPlan:
    """Run a failed or cancelled plan again, as a new plan."""
    plan = get_plan(plan_id)
    if plan.status not in ("failed", "cancelled"):
        raise Conflict(
            f"A {plan.status} plan needs no retry.",
            code="plan_not_failed",
            details={"status": plan.status},
        )
    previous = (
        db.session.get(DispatchPlan, plan.previous_plan_id) if plan.previous_plan_id else None
    )
    return start_plan(
        actor,
        plan.plan_date,
        plan.time_limit_s,
        lateness_weight=plan.lateness_weight,
        on_time_target=plan.on_time_target,
        trigger=f"retry of {plan.id}",
        previous=previous,
    )


def _check_not_past(day: date) -> None:
    """A day that is over cannot be planned or committed (no shift is left in it)."""
    if day < local_date(utcnow()):
        raise Conflict(
            "This plan is for a day that is over; plan today or a later day.",
            code="plan_past",
            details={"date": day.isoformat()},
        )


def _check_reviewable(plan: DispatchPlan, outcome: str) -> None:
    """Only a finished, uncommitted plan can be committed or discarded."""
    if plan.committed_at is not None:
        raise Conflict(
            "This plan is already committed.",
            code="plan_committed",
            details={"status": plan.status},
        )
    if plan.status != "done":
        raise Conflict(
            f"A {plan.status} plan cannot be {outcome}.",
            code="plan_not_done",
            details={"status": plan.status},
        )


def _claim(plan: DispatchPlan, **values: object) -> None:
    """Set ``values`` only if the plan is still done and uncommitted (one conditional
    update, so a commit and a discard racing each other cannot both succeed)."""
    claimed = db.session.execute(
        update(DispatchPlan)
        .where(
            DispatchPlan.id == plan.id,
            DispatchPlan.status == "done",
            DispatchPlan.committed_at.is_(None),
        )
        .values(**values)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(
            "This plan was committed or discarded meanwhile.",
            code="plan_committed",
            details={"status": plan.status},
        )


def _check_committable(plan: DispatchPlan) -> None:
    _check_reviewable(plan, "committed")
    _check_not_past(plan.plan_date)
    if plan.basis != current_basis(plan.plan_date, utcnow()):
        raise Conflict(
            "Orders or technicians changed since this plan was made; optimise again.",
            code="stale_plan",
            details={"status": plan.status, "plan_id": plan.id},
        )


def commit_plan(actor: User, plan_id: int) -> DispatchPlan:
    """Make the day match the plan, in one transaction.

    Planned orders are assigned (or moved) with their times; assigned orders the plan leaves
    out go back to ``ready`` with the optimiser's reason; started and locked work stays.
    """
    plan = get_plan(plan_id)
    _check_committable(plan)
    now = utcnow()
    _claim(plan, committed_at=now, committed_by_id=actor.id)
    hold_technicians([route["technician_id"] for route in plan.routes])
    release_left_out(actor, plan.unassigned, now)
    for route in plan.routes:
        place_route(actor, route, plan.plan_date, now)
    db.session.refresh(plan)
    audit.record(actor, "dispatch_plan", plan.id, "committed", {"routes": len(plan.routes)})
    db.session.commit()
    return plan
