"""Cells a spreadsheet would run as formulas are made inert; everything else is left as typed."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from carelab.lib.spreadsheet_cells import FORMULA_STARTS, csv_text, neutralise


def test_each_formula_start_gets_a_leading_quote():
    for start in FORMULA_STARTS:
        assert neutralise(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_ordinary_words_and_an_empty_cell_are_left_alone():
    assert neutralise("Pain clinic, 2 = too long") == "Pain clinic, 2 = too long"
    assert neutralise("") == ""


@given(st.text())
def test_no_neutralised_cell_starts_a_formula_and_the_words_are_kept(text):
    cell = neutralise(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell.removeprefix("'") == text or cell == text


def test_csv_text_starts_with_a_byte_order_mark_and_reads_back():
    text = csv_text([["name", "note"], ["Sam", neutralise("=1+1")], ["Ali", 'says "hi",\nthen goes']])
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["name", "note"],
        ["Sam", "'=1+1"],
        ["Ali", 'says "hi",\nthen goes'],
    ]
