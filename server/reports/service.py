"""Reports over a period: JSON figures, CSV downloads, SVG charts."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from server.errors import NotFound
from server.reports.charts import CHARTS
from server.reports.columns import COLUMNS
from server.reports.figures import REPORTS, Period
from server.timeutil import utcnow


def _report(name: str) -> tuple[str, Any]:
    if name not in REPORTS:
        raise NotFound(f"No report {name!r}; try one of {', '.join(REPORTS)}.")
    return REPORTS[name]


def all_figures(start: date, end: date) -> dict[str, Any]:
    period = Period(start, end, utcnow())
    return {
        "from_": start,
        "to": end,
        "reports": {
            name: {"title": title, "columns": COLUMNS[name], "rows": build(period)}
            for name, (title, build) in REPORTS.items()
        },
    }


def report_csv(name: str, start: date, end: date) -> str:
    title, build = _report(name)
    rows = build(Period(start, end, utcnow()))
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    else:
        out.write(f"# {title}: no data from {start} to {end}\n")
    return out.getvalue()


def report_svg(name: str, start: date, end: date) -> str:
    title, build = _report(name)
    return CHARTS[name](f"{title}, {start} to {end}", build(Period(start, end, utcnow())))
