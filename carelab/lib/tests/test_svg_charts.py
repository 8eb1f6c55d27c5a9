import xml.etree.ElementTree as ET

from carelab.lib.svg_charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_a_bar_chart_is_an_image_named_by_its_title_and_description():
    svg = ET.fromstring(bar_chart("roles", "Roles", [("Carer", 3), ("Professional", 6)]))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "roles-title roles-desc"
    assert svg.find(f"{SVG}title").text == "Roles"
    assert svg.find(f"{SVG}desc").text == "Carer: 3; Professional: 6"


def test_the_largest_value_gets_the_longest_bar():
    svg = ET.fromstring(bar_chart("c", "C", [("A", 3), ("B", 6), ("C", 0)]))
    widths = [int(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[1] > widths[0] > widths[2] == 0
    assert widths[1] == 2 * widths[0]


def test_chart_text_is_escaped():
    markup = bar_chart("x", "<script>alert(1)</script>", [("<b>&", 1)], value_suffix="%")
    svg = ET.fromstring(markup)  # still well-formed XML
    assert "<script>" not in markup and "<b>" not in markup
    assert svg.find(f"{SVG}title").text == "<script>alert(1)</script>"
    assert [text.text for text in svg.iter(f"{SVG}text")] == ["<b>&", "1%"]


def test_charts_use_no_inline_styles():
    for markup in (bar_chart("a", "A", [("x", 1)]), line_chart("b", "B", [("Mon", 1), ("Tue", 4)])):
        assert "style=" not in markup and "<script" not in markup


def test_ids_are_made_safe_for_attributes():
    svg = ET.fromstring(bar_chart('score:phq8" onload="x', "A", []))
    assert svg.get("id") == "score-phq8--onload--x"
    assert svg.get("onload") is None


def test_a_line_chart_draws_one_point_per_value_and_a_dot_for_a_single_value():
    svg = ET.fromstring(line_chart("t", "Over time", [("1 Jan", 0), ("2 Jan", 5), ("3 Jan", 10)]))
    points = svg.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 3
    ys = [float(point.split(",")[1]) for point in points]
    assert ys[0] > ys[1] > ys[2]  # higher values are drawn higher up
    single = ET.fromstring(line_chart("s", "One", [("1 Jan", 2)]))
    assert single.find(f"{SVG}circle") is not None and single.find(f"{SVG}polyline") is None


def test_an_empty_chart_still_has_its_title():
    svg = ET.fromstring(line_chart("e", "Nothing yet", []))
    assert svg.find(f"{SVG}title").text == "Nothing yet"
