"""Plain pages: the front door."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("web", __name__, template_folder="templates")


LINKS = [
    ("/api/docs", "API documentation", "Browse and try the HTTP API (OpenAPI)."),
    ("/api/openapi.json", "OpenAPI description", "The machine-readable API description."),
]


@bp.get("/")
def index() -> str:
    return render_template("index.html", links=LINKS)
