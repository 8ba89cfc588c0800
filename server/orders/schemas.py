"""Shapes of the orders API."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_dump, validate, validates_schema
from webargs.fields import DelimitedList

from server.customers.schemas import CustomerBrief, CustomerIn, SiteIn
from server.fieldwork import schemas as fieldwork_schemas
from server.fieldwork import service as fieldwork
from server.orders.kinds import ALL_KIND_FIELDS, KIND_FIELDS, LEL_PLACES, field_errors
from server.orders.models import STATUSES
from server.policy.models import KINDS
from server.validators import decimal_between, not_after_today


class OrderIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    customer_id = fields.Integer(validate=validate.Range(min=1))
    customer = fields.Nested(CustomerIn)
    site_id = fields.Integer(validate=validate.Range(min=1))
    site = fields.Nested(SiteIn)
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    reported_at = fields.AwareDateTime()
    priority = fields.Integer(validate=validate.Range(1, 5))
    duration_min = fields.Integer(validate=validate.Range(5, 720))
    appointment_start = fields.AwareDateTime()
    appointment_end = fields.AwareDateTime()
    pipe_diameter_mm = fields.Integer(
        validate=validate.Range(1, 4000, error="Must be between 1 and 4000 mm."), allow_none=True
    )
    leak_location = fields.String(validate=validate.Length(max=200), allow_none=True)
    leak_grade = fields.Integer(validate=validate.Range(1, 3), allow_none=True)
    lel_percent = fields.Decimal(validate=decimal_between(0, 100), allow_none=True, places=1)
    lel_measured_at = fields.String(validate=validate.OneOf(LEL_PLACES), allow_none=True)
    pressure_class = fields.String(
        validate=validate.OneOf(("low", "medium", "high")), allow_none=True
    )
    vehicle_plate = fields.String(validate=validate.Length(min=2, max=20), allow_none=True)
    driver = fields.String(validate=validate.Length(max=120), allow_none=True)
    terminal_model = fields.String(validate=validate.Length(max=80), allow_none=True)
    fault_symptom = fields.String(validate=validate.Length(max=300), allow_none=True)
    product_model = fields.String(validate=validate.Length(max=80), allow_none=True)
    purchase_date = fields.Date(allow_none=True, validate=not_after_today)

    @validates_schema
    def _check_parts(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        if ("customer_id" in data) == ("customer" in data):
            errors["customer_id"] = ["Give customer_id or customer, not both."]
        if ("site_id" in data) == ("site" in data):
            errors["site"] = ["Give site or site_id, not both."]
        if "site_id" in data and "customer" in data:
            errors["site_id"] = ["A new customer needs a new site."]
        if "kind" in data:
            errors.update(field_errors(data["kind"], data))
        start, end = data.get("appointment_start"), data.get("appointment_end")
        if (start is None) != (end is None):
            errors["appointment_end"] = ["Give both ends of the appointment."]
        elif start and end and end <= start:
            errors["appointment_end"] = ["Must be after the appointment's start."]
        if errors:
            raise ValidationError(errors)


class OrderUpdateIn(Schema):
    version = fields.Integer(required=True)
    description = fields.String(validate=validate.Length(max=2000))
    priority = fields.Integer(validate=validate.Range(1, 5))
    duration_min = fields.Integer(validate=validate.Range(5, 720))
    pipe_diameter_mm = fields.Integer(
        validate=validate.Range(1, 4000, error="Must be between 1 and 4000 mm.")
    )
    leak_grade = fields.Integer(validate=validate.Range(1, 3))
    appointment_start = fields.AwareDateTime()
    appointment_end = fields.AwareDateTime()


class TransitionIn(Schema):
    to = fields.String(required=True, validate=validate.OneOf(STATUSES))
    version = fields.Integer(required=True)
    notes = fields.String(load_default="", validate=validate.Length(max=4000))
    technician_id = fields.Integer(validate=validate.Range(min=1))
    device_at = fields.AwareDateTime()


def _csv_of(choices: tuple[str, ...]) -> fields.Field:
    return DelimitedList(fields.String(validate=validate.OneOf(choices)))


class OrderQuery(Schema):
    status = _csv_of(STATUSES)
    kind = _csv_of(KINDS)
    overdue = fields.Boolean(load_default=False)
    technician_id = fields.Integer()
    customer_id = fields.Integer(
        validate=validate.Range(min=1), metadata={"description": "Only this customer's orders."}
    )
    q = fields.String(
        validate=validate.Length(max=100),
        metadata={"description": "Text in the order number or the customer's name or phone."},
    )
    sort = fields.String(
        load_default="due",
        validate=validate.OneOf(("due", "newest")),
        metadata={
            "description": "due: soonest deadline first (the default); newest: last taken first."
        },
    )
    ids = DelimitedList(
        fields.Integer(validate=validate.Range(min=1)),
        validate=validate.Length(max=500),
        metadata={"description": "Only these orders (comma-separated ids, at most 500)."},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 500))


class SiteBrief(Schema):
    address = fields.String()
    lat = fields.Float()
    lon = fields.Float()


class OrderOut(Schema):
    id = fields.Integer()
    number = fields.String()
    kind = fields.String()
    status = fields.String()
    priority = fields.Integer()
    version = fields.Integer()
    customer = fields.Nested(CustomerBrief)
    site = fields.Nested(SiteBrief)
    description = fields.String()
    skill = fields.String()
    duration_min = fields.Integer()
    reported_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime()
    respond_by = fields.AwareDateTime()
    make_safe_by = fields.AwareDateTime()
    size_class = fields.String()
    deadline_hard = fields.Boolean()
    appointment_start = fields.AwareDateTime()
    appointment_end = fields.AwareDateTime()
    technician_id = fields.Integer()
    scheduled_start = fields.AwareDateTime()
    scheduled_end = fields.AwareDateTime()
    work_date = fields.Date(
        metadata={"description": "The day an assigned order is planned for (null: today)."}
    )
    locked = fields.Boolean()
    completed_at = fields.AwareDateTime()
    closed_at = fields.AwareDateTime()
    pipe_diameter_mm = fields.Integer()
    leak_location = fields.String()
    leak_grade = fields.Integer()
    lel_percent = fields.Decimal(as_string=True)
    lel_measured_at = fields.String()
    pressure_class = fields.String()
    vehicle_plate = fields.String()
    driver = fields.String()
    terminal_model = fields.String()
    fault_symptom = fields.String()
    product_model = fields.String()
    purchase_date = fields.Date()

    @post_dump
    def _drop_other_kinds(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        own = set(KIND_FIELDS.get(data.get("kind", ""), ()))
        for name in ALL_KIND_FIELDS - own:
            data.pop(name, None)
        return data


class EventOut(Schema):
    id = fields.Integer()
    type = fields.String()
    at = fields.AwareDateTime()
    device_at = fields.AwareDateTime()
    actor = fields.Function(lambda e: e.actor.username if e.actor else None)
    from_status = fields.String(data_key="from")
    to_status = fields.String(data_key="to")
    technician_id = fields.Integer()
    notes = fields.String()


class OrderDetailOut(OrderOut):
    events = fields.List(fields.Nested(EventOut))
    parts = fields.Method("_parts")
    swaps = fields.Method("_swaps")
    fees = fields.Method("_fees")

    def _parts(self, order: Any) -> Any:
        """Parts used on site, as the technician app recorded them."""
        return fieldwork_schemas.PART_USES.dump(fieldwork.parts_of(order.id))

    def _swaps(self, order: Any) -> Any:
        return fieldwork_schemas.SWAPS.dump(fieldwork.swaps_of(order.id))

    def _fees(self, order: Any) -> Any:
        return fieldwork_schemas.FEES.dump(fieldwork.fees_of(order.id))


class OrderPage(Schema):
    items = fields.List(fields.Nested(OrderOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
