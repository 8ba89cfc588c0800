"""Shapes of the parts catalogue."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from server.technicians.models import SKILLS
from server.validators import cents, decimal_between


def _price(**options: Any) -> fields.Decimal:
    return fields.Decimal(as_string=True, validate=[decimal_between(0), cents], **options)


def _skill(**options: Any) -> fields.String:
    return fields.String(allow_none=True, validate=validate.OneOf(SKILLS), **options)


def _name(**options: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=200), **options)


class PartSchema(Schema):
    id = fields.Integer(dump_only=True)
    code = fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=40),
            validate.Regexp(
                r"^[A-Z0-9]+(-[A-Z0-9]+)*$",
                error="Capital letters and digits, in parts joined by dashes (GAS-REG).",
            ),
        ],
    )
    name = _name(required=True)
    unit_price = _price(required=True)
    currency = fields.String(load_default="CNY", validate=validate.Length(equal=3))
    serial_tracked = fields.Boolean(load_default=False)
    skill = _skill(load_default=None)
    active = fields.Boolean(dump_only=True)


class PartUpdateIn(Schema):
    """What an admin may change of a part. Its code and serial tracking stay: the part uses
    already recorded name the part by them."""

    name = _name()
    unit_price = _price()
    skill = _skill()
    active = fields.Boolean(metadata={"description": "false retires the part from the list."})


class PartQuery(Schema):
    include_retired = fields.Boolean(
        load_default=False, metadata={"description": "List retired parts too (the admin's view)."}
    )
