"""Technicians API."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts.auth import STAFF, current_user, roles_required
from server.technicians import service
from server.technicians.models import Technician
from server.technicians.schemas import TechnicianIn, TechnicianOut, TechnicianUpdateIn

blp = Blueprint(
    "technicians", __name__, url_prefix="/api/v1/technicians", description="Technicians"
)


@blp.route("")
class Technicians(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, TechnicianOut(many=True))
    def get(self) -> list[Technician]:
        return service.list_technicians()

    @roles_required("admin")
    @blp.arguments(TechnicianIn)
    @blp.response(201, TechnicianOut)
    def post(self, body: dict[str, Any]) -> Technician:
        return service.create_technician(current_user(), body)


@blp.route("/<int:technician_id>", methods=["PATCH"])
@roles_required("admin", "dispatcher")
@blp.arguments(TechnicianUpdateIn)
@blp.response(200, TechnicianOut)
def patch_technician(body: dict[str, Any], technician_id: int) -> Technician:
    return service.update_technician(current_user(), technician_id, body)
