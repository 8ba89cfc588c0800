"""Plans run as jobs: on an RQ queue when REDIS_URL is set, else in a background thread."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, timedelta

from flask import Flask, current_app

import routing
from routing import Plan
from server.dispatch.models import DispatchPlan
from server.dispatch.problem import DayProblem, build_day_problem
from server.dispatch.results import as_mapping, objective_of, routes_of, unassigned_of
from server.extensions import db
from server.timeutil import utcnow

log = logging.getLogger(__name__)
HEARTBEAT_S = 1.0
QUEUE = "dispatch"


def enqueue(plan_id: int) -> None:
    """Hand the plan to the configured runner."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["REDIS_URL"]:
        from redis import Redis
        from rq import Queue

        queue = Queue(QUEUE, connection=Redis.from_url(app.config["REDIS_URL"]))
        queue.enqueue(run_plan_job, plan_id, job_timeout=600, result_ttl=3600)
    else:
        threading.Thread(target=_run_in_app, args=(app, plan_id), daemon=True).start()


def worker_app() -> Flask:
    """The app a queue worker runs jobs in, configured from the environment."""
    from server import create_app

    return create_app()


def run_plan_job(plan_id: int) -> None:
    """The RQ entry point: a worker process builds its own app."""
    _run_in_app(worker_app(), plan_id)


def _run_in_app(app: Flask, plan_id: int) -> None:
    with app.app_context():
        try:
            execute_plan(plan_id)
        except Exception as exc:
            log.exception("plan %s failed", plan_id)
            db.session.rollback()
            _record_failure(plan_id, exc)
        finally:
            db.session.remove()


def _record_failure(plan_id: int, exc: Exception) -> None:
    try:
        _finish(plan_id, status="failed", error=f"{type(exc).__name__}: {exc}")
    except Exception:  # the database itself is gone: the poll's dead-worker check will tell
        log.exception("could not record the failure of plan %s", plan_id)


def _finish(plan_id: int, **fields: object) -> None:
    plan = db.session.get(DispatchPlan, plan_id)
    if plan is None or plan.status == "cancelled":
        return
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.finished_at = utcnow()
    db.session.commit()


class _Heartbeat(threading.Thread):
    """Writes a heartbeat, and progress once the search runs, on its own session.

    It beats from the start of the job: building the day's problem and compiling the
    search kernel (about a minute with a cold cache) come before the time limit starts,
    and a plan without beats for the grace of :func:`is_dead` is taken for dead.
    """

    def __init__(self, app: Flask, plan_id: int, time_limit_s: float) -> None:
        super().__init__(daemon=True)
        self.app, self.plan_id, self.time_limit_s = app, plan_id, time_limit_s
        self.stopped = threading.Event()
        self.searching_since: datetime | None = None

    def run(self) -> None:
        with self.app.app_context():
            while not self.stopped.wait(HEARTBEAT_S):
                plan = db.session.get(DispatchPlan, self.plan_id)
                if plan is None or plan.status != "running":
                    break
                plan.heartbeat_at = utcnow()
                plan.progress = self._progress(plan.heartbeat_at)
                db.session.commit()
            db.session.remove()

    def _progress(self, now: datetime) -> float:
        if self.searching_since is None:
            return 0.0
        elapsed = (now - self.searching_since).total_seconds()
        return min(0.95, elapsed / max(self.time_limit_s, 0.1))


def _solve(plan: DispatchPlan, day: date) -> None:
    heartbeat = _Heartbeat(current_app._get_current_object(), plan.id, plan.time_limit_s)  # type: ignore[attr-defined]
    heartbeat.start()
    try:
        problem, result = _search(plan, day, heartbeat)
    finally:
        heartbeat.stopped.set()
        heartbeat.join()
    _finish(
        plan.id,
        status="done",
        error="",
        progress=1.0,
        basis=problem.basis,
        routes=routes_of(problem, result),
        unassigned=unassigned_of(problem, result),
        objective=objective_of(problem, result),
    )


def _search(plan: DispatchPlan, day: date, heartbeat: _Heartbeat) -> tuple[DayProblem, Plan]:
    problem = build_day_problem(
        day, utcnow(), lateness_weight=plan.lateness_weight, on_time_target=plan.on_time_target
    )
    previous = (
        db.session.get(DispatchPlan, plan.previous_plan_id) if plan.previous_plan_id else None
    )
    db.session.commit()  # end the read transaction before a long solve
    routing.warm_up()  # compile or load the search kernel outside the time limit
    heartbeat.searching_since = utcnow()
    if previous is not None:
        limit = plan.time_limit_s
        return problem, routing.replan(
            as_mapping(previous.routes), problem.problem, time_limit_s=limit
        )
    return problem, routing.solve(problem.problem, time_limit_s=plan.time_limit_s)


def execute_plan(plan_id: int) -> None:
    """Run one queued plan to completion (or failure)."""
    plan = db.session.get(DispatchPlan, plan_id)
    if plan is None or plan.status != "queued":
        return
    plan.status, plan.started_at, plan.heartbeat_at = "running", utcnow(), utcnow()
    db.session.commit()
    _solve(plan, plan.plan_date)


def is_dead(plan: DispatchPlan, grace: timedelta = timedelta(seconds=30)) -> bool:
    """A running plan whose worker stopped sending heartbeats, or one never picked up."""
    if plan.status == "queued":
        return utcnow() - plan.created_at > timedelta(minutes=10)
    beat = plan.heartbeat_at or plan.started_at
    return plan.status == "running" and beat is not None and utcnow() - beat > grace
