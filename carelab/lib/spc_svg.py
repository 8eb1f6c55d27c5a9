"""SPC and run charts drawn on the server as SVG, with the Making Data Count icons.

Like carelab/lib/svg_charts.py: one ``<svg role="img">`` named by its ``<title>`` and described by
its ``<desc>``; presentation attributes only (our Content-Security-Policy forbids inline styles);
every piece of text escaped. The page shows a data table with the same numbers and a plain-language
summary beside each chart: the table is the accessible source, the chart a picture of it.

Colour is never the only signal: a special-cause point is also drawn in a shape of its own
(a diamond for improvement, a square for concern, a triangle pointing up or down for a high or low
point when neither direction is better), named in the legend and in each point's tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from carelab.lib.spc import AttributeChart, RunChart, XmRChart
from carelab.lib.svg_charts import format_value, safe_id

WIDTH = 720
HEIGHT = 380
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 36, 72
FONT_SIZE = 13

DATA = "#425563"  # NHS dark grey
COMMON = "#768692"  # NHS mid grey
IMPROVEMENT = "#005eb8"  # NHS blue, as Making Data Count's improvement blue
CONCERN = "#ed8b00"  # NHS orange, as Making Data Count's concern orange
NEITHER = "#330072"  # NHS purple, for high or low when neither direction is better
TARGET = "#da291c"  # NHS red
CYCLE = "#e8edee"  # NHS pale grey band behind a PDSA cycle
CYCLE_LINE = "#003087"  # NHS dark blue: the dashed line where a PDSA cycle starts
TEXT = "#212b32"

SIGNAL_WORDS = {
    "improvement": "special-cause improvement",
    "concern": "special-cause concern",
    "high": "special cause, high",
    "low": "special cause, low",
    "signal": "beyond a control limit",
    None: "common-cause variation",
}

VARIATION_ICONS = {
    "common": ("~", COMMON, "Common-cause variation: no significant change"),
    "improvement-high": ("H", IMPROVEMENT, "Special-cause variation: improvement, with higher values"),
    "improvement-low": ("L", IMPROVEMENT, "Special-cause variation: improvement, with lower values"),
    "concern-high": ("H", CONCERN, "Special-cause variation: concern, with higher values"),
    "concern-low": ("L", CONCERN, "Special-cause variation: concern, with lower values"),
    "neither-high": ("H", NEITHER, "Special-cause variation: higher values, neither better nor worse"),
    "neither-low": ("L", NEITHER, "Special-cause variation: lower values, neither better nor worse"),
}
ASSURANCE_ICONS = {
    "pass": ("P", IMPROVEMENT, "Assurance: the process will consistently meet the target"),
    "fail": ("F", CONCERN, "Assurance: the process will consistently miss the target"),
    "hit-or-miss": ("?", COMMON, "Assurance: the process will meet the target only some of the time"),
}


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """What the drawing needs of one point, whichever kind of chart it comes from."""

    label: str
    value: float | None
    centre: float | None = None
    lower: float | None = None
    upper: float | None = None
    signal: str | None = None  # a key of SIGNAL_WORDS
    period: int = 0


@dataclass(frozen=True, slots=True)
class Cycle:
    """A PDSA cycle marked on the chart: a dashed vertical line where it starts, labelled above the plot,
    and a pale band to the point where it ends when `end` is given.

    `start` and `end` are positions in points: 3 is on the fourth point, 2.5 halfway between the third
    and the fourth (a cycle that started between two dates), -0.5 the plot's left edge. `detail` is
    the longer text of the mark's tooltip (the label when empty).
    """

    label: str
    start: float
    end: float | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    number: int
    index: int
    text: str


def points_from_xmr(chart: XmRChart, labels: Sequence[str]) -> list[ChartPoint]:
    return [
        ChartPoint(label, p.value, p.centre, p.lower, p.upper, p.signal, p.period)
        for label, p in zip(labels, chart.points, strict=True)
    ]


def points_from_attribute(chart: AttributeChart, labels: Sequence[str]) -> list[ChartPoint]:
    return [
        ChartPoint(label, p.value, p.centre, p.lower, p.upper, "signal" if p.signal else None, p.part)
        for label, p in zip(labels, chart.points, strict=True)
    ]


def points_from_run(chart: RunChart, labels: Sequence[str]) -> list[ChartPoint]:
    return [ChartPoint(label, value, chart.centre) for label, value in zip(labels, chart.values, strict=True)]


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers for the value axis (1, 2 or 5 × a power of ten apart)."""
    span = high - low or abs(high) or 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    return [round(first + i * step, 10) for i in range(int((high - first) / step) + 1)]


@dataclass(frozen=True, slots=True)
class Layout:
    """Where things go: shared by the SVG and the PNG drawings of a chart."""

    xs: tuple[float, ...]
    low: float
    high: float
    count: int
    plot_width: int = WIDTH - LEFT - RIGHT
    plot_height: int = HEIGHT - TOP - BOTTOM

    @classmethod
    def of(cls, points: Sequence[ChartPoint], target: float | None) -> Layout:
        numbers = [n for p in points for n in (p.value, p.centre, p.lower, p.upper) if n is not None]
        if target is not None:
            numbers.append(target)
        low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
        pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
        count = max(len(points), 1)
        plot_width = WIDTH - LEFT - RIGHT
        xs = tuple(LEFT + plot_width * (i + 0.5) / count for i in range(len(points)))
        return cls(xs, low - pad, high + pad, count)

    def x_at(self, position: float) -> float:
        """Where a position in points falls (see `Cycle`)."""
        return LEFT + self.step * (position + 0.5)

    def y(self, value: float) -> float:
        return TOP + self.plot_height * (self.high - value) / (self.high - self.low)

    @property
    def step(self) -> float:
        return self.plot_width / self.count

    def ticks(self) -> list[float]:
        return _ticks(self.low, self.high)

    def label_every(self) -> int:
        return max(1, math.ceil(len(self.xs) / 12))


def _marker(signal: str | None, x: float, y: float, tooltip: str) -> str:
    title = f"<title>{escape(tooltip)}</title>"
    if signal == "improvement":
        shape = f'<path d="M{x:.1f} {y - 6:.1f}L{x + 6:.1f} {y:.1f}L{x:.1f} {y + 6:.1f}L{x - 6:.1f} {y:.1f}Z"'
        return f'{shape} fill="{IMPROVEMENT}" stroke="#ffffff">{title}</path>'
    if signal in ("concern", "signal"):
        square = f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10"'
        return f'{square} fill="{CONCERN}" stroke="#ffffff">{title}</rect>'
    if signal in ("high", "low"):
        tip = -6 if signal == "high" else 6
        shape = f'<path d="M{x:.1f} {y + tip:.1f}L{x + 6:.1f} {y - tip:.1f}L{x - 6:.1f} {y - tip:.1f}Z"'
        return f'{shape} fill="{NEITHER}" stroke="#ffffff">{title}</path>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{COMMON}">{title}</circle>'


def _step_line(points: Sequence[ChartPoint], xs: list[float], y, attribute: str) -> list[str]:
    """A line drawn as steps (limits can change at each point), broken between periods and gaps."""
    half = (xs[1] - xs[0]) / 2 if len(xs) > 1 else 8
    paths, current, period = [], [], None
    for point, x in zip(points, xs, strict=True):
        value = getattr(point, attribute)
        if value is None or point.period != period:
            if current:
                paths.append(current)
            current = []
            period = point.period
        if value is not None:
            current.append(f"{x - half:.1f} {y(value):.1f}H{x + half:.1f}")
    if current:
        paths.append(current)
    return ["M" + "L".join(path) for path in paths]


def spc_chart_svg(
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[ChartPoint],
    *,
    unit: str = "",
    target: float | None = None,
    cycles: Sequence[Cycle] = (),
    annotations: Sequence[Annotation] = (),
) -> str:
    """An SPC or run chart: the data, the centre line, the process or control limits (dashed), an
    optional target (dotted), PDSA cycles as dashed vertical lines at their starts and numbered annotations."""
    chart_id = safe_id(chart_id)
    layout = Layout.of(points, target)
    xs, y, plot_height = layout.xs, layout.y, layout.plot_height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carelab-chart carelab-spc-chart" id="{chart_id}" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="inherit" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    shown_cycles = on_chart(cycles, len(points))
    for cycle in shown_cycles:
        if cycle.end is not None and cycle.end > cycle.start:
            x0, x1 = layout.x_at(cycle.start), layout.x_at(min(cycle.end, len(points) - 0.5))
            parts.append(f'<rect x="{x0:.1f}" y="{TOP}" width="{x1 - x0:.1f}" height="{plot_height}" fill="{CYCLE}"/>')
    for row, cycle in enumerate(shown_cycles):
        x = layout.x_at(cycle.start)
        words = escape(cycle.detail or cycle.label)
        parts.append(
            f'<g><line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 12 * (row % 2)}" y2="{TOP + plot_height}" '
            f'stroke="{CYCLE_LINE}" stroke-width="1.5" stroke-dasharray="5 3"><title>{words}</title></line>'
            f'<text x="{x + 3:.1f}" y="{TOP - 4 - 12 * (row % 2)}" fill="{CYCLE_LINE}" font-size="11">'
            f"{escape(cycle.label)}<title>{words}</title></text></g>"
        )
    for tick in layout.ticks():
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#d8dde0"/>')
        parts.append(
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end" fill="{TEXT}">{escape(format_value(tick))}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_height}" stroke="{DATA}"/>'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_height}" y2="{TOP + plot_height}" stroke="{DATA}"/>'
    )
    if unit:
        parts.append(
            f'<text x="14" y="{TOP + plot_height / 2:.1f}" fill="{TEXT}" text-anchor="middle" '
            f'transform="rotate(-90 14 {TOP + plot_height / 2:.1f})">{escape(unit)}</text>'
        )
    every = layout.label_every()
    for i, (point, x) in enumerate(zip(points, xs, strict=True)):
        if i % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{TOP + plot_height + 18}" text-anchor="middle" fill="{TEXT}" '
                f'font-size="11">{escape(point.label)}</text>'
            )
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{TARGET}" '
            f'stroke-width="1.5" stroke-dasharray="2 4"><title>Target: {escape(format_value(target))}</title></line>'
        )
    for attribute, dash, name in (("upper", "6 4", "Upper limit"), ("lower", "6 4", "Lower limit"), ("centre", "", "")):
        for d in _step_line(points, xs, y, attribute):
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            label = f"<title>{name}</title>" if name else "<title>Centre line</title>"
            parts.append(f'<path d="{d}" fill="none" stroke="{DATA}" stroke-width="1.5"{dashes}>{label}</path>')
    segments, current = [], []
    for point, x in zip(points, xs, strict=True):
        if point.value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{x:.1f} {y(point.value):.1f}")
    if current:
        segments.append(current)
    for segment in segments:
        if len(segment) > 1:
            parts.append(f'<path d="M{"L".join(segment)}" fill="none" stroke="{COMMON}" stroke-width="1.5"/>')
    for point, x in zip(points, xs, strict=True):
        if point.value is not None:
            amount = f"{format_value(point.value)} {unit}".strip()
            tooltip = f"{point.label}: {amount}, {SIGNAL_WORDS[point.signal]}"
            parts.append(_marker(point.signal, x, y(point.value), tooltip))
    for note in annotations:
        if 0 <= note.index < len(points) and points[note.index].value is not None:
            nx, ny = xs[note.index], y(points[note.index].value) - 16
            parts.append(
                f'<g><circle cx="{nx:.1f}" cy="{ny:.1f}" r="8" fill="#ffffff" stroke="{TEXT}"/>'
                f'<text x="{nx:.1f}" y="{ny + 4:.1f}" text-anchor="middle" font-size="11" fill="{TEXT}">'
                f"{note.number}</text>"
                f"<title>Note {note.number}: {escape(note.text)}</title></g>"
            )
    parts.append(_legend(points, target is not None, bool(shown_cycles)))
    parts.append("</svg>")
    return "".join(parts)


CYCLE_LEGEND = "PDSA cycle starts"


def on_chart(cycles: Sequence[Cycle], count: int) -> list[Cycle]:
    """The cycles that start within the plot, in the order they start."""
    return sorted((c for c in cycles if count and -0.5 <= c.start <= count - 0.5), key=lambda c: c.start)


def _legend(points: Sequence[ChartPoint], has_target: bool, has_cycles: bool) -> str:
    present = {p.signal for p in points if p.value is not None}
    entries = [(None, "Common cause")]
    shown = [s for s in ("improvement", "concern", "high", "low", "signal") if s in present]
    entries += [(s, SIGNAL_WORDS[s].capitalize()) for s in shown]
    y0 = HEIGHT - 22
    parts, x = ['<g aria-hidden="true">'], LEFT
    for signal, words in entries:
        parts.append(_marker(signal, x + 6, y0, words))
        parts.append(f'<text x="{x + 16}" y="{y0 + 4}" fill="{TEXT}" font-size="11">{escape(words)}</text>')
        x += 24 + 6.2 * len(words)
    parts.append(
        f'<line x1="{x}" x2="{x + 22}" y1="{y0}" y2="{y0}" stroke="{DATA}" stroke-dasharray="6 4"/>'
        f'<text x="{x + 28}" y="{y0 + 4}" fill="{TEXT}" font-size="11">Limits</text>'
    )
    x += 76
    if has_target:
        parts.append(
            f'<line x1="{x}" x2="{x + 22}" y1="{y0}" y2="{y0}" stroke="{TARGET}" stroke-dasharray="2 4" '
            'stroke-width="1.5"/>'
            f'<text x="{x + 28}" y="{y0 + 4}" fill="{TEXT}" font-size="11">Target</text>'
        )
        x += 76
    if has_cycles:
        parts.append(
            f'<line x1="{x + 11}" x2="{x + 11}" y1="{y0 - 8}" y2="{y0 + 8}" stroke="{CYCLE_LINE}" stroke-width="1.5" '
            'stroke-dasharray="5 3"/>'
            f'<text x="{x + 28}" y="{y0 + 4}" fill="{TEXT}" font-size="11">{CYCLE_LEGEND}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def icon_svg(kind: str, key: str | None, size: int = 56) -> str:
    """A Making Data Count icon ("variation" or "assurance") as an SVG image with its text alternative.
    Empty when there is no icon to show (no assurance without a target)."""
    table = VARIATION_ICONS if kind == "variation" else ASSURANCE_ICONS
    if key not in table:
        return ""
    letter, colour, words = table[key]
    half = size / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carelab-spc-icon" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="{escape(words)}">'
        f"<title>{escape(words)}</title>"
        f'<circle cx="{half}" cy="{half}" r="{half - 3}" fill="#ffffff" stroke="{colour}" stroke-width="4"/>'
        f'<text x="{half}" y="{half + 8}" text-anchor="middle" font-size="{int(size * 0.42)}" font-weight="bold" '
        f'fill="{colour}">{escape(letter)}</text></svg>'
    )


def icon_words(kind: str, key: str | None) -> str:
    table = VARIATION_ICONS if kind == "variation" else ASSURANCE_ICONS
    return table[key][2] if key in table else ""
