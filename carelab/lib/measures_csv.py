"""Read a measure's data points from a CSV file, checking every row and naming every problem.

A test team keeps its measure in a spreadsheet and saves it as CSV: UTF-8 with or without a
byte-order mark, Windows-1252 or UTF-16 with a byte-order mark; commas, semicolons or tabs. The
first row names the columns, in any order and any case:

    date         needed in every row: 2026-03-01, 01/03/2026 (day first, as in the UK) or 1 Mar 2026
    value        needed in every row: the number for that date (for a p or u chart, the count)
    denominator  needed for p and u charts: how many could have been counted (patients seen, days)
    note         optional: a note on the point, shown on the chart

Nothing is importable unless the whole file is: callers save `rows` only when `problems` is empty,
and every problem names its row as the person sees it in their spreadsheet (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime

COLUMNS = ("date", "value", "denominator", "note")
MAX_ROWS = 5_000
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NUMBER = 1e12
NOTE_MAX_LENGTH = 300
_DELIMITERS = (",", ";", "\t")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%b %Y", "%B %Y", "%Y-%m")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_TEXT = (
    "CareLab cannot read this file as text. Save it from your spreadsheet as “CSV UTF-8 (Comma delimited)” "
    "and upload that file"
)


@dataclass(frozen=True)
class Problem:
    row: int | None
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row is not None else self.message


@dataclass(frozen=True)
class MeasureRow:
    row: int
    date: date
    value: float
    denominator: float | None
    note: str


@dataclass(frozen=True)
class MeasureFile:
    rows: tuple[MeasureRow, ...]
    problems: tuple[Problem, ...]


def decode_text(data: bytes) -> str | None:
    """The text a spreadsheet saved, or None when the bytes are not text (a workbook, an image …)."""
    if data.startswith((b"PK\x03\x04", b"\x1f\x8b", b"%PDF")):
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    else:
        encodings = ["utf-8", "cp1252"]  # cp1252: what Excel on Windows writes for plain "CSV"
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


def parse_date(text: str) -> date | None:
    cleaned = " ".join(text.split())
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


def parse_number(text: str) -> float | None:
    """A number as a spreadsheet writes it: "1,234.5", "12%" is not accepted (say what it is of)."""
    cleaned = text.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,3})?", cleaned):
        return None
    number = float(cleaned)
    return number if math.isfinite(number) else None


def read_measure_csv(data: bytes, *, needs_denominator: bool, proportion: bool = False) -> MeasureFile:
    """Every row of the file, or every problem with it. `proportion`: each value is a count out of its
    denominator (a p chart), so it cannot be more than the denominator."""
    if not data.strip():
        return MeasureFile((), (Problem(None, "The file is empty"),))
    if len(data) > MAX_FILE_BYTES:
        return MeasureFile(
            (), (Problem(None, "The file is bigger than 2 MB. A measure needs far less: check the file"),)
        )
    text = decode_text(data)
    if text is None:
        return MeasureFile((), (Problem(None, _NOT_TEXT),))
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=lambda d: sum(c.strip().casefold() in COLUMNS for c in first_line.split(d)))
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        return MeasureFile((), (Problem(None, f"CareLab cannot read this file as CSV ({error})"),))
    if not records:
        return MeasureFile((), (Problem(None, "The file is empty"),))
    header = [cell.strip().casefold() for cell in records[0]]
    problems: list[Problem] = []
    for cell in header:
        if cell and cell not in COLUMNS:
            problems.append(
                Problem(1, f"“{cell[:40]}” is not a column CareLab knows. Use date, value, denominator and note")
            )
    required = ["date", "value", *(["denominator"] if needs_denominator else [])]
    for column in required:
        if column not in header:
            problems.append(Problem(1, f"The first row must include a column called {column}"))
    if problems:
        return MeasureFile((), tuple(problems))
    if len(records) - 1 > MAX_ROWS:
        return MeasureFile(
            (), (Problem(None, f"The file has more than {MAX_ROWS:,} rows. Split it and upload each part"),)
        )
    position = {name: header.index(name) for name in COLUMNS if name in header}
    rows: list[MeasureRow] = []
    first_row_for_date: dict[date, int] = {}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {name: (record[i].strip() if i < len(record) else "") for name, i in position.items()}
        if any(_CONTROL.search(cell) for cell in cells.values()):
            problems.append(Problem(number, "This row has characters that are not text"))
            continue
        row_problems: list[str] = []
        when = parse_date(cells["date"]) if cells["date"] else None
        if not cells["date"]:
            row_problems.append("Enter the date")
        elif when is None:
            row_problems.append(f"“{cells['date'][:30]}” is not a date. Use a date like 2026-03-01 or 01/03/2026")
        elif when in first_row_for_date:
            row_problems.append(f"{when:%-d %B %Y} is also on row {first_row_for_date[when]}. Give each date once")
        else:
            first_row_for_date[when] = number
        value = _number(cells["value"], "value", row_problems)
        denominator = None
        if needs_denominator:
            denominator = _number(cells.get("denominator", ""), "denominator", row_problems)
            if denominator is not None and denominator <= 0:
                row_problems.append("The denominator must be more than 0")
            elif value is not None and denominator is not None and value < 0:
                row_problems.append("A count cannot be below 0")
            elif proportion and value is not None and denominator is not None and value > denominator:
                row_problems.append(f"The value ({value:g}) is more than the denominator ({denominator:g})")
        note = cells.get("note", "")
        if len(note) > NOTE_MAX_LENGTH:
            row_problems.append(f"The note is {len(note)} characters long: keep it to {NOTE_MAX_LENGTH}")
        if row_problems:
            problems.extend(Problem(number, message) for message in row_problems)
        else:
            rows.append(MeasureRow(number, when, value, denominator, note))
    if not rows and not problems:
        problems.append(Problem(None, "The file has no data rows under its first row"))
    return MeasureFile(tuple(rows) if not problems else (), tuple(problems))


def _number(text: str, column: str, problems: list[str]) -> float | None:
    if not text:
        problems.append(f"Enter the {column}")
        return None
    number = parse_number(text)
    if number is None:
        problems.append(f"“{text[:30]}” is not a number. Enter the {column} as a number, like 12 or 3.5")
        return None
    if abs(number) > MAX_NUMBER:
        problems.append(f"The {column} is too large to chart: up to {MAX_NUMBER:,.0f}")
        return None
    return number
