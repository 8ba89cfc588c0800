"""Sync API for the technician app: push mutations, pull changes (design/sync.md)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from server.accounts.auth import current_user, roles_required
from server.sync import changes, service
from server.sync.schemas import PullOut, PullQuery, PushIn, PushOut

blp = Blueprint("sync", __name__, url_prefix="/api/v1/sync", description="Offline sync")
changes.install()


@blp.route("/push", methods=["POST"])
@roles_required("technician")
@blp.arguments(PushIn)
@blp.response(200, PushOut)
def push(body: dict[str, Any]) -> dict[str, Any]:
    """Apply a batch of mutations in order; one result per mutation."""
    return {"results": service.push(current_user(), body["device_id"], body["mutations"])}


@blp.route("/pull", methods=["GET"])
@roles_required("technician")
@blp.arguments(PullQuery, location="query")
@blp.response(200, PullOut)
def pull(query: dict[str, Any]) -> dict[str, Any]:
    """Every change visible to this technician after the given cursor, and the new cursor."""
    return service.pull(current_user(), query["cursor"], query["limit"])
