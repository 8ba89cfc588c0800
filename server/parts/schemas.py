"""Shapes of the parts catalogue."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.technicians.models import SKILLS
from server.validators import decimal_between


class PartSchema(Schema):
    id = fields.Integer(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    unit_price = fields.Decimal(
        required=True, as_string=True, places=2, validate=decimal_between(0)
    )
    currency = fields.String(load_default="CNY", validate=validate.Length(equal=3))
    serial_tracked = fields.Boolean(load_default=False)
    skill = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(SKILLS))
    active = fields.Boolean(dump_only=True)
