"""Shapes of customers, sites and vehicles."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.customers.models import GRADES


class SiteIn(Schema):
    address = fields.String(required=True, validate=validate.Length(min=3, max=300))
    lat = fields.Float(required=True, allow_nan=False, validate=validate.Range(-90, 90))
    lon = fields.Float(required=True, allow_nan=False, validate=validate.Range(-180, 180))


class CustomerIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    phone = fields.String(
        load_default="",
        validate=[
            validate.Length(max=40),
            validate.Regexp(r"^[0-9+()\s-]*$", error="Digits, spaces, +, - and brackets only."),
        ],
    )
    grade = fields.String(load_default="C", validate=validate.OneOf(GRADES))
    sites = fields.List(fields.Nested(SiteIn), load_default=list)


class SiteOut(Schema):
    id = fields.Integer()
    address = fields.String()
    lat = fields.Float()
    lon = fields.Float()


class CustomerBrief(Schema):
    id = fields.Integer()
    name = fields.String()
    grade = fields.String()


class CustomerOut(CustomerBrief):
    phone = fields.String()
    sites = fields.List(fields.Nested(SiteOut))
    vehicles = fields.Method("_plates")

    def _plates(self, customer: object) -> list[str]:
        return [v.plate for v in getattr(customer, "vehicles", [])]


class CustomerQuery(Schema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=100),
        metadata={
            "description": "Text in the name, or digits in the phone (spaces and dashes ignored)."
        },
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class CustomerPage(Schema):
    items = fields.List(fields.Nested(CustomerOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
