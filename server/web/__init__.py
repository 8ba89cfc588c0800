"""Plain pages: the front door."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, send_from_directory

from server.config import ROOT

bp = Blueprint("web", __name__, template_folder="templates")


LINKS = [
    ("/api/docs", "API documentation", "Browse and try the HTTP API (OpenAPI)."),
    ("/api/openapi.json", "OpenAPI description", "The machine-readable API description."),
]


@bp.get("/")
def index() -> str:
    return render_template("index.html", links=LINKS)


@bp.get("/<any(dispatch, desk, finance, reports):console>/")
def console_page(console: str) -> Response:
    """The office consoles: static pages in pwa/<console>/ that log in through the API."""
    return send_from_directory(ROOT / "pwa" / console, "index.html", max_age=0)
