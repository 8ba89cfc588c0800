"""What each report's columns are: the heading people read and what kind of value it holds.

The reports page formats a cell by its column's ``format``, never by the value: a rate of
1 is "100.0 %", an amount of 0.50 stays 0.50.
"""

from __future__ import annotations

from dataclasses import dataclass

#: text as it is; an order kind by its name; a whole number; a fraction 0..1 shown as a
#: percentage (null: nothing to measure); a decimal amount; a yes/no answer.
FORMATS = ("text", "kind", "count", "percent", "money", "yes_no")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    format: str = "count"
    group: str = ""  # a heading over neighbouring columns that share it

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"Column {self.key!r}: unknown format {self.format!r}.")


KIND = Column("kind", "Kind", "kind")
COMPLETED = Column("completed", "Completed")

COLUMNS: dict[str, tuple[Column, ...]] = {
    "timeliness": (
        KIND,
        Column("size_class", "Size class", "text"),
        COMPLETED,
        Column("on_time", "On time"),
        Column("rate", "Rate", "percent"),
        Column("target", "Target", "percent"),
        Column("meets_target", "Meets target", "yes_no"),
    ),
    "sla_by_kind": (
        KIND,
        COMPLETED,
        Column("on_time", "On time"),
        Column("rate", "Rate", "percent"),
        Column("open_overdue", "Open, overdue"),
    ),
    "callbacks": (
        Column("date", "Completed on", "text"),
        Column("completions", "Completions"),
        Column("within", "Called in time"),
        Column("late", "Called late"),
        Column("missing", "Not called"),
        Column("rate", "Rate", "percent"),
    ),
    "complaints": (
        Column("tier", "Tier", "text"),
        Column("total", "Complaints"),
        Column("on_time", "On time", group="Resolution"),
        Column("overdue", "Late or overdue", group="Resolution"),
        Column("open_in_time", "Still in time", group="Resolution"),
        Column("first_contact_on_time", "On time", group="First contact"),
        Column("first_contact_late", "Late or overdue", group="First contact"),
        Column("first_contact_pending", "Still in time", group="First contact"),
    ),
    "first_time_fix": (
        KIND,
        COMPLETED,
        Column("first_time", "Fixed first time"),
        Column("rate", "Rate", "percent"),
    ),
    "late_closes": (
        Column("month", "Month", "text"),
        Column("technician_name", "Technician", "text"),
        Column("count", "Late closes"),
    ),
    "fees": (
        Column("date", "Date", "text"),
        Column("collected_cash", "Cash collected", "money"),
        Column("handed_over", "Handed in", "money"),
        Column("difference", "Difference", "money"),
    ),
}


def label(report: str, key: str) -> str:
    """The heading of ``report``'s column ``key`` (under its group's, if any)."""
    column = next(c for c in COLUMNS[report] if c.key == key)
    return f"{column.group.lower()} {column.label.lower()}" if column.group else column.label
