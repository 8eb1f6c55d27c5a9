"""Hostile XLSForms are refused with a clear problem before any parser opens them."""

import pytest

from carelab.lib.tests import hostile_xlsx
from carelab.lib.xlsform import XLSFormError, read_xlsform
from carelab.lib.xlsform_limits import MAX_COLUMNS, MAX_ROWS


def refusal(data: bytes, filename: str = "form.xlsx") -> str:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(data, filename)
    return str(caught.value)


def test_a_zip_bomb_is_refused_from_the_zip_directory_alone():
    bomb = hostile_xlsx.zip_bomb(100)
    assert len(bomb) < 200 * 1024  # the penetration test's was 307 KB for 300 MB
    assert "would unpack to 100 MB" in refusal(bomb)


def test_a_member_compressed_far_more_than_any_real_spreadsheet_is_refused():
    assert "compressed" in refusal(hostile_xlsx.highly_compressed(3))


def test_a_sheet_of_two_million_rows_is_refused():
    assert "compressed" in refusal(hostile_xlsx.two_million_rows())


def test_a_sheet_holding_more_rows_than_any_form_is_refused_after_counting_them():
    message = refusal(hostile_xlsx.numbered_rows(MAX_ROWS + 1))
    assert f"reaches row {MAX_ROWS + 1:,}" in message and f"at most {MAX_ROWS:,} rows" in message


def test_a_sheet_claiming_row_two_million_is_refused():
    message = refusal(hostile_xlsx.claiming_row(2_000_000))
    assert "reaches row 2,000,000" in message


def test_a_sheet_whose_dimension_claims_millions_of_rows_or_columns_is_refused():
    assert "reaches row 2,000,000" in refusal(hostile_xlsx.claiming_dimension("A1:C2000000"))
    assert "column 16,384" in refusal(hostile_xlsx.claiming_dimension("A1:XFD3"))


def test_a_cell_far_to_the_right_is_refused():
    row = b'<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
    assert f"at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns" in refusal(hostile_xlsx.sheet_of_rows([row]))


def test_an_xlsx_holding_a_doctype_is_refused_with_a_problem():
    assert "document type declaration (DOCTYPE)" in refusal(hostile_xlsx.with_doctype())


def test_a_file_bigger_than_five_megabytes_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as file:
        file.truncate(6 * 1024 * 1024)  # a sparse file: no time or disk spent
    assert "must be smaller than 5 MB" in refusal(big, "big.csv")


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_a_text_form_not_saved_as_utf8_is_refused_with_what_to_do(suffix):
    data = "type,name,label\ntext,cafe,Caf\xe9\n".encode("latin-1")
    message = refusal(data, f"form{suffix}")
    assert "not saved as UTF-8 text (line 2" in message and "CSV UTF-8" in message


def test_a_markdown_form_holding_a_nul_character_is_refused():
    text = "| survey |\n| | type | name | label |\n| | text | a | A\x00 |\n"
    assert "Line 3 holds a NUL character" in refusal(text.encode(), "form.md")


def test_a_text_form_with_too_many_columns_is_refused():
    header = ",".join(f"c{n}" for n in range(MAX_COLUMNS + 1))
    assert f"Line 1 has {MAX_COLUMNS + 1} columns" in refusal(f"{header}\n".encode(), "form.csv")


def test_the_real_lab_survey_workbook_passes_the_limits():
    assert read_xlsform(hostile_xlsx.LAB_SURVEY_XLSX).title
