"""The technician app (``pwa/app``) at ``/app/``: shell files, manifest and service worker.

The service worker's cache name carries a hash of every shell file, computed once when
the application starts, so a deploy that changes any of them installs a new cache.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory
from flask.blueprints import BlueprintSetupState

from server.config import ROOT

bp = Blueprint("techapp", __name__, url_prefix="/app")

SHARED = ("/static/shared/api.js", "/static/shared/format.js", "/static/vendor/idb/index.js")
SHARED_FILES = tuple(ROOT / "pwa" / url.removeprefix("/static/") for url in SHARED)


@dataclass(frozen=True)
class Build:
    folder: Path
    version: str
    shell: tuple[str, ...]


def _shell_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "sw.js")


def scan(folder: Path) -> Build:
    """Hash the shell (and sw.js itself) into a build version; list the URLs to precache."""
    digest = hashlib.sha256()
    files = [*_shell_files(folder), folder / "sw.js", *SHARED_FILES]
    for path in files:
        digest.update(str(path.relative_to(ROOT if path.is_relative_to(ROOT) else folder)).encode())
        digest.update(path.read_bytes())
    urls = ["/app/"] + [f"/app/{p.relative_to(folder).as_posix()}" for p in _shell_files(folder)]
    return Build(folder, digest.hexdigest()[:16], (*urls, *SHARED))


@bp.record_once
def _scan_on_start(state: BlueprintSetupState) -> None:
    app = state.app
    app.extensions["techapp"] = scan(Path(app.config.get("TECHAPP_DIR") or ROOT / "pwa" / "app"))


def _build() -> Build:
    build: Build = current_app.extensions["techapp"]
    return build


def _no_cache(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
def index() -> Response:
    return _no_cache(send_from_directory(_build().folder, "index.html", max_age=0))


@bp.get("/sw.js")
def service_worker() -> Response:
    build = _build()
    source = (build.folder / "sw.js").read_text(encoding="utf-8")
    source = source.replace('"__BUILD__"', json.dumps(build.version))
    source = source.replace("__SHELL__", json.dumps(list(build.shell)))
    response = Response(source, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/app/"
    return _no_cache(response)


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    response = send_from_directory(_build().folder, "manifest.webmanifest", max_age=0)
    response.mimetype = "application/manifest+json"
    return _no_cache(response)


@bp.get("/version")
def version() -> Response:
    """The running build, for the app's "new version" check and for tests."""
    return _no_cache(
        Response(json.dumps({"version": _build().version}), mimetype="application/json")
    )


@bp.get("/<path:name>")
def shell_file(name: str) -> Response:
    return _no_cache(send_from_directory(_build().folder, name, max_age=0))
