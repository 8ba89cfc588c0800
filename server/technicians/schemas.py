"""Shapes of the technicians API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.technicians.models import SKILLS

Skills = fields.List(
    fields.String(validate=validate.OneOf(SKILLS)), validate=validate.Length(min=1)
)


class TechnicianOut(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    username = fields.Function(lambda t: t.user.username)
    name = fields.String()
    phone = fields.String()
    skills = fields.List(fields.String())
    shift_start = fields.Time()
    shift_end = fields.Time()
    home_address = fields.String()
    home_lat = fields.Float()
    home_lon = fields.Float()
    color = fields.String()
    active = fields.Boolean()
    last_lat = fields.Float()
    last_lon = fields.Float()
    last_fix_at = fields.AwareDateTime()


class TechnicianIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=2, max=64))
    password = fields.String(required=True)
    full_name = fields.String(load_default="", validate=validate.Length(max=120))
    phone = fields.String(load_default="", validate=validate.Length(max=40))
    skills = fields.List(
        fields.String(validate=validate.OneOf(SKILLS)),
        required=True,
        validate=validate.Length(min=1),
    )
    shift_start = fields.Time(required=True)
    shift_end = fields.Time(required=True)
    home_address = fields.String(load_default="", validate=validate.Length(max=300))
    home_lat = fields.Float(required=True, allow_nan=False, validate=validate.Range(-90, 90))
    home_lon = fields.Float(required=True, allow_nan=False, validate=validate.Range(-180, 180))
    color = fields.String(load_default="#1f77b4", validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$"))


class TechnicianUpdateIn(Schema):
    phone = fields.String(validate=validate.Length(max=40))
    skills = fields.List(
        fields.String(validate=validate.OneOf(SKILLS)), validate=validate.Length(min=1)
    )
    shift_start = fields.Time()
    shift_end = fields.Time()
    home_address = fields.String(validate=validate.Length(max=300))
    home_lat = fields.Float(allow_nan=False, validate=validate.Range(-90, 90))
    home_lon = fields.Float(allow_nan=False, validate=validate.Range(-180, 180))
    active = fields.Boolean()
    color = fields.String(validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$"))
