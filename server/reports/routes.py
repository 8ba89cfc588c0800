"""Reports API: all figures as JSON; each report as CSV or an SVG chart."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint

from server.accounts.auth import roles_required
from server.finance.schemas import PeriodQuery, period
from server.reports import service
from server.reports.schemas import FiguresOut

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Reports")
READERS = ("dispatcher", "finance", "admin")


@blp.route("")
@roles_required(*READERS)
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, FiguresOut)
def get_figures(query: dict[str, Any]) -> dict[str, Any]:
    return service.all_figures(*period(query))


@blp.route("/<name>.csv")
@roles_required(*READERS)
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, content_type="text/csv", description="One report as CSV")
def get_csv(query: dict[str, Any], name: str) -> Response:
    start, end = period(query)
    body = service.report_csv(name, start, end)
    headers = {"Content-Disposition": f'attachment; filename="{name}-{start}_{end}.csv"'}
    return Response(body, mimetype="text/csv", headers=headers)


@blp.route("/<name>.svg")
@roles_required(*READERS)
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, content_type="image/svg+xml", description="One report as a chart")
def get_svg(query: dict[str, Any], name: str) -> Response:
    return Response(service.report_svg(name, *period(query)), mimetype="image/svg+xml")
