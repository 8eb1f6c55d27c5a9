"""An XLSX workbook written as a stream: the first bytes go out before the last row is read.

Spreadsheet libraries build the whole workbook before any of it can be sent, so a large export
makes the person wait (and a proxy may time out) with nothing arriving. An XLSX file is a ZIP of
XML parts, and a ZIP can be written front to back when each entry's sizes follow its data (what
`zipfile` does when the output cannot seek). So the one worksheet is written row by row into the
ZIP, and whatever the ZIP has produced is handed on every few hundred rows: memory stays constant
however many rows there are.

Cells hold numbers, dates, date-times or text (written as inline strings); `None` is an empty cell.
A `date` is a real date cell (a day number shown as yyyy-mm-dd), a `datetime` a real date-and-time
cell (shown as yyyy-mm-dd hh:mm:ss; an aware one is written in UTC), so spreadsheets sort and
filter them as dates; a day before 1 March 1900, which Excel counts wrongly, is written as text.
Characters that XML 1.0 cannot hold are dropped. The header row is bold and frozen. Neutralising text that a
spreadsheet would read as a formula is the caller's job (carelab/lib/spreadsheet_cells.py).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_CELL_LENGTH = 32_767  # Excel's limit for the text in one cell

_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEET}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SPREADSHEET}.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{_SPREADSHEET}.styles+xml"/>
</Types>"""

_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_RELATIONSHIP}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

_WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{_RELATIONSHIP}">
<sheets><sheet name="{{name}}" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_RELATIONSHIP}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{_RELATIONSHIP}/styles" Target="styles.xml"/>
</Relationships>"""

# Four cell formats: 0 plain, 1 bold (the header row), 2 a date, 3 a date and time.
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>
<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews><sheetData>"
)
_SHEET_END = "</sheetData></worksheet>"


def column_letters(index: int) -> str:
    """The spreadsheet column name for a column counted from 0: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_name(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\ characters, at most 31 long, never blank."""
    name = re.sub(r"[\[\]:*?/\\]", " ", _ILLEGAL_XML.sub("", title)).strip().strip("'")[:31].strip()
    return name or "Sheet1"


# Excel's day 0 (its 1900 calendar counts a 29 February 1900 that never was, so day numbers from
# 1 March 1900 on are right when counted from 30 December 1899).
_EPOCH = datetime(1899, 12, 30)
_FIRST_TRUE_DAY = date(1900, 3, 1)
_DATE_STYLE = ' s="2"'
_DATETIME_STYLE = ' s="3"'


def excel_serial(value: date) -> float | None:
    """The number Excel stores for a date or date-time, or None before 1 March 1900."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        if value.date() < _FIRST_TRUE_DAY:
            return None
        delta = value - _EPOCH
        return delta.days + (delta.seconds + delta.microseconds / 1_000_000) / 86_400
    if value < _FIRST_TRUE_DAY:
        return None
    return float((value - _EPOCH.date()).days)


def _date_cell(reference: str, value: date, style: str) -> str:
    serial = excel_serial(value)
    if serial is None:  # Excel cannot hold it as a date: keep it readable as text
        return _text(reference, value.isoformat(), style)
    if not style:  # the header row keeps its bold
        style = _DATETIME_STYLE if isinstance(value, datetime) else _DATE_STYLE
    number = int(serial) if serial.is_integer() else serial
    return f'<c r="{reference}"{style}><v>{number!r}</v></c>'


def _text(reference: str, value: str, style: str) -> str:
    text = _ILLEGAL_XML.sub("", value)[:MAX_CELL_LENGTH]
    return f'<c r="{reference}"{style} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _cell(reference: str, value: object, style: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return _date_cell(reference, value, style)
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN and infinities are not numbers in XLSX
            value = str(value)
        else:
            return f'<c r="{reference}"{style}><v>{value!r}</v></c>'
    return _text(reference, str(value), style)


class _Pipe:
    """A write-only, unseekable file that keeps what is written until it is taken."""

    def __init__(self):
        self.pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


def stream_xlsx(rows: Iterable[Iterable[object]], title: str = "Sheet1", rows_per_chunk: int = 500) -> Iterator[bytes]:
    """An XLSX file with one worksheet of `rows` (the first is the header), in pieces as it is written."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet_name(title), {'"': "&quot;"})))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        yield pipe.take()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            letters: list[str] = []
            pending: list[str] = []
            for number, row in enumerate(rows, start=1):
                style = ' s="1"' if number == 1 else ""
                cells = []
                for index, value in enumerate(row):
                    if index >= len(letters):
                        letters.append(column_letters(index))
                    cells.append(_cell(f"{letters[index]}{number}", value, style))
                pending.append(f'<row r="{number}">{"".join(cells)}</row>')
                if len(pending) >= rows_per_chunk:
                    sheet.write("".join(pending).encode())
                    pending.clear()
                    yield pipe.take()
            sheet.write(("".join(pending) + _SHEET_END).encode())
    yield pipe.take()
