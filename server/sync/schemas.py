"""Shapes of the sync protocol (design/sync.md): mutations, their payloads, results, pulls."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from server.fieldwork.iccid import iccid_problem
from server.finance.models import METHODS
from server.sync.models import RESULTS
from server.validators import cents, decimal_between

SERIAL = validate.Regexp(r"^[A-Za-z0-9-]{4,40}$", error="Use 4-40 letters, digits or dashes.")


def _iccid(value: str) -> None:
    problem = iccid_problem(value)
    if problem:
        raise ValidationError(problem)


class Fix(Schema):
    lat = fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = fields.Float(required=True, validate=validate.Range(-180, 180))
    accuracy_m = fields.Float(validate=validate.Range(min=0), allow_none=True)


class Payload(Schema):
    """Every payload may carry the phone's GPS fix; facts carry their own UUID."""

    location = fields.Nested(Fix, allow_none=True)


class FactPayload(Payload):
    uuid = fields.UUID()


class EnRoute(Payload):
    pass


class Arrived(Payload):
    lat = fields.Float(validate=validate.Range(-90, 90), allow_none=True)
    lon = fields.Float(validate=validate.Range(-180, 180), allow_none=True)
    accuracy_m = fields.Float(validate=validate.Range(min=0), allow_none=True)


class Hold(Payload):
    reason = fields.String(required=True, validate=validate.OneOf(("awaiting_parts", "no_access")))
    notes = fields.String(load_default="", validate=validate.Length(max=2000))


class Complete(Payload):
    notes = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class PartUse(FactPayload):
    part_id = fields.Integer(validate=validate.Range(min=1))
    part_code = fields.String(validate=validate.Length(1, 40))
    quantity = fields.Integer(load_default=1, validate=validate.Range(1, 999))
    serial = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))

    @validates_schema
    def _which_part(self, data: dict[str, Any], **_: Any) -> None:
        if "part_id" not in data and "part_code" not in data:
            raise ValidationError("Give part_id or part_code.", "part_id")


class TerminalSwap(FactPayload):
    old_serial = fields.String(required=True, validate=SERIAL)
    new_serial = fields.String(required=True, validate=SERIAL)

    @validates_schema
    def _different(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("old_serial") and data.get("old_serial") == data.get("new_serial"):
            raise ValidationError("The new terminal must differ from the old.", "new_serial")


class SimSwap(FactPayload):
    old_iccid = fields.String(required=True, validate=_iccid)
    new_iccid = fields.String(required=True, validate=_iccid)

    @validates_schema
    def _different(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("old_iccid") and data.get("old_iccid") == data.get("new_iccid"):
            raise ValidationError("The new SIM must differ from the old.", "new_iccid")


class Fee(FactPayload):
    amount = fields.Decimal(
        required=True, validate=[decimal_between(Decimal("0.01"), 1_000_000), cents]
    )
    currency = fields.String(load_default="CNY", validate=validate.Regexp(r"^[A-Z]{3}$"))
    method = fields.String(required=True, validate=validate.OneOf(METHODS))
    receipt_no = fields.String(required=True, validate=validate.Length(1, 40))
    invoice_requested = fields.Boolean(load_default=False)


class Attach(FactPayload):
    blob_id = fields.UUID(required=True)
    caption = fields.String(load_default="", validate=validate.Length(max=200))


class NoteAdd(FactPayload):
    text = fields.String(required=True, validate=validate.Length(1, 4000))
    base_version = fields.Integer(load_default=0, validate=validate.Range(min=0))


PAYLOADS: dict[str, Schema] = {
    "order.en_route": EnRoute(),
    "order.arrived": Arrived(),
    "order.hold": Hold(),
    "order.complete": Complete(),
    "part.use": PartUse(),
    "terminal.swap": TerminalSwap(),
    "sim.swap": SimSwap(),
    "fee.collect": Fee(),
    "photo.attach": Attach(),
    "signature.attach": Attach(),
    "note.add": NoteAdd(),
}


class MutationIn(Schema):
    """One mutation's envelope; its payload is checked by ``PAYLOADS[type]`` when applied."""

    class Meta:
        unknown = EXCLUDE

    id = fields.UUID(required=True)
    device_id = fields.String(validate=validate.Length(1, 64))
    seq = fields.Integer(required=True, validate=validate.Range(min=0))
    type = fields.String(required=True, validate=validate.OneOf(tuple(PAYLOADS)))
    order_id = fields.Integer(required=True, validate=validate.Range(min=1))
    base_version = fields.Integer(allow_none=True)
    at = fields.AwareDateTime(required=True)
    payload = fields.Dict(load_default=dict)


MUTATION = MutationIn()


class PushIn(Schema):
    device_id = fields.String(required=True, validate=validate.Length(1, 64))
    mutations = fields.List(fields.Dict(), required=True, validate=validate.Length(max=500))


class ResultOut(Schema):
    id = fields.String()
    status = fields.String(validate=validate.OneOf(RESULTS))
    code = fields.String()
    message = fields.String()
    original_status = fields.String()


class PushOut(Schema):
    results = fields.List(fields.Nested(ResultOut))


class PullQuery(Schema):
    cursor = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=200, validate=validate.Range(1, 1000))


class PullOut(Schema):
    changes = fields.List(fields.Dict())
    cursor = fields.Integer()
    more = fields.Boolean()
    full = fields.Boolean()
    timezone = fields.String(metadata={"description": "The operator's IANA time zone."})
