import io
import zipfile

import openpyxl
import pytest

from carelab.lib.xlsx_stream import MAX_CELL_LENGTH, column_letters, sheet_name, stream_xlsx


def read_back(pieces) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(pieces)))
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def test_a_workbook_reads_back_with_the_same_numbers_text_and_empty_cells():
    rows = [["reference", "age", "sleep", "note"], ["AB12", 34, 6.5, "fine"], ["CD34", None, 0, ""]]
    assert read_back(stream_xlsx(rows, "Responses")) == [
        ("reference", "age", "sleep", "note"),
        ("AB12", 34, 6.5, "fine"),
        ("CD34", None, 0, None),
    ]


def test_text_is_escaped_and_characters_xml_cannot_hold_are_dropped():
    rows = [["text"], ['<b>"Tom & Jerry"</b>'], ["bell\x07 and null\x00 gone"], ["  spaces kept  "]]
    assert [row[0] for row in read_back(stream_xlsx(rows))] == [
        "text",
        '<b>"Tom & Jerry"</b>',
        "bell and null gone",
        "  spaces kept  ",
    ]


def test_text_longer_than_a_cell_can_hold_is_cut_to_excels_limit():
    (_, (value,)) = read_back(stream_xlsx([["long"], ["x" * (MAX_CELL_LENGTH + 10)]]))
    assert len(value) == MAX_CELL_LENGTH


def test_the_first_bytes_go_out_before_the_last_row_is_read():
    read = []

    def rows():
        yield ["n"]
        for number in range(2000):
            read.append(number)
            yield [number]

    pieces = stream_xlsx(rows(), rows_per_chunk=100)
    next(pieces)  # the fixed parts of the workbook
    next(pieces)  # the first hundred rows of the sheet
    assert len(read) < 200
    rest = list(pieces)
    assert len(rest) > 10
    assert len(read) == 2000


def test_many_rows_make_a_valid_zip_with_every_row():
    rows = [["n", "square"], *([n, n * n] for n in range(5000))]
    data = b"".join(stream_xlsx(rows))
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    back = read_back([data])
    assert len(back) == 5001
    assert back[-1] == (4999, 4999 * 4999)


def test_the_header_row_is_bold_and_frozen():
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(stream_xlsx([["a", "b"], [1, 2]]))))
    sheet = workbook.active
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_count_like_a_spreadsheet(index, letters):
    assert column_letters(index) == letters


def test_sheet_names_lose_what_excel_refuses_and_fit_31_characters():
    assert sheet_name("Results: 2026/27 [draft]?") == "Results  2026 27  draft"
    assert len(sheet_name("x" * 40)) == 31
    assert sheet_name("[]") == "Sheet1"
    assert read_back(stream_xlsx([["a"]], title="A & B")) == [("a",)]


def test_dates_and_times_are_real_date_cells_with_a_date_format():
    from datetime import UTC, date, datetime

    rows = [["day", "when"], [date(2020, 1, 31), datetime(2026, 1, 5, 12, 30, tzinfo=UTC)]]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(stream_xlsx(rows))))
    day, when = workbook.active[2]
    assert day.is_date and day.value == datetime(2020, 1, 31) and day.number_format == "yyyy-mm-dd"
    assert when.is_date and when.value == datetime(2026, 1, 5, 12, 30)
    assert when.number_format == "yyyy-mm-dd hh:mm:ss"


def test_a_day_excel_cannot_count_is_kept_as_text():
    from datetime import date

    assert read_back(stream_xlsx([["day"], [date(1900, 2, 28)]])) == [("day",), ("1900-02-28",)]
