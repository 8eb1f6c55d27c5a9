"""What an uploaded XLSForm may make CareLab read, checked before any parser sees it.

An .xlsx file is a zip of XML files. A few hundred kilobytes can unzip to hundreds of megabytes
(a "zip bomb"), and a sheet can hold, or claim by its row numbers, millions of rows; openpyxl
and pyxform would then fill a worker's memory. These checks read only the zip's directory and
then stream each sheet's XML in small pieces, counting rows and columns without building anything,
and stop at the first limit passed. The limits are far above any real form: the largest XLSForm
we know of has a few thousand rows.

Text formats (.csv, .md) must be UTF-8 and may not hold NUL characters, which PostgreSQL refuses
to store; they are bounded by their size and their lines.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 25 * 1024 * 1024
# Real .xlsx members compress by 5 to 20 times; highly repetitive filler compresses by 1000 or more.
MAX_COMPRESSION_RATIO = 100
# A member this small may compress as well as it likes: it cannot fill memory.
_RATIO_EXEMPT_BYTES = 1024 * 1024
MAX_ARCHIVE_MEMBERS = 200
MAX_ROWS = 10_000
MAX_COLUMNS = 200
MAX_CELLS = 500_000
# Languages of one form (label::Cymraeg (cy) columns), and the length of a language's name.
MAX_LANGUAGES = 30
MAX_LANGUAGE_LENGTH = 80

_CHUNK = 64 * 1024
# A row or cell start tag, with any namespace prefix; `<cols>`, `<col>`, `<rowBreaks>` do not match.
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)(\s[^>]*)?/?>")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)(\d*)["']""")
_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\s[^>]*\bref\s*=\s*["'][^"':]*:?([A-Za-z]+)(\d+)["']""")
_DOCUMENT_TYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - ord("A") + 1)
    return number


def file_size_problem(size: int) -> str | None:
    if size > MAX_FILE_BYTES:
        return f"The file is {_megabytes(size)}; an XLSForm must be smaller than {_megabytes(MAX_FILE_BYTES)}."
    return None


def xlsx_problems(data: bytes) -> list[str]:
    """Why this .xlsx must not be opened (it would unzip to too much, or hold too many rows), or []."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return ["The file could not be read as an .xlsx workbook. Save it again as an Excel workbook (.xlsx)."]
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ARCHIVE_MEMBERS:
            return [f"The workbook holds {len(members)} files inside it; an XLSForm needs far fewer."]
        unzipped = sum(member.file_size for member in members)
        if unzipped > MAX_UNZIPPED_BYTES:
            return [
                f"The workbook would unpack to {_megabytes(unzipped)}; an XLSForm must unpack to less than "
                f"{_megabytes(MAX_UNZIPPED_BYTES)}."
            ]
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _RATIO_EXEMPT_BYTES and ratio > MAX_COMPRESSION_RATIO:
                return [
                    f"Part of the workbook ({member.filename}) is compressed {ratio:.0f} times, which real "
                    "spreadsheets never are. Save the form again from your spreadsheet program."
                ]
        try:
            for member in members:
                if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                    problem = _xml_member_problem(archive, member)
                    if problem:
                        return [problem]
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
            return ["The file could not be read as an .xlsx workbook. Save it again as an Excel workbook (.xlsx)."]
    return []


def _tags(stream: IO[bytes]) -> Iterator[bytes]:
    """The XML in pieces that each end just before a '<', so no tag is ever cut in two."""
    tail = b""
    while chunk := stream.read(_CHUNK):
        buffer = tail + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:
            tail = buffer
            continue
        yield buffer[:cut]
        tail = buffer[cut:]
    if tail:
        yield tail


def _xml_member_problem(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> str | None:
    is_sheet = member.filename.startswith("xl/worksheets/")
    row = column = cells = 0
    with archive.open(member) as stream:
        for piece in _tags(stream):
            if _DOCUMENT_TYPE.search(piece):
                return (
                    "The workbook holds a document type declaration (DOCTYPE), which CareLab does not accept "
                    "for safety. Save the form again from Excel, LibreOffice or Google Sheets."
                )
            if not is_sheet:
                continue
            dimension = _DIMENSION.search(piece)
            if dimension and (int(dimension.group(2)) > MAX_ROWS or _column_number(dimension.group(1)) > MAX_COLUMNS):
                return _too_big(member, int(dimension.group(2)), _column_number(dimension.group(1)))
            for match in _ROW_OR_CELL.finditer(piece):
                ref = _REF.search(match.group(2) or b"")
                if match.group(1) == b"row":
                    row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                    column = 0
                    if row > MAX_ROWS:
                        return _too_big(member, row, column)
                else:
                    column = _column_number(ref.group(1)) if ref and ref.group(1) else column + 1
                    cells += 1
                    if column > MAX_COLUMNS or cells > MAX_CELLS:
                        return _too_big(member, row, column)
    return None


def _too_big(member: zipfile.ZipInfo, rows: int, columns: int) -> str:
    sheet = member.filename.rsplit("/", 1)[-1].removesuffix(".xml")
    return (
        f"A sheet of the workbook ({sheet}) reaches row {rows:,} or column {columns:,}; an XLSForm may have at "
        f"most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns on a sheet, and {MAX_CELLS:,} cells in all."
    )


def text_problems(data: bytes, suffix: str) -> list[str]:
    """Why this .csv or .md must not be read: not UTF-8, holding NUL characters, or too many rows or columns."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return [
            f"The file is not saved as UTF-8 text (line {line} has a character in another encoding). "
            "Save it again choosing UTF-8, for example 'CSV UTF-8' in Excel."
        ]
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        return [
            f"Line {line} holds a NUL character (an invisible control character), which CareLab cannot store. "
            "Remove it, or save the form again from your spreadsheet program."
        ]
    lines = text.count("\n") + 1
    # One .md file holds every sheet; a .csv may too, one after another.
    if lines > 3 * MAX_ROWS:
        return [f"The file has {lines:,} lines; an XLSForm may have at most {3 * MAX_ROWS:,}."]
    for number, columns in enumerate(_columns_per_line(text, suffix), start=1):
        if columns > MAX_COLUMNS:
            return [f"Line {number} has {columns:,} columns; an XLSForm may have at most {MAX_COLUMNS}."]
    return []


def _columns_per_line(text: str, suffix: str) -> Iterator[int]:
    if suffix == ".csv":
        try:
            for row in csv.reader(io.StringIO(text)):
                yield len(row)
        except csv.Error:
            return  # pyxform reports a malformed file in its own words
    else:
        for line in text.splitlines():
            yield max(line.count("|") - 1, 0)
