"""Rule files read as data from ``FIXTURES_DIR/policy`` (fee schedule, service desk).

Read once per process and path; editing a file takes effect on the next start.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app


@cache
def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def policy_path(name: str) -> Path:
    """Where ``fixtures/policy/<name>`` lies in this app's fixtures directory."""
    return Path(current_app.config["FIXTURES_DIR"]) / "policy" / name


def policy_file(name: str) -> dict[str, Any]:
    """The parsed ``fixtures/policy/<name>`` of this app's fixtures directory."""
    return _read(policy_path(name))
