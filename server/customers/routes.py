"""Customers API: search, create, read."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts.auth import STAFF, roles_required
from server.customers import service
from server.customers.models import Customer
from server.customers.schemas import CustomerIn, CustomerOut, CustomerPage, CustomerQuery
from server.pagination import page_of

blp = Blueprint("customers", __name__, url_prefix="/api/v1/customers", description="Customers")


@blp.route("")
class Customers(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(CustomerQuery, location="query")
    @blp.response(200, CustomerPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        found = service.search_customers(query["q"], query["page"], query["per_page"])
        return page_of(*found, query)

    @roles_required("admin", "dispatcher", "agent")
    @blp.arguments(CustomerIn)
    @blp.response(201, CustomerOut)
    def post(self, body: dict[str, Any]) -> Customer:
        return service.create_customer(body)


@blp.route("/<int:customer_id>")
@roles_required(*STAFF)
@blp.response(200, CustomerOut)
def get_customer(customer_id: int) -> Customer:
    return service.find_customer(customer_id)
