"""Finance API: ledger, reversals, invoices, handovers, reconciliation, exports."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint

from server.accounts.auth import current_user, roles_required
from server.finance import anomalies as checks
from server.finance import policy, reconcile, service
from server.finance.export import export_file
from server.finance.models import CashHandover, FeeEntry
from server.finance.schemas import (
    AnomaliesOut,
    EntryList,
    EntryOut,
    ExportQuery,
    FeeScheduleOut,
    HandoverIn,
    HandoverList,
    HandoverOut,
    InvoiceIn,
    PeriodQuery,
    PositionList,
    ReconciliationOut,
    ReversalIn,
    period,
)

blp = Blueprint("finance", __name__, url_prefix="/api/v1/finance", description="Fees and cash")
OFFICE = ("finance", "admin")
READERS = (*OFFICE, "technician")


@blp.route("/fee-schedule")
@roles_required(*OFFICE)
@blp.response(200, FeeScheduleOut)
def fee_schedule() -> dict[str, Any]:
    """Which completed work must carry a fee, and when cash is handed in.

    Read from fixtures/policy/fees.json: change the file to change the rules.
    """
    return {**policy.fee_schedule(), "source": policy.fee_schedule_source()}


@blp.route("/reconciliation")
@roles_required(*READERS)
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, ReconciliationOut)
def get_reconciliation(query: dict[str, Any]) -> dict[str, Any]:
    start, end = period(query)
    rows = reconcile.reconciliation(current_user(), start, end, query.get("technician_id"))
    return {"rows": rows}


@blp.route("/entries")
@roles_required(*READERS)
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, EntryList)
def get_entries(query: dict[str, Any]) -> dict[str, Any]:
    start, end = period(query)
    return {"items": service.list_entries(current_user(), query.get("technician_id"), start, end)}


@blp.route("/entries/<int:entry_id>/reversal", methods=["POST"])
@roles_required(*OFFICE)
@blp.arguments(ReversalIn)
@blp.response(201, EntryOut)
def post_reversal(body: dict[str, Any], entry_id: int) -> FeeEntry:
    return service.reverse_entry(current_user(), entry_id, body["reason"])


@blp.route("/entries/<int:entry_id>/invoice", methods=["POST"])
@roles_required(*OFFICE)
@blp.arguments(InvoiceIn)
@blp.response(201, EntryOut)
def post_invoice(body: dict[str, Any], entry_id: int) -> FeeEntry:
    return service.record_invoice(current_user(), entry_id, body["invoice_no"])


@blp.route("/handovers")
@roles_required(*READERS)
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, HandoverList)
def get_handovers(query: dict[str, Any]) -> dict[str, Any]:
    start, end = period(query)
    who = query.get("technician_id")
    return {"items": service.list_handovers(current_user(), who, start, end)}


@blp.route("/handovers", methods=["POST"])
@roles_required(*OFFICE)
@blp.arguments(HandoverIn)
@blp.response(201, HandoverOut)
def post_handover(body: dict[str, Any]) -> CashHandover:
    return service.record_handover(current_user(), service.Handover(**body))


@blp.route("/cash-held")
@roles_required(*READERS)
@blp.response(200, PositionList)
def get_cash_held() -> dict[str, Any]:
    return {"items": reconcile.cash_positions(current_user())}


@blp.route("/anomalies")
@roles_required(*OFFICE)
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, AnomaliesOut)
def get_anomalies(query: dict[str, Any]) -> dict[str, Any]:
    return checks.anomalies(*period(query))


@blp.route("/export")
@roles_required(*OFFICE)
@blp.arguments(ExportQuery, location="query")
@blp.response(200, content_type="text/csv", description="CSV; with format=xlsx a workbook")
def get_export(query: dict[str, Any]) -> Response:
    start, end = period(query)
    body, media, name = export_file(current_user(), start, end, query["format"], query["table"])
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, mimetype=media, headers=headers)
