"""Plain pages: the front door."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, render_template, send_from_directory

from server.config import ROOT

bp = Blueprint("web", __name__, template_folder="templates")


@dataclass(frozen=True)
class Page:
    """A page of the system: the front door links it, the demo banner prints it."""

    path: str
    title: str
    text: str
    login: str = ""  # who signs in there (demo roles and logins)


PAGES = (
    Page(
        "/dispatch/",
        "Dispatch",
        "Plan the day on the map, optimise, commit, move orders (dispatchers).",
        "dispatcher",
    ),
    Page(
        "/app/",
        "Technician app",
        "The offline phone app: today's jobs, actions, sync (technicians).",
        "tech01 … tech14; try a phone-sized window",
    ),
    Page("/desk/", "Service desk", "Callbacks after completion and complaints (agents).", "agent"),
    Page("/finance/", "Finance", "Reconciliation, cash handovers, exports (finance).", "finance"),
    Page(
        "/reports/",
        "Reports",
        "Timeliness, SLA, callbacks, complaints, fees (dispatchers, finance, admins).",
        "dispatcher, finance or admin",
    ),
    Page(
        "/admin/",
        "Administration",
        "Users and staff who left, deadline rules, order kinds, holidays, the audit log (admins).",
        "admin",
    ),
    Page("/api/docs", "API documentation", "Browse and try the HTTP API (OpenAPI)."),
)


@bp.get("/")
def index() -> str:
    return render_template("index.html", pages=PAGES)


@bp.get("/<any(dispatch, desk, finance, reports, admin):console>/")
def console_page(console: str) -> Response:
    """The office consoles: static pages in pwa/<console>/ that log in through the API."""
    return send_from_directory(ROOT / "pwa" / console, "index.html", max_age=0)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The app's icon for every page (browsers ask for it where a page names none)."""
    return send_from_directory(
        ROOT / "pwa" / "app" / "icons", "icon-192.png", mimetype="image/png", max_age=86400
    )
