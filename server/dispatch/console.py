"""What the dispatcher console needs to know about its deployment."""

from __future__ import annotations

from typing import Any

from flask import current_app

from server.orders.kinds import LEAK_KINDS
from server.servicedesk.policy import desk_policy


def console_config() -> dict[str, Any]:
    """The map tile URL (empty: a plain background), the time zone, the default weight, the
    share of leak repairs the utility means to finish by their deadline (a fraction) and
    the kinds that are leak repairs; whether a grade-1 leak starts a re-plan by itself."""
    return {
        "tile_url": current_app.config["MAP_TILE_URL"],
        "timezone": current_app.config["TIMEZONE"],
        "lateness_weight": current_app.config["DISPATCH_LATENESS_WEIGHT"],
        "timeliness_target": float(desk_policy()["timeliness_target"]),
        "leak_kinds": sorted(LEAK_KINDS),
        "auto_replan": current_app.config["DISPATCH_AUTO_REPLAN"],
    }
