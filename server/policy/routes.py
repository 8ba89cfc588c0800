"""Policy API: deadline tables, per-kind settings, the working-day calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_smorest import Blueprint

from server.accounts.auth import STAFF, current_user, roles_required
from server.orders.service import recompute_deadlines
from server.policy import service
from server.policy.models import CalendarDay, DeadlineRule, KindPolicy
from server.policy.schemas import (
    CalendarDaySchema,
    CalendarQuery,
    DeadlineRuleSchema,
    DeadlineTableIn,
    KindPolicySchema,
    RecomputeOut,
)

blp = Blueprint(
    "policy", __name__, url_prefix="/api/v1/policy", description="Policies (admins edit)"
)


@blp.route("/deadlines")
@roles_required(*STAFF)
@blp.response(200, DeadlineRuleSchema(many=True))
def get_deadlines() -> list[DeadlineRule]:
    return service.deadline_rules()


@blp.route("/deadlines/<kind>", methods=["PUT"])
@roles_required("admin")
@blp.arguments(DeadlineTableIn)
@blp.response(200, DeadlineRuleSchema(many=True))
def put_deadlines(body: dict[str, Any], kind: str) -> list[DeadlineRule]:
    return service.replace_deadline_rules(current_user(), kind, body["rules"])


@blp.route("/recompute", methods=["POST"])
@roles_required("admin")
@blp.response(200, RecomputeOut)
def recompute() -> dict[str, int]:
    return {"changed": recompute_deadlines(current_user())}


@blp.route("/kinds")
@roles_required(*STAFF)
@blp.response(200, KindPolicySchema(many=True))
def get_kinds() -> list[KindPolicy]:
    return service.kind_policies()


@blp.route("/kinds/<kind>", methods=["PATCH"])
@roles_required("admin")
@blp.arguments(KindPolicySchema)
@blp.response(200, KindPolicySchema)
def patch_kind(body: dict[str, Any], kind: str) -> KindPolicy:
    return service.update_kind_policy(current_user(), kind, body)


@blp.route("/calendar")
@roles_required(*STAFF)
@blp.arguments(CalendarQuery, location="query")
@blp.response(200, CalendarDaySchema(many=True))
def get_calendar(query: dict[str, date]) -> list[CalendarDay]:
    return service.calendar_days(query["start"], query["end"])


@blp.route("/calendar/<isodate:day>", methods=["PUT"])
@roles_required("admin")
@blp.arguments(CalendarDaySchema)
@blp.response(200, CalendarDaySchema)
def put_calendar_day(body: dict[str, Any], day: date) -> CalendarDay:
    return service.set_calendar_day(current_user(), day, body["working"], body["name"])


@blp.route("/calendar/<isodate:day>", methods=["DELETE"])
@roles_required("admin")
@blp.response(204)
def delete_calendar_day(day: date) -> None:
    service.delete_calendar_day(current_user(), day)
