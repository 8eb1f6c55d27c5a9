"""Hostile .xlsx files for tests, built small and fast: what a penetration test sends."""

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

LAB_SURVEY_XLSX = Path(__file__).parent / "xlsforms" / "lab_survey.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
_SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = b"</sheetData></worksheet>"


def rewritten(replacements: dict[str, Iterable[bytes]], extra: dict[str, Iterable[bytes]] | None = None) -> bytes:
    """The lab survey workbook with some members' XML replaced (streamed in pieces) and others added."""
    source = zipfile.ZipFile(LAB_SURVEY_XLSX)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename in replacements:
                with target.open(member.filename, "w") as stream:
                    for piece in replacements[member.filename]:
                        stream.write(piece)
            else:
                target.writestr(member, source.read(member.filename))
        for name, pieces in (extra or {}).items():
            with target.open(name, "w") as stream:
                for piece in pieces:
                    stream.write(piece)
    return out.getvalue()


def zip_bomb(unzipped_megabytes: int = 100) -> bytes:
    """A workbook with a member that unzips to `unzipped_megabytes`, about a thousandth of that zipped."""
    megabyte = b"\0" * (1024 * 1024)
    return rewritten({}, {"xl/media/filler.xml": (megabyte for _ in range(unzipped_megabytes))})


def highly_compressed(megabytes: int = 3) -> bytes:
    """Within the size limit, but one member compresses about a thousand times."""
    return rewritten({}, {"xl/media/filler.xml": (b" " * (1024 * 1024) for _ in range(megabytes))})


def sheet_of_rows(rows: Iterable[bytes]) -> bytes:
    return rewritten({SHEET: [_SHEET_START, *rows, _SHEET_END]})


def two_million_rows() -> bytes:
    """2,000,000 empty rows: about 12 MB of XML that zips to a few kilobytes."""
    return sheet_of_rows([b"<row/>" * 2_000_000])


def numbered_rows(count: int) -> bytes:
    """`count` rows of one cell each, as a spreadsheet program writes them (they compress like real ones)."""
    return sheet_of_rows(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'.encode() for n in range(1, count + 1))


def claiming_row(number: int) -> bytes:
    """One row that says it is row `number`: openpyxl would make every row before it."""
    return sheet_of_rows([f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()])


def claiming_dimension(reference: str) -> bytes:
    sheet = _SHEET_START.replace(b"<sheetData>", f'<dimension ref="{reference}"/><sheetData>'.encode())
    return rewritten({SHEET: [sheet, b"<row><c><v>1</v></c></row>", _SHEET_END]})


def with_doctype() -> bytes:
    source = zipfile.ZipFile(LAB_SURVEY_XLSX).read("xl/workbook.xml")
    return rewritten({"xl/workbook.xml": [b'<!DOCTYPE workbook [<!ENTITY a "aaaa">]>', source]})
