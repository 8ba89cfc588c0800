"""Blobs API: photos and signatures uploaded by the technician app, read by the office."""

from __future__ import annotations

from typing import Any

from flask import Response, request, send_file
from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts.auth import OFFICE_AND_FIELD, current_user, roles_required
from server.fieldwork import blobs
from server.fieldwork.schemas import BlobOut

blp = Blueprint("blobs", __name__, url_prefix="/api/v1/blobs", description="Photos and signatures")

UUID = "<uuid:blob_id>"


@blp.route(f"/{UUID}")
class BlobItem(MethodView):
    @roles_required("technician")
    @blp.response(200, BlobOut)
    @blp.alt_response(201, schema=BlobOut, description="Stored for the first time")
    def put(self, blob_id: Any) -> tuple[Any, int]:
        """Upload the bytes with their SHA-256 in the X-Content-SHA256 header (idempotent)."""
        blob, created = blobs.store_blob(
            current_user(),
            str(blob_id),
            request.get_data(cache=False),
            request.headers.get("X-Content-SHA256", ""),
            request.mimetype,
        )
        return blob, 201 if created else 200

    @roles_required(*OFFICE_AND_FIELD)
    def get(self, blob_id: Any) -> Response:
        """The stored bytes."""
        path, content_type = blobs.open_blob(current_user(), str(blob_id))
        return send_file(path, mimetype=content_type, max_age=86400)
