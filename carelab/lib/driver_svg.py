"""A driver diagram drawn as SVG text: the aim, then primary drivers, secondary drivers and change ideas
as columns from left to right, each box joined to the one it hangs from by a line.

The picture is one ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>`` (how
many drivers and change ideas there are). The page shows the same diagram as nested lists, which are
the accessible source; the picture is for seeing the shape at a glance and for downloading.

Level is never shown by colour alone: every column has a heading, and each level has its own border
(the aim a thick one, drivers solid, change ideas dashed). Text is wrapped to the box, words too long
for a line are broken, characters XML cannot hold (NUL and other controls) are dropped, and everything
is escaped. A box shows at most ``MAX_LINES`` lines, ending in "…" when the text is longer.

Layout: each node gets a horizontal band as tall as its box or its children's bands together,
whichever is taller; its box sits in the middle of its band and the children's bands are stacked
inside it. So boxes never overlap and a line from a parent to its child never crosses another box.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

# The columns, left to right. A node's column is its level, whatever its depth: a change idea hung
# straight from a primary driver still sits with the other change ideas.
COLUMNS = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
LEVEL_COLUMN = {"aim": 0, "primary": 1, "secondary": 2, "change": 3}

FONT_SIZE = 14
LINE_HEIGHT = 18
PADDING = 8
BOX_WIDTH = 200
COLUMN_GAP = 40
ROW_GAP = 12
MARGIN = 8
HEADING_HEIGHT = 32
MAX_LINES = 10
# A Latin letter is about 0.55em wide in the NHS font; wide (East Asian) characters about 1em.
_NARROW_EM, _WIDE_EM = 0.6, 1.0

TEXT_COLOUR = "#212b32"
BORDER_COLOUR = "#005eb8"  # NHS blue
LINE_COLOUR = "#4c6272"
AIM_FILL = "#e8edee"
BOX_FILL = "#ffffff"

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class DiagramNode:
    """One driver or change idea and what hangs from it. `tag` is a short label shown above the text
    (for example "Lab idea" for a change idea taken from the lab's ideas)."""

    level: str  # "primary", "secondary" or "change"
    text: str
    children: tuple[DiagramNode, ...] = ()
    tag: str = ""


@dataclass(frozen=True)
class Box:
    level: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    tag: str = ""
    parent: int | None = None  # index of the parent's box in Layout.boxes; the aim's is None

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass
class Layout:
    width: float
    height: float
    columns: int
    boxes: list[Box] = field(default_factory=list)  # the aim first, then depth first in order


def clean_text(text: str) -> str:
    """The text with what XML cannot hold removed and runs of white space made one space."""
    return " ".join(_NOT_IN_XML.sub("", text).split())


def _char_width(character: str) -> float:
    return _WIDE_EM if unicodedata.east_asian_width(character) in ("W", "F") else _NARROW_EM


def text_width(text: str) -> float:
    """An estimate of the text's width in pixels at FONT_SIZE."""
    return sum(_char_width(character) for character in text) * FONT_SIZE


def wrap(text: str, width: float = BOX_WIDTH - 2 * PADDING, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    """The text in lines no wider than `width`, breaking words that do not fit on a line of their own.
    More than `max_lines` lines are cut, the last ending in "…"."""
    lines: list[str] = []
    current = ""
    for word in clean_text(text).split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while text_width(word) > width:
            cut = _longest_prefix(word, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return tuple(lines)


def _longest_prefix(word: str, width: float) -> int:
    used, count = 0.0, 0
    for character in word:
        used += _char_width(character) * FONT_SIZE
        if used > width:
            break
        count += 1
    return max(count, 1)


def _box_height(lines: Sequence[str], tag: str) -> float:
    return (max(len(lines), 1) + (1 if tag else 0)) * LINE_HEIGHT + 2 * PADDING


def _column_x(column: int) -> float:
    return MARGIN + column * (BOX_WIDTH + COLUMN_GAP)


def layout(aim: str, drivers: Sequence[DiagramNode]) -> Layout:
    """Where every box goes. Raises ValueError for a level it does not know, or a child in a column
    not to the right of its parent's."""
    boxes: list[Box] = []
    prepared: dict[int, tuple[tuple[str, ...], float, float]] = {}  # id(node): lines, box height, band height

    def measure(node: DiagramNode, parent_column: int) -> float:
        column = LEVEL_COLUMN.get(node.level, 0)
        if column <= parent_column:
            raise ValueError(f"A {node.level} node cannot hang from column {parent_column}")
        lines = wrap(node.text)
        tag = clean_text(node.tag)
        height = _box_height(lines, tag)
        children = sum(measure(child, column) for child in node.children) + ROW_GAP * max(len(node.children) - 1, 0)
        band = max(height, children)
        prepared[id(node)] = (lines, height, band)
        return band

    aim_lines = wrap(aim or "No aim yet", max_lines=MAX_LINES * 2)
    aim_height = _box_height(aim_lines, "")
    bands = sum(measure(node, 0) for node in drivers) + ROW_GAP * max(len(drivers) - 1, 0)
    tree_height = max(aim_height, bands)
    top = MARGIN + HEADING_HEIGHT
    boxes.append(Box("aim", _column_x(0), top + (tree_height - aim_height) / 2, BOX_WIDTH, aim_height, aim_lines))

    def place(node: DiagramNode, band_top: float, parent: int) -> None:
        lines, height, band = prepared[id(node)]
        index = len(boxes)
        column = LEVEL_COLUMN[node.level]
        boxes.append(
            Box(node.level, _column_x(column), band_top + (band - height) / 2, BOX_WIDTH, height, lines,
                clean_text(node.tag), parent)
        )  # fmt: skip
        children_height = sum(prepared[id(child)][2] for child in node.children)
        children_height += ROW_GAP * max(len(node.children) - 1, 0)
        child_top = band_top + (band - children_height) / 2
        for child in node.children:
            place(child, child_top, index)
            child_top += prepared[id(child)][2] + ROW_GAP

    band_top = top + (tree_height - bands) / 2
    for node in drivers:
        place(node, band_top, 0)
        band_top += prepared[id(node)][2] + ROW_GAP
    columns = 1 + max(LEVEL_COLUMN[box.level] for box in boxes)
    width = 2 * MARGIN + columns * BOX_WIDTH + (columns - 1) * COLUMN_GAP
    return Layout(width=width, height=top + tree_height + MARGIN, columns=columns, boxes=boxes)


def counts(drivers: Sequence[DiagramNode]) -> dict[str, int]:
    found = dict.fromkeys(("primary", "secondary", "change"), 0)
    stack = list(drivers)
    while stack:
        node = stack.pop()
        found[node.level] = found.get(node.level, 0) + 1
        stack.extend(node.children)
    return found


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe(drivers: Sequence[DiagramNode]) -> str:
    """One sentence saying what the diagram holds."""
    found = counts(drivers)
    if not drivers:
        return "A driver diagram with the aim and no drivers yet."
    return (
        f"A driver diagram: the aim, {_plural(found['primary'], 'primary driver', 'primary drivers')}, "
        f"{_plural(found['secondary'], 'secondary driver', 'secondary drivers')} and "
        f"{_plural(found['change'], 'change idea', 'change ideas')}, each joined by a line to what it drives."
    )


def safe_id(value: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", value).strip("-")
    return cleaned or "diagram"


def _text_lines(box: Box) -> list[str]:
    parts = []
    x = box.x + PADDING
    y = box.y + PADDING + LINE_HEIGHT - 5
    if box.tag:
        parts.append(f'<text x="{x:g}" y="{y:g}" font-size="12" font-weight="bold">{escape(box.tag)}</text>')
        y += LINE_HEIGHT
    for line in box.lines:
        weight = ' font-weight="bold"' if box.level == "aim" else ""
        parts.append(f'<text x="{x:g}" y="{y:g}"{weight}>{escape(line)}</text>')
        y += LINE_HEIGHT
    return parts


_BORDERS = {
    "aim": f'fill="{AIM_FILL}" stroke="{TEXT_COLOUR}" stroke-width="3"',
    "primary": f'fill="{BOX_FILL}" stroke="{BORDER_COLOUR}" stroke-width="2"',
    "secondary": f'fill="{BOX_FILL}" stroke="{BORDER_COLOUR}" stroke-width="1"',
    "change": f'fill="{BOX_FILL}" stroke="{BORDER_COLOUR}" stroke-width="2" stroke-dasharray="6 3"',
}


def driver_diagram_svg(diagram_id: str, title: str, aim: str, drivers: Sequence[DiagramNode]) -> str:
    """The diagram as an SVG document (no XML declaration), sized to fit what it holds."""
    diagram_id = safe_id(diagram_id)
    drawn = layout(aim, drivers)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carelab-chart carelab-driver-diagram" id="{diagram_id}" '
        f'width="{drawn.width:g}" height="{drawn.height:g}" viewBox="0 0 {drawn.width:g} {drawn.height:g}" '
        f'role="img" aria-labelledby="{diagram_id}-title {diagram_id}-desc" font-family="Arial, sans-serif" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{diagram_id}-title">{escape(clean_text(title))}</title>',
        f'<desc id="{diagram_id}-desc">{escape(describe(drivers))}</desc>',
    ]
    for column in range(drawn.columns):
        parts.append(
            f'<text x="{_column_x(column):g}" y="{MARGIN + 18:g}" font-weight="bold">{escape(COLUMNS[column])}</text>'
        )
    parts.append(f'<g fill="none" stroke="{LINE_COLOUR}" stroke-width="1.5">')
    for box in drawn.boxes:
        if box.parent is None:
            continue
        parent = drawn.boxes[box.parent]
        elbow = parent.right + COLUMN_GAP / 2
        parts.append(f'<path d="M{parent.right:g} {parent.middle:g}H{elbow:g}V{box.middle:g}H{box.x:g}"/>')
    parts.append("</g>")
    for box in drawn.boxes:
        corner = ' rx="6"' if box.level in ("aim", "secondary") else ""
        parts.append(
            f'<rect x="{box.x:g}" y="{box.y:g}" width="{box.width:g}" height="{box.height:g}"{corner} '
            f"{_BORDERS[box.level]}/>"
        )
        parts.extend(_text_lines(box))
    parts.append("</svg>")
    return "\n".join(parts)
