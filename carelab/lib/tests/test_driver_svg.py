import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib.driver_svg import (
    BOX_WIDTH,
    MAX_LINES,
    PADDING,
    DiagramNode,
    clean_text,
    driver_diagram_svg,
    layout,
    text_width,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"


def node(level, text, *children, tag=""):
    return DiagramNode(level, text, tuple(children), tag)


WAITS = [
    node(
        "primary",
        "Quick first contact",
        node("secondary", "Triage by phone", node("change", "Call within 2 days", tag="Lab idea")),
        node("change", "Text reminders"),
    ),
    node("primary", "Care that sees the whole person"),
]


def texts(svg):
    return [element.text for element in svg.iter(f"{SVG}text")]


def test_the_diagram_is_an_image_named_by_its_title_and_described_by_its_counts():
    svg = ET.fromstring(driver_diagram_svg("team-3", "Driver diagram for Waits", "Halve waits by June.", WAITS))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "team-3-title team-3-desc"
    assert svg.find(f"{SVG}title").text == "Driver diagram for Waits"
    assert svg.find(f"{SVG}desc").text == (
        "A driver diagram: the aim, 2 primary drivers, 1 secondary driver and 2 change ideas, "
        "each joined by a line to what it drives."
    )


def test_each_column_is_named_so_the_level_is_not_shown_by_colour_alone():
    drawn = texts(ET.fromstring(driver_diagram_svg("d", "D", "Aim", WAITS)))
    assert drawn[:4] == ["Aim", "Primary drivers", "Secondary drivers", "Change ideas"]
    assert "Lab idea" in drawn and "Call within 2 days" in drawn
    # Change ideas have a dashed border, drivers a solid one.
    rects = ET.fromstring(driver_diagram_svg("d", "D", "Aim", WAITS)).findall(f"{SVG}rect")
    assert [rect.get("stroke-dasharray") is not None for rect in rects] == [False, False, False, True, True, False]


def test_the_columns_go_left_to_right_and_each_box_is_joined_to_its_parent():
    drawn = layout("Aim", WAITS)
    levels = [box.level for box in drawn.boxes]
    assert levels == ["aim", "primary", "secondary", "change", "change", "primary"]
    xs = {box.level: box.x for box in drawn.boxes}
    assert xs["aim"] < xs["primary"] < xs["secondary"] < xs["change"]
    # A change idea hung from a primary driver still sits in the change ideas' column.
    assert drawn.boxes[4].x == xs["change"] and drawn.boxes[4].parent == 1
    svg = ET.fromstring(driver_diagram_svg("d", "D", "Aim", WAITS))
    assert len(svg.findall(f"{SVG}g/{SVG}path")) == 5


def test_the_picture_is_only_as_wide_as_the_levels_it_uses():
    only_aim = layout("Aim", [])
    primaries = layout("Aim", [node("primary", "One")])
    assert only_aim.columns == 1 and primaries.columns == 2
    assert only_aim.width < primaries.width < layout("Aim", WAITS).width
    assert "no drivers yet" in driver_diagram_svg("d", "D", "Aim", [])


def test_hostile_text_is_escaped_and_what_xml_cannot_hold_is_dropped():
    hostile = [node("primary", '<script>alert("x")</script> & \x00\x07NUL\ufffe', tag="<b>")]
    markup = driver_diagram_svg('x" onload="y', "<title> & co\x00", "Aim </svg><svg onload=alert(1)>", hostile)
    svg = ET.fromstring(markup)  # still well-formed
    assert "<script" not in markup and "<svg onload" not in markup and "<b>" not in markup
    assert "\x00" not in markup and "\x07" not in markup and "\ufffe" not in markup
    assert all(element.get("onload") is None for element in svg.iter())
    assert svg.get("id") == "x--onload--y"
    assert svg.find(f"{SVG}title").text == "<title> & co"
    assert "<b>" in texts(svg)  # the tag, shown as the characters typed
    assert "".join(texts(svg)).endswith('<script>alert("x")</script> & NUL')
    assert "style=" not in markup


def test_a_very_long_word_is_broken_to_fit_the_box():
    lines = wrap("a" * 500)
    assert len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert all(text_width(line) <= BOX_WIDTH - 2 * PADDING for line in lines)
    assert "".join(wrap("x" * 60)) == "x" * 60


def test_wide_characters_wrap_sooner_than_latin_letters():
    assert len(wrap("痛" * 40)) > len(wrap("a" * 40))


def test_clean_text_folds_white_space_and_removes_control_characters():
    assert clean_text(" two\n\twords\x00 \x1b ") == "two words"


def test_a_level_out_of_order_is_refused():
    try:
        layout("Aim", [node("secondary", "x", node("primary", "y"))])
    except ValueError:
        pass
    else:
        raise AssertionError("a primary driver under a secondary one should be refused")


# -- Layout invariants over any diagram ------------------------------------------------------------

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=120
) | st.sampled_from(["", " ", "w" * 300, "痛み " * 50, "<&>\x00"])


def change_ideas():
    return st.builds(lambda text, tag: DiagramNode("change", text, (), tag), words, st.sampled_from(["", "Lab idea"]))


def secondaries():
    return st.builds(
        lambda text, children: DiagramNode("secondary", text, tuple(children)),
        words,
        st.lists(change_ideas(), max_size=4),
    )


primaries = st.builds(
    lambda text, children: DiagramNode("primary", text, tuple(children)),
    words,
    st.lists(st.one_of(secondaries(), change_ideas()), max_size=4),
)


def overlap(a, b) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


@settings(max_examples=60, deadline=None)
@given(aim=words, drivers=st.lists(primaries, max_size=5))
def test_no_boxes_overlap_all_fit_children_sit_right_of_their_parents_and_lines_cross_no_box(aim, drivers):
    drawn = layout(aim, drivers)
    boxes = drawn.boxes
    for i, first in enumerate(boxes):
        assert first.x >= 0 and first.right <= drawn.width
        assert first.y >= 0 and first.bottom <= drawn.height
        for second in boxes[i + 1 :]:
            assert not overlap(first, second)
        if first.parent is not None:
            parent = boxes[first.parent]
            assert parent.right < first.x
            # The line's last leg runs at the child's middle from the gap after its parent to the child:
            # it crosses no other box (a change idea under a primary driver passes an empty column).
            for other in boxes:
                if other is not first and other.x < first.x and other.right > parent.right:
                    assert not other.y <= first.middle <= other.bottom
        for line in first.lines:
            assert text_width(line) <= BOX_WIDTH - 2 * PADDING
        assert len(first.lines) <= 2 * MAX_LINES
    markup = driver_diagram_svg("d", "D", aim, drivers)
    svg = ET.fromstring(markup)
    assert len(svg.findall(f"{SVG}rect")) == len(boxes)


@settings(max_examples=60, deadline=None)
@given(text=words)
def test_wrapping_keeps_every_character_of_text_that_fits(text):
    lines = wrap(text, max_lines=1000)
    assert "".join(lines).replace(" ", "") == clean_text(text).replace(" ", "")
