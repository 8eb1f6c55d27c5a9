"""Small-number suppression for results shared beyond the lab team.

A summary meant to be shared must not let anyone pick a person out of a small group. The lab
sets a threshold N (5 unless it chooses otherwise), and:

1. **Primary suppression.** Every count under N is hidden, shown as "fewer than N" (in a CSV
   file "<N"). Zero is under N too, so it is hidden like the rest: "nobody in this group" can
   tell as much about a small group as "one person".
2. **Secondary suppression.** Counts that add up to a total that is shown, or could be worked out,
   make a *line*: the options of a single-choice question with the number who answered it, a row
   or a column of a cross-tab with its total, the row totals with the grand total. A line must
   never have exactly one hidden entry, or subtracting the others from the total would give it
   back. So when a line has one, the smallest shown count in the line is hidden as well (the
   total itself only when every other count in it is hidden). A count hidden this way is not
   small, so it says "not shown" rather than "fewer than N". This is repeated over every row
   and column until nothing changes, because hiding a cell for its row can leave its column with
   one hidden entry.
3. **Percentages.** A percentage is shown only when both its count and the count it is a
   percentage of are shown: a percentage and its base give the count back.

Counts that do not add up to a total (the options of a multiple-choice question, where a person
may choose several) form no line: rule 1 alone applies to them.

The functions here only decide what is hidden; pages and files say how (`Count.text`, `Count.csv`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NOT_SHOWN = "not shown"


@dataclass(frozen=True)
class Count:
    """A count in a shared summary, and whether it must be hidden."""

    value: int
    hidden: bool
    threshold: int

    @property
    def small(self) -> bool:
        return self.value < self.threshold

    @property
    def text(self) -> str:
        """As a page shows it: "fewer than 5", "not shown" (hidden to protect a small count), or the number."""
        if self.small:
            return f"fewer than {self.threshold}"
        return NOT_SHOWN if self.hidden else str(self.value)

    @property
    def csv(self) -> str:
        """As a CSV file holds it: "<5", "not shown", or the number."""
        if self.small:
            return f"<{self.threshold}"
        return NOT_SHOWN if self.hidden else str(self.value)


def check_threshold(threshold: int) -> int:
    if threshold < 1:
        raise ValueError(f"The threshold must be 1 or more, not {threshold}")
    return threshold


def suppress_counts(counts: Sequence[int], threshold: int) -> list[Count]:
    """Primary suppression alone, for counts that do not add up to anything (rule 1)."""
    check_threshold(threshold)
    return [Count(value, value < threshold, threshold) for value in counts]


def suppress_line(counts: Sequence[int], total: int, threshold: int) -> tuple[list[Count], Count]:
    """Counts that add up to `total` (rules 1 and 2): the counts, then the total."""
    if sum(counts) != total:
        raise ValueError(f"The counts add up to {sum(counts)}, not {total}")
    # A one-row table: its column totals repeat its cells, and its row total is the line's total.
    table = suppress_table([list(counts)], threshold)
    return table.cells[0], table.row_totals[0]


@dataclass(frozen=True)
class SuppressedTable:
    """A cross-tab's cells, row totals, column totals and grand total, each shown or hidden."""

    cells: list[list[Count]]
    row_totals: list[Count]
    column_totals: list[Count]
    total: Count


def suppress_table(cells: Sequence[Sequence[int]], threshold: int) -> SuppressedTable:
    """A table of counts with its margins (rules 1 and 2).

    The cells, each row's total, each column's total and the grand total are laid out as one
    grid with the totals in an extra column and row; every row and every column of that grid is
    a line whose last entry is the sum of the others.
    """
    check_threshold(threshold)
    rows = [list(row) for row in cells]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("Every row of the table must have the same number of cells")
    if any(value < 0 for row in rows for value in row):
        raise ValueError("Counts cannot be negative")
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(row[column] for row in grid) for column in range(width + 1)])
    hidden = [[value < threshold for value in row] for row in grid]
    lines = [[(r, c) for c in range(width + 1)] for r in range(len(grid))]
    lines += [[(r, c) for r in range(len(grid))] for c in range(width + 1)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden_entries = [place for place in line if hidden[place[0]][place[1]]]
            if len(hidden_entries) != 1:
                continue
            # Hide the smallest shown count in the line; its total only if nothing else is shown.
            shown = [place for place in line[:-1] if not hidden[place[0]][place[1]]] or [line[-1]]
            r, c = min(shown, key=lambda place: (grid[place[0]][place[1]], place))
            hidden[r][c] = True
            changed = True

    def count(r: int, c: int) -> Count:
        return Count(grid[r][c], hidden[r][c], threshold)

    last_row, last_column = len(grid) - 1, width
    return SuppressedTable(
        cells=[[count(r, c) for c in range(width)] for r in range(len(rows))],
        row_totals=[count(r, last_column) for r in range(len(rows))],
        column_totals=[count(last_row, c) for c in range(width)],
        total=count(last_row, last_column),
    )


def shown_percent(count: Count, base: Count) -> float | None:
    """The percentage `count` is of `base`, to one decimal place, or None when either is hidden
    (rule 3) or the base is zero."""
    if count.hidden or base.hidden or not base.value:
        return None
    return round(100 * count.value / base.value, 1)
