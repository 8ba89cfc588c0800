"""Shapes of the accounts API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.accounts.models import ROLES


class LoginIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256))


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    role = fields.String()
    active = fields.Boolean()


class SettingsOut(Schema):
    timezone = fields.String(metadata={"description": "IANA zone the business works in"})


class LoginOut(Schema):
    token = fields.String()
    user = fields.Nested(UserOut)


class PasswordChangeIn(Schema):
    current_password = fields.String(required=True)
    new_password = fields.String(required=True, validate=validate.Length(max=256))


class UserCreateIn(Schema):
    username = fields.String(
        required=True,
        validate=[
            validate.Length(min=2, max=64),
            validate.Regexp(r"^[A-Za-z0-9_.-]+$", error="Letters, digits, '_', '.', '-' only."),
        ],
    )
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(required=True, validate=validate.Length(max=256))
    full_name = fields.String(load_default="", validate=validate.Length(max=120))


class PasswordResetIn(Schema):
    password = fields.String(required=True, validate=validate.Length(max=256))


class UserActiveIn(Schema):
    active = fields.Boolean(required=True)
