"""Audit log API (admins)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.accounts.auth import roles_required
from server.audit import service
from server.audit.models import AuditEntry

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit", description="Audit log")


class AuditQuery(Schema):
    entity_type = fields.String()
    entity_id = fields.String()
    limit = fields.Integer(load_default=200, validate=validate.Range(1, 1000))
    before_id = fields.Integer(
        validate=validate.Range(min=1),
        metadata={
            "description": "Only entries older than this one (id < before_id): pass the last"
            " id of a page to get the next."
        },
    )


class AuditOut(Schema):
    id = fields.Integer()
    at = fields.AwareDateTime()
    actor_id = fields.Integer()
    entity_type = fields.String()
    entity_id = fields.String()
    action = fields.String()
    changes = fields.Dict()


@blp.route("")
@roles_required("admin")
@blp.arguments(AuditQuery, location="query")
@blp.response(200, AuditOut(many=True))
def list_audit(query: dict[str, Any]) -> list[AuditEntry]:
    return service.list_entries(**query)
