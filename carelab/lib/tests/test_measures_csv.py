"""Reading a measure's data from a CSV file: every row or nothing, every problem named by row."""

import codecs
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib.measures_csv import read_measure_csv


def read(text, *, needs_denominator=False, proportion=False, encoding="utf-8"):
    return read_measure_csv(text.encode(encoding), needs_denominator=needs_denominator, proportion=proportion)


def test_a_good_file_reads_in_any_column_order_case_and_date_style():
    result = read(
        "Value,DATE,note\n12,2026-03-01,\n9.5,08/03/2026,New form\n\n1,234,15 Mar 2026\n".replace("1,234", '"1,234"')
    )
    assert result.problems == ()
    assert [(r.row, r.date, r.value, r.note) for r in result.rows] == [
        (2, date(2026, 3, 1), 12.0, ""),
        (3, date(2026, 3, 8), 9.5, "New form"),
        (5, date(2026, 3, 15), 1234.0, ""),
    ]


def test_excel_encodings_and_separators_are_read():
    for encoding, prefix in (("utf-16", ""), ("cp1252", ""), ("utf-8", codecs.BOM_UTF8.decode("utf-8"))):
        result = read(prefix + "date;value;note\n2026-03-01;5;Café opened\n", encoding=encoding)
        assert result.problems == () and result.rows[0].note == "Café opened"


def test_every_bad_row_is_reported_by_number_and_nothing_is_read():
    result = read("date,value\n2026-03-01,5\n2026-02-30,6\n2026-03-08,many\n2026-03-01,7\n,8\n2026-03-22,1e13\n")
    assert result.rows == ()
    assert [str(p) for p in result.problems] == [
        "Row 3: “2026-02-30” is not a date. Use a date like 2026-03-01 or 01/03/2026",
        "Row 4: “many” is not a number. Enter the value as a number, like 12 or 3.5",
        "Row 5: 1 March 2026 is also on row 2. Give each date once",
        "Row 6: Enter the date",
        "Row 7: The value is too large to chart: up to 1,000,000,000,000",
    ]


def test_p_charts_need_a_denominator_no_smaller_than_the_count():
    result = read(
        "date,value,denominator\n2026-03-01,5,10\n2026-03-08,12,10\n2026-03-15,3,0\n",
        needs_denominator=True,
        proportion=True,
    )
    assert [str(p) for p in result.problems] == [
        "Row 3: The value (12) is more than the denominator (10)",
        "Row 4: The denominator must be more than 0",
    ]
    assert "column called denominator" in str(read("date,value\n2026-03-01,5\n", needs_denominator=True).problems[0])


def test_files_that_are_not_csv_get_a_clear_message():
    for data in (b"", b"PK\x03\x04rest", b"\x00\x01\x02date,value", b"date,value\n2026-03-01,\x005\n"):
        result = read_measure_csv(data, needs_denominator=False)
        assert result.rows == () and result.problems
    assert "is not a column" in str(read("when,value\n").problems[0])
    assert "no data rows" in str(read("date,value\n").problems[0])


@settings(deadline=None, max_examples=80)
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_problems_never_an_error(data):
    result = read_measure_csv(data, needs_denominator=False)
    assert bool(result.rows) != bool(result.problems) or (not result.rows and result.problems)


@settings(deadline=None, max_examples=80)
@given(st.text(max_size=200))
def test_any_text_in_a_cell_gives_rows_or_problems(cell):
    text = 'date,value,note\n2026-03-01,5,"' + cell.replace('"', '""') + '"\n'
    result = read(text)
    assert (len(result.rows) == 1) != bool(result.problems)
