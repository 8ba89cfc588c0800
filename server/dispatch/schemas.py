"""Shapes of the dispatch API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.orders.schemas import OrderOut
from server.technicians.schemas import TechnicianOut
from server.validators import lateness_weight, today_or_later

WEIGHT_HELP = (
    "Seconds of driving one second late is worth, per unit of priority x customer weight: "
    "1 puts deadlines first, 0 ignores them; a multiple of 1/64 from 0 to 4. "
    "Default: DISPATCH_LATENESS_WEIGHT."
)


TARGET_HELP = (
    "Share of the leak repairs served to finish by their deadline, from 0 to 1 (0.98: 98 %). "
    "The search then weighs lateness less than lateness_weight where the plan keeps the "
    "target and the leak repairs' lateness more (up to 8 times lateness_weight; grade-1 "
    "leaks stay at lateness_weight) where it misses it, and returns "
    "the plan with the least driving among those that keep it. "
    "Default: none (lateness weighed at lateness_weight throughout)."
)


class PlanIn(Schema):
    date = fields.Date(required=True, validate=today_or_later)
    time_limit_s = fields.Float(load_default=10.0, validate=validate.Range(0.5, 300))
    lateness_weight = fields.Float(validate=lateness_weight, metadata={"description": WEIGHT_HELP})
    on_time_target = fields.Float(
        allow_none=True, validate=validate.Range(0, 1), metadata={"description": TARGET_HELP}
    )


class PlanQuery(Schema):
    date = fields.Date(required=True)


class PlanStarted(Schema):
    id = fields.Integer()
    status = fields.String()


class PlanStop(Schema):
    order_id = fields.Integer()
    number = fields.String()
    eta = fields.String()
    start = fields.String()
    end = fields.String()
    waiting_min = fields.Float()
    late_min = fields.Float()


class PlanRoute(Schema):
    technician_id = fields.Integer()
    travel_min = fields.Float()
    stops = fields.List(fields.Nested(PlanStop))


class PlanUnassigned(Schema):
    order_id = fields.Integer()
    number = fields.String()
    reason = fields.String()


class PlanOut(Schema):
    id = fields.Integer()
    date = fields.Date(attribute="plan_date")
    status = fields.String()
    progress = fields.Float()
    trigger = fields.String()
    time_limit_s = fields.Float()
    lateness_weight = fields.Float(metadata={"description": "The weight the plan is solved with."})
    on_time_target = fields.Float(
        allow_none=True,
        metadata={"description": "The share of leak repairs the plan holds on time, if any."},
    )
    previous_plan_id = fields.Integer(allow_none=True)
    routes = fields.List(fields.Nested(PlanRoute))
    unassigned = fields.List(fields.Nested(PlanUnassigned))
    objective = fields.Dict()
    error = fields.String()
    created_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime()
    committed_at = fields.AwareDateTime()


class PlanBrief(Schema):
    id = fields.Integer()
    status = fields.String()
    progress = fields.Float()
    trigger = fields.String()
    committed_at = fields.AwareDateTime()


class AssignIn(Schema):
    technician_id = fields.Integer(required=True, validate=validate.Range(min=1))
    version = fields.Integer(required=True)
    position = fields.Integer(validate=validate.Range(min=0))
    day = fields.Date(
        data_key="date",
        validate=today_or_later,
        metadata={"description": "The day to place the order in (default: today)."},
    )


class VersionIn(Schema):
    version = fields.Integer(required=True)


class LockIn(Schema):
    version = fields.Integer(required=True)
    locked = fields.Boolean(required=True)


class BoardOrderOut(Schema):
    order = fields.Nested(OrderOut)
    urgency = fields.String()
    unassigned_reason = fields.String(allow_none=True)
    hold_reason = fields.String(
        allow_none=True,
        metadata={"description": "Why an on-hold order was put on hold (the technician's note)."},
    )


class Position(Schema):
    lat = fields.Float()
    lon = fields.Float()
    source = fields.String()
    at = fields.AwareDateTime(allow_none=True)


class BoardTechnicianOut(Schema):
    technician = fields.Nested(TechnicianOut)
    position = fields.Nested(Position)
    sequence = fields.List(fields.Integer())


class BoardOut(Schema):
    date = fields.Date(metadata={"description": "The day shown (asked for, or today)."})
    today = fields.Date(metadata={"description": "The operator's today, in its time zone."})
    now = fields.AwareDateTime()
    stamp = fields.Integer()
    technicians = fields.List(fields.Nested(BoardTechnicianOut))
    orders = fields.List(fields.Nested(BoardOrderOut))
    latest_plan = fields.Nested(PlanBrief, allow_none=True)
    emergency_today = fields.Nested(
        PlanBrief,
        allow_none=True,
        metadata={
            "description": "While another day is shown: today's emergency re-plan still to "
            "commit, if any."
        },
    )


class BoardQuery(Schema):
    date = fields.Date()


class ConsoleConfigOut(Schema):
    tile_url = fields.String()
    auto_replan = fields.Boolean(
        metadata={"description": "A grade-1 gas leak starts a re-plan of today for review."}
    )
    timezone = fields.String()
    lateness_weight = fields.Float(
        metadata={"description": "The weight a plan gets when it names none."}
    )
    timeliness_target = fields.Float(
        metadata={
            "description": "The share of leak repairs to finish by their deadline (0.98: 98 %)."
        }
    )
    leak_kinds = fields.List(
        fields.String(),
        metadata={"description": "The order kinds whose repair timeliness the target measures."},
    )
