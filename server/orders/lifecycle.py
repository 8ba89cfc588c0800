"""The order life cycle of design/domain.md, and who may move an order where."""

from __future__ import annotations

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"ready", "cancelled"}),
    "ready": frozenset({"assigned", "cancelled"}),
    "assigned": frozenset({"en_route", "ready", "cancelled"}),
    "en_route": frozenset({"on_site", "on_hold", "cancelled"}),
    "on_site": frozenset({"completed", "on_hold"}),
    "on_hold": frozenset({"ready", "cancelled"}),
    "completed": frozenset({"closed", "ready"}),
    "closed": frozenset(),
    "cancelled": frozenset(),
}

FIELD_TARGETS = frozenset({"en_route", "on_site", "on_hold", "completed"})
ROLE_TARGETS: dict[str, frozenset[str]] = {
    "admin": frozenset(TRANSITIONS) - {"new"},
    "dispatcher": frozenset(TRANSITIONS) - {"new"},
    "technician": FIELD_TARGETS,
    "agent": frozenset({"closed", "ready", "cancelled"}),
    "finance": frozenset(),
}
NOTES_REQUIRED = frozenset({"completed", "on_hold"})


def is_allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def role_may(role: str, current: str, target: str) -> bool:
    """Agents may only reopen completed orders, not re-queue held ones."""
    if target == "ready" and role == "agent":
        return current == "completed"
    return target in ROLE_TARGETS.get(role, frozenset())
