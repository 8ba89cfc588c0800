"""Dispatch API: plans as jobs, commit, manual overrides, the board."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts.auth import current_user, roles_required
from server.dispatch import overrides, service
from server.dispatch.board import board_for
from server.dispatch.console import console_config
from server.dispatch.models import DispatchPlan
from server.dispatch.schemas import (
    AssignIn,
    BoardOut,
    BoardQuery,
    ConsoleConfigOut,
    LockIn,
    PlanBrief,
    PlanIn,
    PlanOut,
    PlanQuery,
    PlanStarted,
    VersionIn,
)
from server.orders.models import WorkOrder
from server.orders.schemas import OrderOut

blp = Blueprint(
    "dispatch", __name__, url_prefix="/api/v1/dispatch", description="Plan and dispatch"
)
DISPATCH = ("dispatcher", "admin")


@blp.route("/plans")
class Plans(MethodView):
    @roles_required(*DISPATCH)
    @blp.arguments(PlanQuery, location="query")
    @blp.response(200, PlanBrief(many=True))
    def get(self, query: dict[str, Any]) -> list[DispatchPlan]:
        return service.list_plans(query["date"])

    @roles_required(*DISPATCH)
    @blp.arguments(PlanIn)
    @blp.response(202, PlanStarted)
    def post(self, body: dict[str, Any]) -> DispatchPlan:
        return service.start_plan(
            current_user(),
            body["date"],
            body["time_limit_s"],
            lateness_weight=body.get("lateness_weight"),
            on_time_target=body.get("on_time_target"),
        )


@blp.route("/plans/<int:plan_id>")
@roles_required(*DISPATCH)
@blp.response(200, PlanOut)
def get_plan(plan_id: int) -> DispatchPlan:
    return service.get_plan(plan_id)


@blp.route("/plans/<int:plan_id>/commit", methods=["POST"])
@roles_required(*DISPATCH)
@blp.response(200, PlanOut)
def commit_plan(plan_id: int) -> DispatchPlan:
    return service.commit_plan(current_user(), plan_id)


@blp.route("/plans/<int:plan_id>/cancel", methods=["POST"])
@roles_required(*DISPATCH)
@blp.response(200, PlanOut)
def cancel_plan(plan_id: int) -> DispatchPlan:
    return service.cancel_plan(current_user(), plan_id)


@blp.route("/plans/<int:plan_id>/discard", methods=["POST"])
@roles_required(*DISPATCH)
@blp.response(200, PlanOut)
def discard_plan(plan_id: int) -> DispatchPlan:
    return service.discard_plan(current_user(), plan_id)


@blp.route("/plans/<int:plan_id>/retry", methods=["POST"])
@roles_required(*DISPATCH)
@blp.response(202, PlanStarted)
def retry_plan(plan_id: int) -> DispatchPlan:
    return service.retry_plan(current_user(), plan_id)


@blp.route("/orders/<int:order_id>/assign", methods=["POST"])
@roles_required(*DISPATCH)
@blp.arguments(AssignIn)
@blp.response(200, OrderOut)
def assign(body: dict[str, Any], order_id: int) -> WorkOrder:
    return overrides.assign_order(current_user(), order_id, **body)


@blp.route("/orders/<int:order_id>/unassign", methods=["POST"])
@roles_required(*DISPATCH)
@blp.arguments(VersionIn)
@blp.response(200, OrderOut)
def unassign(body: dict[str, Any], order_id: int) -> WorkOrder:
    return overrides.unassign_order(current_user(), order_id, body["version"])


@blp.route("/orders/<int:order_id>/lock", methods=["POST"])
@roles_required(*DISPATCH)
@blp.arguments(LockIn)
@blp.response(200, OrderOut)
def lock(body: dict[str, Any], order_id: int) -> WorkOrder:
    return overrides.lock_order(current_user(), order_id, body["version"], body["locked"])


@blp.route("/board")
@roles_required(*DISPATCH)
@blp.arguments(BoardQuery, location="query")
@blp.response(200, BoardOut)
def board(query: dict[str, Any]) -> dict[str, Any]:
    return board_for(query.get("date"))


@blp.route("/config")
@roles_required(*DISPATCH)
@blp.response(200, ConsoleConfigOut)
def config() -> dict[str, Any]:
    """The console's settings: map tile URL (empty for none), time zone, default weight and
    the leak-repair timeliness target."""
    return console_config()
