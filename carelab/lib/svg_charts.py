"""Charts drawn on the server as SVG text: horizontal bar charts and a line chart.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (through ``aria-labelledby``), so a screen reader announces one image
rather than a heap of shapes. Every chart CareLab shows sits next to a table with
the same numbers: the table is the accessible source, the chart a picture of it.

Our Content-Security-Policy forbids inline styles, so colours and sizes are SVG
presentation attributes (``fill=``, ``font-size=``), which CSP allows, and layout
beyond that lives in ``carelab.css`` (``.carelab-chart``). All text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

BAR_COLOUR = "#005eb8"  # NHS blue
LINE_COLOUR = "#005eb8"
AXIS_COLOUR = "#4c6272"
TEXT_COLOUR = "#212b32"

_ROW_HEIGHT = 28
_BAR_HEIGHT = 18
_FONT_SIZE = 14
_LABEL_WIDTH = 260
_VALUE_WIDTH = 70
_CHART_WIDTH = 640


def safe_id(value: str) -> str:
    """An id fit for an XML attribute and an aria reference: letters, digits, - and _ only."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", value).strip("-")
    return cleaned or "chart"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _open_svg(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    chart_id = safe_id(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carelab-chart" id="{chart_id}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="inherit" font-size="{_FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[tuple[str, float]],
    *,
    description: str = "",
    value_suffix: str = "",
) -> str:
    """A horizontal bar chart: one labelled bar per (label, value), longest bar for the largest value.

    ``value_suffix`` follows each printed value ("%" for percentages). Negative values
    are drawn as empty bars; a chart with no bars still has its title and description.
    """
    description = description or "; ".join(f"{label}: {format_value(value)}{value_suffix}" for label, value in bars)
    height = max(len(bars), 1) * _ROW_HEIGHT + 8
    parts = _open_svg(chart_id, _CHART_WIDTH, height, title, description)
    largest = max((value for _, value in bars), default=0)
    plot_width = _CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    for index, (label, value) in enumerate(bars):
        top = 4 + index * _ROW_HEIGHT
        middle = top + _ROW_HEIGHT / 2
        length = 0 if largest <= 0 or value <= 0 else max(1, round(plot_width * value / largest))
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{middle:.0f}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}">{escape(_truncate(label, 34))}</text>'
        )
        parts.append(
            f'<rect x="{_LABEL_WIDTH}" y="{top + (_ROW_HEIGHT - _BAR_HEIGHT) / 2:.0f}" width="{length}" '
            f'height="{_BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{_LABEL_WIDTH + length + 6}" y="{middle:.0f}" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}">{escape(format_value(value) + value_suffix)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    chart_id: str,
    title: str,
    points: Sequence[tuple[str, float]],
    *,
    description: str = "",
    height: int = 240,
) -> str:
    """A line through (label, value) points in order, with the first and last labels and the peak marked.

    One point is drawn as a dot. Values below zero are clamped to the axis.
    """
    description = description or "; ".join(f"{label}: {format_value(value)}" for label, value in points)
    width = _CHART_WIDTH
    left, right, top, bottom = 48, 16, 16, 40
    parts = _open_svg(chart_id, width, height, title, description)
    plot_width = width - left - right
    plot_height = height - top - bottom
    largest = max((value for _, value in points), default=0)
    scale_max = largest if largest > 0 else 1
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}" y2="{top + plot_height}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append(
        f'<text x="{left - 6}" y="{top}" text-anchor="end" dominant-baseline="middle" fill="{TEXT_COLOUR}">'
        f"{escape(format_value(largest))}</text>"
    )
    parts.append(
        f'<text x="{left - 6}" y="{top + plot_height}" text-anchor="end" dominant-baseline="middle" '
        f'fill="{TEXT_COLOUR}">0</text>'
    )
    coordinates = []
    for index, (_, value) in enumerate(points):
        x = left + (plot_width / 2 if len(points) == 1 else plot_width * index / (len(points) - 1))
        y = top + plot_height - plot_height * max(value, 0) / scale_max
        coordinates.append((x, y))
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="3"/>')
    elif coordinates:
        x, y = coordinates[0]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE_COLOUR}"/>')
    if points:
        first_label, last_label = points[0][0], points[-1][0]
        baseline = top + plot_height + 24
        parts.append(
            f'<text x="{left}" y="{baseline}" fill="{TEXT_COLOUR}">{escape(_truncate(first_label, 24))}</text>'
        )
        if len(points) > 1:
            parts.append(
                f'<text x="{left + plot_width}" y="{baseline}" text-anchor="end" fill="{TEXT_COLOUR}">'
                f"{escape(_truncate(last_label, 24))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
