import codecs

import pytest
from django.core.validators import URLValidator

from carelab.lib.organisations_csv import (
    MAX_ROWS,
    OrganisationRow,
    Problem,
    name_key,
    read_organisations,
    template_csv,
)

KINDS = (("partner", "Lab partner"), ("local", "Local organisation"), ("other", "Other"))


def read(text: str | bytes, existing=(), **options):
    data = text.encode() if isinstance(text, str) else text
    return read_organisations(data, kinds=KINDS, existing_names=existing, **options)


def messages(result) -> list[str]:
    return [str(problem) for problem in result.problems]


GOOD = (
    "name,kind,region,website,description\r\n"
    "Tyneside Mind and Body Network,local,North East,https://tyneside.example.org,Walking groups\r\n"
    "Severn Vale Wellbeing Collective,Local organisation,south_west,,\r\n"
)


def test_a_good_file_gives_every_row_tidied_and_no_problems():
    result = read(GOOD)
    assert result.ok
    assert result.rows == (
        OrganisationRow(
            row=2,
            name="Tyneside Mind and Body Network",
            kind="local",
            region="north_east",
            website="https://tyneside.example.org",
            description="Walking groups",
            updates_existing=False,
        ),
        OrganisationRow(
            row=3,
            name="Severn Vale Wellbeing Collective",
            kind="local",
            region="south_west",
            website="",
            description="",
            updates_existing=False,
        ),
    )


def test_header_names_are_read_in_any_case_order_and_spacing_and_optional_columns_may_be_left_out():
    result = read(" REGION , Name \nLondon,Thames Side Peer Support\n")
    assert result.ok
    assert [(row.name, row.region, row.kind, row.website) for row in result.rows] == [
        ("Thames Side Peer Support", "london", "", "")
    ]


def test_a_byte_order_mark_is_not_part_of_the_first_column_name():
    result = read(codecs.BOM_UTF8 + "name,region\nCaf\u00e9 Conversations,Wales\n".encode())
    assert result.ok and result.rows[0].name == "Caf\u00e9 Conversations"


def test_excels_plain_csv_in_windows_1252_and_its_unicode_text_are_read():
    windows = read("name;region\nCaf\u00e9 Conversations \u2013 Gwent;Wales\n".encode("cp1252"))
    assert windows.ok and windows.rows[0].name == "Caf\u00e9 Conversations \u2013 Gwent"
    unicode_text = read("name\tregion\nCaf\u00e9 Cymru\tWales\n".encode("utf-16"))
    assert unicode_text.ok and unicode_text.rows[0].name == "Caf\u00e9 Cymru"


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_offered_for_import():
    result = read(
        "name,kind,region,website\n"
        "Good Row Group,local,London,\n"
        ",local,London,\n"
        "Moorland Minds,charity,London,\n"
        "Dales Listening Post,local,Yorks,\n"
        "Fenland Friends,local,,\n"
        "Insecure Site,local,East,http://insecure.example.org\n"
        "Broken Site,local,East,https://not a site\n"
        "good row group,other,Wales,\n"
    )
    assert not result.ok
    assert messages(result) == [
        "Row 3, column name: Enter the organisation's name",
        "Row 4, column kind: 'charity' is not a kind. Use partner, local or other, or leave it empty",
        "Row 5, column region: 'Yorks' is not a region. Use one of: North East, North West, Yorkshire and the "
        "Humber, East Midlands, West Midlands, East of England, London, South East, South West, Wales, Scotland, "
        "Northern Ireland, UK-wide or online",
        "Row 6, column region: Enter the region. Use one of: North East, North West, Yorkshire and the Humber, "
        "East Midlands, West Midlands, East of England, London, South East, South West, Wales, Scotland, "
        "Northern Ireland, UK-wide or online",
        "Row 7, column website: 'http://insecure.example.org' does not start with https://. "
        "Use the site's secure (https://) address",
        "Row 8, column website: 'https://not a site' is not a web address. Enter it like https://www.example.org",
        "Row 9, column name: 'good row group' is also on row 2. List each organisation once",
    ]


def test_one_row_with_several_problems_reports_each():
    result = read("name,kind,region\n,nonsense,Atlantis\n")
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (2, "name"),
        (2, "kind"),
        (2, "region"),
    ]


def test_names_already_in_the_lab_are_marked_as_updates_whatever_their_case_and_spacing():
    result = read(GOOD, existing=["tyneside  MIND and body network"])
    assert [row.updates_existing for row in result.rows] == [True, False]


def test_row_numbers_are_spreadsheet_rows_even_with_blank_rows_and_line_breaks_inside_cells():
    result = read('name,region,description\n\n"Two Line Group",London,"first\nsecond"\n,,\nNo Region Group,,\n')
    assert result.rows[0].description == "first\nsecond"
    assert messages(result)[0].startswith("Row 5, column region:")


def test_cells_are_kept_as_plain_text_never_evaluated():
    result = read('name,region,description\n"=HYPERLINK(""http://x"")",London,"+1 @SUM(A1)"\n')
    assert result.ok
    assert (result.rows[0].name, result.rows[0].description) == ('=HYPERLINK("http://x")', "+1 @SUM(A1)")


def test_a_website_without_https_is_read_as_https_and_accepted_addresses_pass_djangos_check():
    result = read(
        "name,region,website\n"
        "A,London,www.example.org\n"
        "B,London,HTTPS://Example.org:8443/find-us?x=1#here\n"
        "C,London,https://sub.example.co.uk/\n"
    )
    assert [row.website for row in result.rows] == [
        "https://www.example.org",
        "HTTPS://Example.org:8443/find-us?x=1#here",
        "https://sub.example.co.uk/",
    ]
    check = URLValidator(schemes=["https"])
    for row in result.rows:
        check(row.website)  # raises if Django would refuse what the parser accepted


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "ftp://example.org", "https://localhost", "https://-bad-.org", "https://x"]
)
def test_addresses_that_are_not_https_web_sites_are_refused(address):
    result = read(f"name,region,website\nA,London,{address}\n")
    assert [problem.column for problem in result.problems] == ["website"]


def test_long_cells_are_refused_with_the_limit():
    result = read(f"name,region,description\n{'N' * 201},London,{'d' * 501}\n")
    assert messages(result) == [
        "Row 2, column name: this is 201 characters long. Names can be up to 200 characters",
        "Row 2, column description: this is 501 characters long. Descriptions can be up to 500 characters",
    ]


def test_a_header_with_unknown_or_repeated_or_missing_columns_is_reported_and_no_rows_are_read():
    result = read("Organisation,kind,kind,website\nA,local,local,\n")
    assert result.rows == ()
    assert messages(result) == [
        "Row 1: 'Organisation' is not a column CareLab knows. Use name, kind, region, website and description",
        "Row 1: The kind column appears more than once. Keep one",
        "Row 1: The first row must include a column called name",
        "Row 1: The first row must include a column called region",
    ]


def test_a_row_with_more_cells_than_columns_is_reported():
    result = read("name,region\nA,London,extra\nD,London,,\n")
    assert messages(result) == [
        "Row 2: This row has more cells than the first row has column names. Put text that contains commas in "
        "quotes, or remove the extra cells"
    ]
    assert [row.name for row in result.rows] == ["D"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "Row 1: The first row must name the columns: name, kind, region, website and description"),
        (b"name,region\n,,\n", "The file has no organisations under its first row"),
        (b"PK\x03\x04rest-of-a-zip", "This is a spreadsheet workbook (such as .xlsx), not a CSV file."),
        (b"name,region\n\x81\x8d\x00", "CareLab cannot read this file as text."),
    ],
)
def test_files_that_are_empty_or_not_csv_text_say_so(data, expected):
    result = read(data)
    assert result.rows == () and len(result.problems) == 1
    assert str(result.problems[0]).startswith(expected)


def test_a_file_over_the_row_limit_is_refused_as_a_whole():
    lines = "".join(f"Group {number},London\n" for number in range(MAX_ROWS + 1))
    result = read("name,region\n" + lines)
    assert result.rows == ()
    assert messages(result) == [
        "The file has 2,001 organisations. Import up to 2,000 at a time: split the file into smaller files and "
        "upload each one"
    ]
    assert read("name,region\nA,London\nB,London\n", max_rows=2).ok


def test_a_cell_the_csv_reader_cannot_take_is_reported_with_its_row():
    result = read("name,region\nA,London\n" + '"' + "x" * 200_000 + '",London\n')
    assert len(result.problems) == 1
    assert str(result.problems[0]).startswith("Row 3: CareLab cannot read the file from here")


def test_the_template_is_the_header_row_with_a_byte_order_mark_and_reads_back_as_no_organisations():
    assert template_csv() == codecs.BOM_UTF8 + b"name,kind,region,website,description\r\n"
    assert messages(read(template_csv())) == ["The file has no organisations under its first row"]


def test_problems_read_as_sentences_with_or_without_a_place():
    assert str(Problem(4, "name", "Enter it")) == "Row 4, column name: Enter it"
    assert str(Problem(4, None, "Too many cells")) == "Row 4: Too many cells"
    assert str(Problem(None, None, "Too many rows")) == "Too many rows"


def test_name_key_ignores_case_and_spacing():
    assert name_key("  Tyneside   MIND ") == name_key("tyneside mind")
