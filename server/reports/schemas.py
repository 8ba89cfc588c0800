"""Shapes of the reports API: rows are plain JSON values (money as decimal strings)."""

from __future__ import annotations

from marshmallow import Schema, fields


class ReportOut(Schema):
    title = fields.String()
    rows = fields.List(fields.Dict())


class FiguresOut(Schema):
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    reports = fields.Dict(keys=fields.String(), values=fields.Nested(ReportOut))
