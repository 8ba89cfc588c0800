"""Shapes of the reports API: rows are plain JSON values (money as decimal strings)."""

from __future__ import annotations

from marshmallow import Schema, fields

from server.reports.columns import FORMATS


class ColumnOut(Schema):
    key = fields.String()
    label = fields.String(metadata={"description": "The column's heading."})
    format = fields.String(
        metadata={"description": "How to show its values.", "enum": list(FORMATS)}
    )
    group = fields.String(metadata={"description": "A heading over neighbouring columns."})


class ReportOut(Schema):
    title = fields.String()
    columns = fields.List(
        fields.Nested(ColumnOut), metadata={"description": "The table, in order."}
    )
    rows = fields.List(fields.Dict())


class FiguresOut(Schema):
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    reports = fields.Dict(keys=fields.String(), values=fields.Nested(ReportOut))
