"""Server-rendered SVG bar charts: grouped bars, an optional target line, a legend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 300, 56, 70, 36
COLORS = ("#2f6fed", "#c62828", "#b26a00", "#2e7d32")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # None: nothing to measure (a rate of no orders)


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
                f'fill="{COLORS[s % len(COLORS)]}"><title>{escape(one.label)} {escape(name)}: {shown}</title></rect>'
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
            f'<rect x="{x}" y="10" width="12" height="12" fill="{COLORS[s % len(COLORS)]}"/>'
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


#: Order kinds as the charts name them.
KIND_LABELS = {
    "water_leak": "Water leak",
    "gas_leak": "Gas leak",
    "gps_install": "GPS install",
    "gps_repair": "GPS repair",
}


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


def _counts(label_keys: tuple[str, ...], columns: tuple[str, ...]) -> Chart:
    def draw(title: str, rows: list[dict[str, Any]]) -> str:
        categories = [_category(r, label_keys) for r in rows]
        series = [Series(c.replace("_", " "), [float(r[c] or 0) for r in rows]) for c in columns]
        return bar_chart(title, categories, series)

    return draw


CHARTS: dict[str, Chart] = {
    "timeliness": _rates(("kind", "size_class"), "target"),
    "sla_by_kind": _rates(("kind",)),
    "callbacks": _counts(("date",), ("within", "late", "missing")),
    "complaints": _counts(("tier",), ("on_time", "overdue", "open_in_time", "first_contact_late")),
    "first_time_fix": _rates(("kind",)),
    "late_closes": _counts(("technician_name", "month"), ("count",)),
    "fees": _counts(("date",), ("collected_cash", "handed_over")),
}
