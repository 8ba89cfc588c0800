"""Plain pages: the front door."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, send_from_directory

from server.config import ROOT

bp = Blueprint("web", __name__, template_folder="templates")


LINKS = [
    (
        "/dispatch/",
        "Dispatch",
        "Plan the day on the map, optimise, commit, move orders (dispatchers).",
    ),
    (
        "/app/",
        "Technician app",
        "The offline phone app: today's jobs, actions, sync (technicians).",
    ),
    ("/desk/", "Service desk", "Callbacks after completion and complaints (agents)."),
    ("/finance/", "Finance", "Reconciliation, cash handovers, exports (finance)."),
    (
        "/reports/",
        "Reports",
        "Timeliness, SLA, callbacks, complaints, fees (dispatchers, finance, admins).",
    ),
    ("/api/docs", "API documentation", "Browse and try the HTTP API (OpenAPI)."),
]


@bp.get("/")
def index() -> str:
    return render_template("index.html", links=LINKS)


@bp.get("/<any(dispatch, desk, finance, reports):console>/")
def console_page(console: str) -> Response:
    """The office consoles: static pages in pwa/<console>/ that log in through the API."""
    return send_from_directory(ROOT / "pwa" / console, "index.html", max_age=0)
