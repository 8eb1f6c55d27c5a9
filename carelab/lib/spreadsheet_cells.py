"""Cells for spreadsheets people open: text that a spreadsheet would run as a formula is made inert.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (CSV or formula injection), so words people typed could run when the lab
team opens an export. `neutralise` puts a leading ``'`` before such text, which the spreadsheet shows as
the text itself. Every CSV or XLSX export of typed text goes through it; numbers CareLab formats itself
are left alone.
"""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Text a spreadsheet would treat as a formula, made inert with a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(rows: Iterable[list]) -> str:
    """Rows as one CSV string with a byte-order mark, so Excel reads it as UTF-8 (small outputs only).

    The caller neutralises typed text first: this writes cells as they are."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out).writerows(rows)
    return out.getvalue()
