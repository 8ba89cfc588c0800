"""Exports for accounting: CSV (csv module) and XLSX (openpyxl) with the page's totals."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from server.accounts.models import User
from server.finance.models import FeeEntry
from server.finance.reconcile import ZERO, ReconciliationRow, reconciliation
from server.finance.service import list_entries
from server.technicians.service import technician_name
from server.timeutil import operator_tz

Table = tuple[list[str], list[list[Any]]]
RECON_HEADER = [
    "technician_id",
    "technician",
    "date",
    "collected_cash",
    "handed_over",
    "difference",
]
LEDGER_HEADER = [
    "entry_id", "type", "collected_at", "technician_id", "technician", "order", "method",
    "amount", "currency", "receipt_no", "invoice_requested", "invoice_no", "reverses", "reason",
    "recorded_by",
]  # fmt: skip


def _recon_rows(rows: list[ReconciliationRow]) -> list[list[Any]]:
    table: list[list[Any]] = [
        [r.technician_id, technician_name(r.technician_id), r.date.isoformat(), r.collected_cash,
         r.handed_over, r.difference]
        for r in rows
    ]  # fmt: skip
    totals = [sum((r.collected_cash for r in rows), ZERO), sum((r.handed_over for r in rows), ZERO)]
    table.append(["", "TOTAL", "", totals[0], totals[1], totals[0] - totals[1]])
    return table


def _ledger_row(e: FeeEntry) -> list[Any]:
    invoice = e.invoice.invoice_no if e.invoice else (e.invoice_no or "")
    return [
        e.id, e.entry_type, e.collected_at.astimezone(operator_tz()).isoformat(),
        e.technician_id, e.technician.name, e.order.number if e.order else "", e.method,
        e.amount, e.currency, e.receipt_no or "", e.invoice_requested, invoice,
        e.reverses_id or "", e.reason, e.recorded_by.username if e.recorded_by else "",
    ]  # fmt: skip


def _ledger_rows(entries: list[FeeEntry]) -> list[list[Any]]:
    table = [_ledger_row(e) for e in entries]
    total = sum((e.amount for e in entries), ZERO)
    table.append(["", "TOTAL", "", "", "", "", "", total, "", "", "", "", "", "", ""])
    return table


def _reconciliation(actor: User, start: date, end: date) -> Table:
    return RECON_HEADER, _recon_rows(reconciliation(actor, start, end))


def _ledger(actor: User, start: date, end: date) -> Table:
    return LEDGER_HEADER, _ledger_rows(list_entries(actor, None, start, end))


TABLES = {"reconciliation": _reconciliation, "ledger": _ledger}


def _cell(value: Any) -> Any:
    return f"{value:.2f}" if isinstance(value, Decimal) else value


def to_csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def to_xlsx(sheets: dict[str, Table]) -> bytes:
    """A workbook with one sheet per table; money as numbers formatted to the cent."""
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title.capitalize())
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, (int, float, Decimal)) and not isinstance(
                    cell.value, bool
                ):
                    cell.number_format = (
                        "0.00" if isinstance(row[cell.column - 1], Decimal) else "0"
                    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_file(
    actor: User, start: date, end: date, fmt: str, table: str
) -> tuple[bytes, str, str]:
    """The file body, its media type and a download name (a CSV builds only its table)."""
    stem = f"{table if fmt == 'csv' else 'finance'}-{start.isoformat()}_{end.isoformat()}"
    if fmt == "xlsx":
        sheets = {name: build(actor, start, end) for name, build in TABLES.items()}
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return to_xlsx(sheets), media, f"{stem}.xlsx"
    body = to_csv(*TABLES[table](actor, start, end))
    return body.encode("utf-8"), "text/csv; charset=utf-8", f"{stem}.csv"
