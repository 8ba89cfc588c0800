"""Reading and editing the policies; every edit is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select

from server.accounts.models import User
from server.audit import service as audit
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.policy.models import CalendarDay, DeadlineRule, KindPolicy
from server.policy.seed import ensure_defaults

RULE_FIELDS = (
    "attribute",
    "min_value",
    "max_value",
    "size_class",
    "due_amount",
    "due_unit",
    "respond_hours",
    "make_safe_hours",
    "hard",
)


def kind_policies() -> list[KindPolicy]:
    ensure_defaults()
    return list(db.session.scalars(select(KindPolicy).order_by(KindPolicy.kind)))


def kind_policy(kind: str) -> KindPolicy:
    ensure_defaults()
    policy = db.session.get(KindPolicy, kind)
    if policy is None:
        raise ValidationFailed("Unknown kind.", details={"kind": [f"Unknown kind {kind!r}."]})
    return policy


def deadline_rules(kind: str | None = None) -> list[DeadlineRule]:
    ensure_defaults()
    query = select(DeadlineRule).order_by(DeadlineRule.kind, DeadlineRule.id)
    if kind:
        query = query.where(DeadlineRule.kind == kind)
    return list(db.session.scalars(query))


def _check_coverage(rows: list[dict[str, Any]]) -> None:
    """Ranges of one kind must tile the whole number line: no gap, no overlap.

    Errors name the offending row by its position in ``rows`` as given.
    """
    attributes = {row.get("attribute") for row in rows}
    if len(attributes) != 1:
        raise ValidationFailed(
            "Mixed attributes.", details={"rules": ["Use one attribute per kind."]}
        )
    if attributes == {None}:
        if len(rows) != 1:
            raise ValidationFailed(
                "Ambiguous rules.", details={"rules": ["Give exactly one rule."]}
            )
        return
    ordered = sorted(
        enumerate(rows), key=lambda r: -(10**9) if r[1]["min_value"] is None else r[1]["min_value"]
    )
    expected_min: int | None = None
    for position, (index, row) in enumerate(ordered):
        if position and expected_min is None:
            raise ValidationFailed(
                "The ranges overlap.",
                details={f"rules.{index}.min_value": ["Overlaps the open-ended range."]},
            )
        if row["min_value"] != expected_min:
            raise ValidationFailed(
                "The ranges leave a gap or overlap.",
                details={f"rules.{index}.min_value": [f"Expected {expected_min!r}."]},
            )
        expected_min = None if row["max_value"] is None else row["max_value"] + 1
    if expected_min is not None:
        raise ValidationFailed(
            "The last range must be open-ended.",
            details={"rules": ["The highest range needs max_value null."]},
        )


def replace_deadline_rules(
    actor: User, kind: str, rows: list[dict[str, Any]]
) -> list[DeadlineRule]:
    """Replace ``kind``'s rule table as a whole, in one transaction."""
    kind_policy(kind)
    if not rows:
        raise ValidationFailed("No rules given.", details={"rules": ["Give at least one rule."]})
    _check_coverage(rows)
    before = [{f: getattr(r, f) for f in RULE_FIELDS} for r in deadline_rules(kind)]
    db.session.execute(delete(DeadlineRule).where(DeadlineRule.kind == kind))
    db.session.add_all(
        DeadlineRule(kind=kind, **{f: row.get(f) for f in RULE_FIELDS}) for row in rows
    )
    audit.record(actor, "deadline_rules", kind, "replaced", {"before": before, "after": rows})
    db.session.commit()
    return deadline_rules(kind)


def update_kind_policy(actor: User, kind: str, changes: dict[str, Any]) -> KindPolicy:
    policy = kind_policy(kind)
    diff = audit.apply_changes(policy, changes, shown=lambda value: value)
    audit.record(actor, "kind_policy", kind, "updated", diff)
    db.session.commit()
    return policy


def calendar_days(start: date, end: date) -> list[CalendarDay]:
    ensure_defaults()
    query = select(CalendarDay).where(CalendarDay.day >= start, CalendarDay.day <= end)
    return list(db.session.scalars(query.order_by(CalendarDay.day)))


def set_calendar_day(actor: User, day: date, working: bool, name: str) -> CalendarDay:
    ensure_defaults()
    row = db.session.get(CalendarDay, day) or CalendarDay(day=day)
    before = {"working": row.working, "name": row.name}
    row.working, row.name = working, name
    db.session.add(row)
    audit.record(
        actor,
        "calendar_day",
        day.isoformat(),
        "set",
        {"before": before, "after": {"working": working, "name": name}},
    )
    db.session.commit()
    return row


def delete_calendar_day(actor: User, day: date) -> None:
    row = db.session.get(CalendarDay, day)
    if row is None:
        raise NotFound(f"{day} has no calendar exception.")
    audit.record(
        actor,
        "calendar_day",
        day.isoformat(),
        "deleted",
        {"working": row.working, "name": row.name},
    )
    db.session.delete(row)
    db.session.commit()
