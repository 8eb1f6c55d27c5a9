"""The same SPC and run charts as carelab/lib/spc_svg.py, drawn as a PNG for slides and reports.

Drawn with Pillow (already a CareLab dependency, for images in posts) from the same layout as the
SVG, so both downloads show the same picture: shapes as well as colours for signals, dashed limits,
a dotted target, PDSA cycles as dashed vertical lines where they start and numbered notes. Drawn at
twice the SVG's size, so text stays sharp on slides.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from carelab.lib import spc_svg as s
from carelab.lib.spc_svg import Annotation, ChartPoint, Cycle, Layout
from carelab.lib.svg_charts import format_value

SCALE = 2


@lru_cache(maxsize=8)
def _font(size: int):
    return ImageFont.load_default(size=size * SCALE)


def _dashed(draw: ImageDraw.ImageDraw, x0: float, x1: float, y: float, colour: str, dash: int, gap: int, width=1):
    x = x0
    while x < x1:
        end = min(x + dash, x1)
        draw.line([(x * SCALE, y * SCALE), (end * SCALE, y * SCALE)], fill=colour, width=width * SCALE)
        x = end + gap


def _vdashed(draw: ImageDraw.ImageDraw, x: float, y0: float, y1: float, colour: str, dash: int, gap: int, width=1):
    y = y0
    while y < y1:
        end = min(y + dash, y1)
        draw.line([(x * SCALE, y * SCALE), (x * SCALE, end * SCALE)], fill=colour, width=width * SCALE)
        y = end + gap


def _marker(draw: ImageDraw.ImageDraw, signal: str | None, x: float, y: float) -> None:
    x, y = x * SCALE, y * SCALE
    r = 6 * SCALE
    if signal == "improvement":
        draw.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill=s.IMPROVEMENT, outline="#ffffff")
    elif signal in ("concern", "signal"):
        draw.rectangle([x - 5 * SCALE, y - 5 * SCALE, x + 5 * SCALE, y + 5 * SCALE], fill=s.CONCERN, outline="#ffffff")
    elif signal in ("high", "low"):
        tip = -r if signal == "high" else r
        draw.polygon([(x, y + tip), (x + r, y - tip), (x - r, y - tip)], fill=s.NEITHER, outline="#ffffff")
    else:
        draw.ellipse([x - 3.5 * SCALE, y - 3.5 * SCALE, x + 3.5 * SCALE, y + 3.5 * SCALE], fill=s.COMMON)


def spc_chart_png(
    title: str,
    points: Sequence[ChartPoint],
    *,
    unit: str = "",
    target: float | None = None,
    cycles: Sequence[Cycle] = (),
    annotations: Sequence[Annotation] = (),
) -> bytes:
    layout = Layout.of(points, target)
    image = Image.new("RGB", (s.WIDTH * SCALE, (s.HEIGHT + 24) * SCALE), "#ffffff")
    draw = ImageDraw.Draw(image)
    # The title sits above the plot: a PNG has no <title> of its own.
    offset = 24
    draw.text((s.LEFT * SCALE, 4 * SCALE), title[:90], fill=s.TEXT, font=_font(14))

    def y(value: float) -> float:
        return layout.y(value) + offset

    top, bottom = s.TOP + offset, s.TOP + offset + layout.plot_height
    right = s.WIDTH - s.RIGHT
    shown_cycles = s.on_chart(cycles, len(points))
    for cycle in shown_cycles:
        if cycle.end is not None and cycle.end > cycle.start:
            x0, x1 = layout.x_at(cycle.start), layout.x_at(min(cycle.end, len(points) - 0.5))
            draw.rectangle([x0 * SCALE, top * SCALE, x1 * SCALE, bottom * SCALE], fill=s.CYCLE)
    for row, cycle in enumerate(shown_cycles):
        x = layout.x_at(cycle.start)
        _vdashed(draw, x, top - 12 * (row % 2), bottom, s.CYCLE_LINE, 5, 3, width=2)
        draw.text(
            ((x + 3) * SCALE, (top - 4 - 12 * (row % 2)) * SCALE),
            cycle.label[:24],
            fill=s.CYCLE_LINE,
            font=_font(11),
            anchor="ls",
        )
    for tick in layout.ticks():
        ty = y(tick)
        draw.line([(s.LEFT * SCALE, ty * SCALE), (right * SCALE, ty * SCALE)], fill="#d8dde0", width=SCALE)
        draw.text(((s.LEFT - 8) * SCALE, ty * SCALE), format_value(tick), fill=s.TEXT, font=_font(12), anchor="rm")
    draw.line([(s.LEFT * SCALE, top * SCALE), (s.LEFT * SCALE, bottom * SCALE)], fill=s.DATA, width=SCALE)
    draw.line([(s.LEFT * SCALE, bottom * SCALE), (right * SCALE, bottom * SCALE)], fill=s.DATA, width=SCALE)
    if unit:
        label = Image.new("RGBA", (200 * SCALE, 18 * SCALE), (255, 255, 255, 0))
        ImageDraw.Draw(label).text((100 * SCALE, 9 * SCALE), unit[:30], fill=s.TEXT, font=_font(12), anchor="mm")
        rotated = label.rotate(90, expand=True)
        image.paste(rotated, (4 * SCALE, int((top + layout.plot_height / 2 - 100) * SCALE)), rotated)
    for i, (point, x) in enumerate(zip(points, layout.xs, strict=True)):
        if i % layout.label_every() == 0:
            draw.text((x * SCALE, (bottom + 12) * SCALE), point.label[:16], fill=s.TEXT, font=_font(11), anchor="mm")
    if target is not None:
        _dashed(draw, s.LEFT, right, y(target), s.TARGET, 2, 4, width=2)
    half = layout.step / 2
    for attribute in ("upper", "lower", "centre"):
        for point, x in zip(points, layout.xs, strict=True):
            value = getattr(point, attribute)
            if value is None:
                continue
            if attribute == "centre":
                draw.line([((x - half) * SCALE, y(value) * SCALE), ((x + half) * SCALE, y(value) * SCALE)], fill=s.DATA)
            else:
                _dashed(draw, x - half, x + half, y(value), s.DATA, 6, 4)
    previous = None
    for point, x in zip(points, layout.xs, strict=True):
        if point.value is None:
            previous = None
            continue
        here = (x * SCALE, y(point.value) * SCALE)
        if previous:
            draw.line([previous, here], fill=s.COMMON, width=SCALE * 2)
        previous = here
    for point, x in zip(points, layout.xs, strict=True):
        if point.value is not None:
            _marker(draw, point.signal, x, y(point.value))
    for note in annotations:
        if 0 <= note.index < len(points) and points[note.index].value is not None:
            nx, ny = layout.xs[note.index] * SCALE, (y(points[note.index].value) - 16) * SCALE
            draw.ellipse(
                [nx - 8 * SCALE, ny - 8 * SCALE, nx + 8 * SCALE, ny + 8 * SCALE], fill="#ffffff", outline=s.TEXT
            )
            draw.text((nx, ny), str(note.number), fill=s.TEXT, font=_font(11), anchor="mm")
    _legend(draw, points, target is not None, bool(shown_cycles), s.HEIGHT + offset - 22)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _legend(draw: ImageDraw.ImageDraw, points, has_target: bool, has_cycles: bool, y0: float) -> None:
    present = {p.signal for p in points if p.value is not None}
    entries = [(None, "Common cause")]
    entries += [
        (signal, s.SIGNAL_WORDS[signal].capitalize())
        for signal in ("improvement", "concern", "high", "low", "signal")
        if signal in present
    ]
    x = s.LEFT
    font = _font(11)
    for signal, words in entries:
        _marker(draw, signal, x + 6, y0)
        draw.text(((x + 16) * SCALE, y0 * SCALE), words, fill=s.TEXT, font=font, anchor="lm")
        x += 28 + draw.textlength(words, font=font) / SCALE
    _dashed(draw, x, x + 22, y0, s.DATA, 6, 4)
    draw.text(((x + 28) * SCALE, y0 * SCALE), "Limits", fill=s.TEXT, font=font, anchor="lm")
    x += 76
    if has_target:
        _dashed(draw, x, x + 22, y0, s.TARGET, 2, 4, width=2)
        draw.text(((x + 28) * SCALE, y0 * SCALE), "Target", fill=s.TEXT, font=font, anchor="lm")
        x += 76
    if has_cycles:
        _vdashed(draw, x + 11, y0 - 8, y0 + 8, s.CYCLE_LINE, 5, 3, width=2)
        draw.text(((x + 28) * SCALE, y0 * SCALE), s.CYCLE_LEGEND, fill=s.TEXT, font=font, anchor="lm")
