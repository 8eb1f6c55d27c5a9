"""SPC charts as PNG: the same picture as the SVG, for slides and reports."""

import io

from PIL import Image

from carelab.lib.spc import attribute_chart, xmr
from carelab.lib.spc_png import SCALE, spc_chart_png
from carelab.lib.spc_svg import (
    CONCERN,
    CYCLE_LINE,
    HEIGHT,
    IMPROVEMENT,
    WIDTH,
    Annotation,
    Cycle,
    points_from_attribute,
    points_from_xmr,
)

VALUES = [10, 11, 10, 11, 10, 11, 10, 25, 10, 11, -5, 10]
LABELS = [f"Week {i + 1}" for i in range(len(VALUES))]


def colours(png: bytes) -> set:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return {f"#{r:02x}{g:02x}{b:02x}" for _, (r, g, b) in image.convert("RGB").getcolors(maxcolors=1_000_000)}


def test_a_png_of_an_xmr_chart_has_its_signal_colours_and_size():
    chart = xmr(VALUES, baseline_points=7)
    png = spc_chart_png(
        "Waits",
        points_from_xmr(chart, LABELS),
        unit="days",
        target=12,
        cycles=[Cycle("PDSA 1", 2, 4)],
        annotations=[Annotation(1, 7, "Clinic")],
    )
    image = Image.open(io.BytesIO(png))
    assert image.size == (WIDTH * SCALE, (HEIGHT + 24) * SCALE)
    found = colours(png)
    assert IMPROVEMENT in found and CONCERN in found


def test_a_calm_chart_has_no_signal_colour():
    chart = xmr([10, 11] * 6)
    assert IMPROVEMENT not in colours(spc_chart_png("Calm", points_from_xmr(chart, LABELS)))


def test_long_labels_gaps_and_empty_charts_still_draw():
    chart = attribute_chart("p", [1, None, 3], [10, 10, 10])
    png = spc_chart_png("x" * 500, points_from_attribute(chart, ["a" * 200, "b", "c"]), unit="u" * 100)
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert Image.open(io.BytesIO(spc_chart_png("Empty", []))).format == "PNG"


def test_a_cycle_start_is_drawn_in_its_own_colour():
    chart = xmr(VALUES)
    plain = spc_chart_png("Waits", points_from_xmr(chart, LABELS))
    marked = spc_chart_png("Waits", points_from_xmr(chart, LABELS), cycles=[Cycle("PDSA 1", 3.5)])
    assert CYCLE_LINE in colours(marked) and CYCLE_LINE not in colours(plain)
