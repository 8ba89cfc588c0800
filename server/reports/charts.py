"""Server-rendered SVG bar charts: grouped bars, an optional target line, a legend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from server.orders.kinds import KIND_LABELS
from server.reports.columns import label

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 300, 56, 70, 36
COLORS = ("#2f6fed", "#c62828", "#b26a00", "#2e7d32")
#: Colours that mean something, the same on every chart: done in time, late, not yet due.
ON_TIME, LATE, MISSING, PENDING = "#2e7d32", "#c62828", "#b26a00", "#8a9bb0"


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # None: nothing to measure (a rate of no orders)
    color: str | None = None  # None: the next of COLORS


def _color(series: list[Series], s: int) -> str:
    return series[s].color or COLORS[s % len(COLORS)]


def _nice_max(values: list[float], percent: bool) -> float:
    if percent:
        return 1.0
    top = max([*values, 1.0])
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if top <= step * 5:
            return float(step * 5)
    return top


def _axis(peak: float, percent: bool) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    out = []
    for i in range(6):
        value = peak * i / 5
        y = HEIGHT - BOTTOM - plot_h * i / 5
        label = f"{value:.0%}" if percent else f"{value:g}"
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ee"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#5b6878">{label}</text>'
        )
    return out


def _bars(categories: list[str], series: list[Series], peak: float, percent: bool) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar = min(36.0, (slot - 12) / max(len(series), 1))
    out = []
    for c, name in enumerate(categories):
        x0 = LEFT + c * slot + (slot - bar * len(series)) / 2
        for s, one in enumerate(series):
            value = one.values[c]
            if value is None:
                out.append(_no_data(x0 + s * bar + (bar - 2) / 2))
                continue
            h = plot_h * min(value / peak, 1.0) if peak else 0
            x, y = x0 + s * bar, HEIGHT - BOTTOM - h
            shown = f"{value:.1%}" if percent else f"{value:g}"
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                f'fill="{_color(series, s)}"><title>{escape(one.label)} {escape(name)}: {shown}</title></rect>'
            )
        label_x = LEFT + c * slot + slot / 2
        out.append(
            f'<text x="{label_x:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="11" text-anchor="end" '
            f'transform="rotate(-25 {label_x:.1f} {HEIGHT - BOTTOM + 14})" fill="#1d2733">{escape(name)}</text>'
        )
    return out


def _legend(series: list[Series], target: float | None) -> list[str]:
    out, x = [], LEFT
    for s, one in enumerate(series):
        out.append(
            f'<rect x="{x}" y="10" width="12" height="12" fill="{_color(series, s)}"/>'
            f'<text x="{x + 16}" y="20" font-size="12">{escape(one.label)}</text>'
        )
        x += 24 + 7 * len(one.label)
    if target is not None:
        out.append(
            f'<line x1="{x}" x2="{x + 16}" y1="16" y2="16" stroke="#1d2733" stroke-dasharray="4 3"/>'
            f'<text x="{x + 20}" y="20" font-size="12">target {target:.0%}</text>'
        )
    return out


def bar_chart(
    title: str,
    categories: list[str],
    series: list[Series],
    *,
    percent: bool = False,
    target: float | None = None,
) -> str:
    """An SVG document of grouped bars; ``percent`` values are fractions 0..1."""
    peak = _nice_max([v for s in series for v in s.values if v is not None], percent)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" font-family="system-ui, sans-serif">',
        f"<title>{escape(title)}</title>",
        *_axis(peak, percent),
        *_bars(categories, series, peak, percent),
        *_legend(series, target),
    ]
    if target is not None:
        y = HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * target / peak
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#1d2733" stroke-dasharray="4 3"/>'
        )
    if not categories:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#5b6878">No data in this period</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Stack:
    """One bar per category whose segments count each item once: they add up to the total."""

    label: str
    segments: list[Series]

    def total(self, c: int) -> float:
        return sum(one.values[c] or 0 for one in self.segments)


def _stacks(categories: list[str], stacks: list[Stack], peak: float) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - TOP - BOTTOM
    slot, bar, gap = plot_w / max(len(categories), 1), 36.0, 40.0
    scale = plot_h / peak
    out = []
    for c, name in enumerate(categories):
        center = LEFT + c * slot + slot / 2
        x0 = center - (len(stacks) * (bar + gap) - gap) / 2
        for k, stack in enumerate(stacks):
            x, y = x0 + k * (bar + gap), float(HEIGHT - BOTTOM)
            for i, one in enumerate(stack.segments):
                value = one.values[c] or 0
                if value:
                    y -= value * scale
                    tip = f"{name}, {stack.label}: {one.label} {value:g} of {stack.total(c):g}"
                    out.append(
                        f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{value * scale:.1f}" '
                        f'fill="{_color(stack.segments, i)}" stroke="#fff"><title>{escape(tip)}</title></rect>'
                    )
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 13}" font-size="10" '
                f'text-anchor="middle" fill="#5b6878">{escape(stack.label)}</text>'
            )
        out.append(
            f'<text x="{center:.1f}" y="{HEIGHT - BOTTOM + 32}" font-size="12" font-weight="600" '
            f'text-anchor="middle" fill="#1d2733">{escape(name)}</text>'
        )
    return out


def stacked_chart(title: str, categories: list[str], stacks: list[Stack]) -> str:
    """An SVG document of stacked bars, side by side per category; the legend names the
    segments of the first stack (the stacks share their segments' meanings and colours)."""
    peak = _nice_max([s.total(c) for s in stacks for c in range(len(categories))], False)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" font-family="system-ui, sans-serif">',
        f"<title>{escape(title)}</title>",
        *_axis(peak, False),
        *_stacks(categories, stacks, peak),
        *_legend(stacks[0].segments, None),
        "</svg>",
    ]
    return "".join(parts)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _no_data(x: float) -> str:
    """A mark where a bar has nothing to measure, so that it does not read as 0 %."""
    y = HEIGHT - BOTTOM - 4
    return (
        f'<text x="{x:.1f}" y="{y}" font-size="10" text-anchor="middle" fill="#5b6878">'
        f"<title>no orders to measure</title>n/a</text>"
    )


Chart = Callable[[str, list[dict[str, Any]]], str]


def _category(row: dict[str, Any], keys: tuple[str, ...]) -> str:
    """A bar's label: the row's values under ``keys``, an order kind by its name."""
    return " ".join(KIND_LABELS.get(str(row[k]), str(row[k])) for k in keys)


def _rates(label_keys: tuple[str, ...], target_key: str | None = None) -> Chart:
    def draw(title: str, rows: list[dict[str, Any]]) -> str:
        categories = [_category(r, label_keys) for r in rows]
        target = rows[0][target_key] if rows and target_key else None
        series = [Series("rate", [_num(r["rate"]) for r in rows])]
        return bar_chart(title, categories, series, percent=True, target=target)

    return draw


def _counts(report: str, label_keys: tuple[str, ...], columns: dict[str, str | None]) -> Chart:
    """Grouped bars of ``columns`` (key: colour, None for the next of COLORS), each named
    as the report's table heads it."""

    def draw(title: str, rows: list[dict[str, Any]]) -> str:
        categories = [_category(r, label_keys) for r in rows]
        series = [
            Series(label(report, c), [float(r[c] or 0) for r in rows], color)
            for c, color in columns.items()
        ]
        return bar_chart(title, categories, series)

    return draw


#: What a complaint can be against a deadline, in the order the segments stack.
_STATES = (("on time", ON_TIME), ("late or overdue", LATE), ("still in time", PENDING))
#: Each deadline's count of complaints in each of the _STATES, by the report's columns.
_DEADLINES = {
    "resolution": ("on_time", "overdue", "open_in_time"),
    "first contact": ("first_contact_on_time", "first_contact_late", "first_contact_pending"),
}


def _complaints(title: str, rows: list[dict[str, Any]]) -> str:
    """Per tier, each complaint once against its resolution deadline and once against its
    first-contact deadline."""
    stacks = [
        Stack(deadline, [Series(name, [float(r[k]) for r in rows], color)
                         for k, (name, color) in zip(keys, _STATES, strict=True)])
        for deadline, keys in _DEADLINES.items()
    ]  # fmt: skip
    return stacked_chart(title, [str(r["tier"]) for r in rows], stacks)


CHARTS: dict[str, Chart] = {
    "timeliness": _rates(("kind", "size_class"), "target"),
    "sla_by_kind": _rates(("kind",)),
    "callbacks": _counts(
        "callbacks", ("date",), {"within": ON_TIME, "late": LATE, "missing": MISSING}
    ),
    "complaints": _complaints,
    "first_time_fix": _rates(("kind",)),
    "late_closes": _counts("late_closes", ("technician_name", "month"), {"count": None}),
    "fees": _counts("fees", ("date",), {"collected_cash": None, "handed_over": None}),
}
