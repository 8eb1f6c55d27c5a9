"""Survey answers as CSV or XLSX, one row per submitted response, in constant memory.

Columns: ``reference``, ``submitted_at`` (ISO 8601, UTC), ``version``, ``may_quote`` ("yes" only
while the person's agreement to be quoted stands: a withdrawal shows at once), then one column per
answer name in the order people see the questions (a grid has one per statement, an
"other" answer its own ``<name>_other`` column, an instrument one per item), then
``<instrument>_total`` and ``<instrument>_band`` for each scored instrument, and
``contact_email`` last when contact details were asked for and allowed.

When the team asks for it, free-text (text) columns are redacted: each piece of suspected
personal data is replaced by "[kind removed]" (`carelab.lib.text_checks`). Only those columns
are checked, and only then, so an ordinary export costs nothing more.

A multiple-choice answer is one column holding the chosen options' names joined by a
space, as XLSForm tools (ODK, KoBoToolbox) export ``select_multiple``; the codebook lists
what each name means. A ranking is written the same way, first choice first, as ODK exports
``rank``. Times ("14:30") and dates and times ("2026-03-01T14:30") are ISO text, as dates are,
so a spreadsheet never turns them into its own numbers or time zone. Text that a spreadsheet
would run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) gets a leading ``'``; numbers CareLab formats itself are left alone.

A CSV holds text only, so dates are written as YYYY-MM-DD and ``submitted_at`` as ISO 8601. The
XLSX export is typed (``typed=True``): numbers, scale points, instrument items' points and scores
are number cells, date answers date cells and ``submitted_at`` a date-and-time cell in UTC, so a
spreadsheet can sort, filter and sum them without converting text.

Rows are built from one ordered server-side cursor over the responses, each response's
stored answers written as `answer_values` wrote its Answer rows, so memory does not grow
with the response count and the number of queries does not either.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import UTC, date, datetime

from django.db import connections
from django.db.models import QuerySet

from carelab.lib import xlsx_stream
from carelab.lib.spreadsheet_cells import FORMULA_STARTS, neutralise
from carelab.lib.text_checks import redact_personal_data
from carelab.surveys.answer_rows import SCORE_PREFIX, ItemKind, ResultItem
from carelab.surveys.models import Survey
from carelab.surveys.results import ResultFilters

CHUNK_SIZE = 2000
_META_COLUMNS = ("reference", "submitted_at", "version", "may_quote")
CONTACT_COLUMN = "contact_email"


def _format_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class Layout:
    """Which column each stored answer goes in, and how its value is written there."""

    def __init__(self, items: list[ResultItem], with_contact: bool, redact: bool = False, typed: bool = False) -> None:
        self.with_contact = with_contact
        self.header: list[str] = list(_META_COLUMNS)
        # Stored answer name -> (column, the function that turns its stored value into the cell).
        self.cells: dict[str, tuple[int, Callable[[object], object]]] = {}
        # Instrument id -> column of its total (its band is in the next column).
        self.score_columns: dict[str, int] = {}
        for item in items:
            if item.kind != ItemKind.SCORE:
                write = _redacted_text_cell if redact and item.kind == ItemKind.TEXT else None
                if typed and write is None:
                    write = _typed_writer(item)
                self.cells[item.name] = (len(self.header), write or _CELL_WRITERS.get(item.kind, _text_cell))
                self.header.append(item.name)
        for item in items:
            if item.kind == ItemKind.SCORE:
                instrument_id = item.name.removeprefix(SCORE_PREFIX)
                self.score_columns[instrument_id] = len(self.header)
                self.header += [f"{instrument_id}_total", f"{instrument_id}_band"]
        if with_contact:
            self.header.append(CONTACT_COLUMN)

    def blank_row(self) -> list:
        return [""] * len(self.header)


# How a stored answer is written in its cell, by item kind. These are the values `answer_values`
# (carelab/surveys/results.py) writes to a response's Answer rows, so an export says what the
# dashboard counts; tests compare the two for every kind.


def _text_cell(value: object) -> str:
    """Text, a date, a single choice or a scale point, inert in a spreadsheet."""
    return neutralise(str(value))


def _redacted_text_cell(value: object) -> str:
    """Free text with suspected personal data replaced by "[kind removed]", inert in a spreadsheet."""
    return _text_cell(redact_personal_data(str(value)))


def _number_cell(value: object) -> int | float | str:
    try:
        return _format_number(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def _options_cell(value: object) -> str:
    """The chosen options' names, joined by a space (option names are identifiers, never formulas)."""
    chosen = value if isinstance(value, list | tuple) else str(value).split()
    return " ".join(map(str, chosen))


_CELL_WRITERS: dict[ItemKind, Callable[[object], object]] = {
    ItemKind.MULTIPLE: _options_cell,
    ItemKind.RANK: _options_cell,
    ItemKind.NUMBER: _number_cell,
}


def _point_cell(value: object) -> int | float | str:
    """A scale point or an instrument item's points as a number; anything else as text."""
    number = _number_cell(value)
    return _text_cell(value) if number == "" else number


def _date_cell(value: object) -> date | str:
    """A date answer (stored as YYYY-MM-DD) as a date; anything else as text."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return _text_cell(value)


def _typed_writer(item: ResultItem) -> Callable[[object], object] | None:
    """How the XLSX export writes an item whose cell is not text, or None to write it as the CSV does."""
    if item.kind == ItemKind.SCALE or (item.kind == ItemKind.CHOICE and item.question_kind == "instrument_item"):
        return _point_cell
    if item.kind == ItemKind.DATE:
        return _date_cell
    return None


def export_rows(
    survey: Survey,
    items: list[ResultItem],
    filters: ResultFilters,
    with_contact: bool,
    redact: bool = False,
    typed: bool = False,
) -> Iterator[list]:
    """The header, then one list of cells per submitted response, oldest first; with `redact`,
    suspected personal data in free-text columns replaced by "[kind removed]"; with `typed` (for
    XLSX), dates as `date`s, `submitted_at` as a naive UTC `datetime` and points as numbers.

    Each response's cells come from its stored answers and scores (one database row per
    response, not one per answer). This loop runs once per response of a large export, so it
    reads the rows through a plain database cursor, without the ORM's per-row conversions,
    and puts each stored answer straight in its cell.
    """
    layout = Layout(items, with_contact, redact, typed)
    when = _utc_naive if typed else _utc_iso
    yield layout.header
    fields = ["reference", "submitted_at", "version__number", "consents", "answers", "scores"]
    if with_contact:
        fields.append("contact__email")
    responses = filters.responses(survey).order_by("pk").values_list(*fields)
    cells = layout.cells
    score_columns = layout.score_columns
    blank = layout.blank_row()
    for reference, submitted_at, version, consents, answers, scores, *contact in _raw_rows(responses):
        row = blank.copy()
        row[0] = neutralise(reference)
        row[1] = when(submitted_at)
        row[2] = version
        row[3] = "yes" if may_quote(_json(consents)) else "no"
        for name, value in _json(answers).items():
            cell = cells.get(name)
            if cell is None or value is None or value == "" or value == []:
                continue  # not asked in any version (cannot happen), or not answered
            column, write = cell
            if write is _text_cell and value.__class__ is str:  # most cells: the same as _text_cell, inlined
                row[column] = "'" + value if value.startswith(FORMULA_STARTS) else value
            else:
                row[column] = write(value)
        for score in _json(scores):
            column = score_columns.get(score.get("instrument_id"))
            if column is not None:
                total = score.get("total")
                row[column] = "" if total is None else _format_number(total)
                row[column + 1] = score.get("band_id") or ""
        if contact:
            row[-1] = neutralise(contact[0] or "")
        yield row


def _raw_rows(queryset: QuerySet) -> Iterator[tuple]:
    """The queryset's rows as the database driver gives them, a chunk at a time, so memory stays
    flat however many rows there are.

    On PostgreSQL (with libpq 17 or later) psycopg streams the rows in chunks as the server sends
    them, so the server and this loop work at the same time: about 40% faster than a server-side
    cursor, which waits for each FETCH. An export stopped half-way cancels the query. Inside a
    transaction a cancelled query would abort it, so there (tests, a caller's atomic block) the
    server-side cursor is used.
    """
    connection = connections[queryset.db]
    sql, params = queryset.query.sql_with_params()
    if connection.vendor == "postgresql" and connection.get_autocommit() and _libpq_streams_chunks():
        with connection.cursor() as cursor, _logged(connection, cursor, sql, params):
            yield from cursor.cursor.stream(sql, params, size=CHUNK_SIZE)
        return
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK_SIZE):
            yield from chunk


def _logged(connection, cursor, sql: str, params):
    """Log and count the streamed query like any other where queries are logged (DEBUG, tests)."""
    return cursor.debug_sql(sql, params) if connection.queries_logged else nullcontext()


def _libpq_streams_chunks() -> bool:
    import psycopg  # only on PostgreSQL

    return psycopg.pq.version() >= 170000


def may_quote(consents: dict) -> bool:
    """The rule `SurveyResponse.has_consent("quote")` applies, on a row read without the ORM."""
    if not isinstance(consents, dict) or "quote" not in consents:
        return False
    consent = consents["quote"]
    return not (isinstance(consent, dict) and consent.get("withdrawn_at"))


def _json(value: object):
    """A JSON column as read by the driver: text on SQLite and (with Django's loader) PostgreSQL."""
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value if value is not None else {}


def _utc_iso(value: datetime | None) -> str:
    """ISO 8601 in UTC, as `submitted_at.isoformat()` of the model's aware datetime would give."""
    if value is None:
        return ""
    if value.tzinfo is None:  # Django stores UTC without an offset on SQLite (its driver parses it)
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _utc_naive(value: datetime | None) -> datetime | None:
    """The time in UTC without an offset, as a spreadsheet's date-and-time cell holds it."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


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
    yield [
        "submitted_at",
        "When the answers were submitted, in UTC (ISO 8601 text in the CSV, a date and time in the XLSX)",
        "",
        "date and time",
        "",
    ]
    yield ["version", "The survey version answered", "", "whole number", ""]
    yield [
        "may_quote",
        "Whether the person agreed to be quoted anonymously and has not withdrawn it",
        "",
        "yes or no",
        "",
    ]
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
            ItemKind.TIME: "time (HH:MM, 24-hour clock)",
            ItemKind.DATETIME: "date and time (YYYY-MM-DDTHH:MM, local time)",
            ItemKind.RANK: "ranking (choice names separated by spaces, first choice first)",
            ItemKind.TEXT: "text",
        }[item.kind]
        yield [item.name, neutralise(label), neutralise(item.section), kind, neutralise(choices)]
    if with_contact:
        yield [CONTACT_COLUMN, "E-mail address given to be contacted", "", "text", ""]
