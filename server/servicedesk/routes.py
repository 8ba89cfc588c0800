"""Service-desk API: callback queue and outcomes, SMS log, late closes, complaints."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_smorest import Blueprint

from server.accounts.auth import current_user, roles_required
from server.servicedesk import callbacks, complaints, lateclose
from server.servicedesk.models import Callback, Complaint
from server.servicedesk.schemas import (
    CallbackIn,
    CallbackOut,
    CloseIn,
    ComplaintIn,
    ComplaintList,
    ComplaintOut,
    ComplaintQuery,
    FirstContactIn,
    LateCloseReport,
    MonthQuery,
    QueueOut,
    SmsList,
)
from server.timeutil import utcnow

blp = Blueprint("desk", __name__, url_prefix="/api/v1/desk", description="Service desk")
DESK = ("agent", "admin")
LATE_CLOSE_READERS = (*DESK, "dispatcher", "finance")


@blp.route("/callbacks")
@roles_required(*DESK)
@blp.response(200, QueueOut)
def get_queue() -> dict[str, Any]:
    return {"items": callbacks.callback_queue(), "now": utcnow()}


@blp.route("/callbacks", methods=["POST"])
@roles_required(*DESK)
@blp.arguments(CallbackIn)
@blp.response(201, CallbackOut)
def post_callback(body: dict[str, Any]) -> Callback:
    return callbacks.record_callback(current_user(), callbacks.Outcome(**body))


@blp.route("/sms")
@roles_required(*DESK)
@blp.response(200, SmsList)
def get_sms() -> dict[str, Any]:
    return {"items": callbacks.sms_messages()}


@blp.route("/late-closes")
@roles_required(*LATE_CLOSE_READERS)
@blp.arguments(MonthQuery, location="query")
@blp.response(200, LateCloseReport)
def get_late_closes(query: dict[str, Any]) -> dict[str, Any]:
    return lateclose.month_report(date.fromisoformat(query["month"] + "-01"))


@blp.route("/complaints")
@roles_required(*DESK)
@blp.arguments(ComplaintQuery, location="query")
@blp.response(200, ComplaintList)
def get_complaints(query: dict[str, Any]) -> dict[str, Any]:
    return {"items": complaints.list_complaints(query.get("status"))}


@blp.route("/complaints", methods=["POST"])
@roles_required(*DESK)
@blp.arguments(ComplaintIn)
@blp.response(201, ComplaintOut)
def post_complaint(body: dict[str, Any]) -> Complaint:
    return complaints.open_complaint(current_user(), complaints.Intake(**body))


@blp.route("/complaints/<int:complaint_id>")
@roles_required(*DESK)
@blp.response(200, ComplaintOut)
def get_complaint(complaint_id: int) -> Complaint:
    return complaints.get_complaint(complaint_id)


@blp.route("/complaints/<int:complaint_id>/first-contact", methods=["POST"])
@roles_required(*DESK)
@blp.arguments(FirstContactIn)
@blp.response(200, ComplaintOut)
def post_first_contact(body: dict[str, Any], complaint_id: int) -> Complaint:
    return complaints.record_first_contact(current_user(), complaint_id, body["notes"])


@blp.route("/complaints/<int:complaint_id>/close", methods=["POST"])
@roles_required(*DESK)
@blp.arguments(CloseIn)
@blp.response(200, ComplaintOut)
def post_close(body: dict[str, Any], complaint_id: int) -> Complaint:
    return complaints.close_complaint(current_user(), complaint_id, body)
