"""The results summary to share beyond the lab team, with small numbers hidden.

It holds what can be counted without showing anyone's own answers: how many people submitted,
the people choosing each option of every choice and scale question, the people in each band of
every instrument, and (when asked) one cross-tab of the choice questions by another. Free text,
numbers, dates and averages are left out. Every count under the lab's threshold, and any count or
percentage from which one could be worked out, is hidden by the rules of
`carelab.lib.small_numbers`: the options of a single-choice or scale question (or an
instrument's bands) add up to the number who answered (or were scored), a line; a cross-tab's
rows and columns add up to their totals. Multiple-choice options do not add up, so only counts
under the threshold are hidden there.

Known limit, said on the page: how many people skipped a question can be worked out (from the
number who submitted and the number who answered, or from a question's own counts and its
cross-tab's row totals, which leave out people who skipped the compared question), and is not
treated as a small number.

It reads only the survey's tallies, so it takes the same few queries whatever the number of
responses, and it never takes filters, which would let two summaries be subtracted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from carelab.lib.small_numbers import Count, shown_percent, suppress_counts, suppress_line, suppress_table
from carelab.lib.spreadsheet_cells import neutralise
from carelab.surveys.answer_rows import ItemKind, ResultItem
from carelab.surveys.models import Survey
from carelab.surveys.results import ResultFilters, counts_for, cross_tabs, item_results

SHARED_KINDS = (ItemKind.CHOICE, ItemKind.MULTIPLE, ItemKind.SCALE, ItemKind.SCORE)


@dataclass(frozen=True)
class SharedRow:
    label: str
    count: Count
    percent: float | None  # None when hidden (or nobody answered)


@dataclass(frozen=True)
class SharedItem:
    item: ResultItem
    answered: Count  # for an instrument, the people scored
    rows: list[SharedRow]

    @property
    def title(self) -> str:
        item = self.item
        if item.kind == ItemKind.SCORE:
            return f"{item.group_label}: people in each band"
        return f"{item.group_label}: {item.label}" if item.group_label else item.label


@dataclass(frozen=True)
class SharedCrossTab:
    item: ResultItem
    columns: list[tuple[str, str]]
    rows: list[tuple[str, list[Count], Count]]  # option label, count per column, row total
    column_totals: list[Count]
    total: Count


@dataclass(frozen=True)
class SharedSummary:
    threshold: int
    submitted: Count
    items: list[SharedItem]
    by: ResultItem | None
    cross_tabs: list[SharedCrossTab]

    @property
    def hides_something(self) -> bool:
        counts = [self.submitted]
        counts += [count for item in self.items for count in (item.answered, *(row.count for row in item.rows))]
        counts += [count for table in self.cross_tabs for _, cells, total in table.rows for count in (*cells, total)]
        return any(count.hidden for count in counts)


def shared_summary(survey: Survey, items: list[ResultItem], threshold: int, by: str = "") -> SharedSummary:
    """Everything the summary to share holds, with small numbers hidden, in a few queries."""
    shared = [item for item in items if item.kind in SHARED_KINDS]
    counts = counts_for(survey, shared, ResultFilters())
    summary_items = []
    for result in item_results(shared, counts):
        values = [row.count for row in result.rows]
        if result.item.kind == ItemKind.MULTIPLE:
            # People may choose several options: they add up to nothing, so only rule 1 applies.
            shown = suppress_counts(values, threshold)
            (answered,) = suppress_counts([result.answered], threshold)
        else:
            # The options (or bands) add up to the people who answered (or were scored).
            shown, answered = suppress_line(values, sum(values), threshold)
        rows = [
            SharedRow(row.label, count, shown_percent(count, answered))
            for row, count in zip(result.rows, shown, strict=True)
        ]
        summary_items.append(SharedItem(result.item, answered, rows))
    by_item = next((item for item in items if item.name == by and item.is_choice), None)
    tables = []
    for table in cross_tabs(survey, items, by_item, ResultFilters()) if by_item else []:
        if not table.rows or not table.columns:
            continue
        suppressed = suppress_table([cells for _, cells, _ in table.rows], threshold)
        rows = [
            (label, cells, total)
            for (label, _, _), cells, total in zip(table.rows, suppressed.cells, suppressed.row_totals, strict=True)
        ]
        tables.append(SharedCrossTab(table.item, table.columns, rows, suppressed.column_totals, suppressed.total))
    (submitted,) = suppress_counts([counts.responses], threshold)
    return SharedSummary(threshold, submitted, summary_items, by_item, tables)


SUMMARY_CSV_HEADER = ["part", "question", "answer", "compared_with", "people", "percent"]


def summary_csv_rows(summary: SharedSummary) -> Iterator[list[str]]:
    """The summary as CSV rows: hidden counts are "<N", hidden percentages empty."""
    yield SUMMARY_CSV_HEADER
    yield ["responses submitted", "", "", "", summary.submitted.csv, ""]
    for shared in summary.items:
        title = neutralise(shared.title)
        answered = "people scored" if shared.item.kind == ItemKind.SCORE else "people who answered"
        yield [answered, title, "", "", shared.answered.csv, ""]
        for row in shared.rows:
            percent = "" if row.percent is None else f"{row.percent:.1f}"
            yield ["answers", title, neutralise(row.label), "", row.count.csv, percent]
    if summary.by is not None:
        by_label = neutralise(summary.by.label)
        for table in summary.cross_tabs:
            title = neutralise(table.item.label)
            for label, cells, total in table.rows:
                for (_, column), count in zip(table.columns, cells, strict=True):
                    yield [f"compared by: {by_label}", title, neutralise(label), neutralise(column), count.csv, ""]
                yield [f"compared by: {by_label}", title, neutralise(label), "total", total.csv, ""]
            for (_, column), count in zip(table.columns, table.column_totals, strict=True):
                yield [f"compared by: {by_label}", title, "total", neutralise(column), count.csv, ""]
            yield [f"compared by: {by_label}", title, "total", "total", table.total.csv, ""]
