"""Shapes of the policy API."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.policy.models import DUE_UNITS
from server.technicians.models import SKILLS


class DeadlineRuleSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = fields.String(dump_only=True)
    attribute = fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf(("pipe_diameter_mm", "leak_grade")),
    )
    min_value = fields.Integer(allow_none=True, load_default=None)
    max_value = fields.Integer(allow_none=True, load_default=None)
    size_class = fields.String(required=True, validate=validate.Length(min=1, max=32))
    due_amount = fields.Integer(required=True, validate=validate.Range(min=0, max=100_000))
    due_unit = fields.String(required=True, validate=validate.OneOf(DUE_UNITS))
    respond_hours = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1)
    )
    make_safe_hours = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1)
    )
    hard = fields.Boolean(load_default=False)

    @validates_schema
    def _range(self, data: dict[str, Any], **_: Any) -> None:
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and high < low:
            raise ValidationError("Must not be below min_value.", field_name="max_value")


class DeadlineTableIn(Schema):
    rules = fields.List(fields.Nested(DeadlineRuleSchema), required=True)


class KindPolicySchema(Schema):
    kind = fields.String(dump_only=True)
    skill = fields.String(validate=validate.OneOf(SKILLS))
    requires_approval = fields.Boolean()
    default_duration_min = fields.Integer(validate=validate.Range(5, 720))
    default_priority = fields.Integer(validate=validate.Range(1, 5))


class CalendarDaySchema(Schema):
    day = fields.Date(dump_only=True)
    working = fields.Boolean(required=True)
    name = fields.String(load_default="", validate=validate.Length(max=80))


class CalendarQuery(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class RecomputeOut(Schema):
    changed = fields.Integer()
