"""Shapes of the service-desk API."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.servicedesk.models import CHANNELS, OUTCOMES
from server.validators import cents, decimal_between


class CallbackIn(Schema):
    order_id = fields.Integer(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    score = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(1, 5))
    notes = fields.String(load_default="", validate=validate.Length(max=1000))

    @validates_schema
    def _score(self, data: dict[str, Any], **_: Any) -> None:
        reached = data.get("outcome") != "unreachable"
        if reached and data.get("score") is None:
            raise ValidationError("Give the customer's 1-5 score.", field_name="score")
        if not reached and data.get("score") is not None:
            raise ValidationError("No score when unreachable.", field_name="score")


class CallbackOut(Schema):
    id = fields.Integer()
    order_id = fields.Integer()
    completed_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime()
    made_at = fields.AwareDateTime()
    agent = fields.Function(lambda c: c.agent.username)
    outcome = fields.String()
    score = fields.Integer(allow_none=True)
    notes = fields.String()
    on_time = fields.Boolean()


class QueueItemOut(Schema):
    order_id = fields.Function(lambda q: q.order.id)
    number = fields.Function(lambda q: q.order.number)
    kind = fields.Function(lambda q: q.order.kind)
    version = fields.Function(lambda q: q.order.version)
    customer_name = fields.Function(lambda q: q.order.customer.name)
    customer_phone = fields.Function(lambda q: q.order.customer.phone)
    technician_name = fields.Function(
        lambda q: q.order.technician.name if q.order.technician else None
    )
    completed_at = fields.Function(lambda q: q.order.completed_at.isoformat())
    due_at = fields.AwareDateTime()
    attempts = fields.List(fields.Nested(CallbackOut))


class QueueOut(Schema):
    items = fields.List(fields.Nested(QueueItemOut))
    now = fields.AwareDateTime()


class SmsOut(Schema):
    id = fields.Integer()
    order_id = fields.Integer(allow_none=True)
    phone = fields.String()
    body = fields.String()
    notifier = fields.String()
    status = fields.String()
    error = fields.String()
    created_at = fields.AwareDateTime()


class SmsList(Schema):
    items = fields.List(fields.Nested(SmsOut))


class MonthQuery(Schema):
    month = fields.String(required=True, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"))


class LateCloseOut(Schema):
    order_id = fields.Function(lambda i: i.order.id)
    number = fields.Function(lambda i: i.order.number)
    technician_id = fields.Function(lambda i: i.order.technician_id)
    completed_at = fields.Function(lambda i: i.order.completed_at.isoformat())
    closed_at = fields.Function(
        lambda i: i.order.closed_at.isoformat() if i.order.closed_at else None
    )
    deadline = fields.AwareDateTime()


class TechnicianCount(Schema):
    technician_id = fields.Integer(allow_none=True)
    technician_name = fields.String()
    count = fields.Integer()


class LateCloseReport(Schema):
    month = fields.String()
    items = fields.List(fields.Nested(LateCloseOut))
    per_technician = fields.List(fields.Nested(TechnicianCount))


class ComplaintIn(Schema):
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    customer_id = fields.Integer(required=True)
    order_id = fields.Integer(allow_none=True, load_default=None)
    summary = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    households_affected = fields.Integer(load_default=1, validate=validate.Range(min=0))
    compensation = fields.Decimal(
        load_default=0, validate=[decimal_between(0), cents], metadata={"default": 0}
    )
    media_or_litigation = fields.Boolean(load_default=False)
    received_at = fields.AwareDateTime(allow_none=True, load_default=None)


class FirstContactIn(Schema):
    notes = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CloseIn(Schema):
    cause = fields.String(load_default="")
    course = fields.String(load_default="")
    responsible_party = fields.String(load_default="")
    conclusion = fields.String(load_default="")
    countermeasures = fields.String(load_default="")
    reply = fields.String(load_default="")


class ComplaintOut(Schema):
    id = fields.Integer()
    channel = fields.String()
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda c: c.customer.name)
    order_id = fields.Integer(allow_none=True)
    order_number = fields.Function(lambda c: c.order.number if c.order else None)
    summary = fields.String()
    households_affected = fields.Integer()
    compensation = fields.Decimal(as_string=True, places=2)
    media_or_litigation = fields.Boolean()
    tier = fields.String()
    status = fields.String()
    received_at = fields.AwareDateTime()
    first_contact_due = fields.AwareDateTime()
    resolution_due = fields.AwareDateTime()
    owner = fields.Function(lambda c: c.owner.username if c.owner else None)
    first_contact_at = fields.AwareDateTime(allow_none=True)
    first_contact_notes = fields.String()
    escalated = fields.Boolean()
    escalated_at = fields.AwareDateTime(allow_none=True)
    repeat_of_id = fields.Integer(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    cause = fields.String()
    course = fields.String()
    responsible_party = fields.String()
    conclusion = fields.String()
    countermeasures = fields.String()
    reply = fields.String()


class ComplaintList(Schema):
    items = fields.List(fields.Nested(ComplaintOut))


class ComplaintQuery(Schema):
    status = fields.String(validate=validate.OneOf(("open", "closed")))
