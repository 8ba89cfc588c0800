"""Shapes of the finance API: money as decimal strings, times with offset."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.validators import cents, decimal_between

MAX_RANGE_DAYS = 366


class PeriodQuery(Schema):
    """``?date=`` for one day or ``?from=&to=`` for a range (at most a year)."""

    date = fields.Date()
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    technician_id = fields.Integer()

    @validates_schema
    def _one_form(self, data: dict[str, Any], **_: Any) -> None:
        if "date" in data:
            if "from_" in data or "to" in data:
                raise ValidationError("Give date, or from and to.", field_name="date")
            return
        if "from_" not in data or "to" not in data:
            raise ValidationError("Give date, or from and to.", field_name="date")
        if data["to"] < data["from_"]:
            raise ValidationError("Must not be before from.", field_name="to")
        if data["to"] - data["from_"] > timedelta(days=MAX_RANGE_DAYS):
            raise ValidationError(f"At most {MAX_RANGE_DAYS} days.", field_name="to")


def period(query: dict[str, Any]) -> tuple[date, date]:
    if "date" in query:
        return query["date"], query["date"]
    return query["from_"], query["to"]


class ReconciliationRowOut(Schema):
    technician_id = fields.Integer()
    date = fields.Date()
    collected_cash = fields.Decimal(as_string=True, places=2)
    handed_over = fields.Decimal(as_string=True, places=2)
    difference = fields.Decimal(as_string=True, places=2)


class ReconciliationOut(Schema):
    rows = fields.List(fields.Nested(ReconciliationRowOut))


class EntryOut(Schema):
    id = fields.Integer()
    uuid = fields.String()
    entry_type = fields.String()
    order_id = fields.Integer(allow_none=True)
    order_number = fields.Function(lambda e: e.order.number if e.order else None)
    technician_id = fields.Integer()
    technician_name = fields.Function(lambda e: e.technician.name)
    amount = fields.Decimal(as_string=True, places=2)
    currency = fields.String()
    method = fields.String()
    receipt_no = fields.String(allow_none=True)
    invoice_requested = fields.Boolean()
    invoice_no = fields.Function(
        lambda e: e.invoice.invoice_no if e.invoice else (e.invoice_no or None)
    )
    collected_at = fields.AwareDateTime()
    recorded_at = fields.AwareDateTime()
    recorded_by = fields.Function(lambda e: e.recorded_by.username if e.recorded_by else None)
    reverses_id = fields.Integer(allow_none=True)
    reversed_by_id = fields.Function(lambda e: e.reversal.id if e.reversal else None)
    reason = fields.String()


class EntryList(Schema):
    items = fields.List(fields.Nested(EntryOut))


class ReversalIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class InvoiceIn(Schema):
    invoice_no = fields.String(required=True, validate=validate.Length(min=1, max=40))


class HandoverIn(Schema):
    technician_id = fields.Integer(required=True)
    amount = fields.Decimal(required=True, validate=[decimal_between(Decimal("0.01")), cents])
    received_at = fields.AwareDateTime(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=500))


class HandoverOut(Schema):
    id = fields.Integer()
    technician_id = fields.Integer()
    technician_name = fields.Function(lambda h: h.technician.name)
    amount = fields.Decimal(as_string=True, places=2)
    currency = fields.String()
    received_at = fields.AwareDateTime()
    received_by = fields.Function(lambda h: h.received_by.username)
    recorded_at = fields.AwareDateTime()
    note = fields.String()


class HandoverList(Schema):
    items = fields.List(fields.Nested(HandoverOut))


class PositionOut(Schema):
    technician_id = fields.Function(lambda p: p.technician.id)
    technician_name = fields.Function(lambda p: p.technician.name)
    collected = fields.Decimal(as_string=True, places=2)
    handed_over = fields.Decimal(as_string=True, places=2)
    held = fields.Decimal(as_string=True, places=2)
    overdue = fields.Decimal(as_string=True, places=2)
    oldest_unpaid_day = fields.Date(allow_none=True)
    due_by = fields.AwareDateTime(allow_none=True)


class PositionList(Schema):
    items = fields.List(fields.Nested(PositionOut))


class FeeAnomalyOut(Schema):
    reason = fields.String()
    entry = fields.Nested(EntryOut)


class UnpaidWorkOut(Schema):
    order_id = fields.Integer(attribute="id")
    number = fields.String()
    kind = fields.String()
    technician_id = fields.Integer(allow_none=True)
    completed_at = fields.AwareDateTime()
    purchase_date = fields.Date(allow_none=True)


class AnomaliesOut(Schema):
    fees_without_completion = fields.List(fields.Nested(FeeAnomalyOut))
    completions_without_fee = fields.List(fields.Nested(UnpaidWorkOut))


class ExportQuery(PeriodQuery):
    format = fields.String(load_default="csv", validate=validate.OneOf(("csv", "xlsx")))
    table = fields.String(
        load_default="reconciliation", validate=validate.OneOf(("reconciliation", "ledger"))
    )


class FeeRuleOut(Schema):
    kind = fields.String()
    condition = fields.String(
        metadata={"description": "never (free work), always, or out_of_warranty"}
    )
    warranty_months = fields.Integer(allow_none=True)
    parts_only = fields.Boolean(
        dump_default=False, metadata={"description": "Chargeable only when parts were used."}
    )
    charges = fields.String(metadata={"description": "What the customer pays, in words."})


class FeeScheduleOut(Schema):
    currency = fields.String()
    handover_due = fields.String(
        metadata={"description": "When cash collected on site must be handed in."}
    )
    chargeable = fields.List(fields.Nested(FeeRuleOut))
    source = fields.String(metadata={"description": "The file the schedule is read from."})
