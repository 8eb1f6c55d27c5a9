"""SPC charts as SVG: well-formed, accessible, escaped, and never colour alone."""

import xml.etree.ElementTree as ET

from carelab.lib.spc import attribute_chart, run_chart, xmr
from carelab.lib.spc_svg import (
    Annotation,
    Cycle,
    icon_svg,
    icon_words,
    points_from_attribute,
    points_from_run,
    points_from_xmr,
    spc_chart_svg,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
VALUES = [10, 11, 10, 11, 10, 11, 10, 25, 10, 11, -5, 10]
LABELS = [f"Week {i + 1}" for i in range(len(VALUES))]


def draw(**kwargs):
    chart = xmr(VALUES, baseline_points=7)
    return spc_chart_svg("waits", "Waiting times", "An XmR chart", points_from_xmr(chart, LABELS), **kwargs)


def parse(svg):
    return ET.fromstring(svg)


def test_the_chart_is_one_named_and_described_image():
    root = parse(draw())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "waits-title waits-desc"
    assert root.find("svg:title", NS).text == "Waiting times"
    assert root.find("svg:desc", NS).text == "An XmR chart"


def test_special_cause_points_have_their_own_shape_and_words_not_only_a_colour():
    root = parse(draw())
    titles = {
        el.find("svg:title", NS).text: el.tag.split("}")[1]
        for el in root.iter()
        if el.find("svg:title", NS) is not None
    }
    assert titles["Week 8: 25, special-cause improvement"] == "path"  # a diamond
    assert titles["Week 11: -5, special-cause concern"] == "rect"  # a square
    assert titles["Week 1: 10, common-cause variation"] == "circle"


def test_limits_are_dashed_the_target_dotted_and_cycles_and_notes_marked():
    svg = draw(target=12, cycles=[Cycle("PDSA 1: text reminders", 3, 5)], annotations=[Annotation(1, 7, "New clinic")])
    root = parse(svg)
    titles = [el.text for el in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "Upper limit" in titles and "Lower limit" in titles and "Centre line" in titles
    assert "Target: 12" in titles
    assert "PDSA 1: text reminders" in titles
    assert "Note 1: New clinic" in titles


def test_text_is_escaped_and_no_inline_styles_are_used():
    svg = spc_chart_svg(
        "x<y",
        "<script>alert(1)</script>",
        "a & b",
        points_from_run(run_chart([1, 2, 3]), ["<b>1</b>", "2", "3"]),
        cycles=[Cycle('"><img>', 0)],
    )
    root = parse(svg)
    assert root.get("id") == "x-y"
    assert "<script>" not in svg and "<b>" not in svg and "<img>" not in svg
    assert "style=" not in svg


def test_gaps_break_the_line_and_a_chart_with_no_values_still_draws():
    chart = run_chart([1, None, 3, 4])
    svg = spc_chart_svg("gap", "Gap", "", points_from_run(chart, ["a", "b", "c", "d"]))
    parse(svg)
    assert parse(spc_chart_svg("none", "None", "", [])) is not None


def test_attribute_charts_draw_limits_that_change_with_each_point():
    chart = attribute_chart("p", [5, 9, 2], [50, 100, 20])
    svg = spc_chart_svg("p", "Proportion", "", points_from_attribute(chart, ["a", "b", "c"]), unit="%")
    paths = [el for el in parse(svg).iter("{http://www.w3.org/2000/svg}path") if el.find("svg:title", NS) is not None]
    upper = next(el for el in paths if el.find("svg:title", NS).text == "Upper limit")
    assert upper.get("d").count("H") == 3  # one step per point


def test_making_data_count_icons_carry_their_meaning_in_words():
    for kind, key in (("variation", "improvement-high"), ("variation", "common"), ("assurance", "hit-or-miss")):
        root = parse(icon_svg(kind, key))
        assert root.get("role") == "img" and root.get("aria-label") == icon_words(kind, key)
    assert icon_words("variation", "concern-low") == "Special-cause variation: concern, with lower values"
    assert icon_svg("assurance", None) == "" and icon_words("assurance", None) == ""


def test_a_cycle_is_a_dashed_line_where_it_starts_between_points_and_one_off_the_plot_is_left_out():
    chart = run_chart([1, 2, 3, 4])
    shown = points_from_run(chart, ["a", "b", "c", "d"])
    svg = spc_chart_svg("c", "C", "", shown, cycles=[Cycle("PDSA 1", 1.5, detail="PDSA 1: reminders"), Cycle("X", 9)])
    root = parse(svg)
    lines = [el for el in root.iter("{http://www.w3.org/2000/svg}line") if el.get("stroke-dasharray") == "5 3"]
    # Halfway between the second and third points: the plot is 632 wide, a quarter of it per point.
    drawn = [line for line in lines if line.find("{http://www.w3.org/2000/svg}title") is not None]
    assert [float(line.get("x1")) for line in drawn] == [64 + 632 * 2 / 4]
    assert drawn[0].find("{http://www.w3.org/2000/svg}title").text == "PDSA 1: reminders"
    texts = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "PDSA 1" in texts and "X" not in texts and "PDSA cycle starts" in texts
    assert "PDSA cycle starts" not in spc_chart_svg("n", "N", "", shown, cycles=[Cycle("X", 9)])
