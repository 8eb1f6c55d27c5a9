"""Choices from a CSV file uploaded beside an XLSForm (``select_one_from_file towns.csv``).

ODK reads a CSV whose header names the columns: ``name`` is each choice's value and ``label`` the
words shown (a question's ``parameters`` may name others: ``value=code label=town``). Every other
column is kept as the choice's filter values, for a ``choice_filter`` to use (cascading selects).

The file is someone's upload, so it is read defensively: bounded in size, rows and columns before
parsing; UTF-8 only (with or without a byte-order mark), since guessing an encoding turns names into
nonsense silently; no NUL characters (PostgreSQL cannot store them). Every refusal is a
`ChoiceFileError` whose message a person can act on.
"""

from __future__ import annotations

import csv
import io
import re

from carelab.lib.survey_definition import Choice

MAX_CHOICE_FILE_BYTES = 2 * 1024 * 1024
MAX_CHOICE_ROWS = 5_000
MAX_CHOICE_COLUMNS = 50
MAX_CELL_CHARACTERS = 1_000
SUPPORTED_SUFFIX = ".csv"
# The same rule as XLSForm names: a choice's value is stored and used in expressions.
_CHOICE_NAME = re.compile(r"^[\w.-]+$")
_COLUMN = re.compile(r"^[^\W\d][\w-]*$")


class ChoiceFileError(ValueError):
    """The file cannot give choices; the message says why, in words for the person uploading."""


def read_choice_file(
    data: bytes, filename: str, value_column: str = "name", label_column: str = "label"
) -> list[Choice]:
    """The choices in a CSV file, in its order, or `ChoiceFileError`."""
    shown = f"'{filename}'"
    if len(data) > MAX_CHOICE_FILE_BYTES:
        raise ChoiceFileError(
            f"{shown} is {len(data) / 1024 / 1024:.1f} MB; a choices file must be smaller than "
            f"{MAX_CHOICE_FILE_BYTES // 1024 // 1024} MB."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ChoiceFileError(
            f"{shown} is not saved as UTF-8 text. In your spreadsheet program, save it as 'CSV UTF-8' and try again."
        ) from error
    if "\x00" in text:
        raise ChoiceFileError(
            f"{shown} holds a NUL character (an invisible control character), which CareLab cannot store."
        )
    lines = text.count("\n") + 1
    if lines > MAX_CHOICE_ROWS + 2:
        raise ChoiceFileError(f"{shown} has {lines:,} lines; a choices file may have at most {MAX_CHOICE_ROWS:,}.")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ChoiceFileError(f"{shown} could not be read as CSV ({error}).") from error
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ChoiceFileError(f"{shown} is empty: it needs a header row naming its columns, then one row per choice.")
    header = [cell.strip() for cell in rows[0]]
    if len(header) > MAX_CHOICE_COLUMNS:
        raise ChoiceFileError(
            f"{shown} has {len(header)} columns; a choices file may have at most {MAX_CHOICE_COLUMNS}."
        )
    for column in (value_column, label_column):
        if column not in header:
            raise ChoiceFileError(f"{shown} has no '{column}' column. Its first row must name the columns.")
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if duplicated:
        raise ChoiceFileError(f"{shown} has more than one column called '{duplicated[0]}'.")
    value_at, label_at = header.index(value_column), header.index(label_column)
    # Every other column is a filter value; "name" and "label" always mean the choice's own value and words.
    extra = [
        (index, column)
        for index, column in enumerate(header)
        if column and index not in {value_at, label_at} and column not in {"name", "label"}
    ]
    for _, column in extra:
        if not _COLUMN.match(column):
            raise ChoiceFileError(
                f"{shown}: the column '{column[:50]}' cannot be used in a choice filter; column names start with "
                "a letter and use only letters, digits, underscores and hyphens."
            )
    choices: list[Choice] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise ChoiceFileError(f"{shown}, row {number}: the row has more cells than the header has columns.")
        cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
        if any(len(cell) > MAX_CELL_CHARACTERS for cell in cells):
            raise ChoiceFileError(f"{shown}, row {number}: a cell is longer than {MAX_CELL_CHARACTERS:,} characters.")
        name, label = cells[value_at], cells[label_at]
        if not name or not label:
            missing = value_column if not name else label_column
            raise ChoiceFileError(f"{shown}, row {number}: every choice needs a {missing}.")
        if not _CHOICE_NAME.match(name):
            raise ChoiceFileError(
                f"{shown}, row {number}: '{name[:50]}' cannot be a choice's {value_column}; use letters, digits, "
                "underscores, hyphens or full stops, with no spaces."
            )
        if name in seen:
            raise ChoiceFileError(
                f"{shown}, row {number}: the {value_column} '{name}' is already used on row {seen[name]}."
            )
        seen[name] = number
        choices.append(Choice(name, label, tuple((column, cells[index]) for index, column in extra)))
    if not choices:
        raise ChoiceFileError(f"{shown} has a header row but no choices.")
    return choices
