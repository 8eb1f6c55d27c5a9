"""Survey answers as CSV or XLSX, one row per submitted response, in constant memory.

Columns: ``reference``, ``submitted_at`` (ISO 8601, UTC), ``version``, then one column per
answer name in the order people see the questions (a grid has one per statement, an
"other" answer its own ``<name>_other`` column, an instrument one per item), then
``<instrument>_total`` and ``<instrument>_band`` for each scored instrument, and
``contact_email`` last when contact details were asked for and allowed.

A multiple-choice answer is one column holding the chosen options' names joined by a
space, as XLSForm tools (ODK, KoBoToolbox) export ``select_multiple``; the codebook lists
what each name means. Text that a spreadsheet would run as a formula (a cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``; numbers
CareLab formats itself are left alone.

Rows are built from one ordered server-side iterator over the responses, each flattened by
the same function that wrote its Answer rows, so memory does not grow with the response
count and the number of queries does not either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from carelab.lib import xlsx_stream
from carelab.surveys.models import Survey
from carelab.surveys.results import SCORE_PREFIX, ItemKind, ResultFilters, ResultItem, answer_values

CHUNK_SIZE = 2000
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_META_COLUMNS = ("reference", "submitted_at", "version")
CONTACT_COLUMN = "contact_email"


def neutralise(value: str) -> str:
    """Text a spreadsheet would treat as a formula, made inert with a leading quote."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _format_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class Layout:
    """Which column each stored answer goes in."""

    def __init__(self, items: list[ResultItem], with_contact: bool) -> None:
        self.with_contact = with_contact
        self.header: list[str] = list(_META_COLUMNS)
        self.items_by_column: list[ResultItem | None] = [None, None, None]
        self.column_of: dict[str, int] = {}
        self.score_columns: dict[str, tuple[int, int]] = {}
        self.multiple: set[str] = set()
        answer_items = [item for item in items if item.kind != ItemKind.SCORE]
        for item in answer_items:
            self.column_of[item.name] = len(self.header)
            self.header.append(item.name)
            self.items_by_column.append(item)
            if item.kind == ItemKind.MULTIPLE:
                self.multiple.add(item.name)
        for item in items:
            if item.kind == ItemKind.SCORE:
                instrument_id = item.name.removeprefix(SCORE_PREFIX)
                self.score_columns[item.name] = (len(self.header), len(self.header) + 1)
                self.header += [f"{instrument_id}_total", f"{instrument_id}_band"]
                self.items_by_column += [item, item]
        if with_contact:
            self.header.append(CONTACT_COLUMN)

    def blank_row(self) -> list:
        return [""] * len(self.header)

    def plan(self) -> dict[str, tuple[int, int]]:
        """Where each stored name goes: (column, how). How: 0 one value, 1 joined options, 2 a score."""
        plan = {name: (column, 1 if name in self.multiple else 0) for name, column in self.column_of.items()}
        plan.update({name: (columns[0], 2) for name, columns in self.score_columns.items()})
        return plan


def _place(row: list, plan: dict[str, tuple[int, int]], answer: tuple) -> None:
    """Put one Answer row's value in its cell. Called millions of times by a large export, so kept lean."""
    question, choice, number, text = answer
    column, how = plan.get(question, (-1, 0))
    if column < 0:  # stored under a name this version of the survey no longer has
        return
    if how == 1:
        row[column] = f"{row[column]} {choice}" if row[column] else choice
    elif how == 2:
        row[column] = "" if number is None else _format_number(number)
        row[column + 1] = choice
    elif choice:
        row[column] = "'" + choice if choice.startswith(_FORMULA_STARTS) else choice
    elif number is not None:
        row[column] = _format_number(number)
    else:
        row[column] = "'" + text if text.startswith(_FORMULA_STARTS) else text


def export_rows(survey: Survey, items: list[ResultItem], filters: ResultFilters, with_contact: bool) -> Iterator[list]:
    """The header, then one list of cells per submitted response, oldest first.

    Each response's cells come from its stored answers and scores, flattened by `answer_values`,
    the function that wrote its Answer rows at submit: one database row per response instead of
    one per answer, so a large export streams several times faster.
    """
    layout = Layout(items, with_contact)
    yield layout.header
    fields = ["reference", "submitted_at", "version__number", "answers", "scores"]
    if with_contact:
        fields.append("contact__email")
    responses = filters.responses(survey).order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
    plan = layout.plan()
    blank = layout.blank_row()
    for response in responses:
        reference, submitted_at, version, answers, scores = response[:5]
        row = blank.copy()
        row[0] = neutralise(reference)
        row[1] = submitted_at.isoformat() if submitted_at else ""
        row[2] = version
        for answer in answer_values(items, answers or {}, scores or []):
            _place(row, plan, answer)
        if with_contact:
            row[-1] = neutralise(response[5] or "")
        yield row


class _Buffer:
    """A file-like object that hands back what is written to it, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def stream_csv(rows: Iterator[list], rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV text in chunks of a few hundred rows, starting with a byte-order mark so Excel reads UTF-8."""
    writer = csv.writer(_Buffer())
    yield "\ufeff"
    chunk: list[str] = []
    for row in rows:
        chunk.append(writer.writerow(row))
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def stream_xlsx(rows: Iterator[list], sheet_title: str = "Responses") -> Iterator[bytes]:
    """An XLSX workbook sent as it is written, the first bytes before the last row is read
    (carelab/lib/xlsx_stream.py)."""
    return xlsx_stream.stream_xlsx(rows, title=sheet_title)


def codebook_rows(items: list[ResultItem], with_contact: bool = False) -> Iterator[list[str]]:
    """What each export column holds: column, question, section, type, choices as value=label."""
    yield ["column", "question", "section", "type", "choices"]
    yield ["reference", "The reference the person was shown when they submitted", "", "text", ""]
    yield ["submitted_at", "When the answers were submitted (ISO 8601, UTC)", "", "date and time", ""]
    yield ["version", "The survey version answered", "", "whole number", ""]
    for item in items:
        choices = "; ".join(f"{value}={label}" for value, label in item.choices)
        label = f"{item.group_label}: {item.label}" if item.group_label and item.kind != ItemKind.SCORE else item.label
        if item.kind == ItemKind.SCORE:
            instrument_id = item.name.removeprefix(SCORE_PREFIX)
            yield [f"{instrument_id}_total", f"{item.group_label}: total score", item.section, "number", ""]
            yield [f"{instrument_id}_band", f"{item.group_label}: band", item.section, "band", choices]
            continue
        kind = {
            ItemKind.MULTIPLE: "multiple choice (names separated by spaces)",
            ItemKind.CHOICE: "single choice",
            ItemKind.SCALE: "scale",
            ItemKind.NUMBER: "number",
            ItemKind.DATE: "date (YYYY-MM-DD)",
            ItemKind.TEXT: "text",
        }[item.kind]
        yield [item.name, neutralise(label), neutralise(item.section), kind, neutralise(choices)]
    if with_contact:
        yield [CONTACT_COLUMN, "E-mail address given to be contacted", "", "text", ""]


def csv_text(rows: Iterator[list]) -> str:
    """Rows as one CSV string (small outputs such as the codebook)."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out).writerows(rows)
    return out.getvalue()
