"""Orders API: list, create, read, edit, move along the life cycle."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts.auth import OFFICE_AND_FIELD, current_user, roles_required
from server.orders import service
from server.orders.models import WorkOrder
from server.orders.schemas import (
    OrderDetailOut,
    OrderIn,
    OrderOut,
    OrderPage,
    OrderQuery,
    OrderUpdateIn,
    TransitionIn,
)
from server.orders.transitions import TransitionRequest, transition
from server.pagination import page_of

blp = Blueprint("orders", __name__, url_prefix="/api/v1/orders", description="Work orders")


@blp.route("")
class Orders(MethodView):
    @roles_required(*OFFICE_AND_FIELD)
    @blp.arguments(OrderQuery, location="query")
    @blp.response(200, OrderPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        return page_of(*service.list_orders(current_user(), query), query)

    @roles_required("admin", "dispatcher", "agent")
    @blp.arguments(OrderIn)
    @blp.response(201, OrderOut)
    def post(self, body: dict[str, Any]) -> WorkOrder:
        return service.create_order(current_user(), body)


@blp.route("/<int:order_id>")
class OrderItem(MethodView):
    @roles_required(*OFFICE_AND_FIELD)
    @blp.response(200, OrderDetailOut)
    def get(self, order_id: int) -> WorkOrder:
        return service.get_order(current_user(), order_id)

    @roles_required("admin", "dispatcher", "agent")
    @blp.arguments(OrderUpdateIn)
    @blp.response(200, OrderOut)
    def patch(self, body: dict[str, Any], order_id: int) -> WorkOrder:
        version = body.pop("version")
        return service.update_order(current_user(), order_id, version, body)


@blp.route("/<int:order_id>/transitions", methods=["POST"])
@roles_required(*OFFICE_AND_FIELD)
@blp.arguments(TransitionIn)
@blp.response(200, OrderOut)
def post_transition(body: dict[str, Any], order_id: int) -> WorkOrder:
    return transition(current_user(), order_id, TransitionRequest(**body))
