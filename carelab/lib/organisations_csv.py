"""Read a lab's organisations from a CSV file, checking every row and naming every problem.

The file is what a spreadsheet saves: UTF-8 with or without a byte-order mark ("CSV UTF-8" in
Excel), Windows-1252 (Excel's plain "CSV (Comma delimited)"), or UTF-16 with a byte-order mark
(Excel's "Unicode Text"). Commas, semicolons (Excel in some countries) or tabs separate the cells.

The first row names the columns, in any order and any case:

    name         needed in every row
    kind         optional; one of the kinds the caller gives, by code or by label
    region       a region from carelab.lib.regions, by code or by name
    website      optional; an https:// address ("www.example.org" is read as "https://www.example.org")
    description  optional; plain text

`name` and `region` columns must be present; the others may be left out. Row numbers are the ones
a person sees in their spreadsheet: the header is row 1. Rows with nothing in them are skipped.

An empty optional cell is returned as "": what that means (a default for a new organisation, or
"keep what it has" for an existing one) is the caller's decision. Cells are only ever text:
nothing in them is evaluated, and a cell starting with "=" is kept as it is. Nothing is
importable unless the whole file is: callers import `rows` only when `problems` is empty.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carelab.lib.regions import REGIONS, region_code

COLUMNS = ("name", "kind", "region", "website", "description")
REQUIRED_COLUMNS = ("name", "region")
MAX_ROWS = 2_000
NAME_MAX_LENGTH = 200
WEBSITE_MAX_LENGTH = 300
DESCRIPTION_MAX_LENGTH = 500

_DELIMITERS = (",", ";", "\t")
_QUOTE_LIMIT = 60  # how much of a cell a problem repeats
# An https address a browser can follow: a host name with a dot and a top-level domain of letters,
# an optional port, then anything without spaces. Stricter than Django's URLValidator, so every
# address accepted here is accepted there too.
_HOST_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HTTPS_ADDRESS = re.compile(rf"https://(?:{_HOST_LABEL}\.)+[a-z]{{2,63}}\.?(?::\d{{1,5}})?(?:[/?#]\S*)?", re.I)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, placed as a person would find it in their spreadsheet."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return f"Row {self.row}, column {self.column}: {self.message}"
        if self.row is not None:
            return f"Row {self.row}: {self.message}"
        return self.message


@dataclass(frozen=True)
class OrganisationRow:
    """One organisation as the file gives it, checked and tidied."""

    row: int
    name: str
    kind: str  # "" when the cell is empty
    region: str
    website: str  # "" when the cell is empty
    description: str  # "" when the cell is empty
    updates_existing: bool  # the lab already has an organisation with this name


@dataclass(frozen=True)
class OrganisationsFile:
    rows: tuple[OrganisationRow, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def name_key(name: str) -> str:
    """What two names must share to be the same organisation: case and spacing do not count."""
    return " ".join(name.split()).casefold()


def template_csv() -> bytes:
    """An empty file with the header row, for people to fill in. The BOM tells Excel it is UTF-8."""
    return codecs.BOM_UTF8 + (",".join(COLUMNS) + "\r\n").encode()


def read_organisations(
    data: bytes,
    *,
    kinds: Sequence[tuple[str, str]],
    existing_names: Iterable[str] = (),
    max_rows: int = MAX_ROWS,
) -> OrganisationsFile:
    """Check every row of a CSV file of organisations.

    `kinds` are the (code, label) pairs a kind cell may name; `existing_names` are the names the
    lab already has, so rows with those names are marked as updates. Returns every row and every
    problem; the rows may be imported only when there are no problems.
    """
    text, problem = _decode(data)
    if problem:
        return OrganisationsFile((), (problem,))
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        return OrganisationsFile((), (Problem(len(records) + 1, None, _unreadable(error)),))
    if not records or not any(cell.strip() for cell in records[0]):
        return OrganisationsFile((), (Problem(1, None, _HEADER_HELP),))
    columns, header_problems = _read_header(records[0])
    if header_problems:
        return OrganisationsFile((), tuple(header_problems))

    numbered = [(number, record) for number, record in enumerate(records[1:], start=2) if _has_text(record)]
    if not numbered:
        return OrganisationsFile((), (Problem(None, None, "The file has no organisations under its first row"),))
    if len(numbered) > max_rows:
        message = (
            f"The file has {len(numbered):,} organisations. Import up to {max_rows:,} at a time: "
            "split the file into smaller files and upload each one"
        )
        return OrganisationsFile((), (Problem(None, None, message),))

    reader = _RowReader(kinds, {name_key(name) for name in existing_names})
    rows: list[OrganisationRow] = []
    problems: list[Problem] = []
    for number, record in numbered:
        row, row_problems = reader.read(number, columns, record)
        problems.extend(row_problems)
        if row is not None:
            rows.append(row)
    return OrganisationsFile(tuple(rows), tuple(problems))


_HEADER_HELP = "The first row must name the columns: name, kind, region, website and description"
_NOT_TEXT = (
    "CareLab cannot read this file as text. Save it from your spreadsheet as “CSV UTF-8 (Comma delimited)” "
    "and upload that file"
)


def _decode(data: bytes) -> tuple[str, Problem | None]:
    if data.startswith(b"PK\x03\x04"):
        message = (
            "This is a spreadsheet workbook (such as .xlsx), not a CSV file. In your spreadsheet choose "
            "Save As and “CSV UTF-8 (Comma delimited)”, then upload that file"
        )
        return "", Problem(None, None, message)
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
        if "\x00" in text:
            break
        return text, None
    return "", Problem(None, None, _NOT_TEXT)


def _delimiter(text: str) -> str:
    """The separator that splits the first line into the most column names CareLab knows."""
    first_line = text.split("\n", 1)[0]

    def known(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(_column_key(cell) in COLUMNS for cell in cells)

    return max(_DELIMITERS, key=known)  # ties go to the first, the comma


def _column_key(cell: str) -> str:
    return " ".join(cell.split()).casefold()


def _read_header(cells: list[str]) -> tuple[list[str | None], list[Problem]]:
    """The column each cell position holds (None for an empty header cell), and what is wrong."""
    columns: list[str | None] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for cell in cells:
        key = _column_key(cell)
        if not key:
            columns.append(None)
            continue
        if key not in COLUMNS:
            problems.append(Problem(1, None, f"{_quote(cell)} is not a column CareLab knows. {_COLUMNS_HELP}"))
        elif key in seen:
            problems.append(Problem(1, None, f"The {key} column appears more than once. Keep one"))
        seen.add(key)
        columns.append(key)
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            problems.append(Problem(1, None, f"The first row must include a column called {required}"))
    return columns, problems


_COLUMNS_HELP = "Use name, kind, region, website and description"


class _RowReader:
    """Checks rows one at a time, remembering names already seen in the file."""

    def __init__(self, kinds: Sequence[tuple[str, str]], existing: set[str]):
        self.kinds = {key: code for code, label in kinds for key in (code.casefold(), _column_key(label))}
        self.kind_codes = [code for code, _ in kinds]
        self.existing = existing
        self.first_row_for_name: dict[str, int] = {}

    def read(
        self, number: int, columns: list[str | None], record: list[str]
    ) -> tuple[OrganisationRow | None, list[Problem]]:
        cells = dict.fromkeys(COLUMNS, "")
        problems: list[Problem] = []
        for position, cell in enumerate(record):
            column = columns[position] if position < len(columns) else None
            if column is not None:
                cells[column] = cell.strip()
            elif cell.strip():
                problems.append(Problem(number, None, _EXTRA_CELLS))
                break

        name = " ".join(cells["name"].split())
        if not name:
            problems.append(Problem(number, "name", "Enter the organisation's name"))
        elif len(name) > NAME_MAX_LENGTH:
            problems.append(Problem(number, "name", _too_long("Names", name, NAME_MAX_LENGTH)))
        else:
            key = name_key(name)
            if key in self.first_row_for_name:
                message = f"{_quote(name)} is also on row {self.first_row_for_name[key]}. List each organisation once"
                problems.append(Problem(number, "name", message))
            else:
                self.first_row_for_name[key] = number

        kind = self.kinds.get(_column_key(cells["kind"]), "") if cells["kind"] else ""
        if cells["kind"] and not kind:
            message = f"{_quote(cells['kind'])} is not a kind. Use {_one_of(self.kind_codes)}, or leave it empty"
            problems.append(Problem(number, "kind", message))

        region = region_code(cells["region"]) or ""
        if not cells["region"]:
            problems.append(Problem(number, "region", f"Enter the region. {_REGIONS_HELP}"))
        elif not region:
            problems.append(Problem(number, "region", f"{_quote(cells['region'])} is not a region. {_REGIONS_HELP}"))

        website, website_problem = _website(cells["website"])
        if website_problem:
            problems.append(Problem(number, "website", website_problem))

        description = cells["description"]
        if len(description) > DESCRIPTION_MAX_LENGTH:
            problems.append(
                Problem(number, "description", _too_long("Descriptions", description, DESCRIPTION_MAX_LENGTH))
            )

        if problems:
            return None, problems
        row = OrganisationRow(
            row=number,
            name=name,
            kind=kind,
            region=region,
            website=website,
            description=description,
            updates_existing=name_key(name) in self.existing,
        )
        return row, []


_EXTRA_CELLS = (
    "This row has more cells than the first row has column names. Put text that contains commas "
    "in quotes, or remove the extra cells"
)
_REGIONS_HELP = "Use one of: " + ", ".join(name for _, name in REGIONS)


def _website(cell: str) -> tuple[str, str | None]:
    """The address to store, or a problem. An address without a scheme is taken to be https."""
    if not cell:
        return "", None
    address = cell if "://" in cell else f"https://{cell}"
    if len(address) > WEBSITE_MAX_LENGTH:
        return "", _too_long("Web addresses", cell, WEBSITE_MAX_LENGTH)
    if not address.lower().startswith("https://"):
        return "", f"{_quote(cell)} does not start with https://. Use the site's secure (https://) address"
    if not _HTTPS_ADDRESS.fullmatch(address):
        return "", f"{_quote(cell)} is not a web address. Enter it like https://www.example.org"
    return address, None


def _has_text(record: list[str]) -> bool:
    return any(cell.strip() for cell in record)


def _quote(cell: str) -> str:
    cell = " ".join(cell.split())
    return f"'{cell}'" if len(cell) <= _QUOTE_LIMIT else f"'{cell[: _QUOTE_LIMIT - 1]}…'"


def _too_long(what: str, cell: str, limit: int) -> str:
    return f"this is {len(cell):,} characters long. {what} can be up to {limit:,} characters"


def _one_of(codes: Sequence[str]) -> str:
    return ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else "".join(codes)


def _unreadable(error: csv.Error) -> str:
    return f"CareLab cannot read the file from here ({error}). Save it from your spreadsheet as CSV again and upload it"
