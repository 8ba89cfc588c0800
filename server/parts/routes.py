"""Parts catalogue API."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts.auth import OFFICE_AND_FIELD, current_user, roles_required
from server.parts import service
from server.parts.models import Part
from server.parts.schemas import PartSchema

blp = Blueprint("parts", __name__, url_prefix="/api/v1/parts", description="Parts catalogue")


@blp.route("")
class Parts(MethodView):
    @roles_required(*OFFICE_AND_FIELD)
    @blp.response(200, PartSchema(many=True))
    def get(self) -> list[Part]:
        return service.list_parts()

    @roles_required("admin")
    @blp.arguments(PartSchema)
    @blp.response(201, PartSchema)
    def post(self, body: dict[str, Any]) -> Part:
        return service.create_part(current_user(), body)
