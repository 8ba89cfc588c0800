"""Parts catalogue API."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts.auth import OFFICE_AND_FIELD, current_user, roles_required
from server.parts import service
from server.parts.models import Part
from server.parts.schemas import PartQuery, PartSchema, PartUpdateIn

blp = Blueprint("parts", __name__, url_prefix="/api/v1/parts", description="Parts catalogue")


@blp.route("")
class Parts(MethodView):
    @roles_required(*OFFICE_AND_FIELD)
    @blp.arguments(PartQuery, location="query")
    @blp.response(200, PartSchema(many=True))
    def get(self, query: dict[str, Any]) -> list[Part]:
        return service.list_parts(include_retired=query["include_retired"])

    @roles_required("admin")
    @blp.arguments(PartSchema)
    @blp.response(201, PartSchema)
    def post(self, body: dict[str, Any]) -> Part:
        return service.create_part(current_user(), body)


@blp.route("/<int:part_id>", methods=["PATCH"])
@roles_required("admin")
@blp.arguments(PartUpdateIn)
@blp.response(200, PartSchema)
def patch_part(body: dict[str, Any], part_id: int) -> Part:
    return service.update_part(current_user(), part_id, body)
