"""Importing organisations from a CSV file: all or nothing, with every bad row reported."""

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from carelab.core.tests.html import parse, text_of
from carelab.lib.organisations_csv import MAX_ROWS
from carelab.organisations import actions
from carelab.organisations.models import Organisation
from carelab.organisations.tests.factories import OrganisationFactory

IMPORT = "/labs/the-lab/organisations/team/import/"
TEAM_LIST = "/labs/the-lab/organisations/team/"

GOOD_FILE = (
    "name,kind,region,website,description\r\n"
    "Tyneside Mind and Body Network,local,North East,tyneside.example.org,Walking groups\r\n"
    "Severn Vale Wellbeing Collective,,south_west,,\r\n"
    "National Charity,partner,UK-wide or online,https://charity.example.org,Runs the lab with us\r\n"
)


def csv_upload(content: str | bytes, name: str = "organisations.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


def problems_on(response) -> list[str]:
    return [text_of(item) for item in parse(response).select(".nhsuk-error-summary__list li")]


def test_a_good_file_imports_every_row_and_says_how_many(cast, team):
    response = team.post(IMPORT, {"file": csv_upload(GOOD_FILE)}, follow=True)
    assert response.redirect_chain == [(TEAM_LIST, 302)]
    banner = text_of(parse(response).select_one(".nhsuk-notification-banner"))
    assert "Import finished: 3 organisations added and 0 organisations updated." in banner
    organisations = {o.name: o for o in Organisation.objects.for_lab(cast.lab)}
    assert set(organisations) == {
        "Tyneside Mind and Body Network",
        "Severn Vale Wellbeing Collective",
        "National Charity",
    }
    tyneside = organisations["Tyneside Mind and Body Network"]
    assert (tyneside.kind, tyneside.region, tyneside.website, tyneside.is_public) == (
        "local",
        "north_east",
        "https://tyneside.example.org",
        True,
    )
    assert organisations["Severn Vale Wellbeing Collective"].kind == "local"  # an empty kind is a local one
    assert organisations["National Charity"].kind == "partner"


def test_a_name_already_in_the_directory_updates_it_and_empty_cells_keep_what_it_had(cast, team):
    existing = OrganisationFactory(
        lab=cast.lab,
        name="severn vale wellbeing collective",
        kind="other",
        region="london",
        website="https://severn.example.org",
        description="Kept",
        contact_page="https://severn.example.org/contact",
        hidden=True,
    )
    other_lab = OrganisationFactory(lab=cast.other_lab, name="Tyneside Mind and Body Network")
    response = team.post(IMPORT, {"file": csv_upload(GOOD_FILE)}, follow=True)
    banner = text_of(parse(response).select_one(".nhsuk-notification-banner"))
    assert "Import finished: 2 organisations added and 1 organisation updated." in banner
    existing.refresh_from_db()
    assert (existing.name, existing.region, existing.kind, existing.website, existing.description) == (
        "Severn Vale Wellbeing Collective",
        "south_west",
        "other",
        "https://severn.example.org",
        "Kept",
    )
    assert (existing.contact_page, existing.is_public) == ("https://severn.example.org/contact", False)
    other_lab.refresh_from_db()
    assert other_lab.lab == cast.other_lab, "another lab's organisation of the same name is not touched"
    assert Organisation.objects.for_lab(cast.lab).count() == 3


BAD_FILE = (
    "name,kind,region,website,description\n"
    "Good Group,local,London,,\n"
    ",local,London,,\n"
    "Dales Listening Post,local,Yorks,,\n"
    "Insecure Site,local,East,http://insecure.example.org,\n"
    "good group,other,Wales,,\n"
    "Another Good Group,local,Wales,,\n"
)


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_bad_row_and_why(cast, team):
    OrganisationFactory(lab=cast.lab, name="Already Here")
    response = team.post(IMPORT, {"file": csv_upload(BAD_FILE)})
    assert response.status_code == 200
    page = parse(response)
    summary = page.select_one(".nhsuk-error-summary")
    assert "Nothing was imported." in text_of(summary)
    assert problems_on(response) == [
        "Row 3, column name: Enter the organisation's name",
        "Row 4, column region: 'Yorks' is not a region. Use one of: North East, North West, Yorkshire and the "
        "Humber, East Midlands, West Midlands, East of England, London, South East, South West, Wales, Scotland, "
        "Northern Ireland, UK-wide or online",
        "Row 5, column website: 'http://insecure.example.org' does not start with https://. "
        "Use the site's secure (https://) address",
        "Row 6, column name: 'good group' is also on row 2. List each organisation once",
    ]
    assert all(link["href"] == "#id_file" for link in summary.select("a"))
    assert "The file has 4 problems, listed above. Nothing was imported." in text_of(
        page.select_one("#id_file-error, .nhsuk-error-message")
    )
    assert text_of(page.select_one("title")).startswith("Error: ")
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Already Here"]


def test_a_file_saved_by_excel_with_a_byte_order_mark_imports(cast, team):
    data = codecs.BOM_UTF8 + "Name,Region\nCaf\u00e9 Conversations,Wales\n".encode()
    assert team.post(IMPORT, {"file": csv_upload(data)}).status_code == 302
    assert Organisation.objects.get().name == "Caf\u00e9 Conversations"


def test_excels_plain_csv_in_windows_1252_imports(cast, team):
    data = "name,region\nCaf\u00e9 Cymru \u2013 Gwent,Wales\n".encode("cp1252")
    assert team.post(IMPORT, {"file": csv_upload(data)}).status_code == 302
    assert Organisation.objects.get().name == "Caf\u00e9 Cymru \u2013 Gwent"


def test_a_wrong_header_imports_nothing_and_says_which_columns_to_use(cast, team):
    response = team.post(IMPORT, {"file": csv_upload("Organisation,Area\nGood Group,London\n")})
    assert problems_on(response) == [
        "Row 1: 'Organisation' is not a column CareLab knows. Use name, kind, region, website and description",
        "Row 1: 'Area' is not a column CareLab knows. Use name, kind, region, website and description",
        "Row 1: The first row must include a column called name",
        "Row 1: The first row must include a column called region",
    ]
    assert not Organisation.objects.exists()


def test_a_file_over_2_mb_is_refused_before_it_is_read(cast, team):
    data = b"name,region\n" + b"x" * (2 * 1024 * 1024)
    response = team.post(IMPORT, {"file": csv_upload(data)})
    assert problems_on(response) == [
        "The selected file must be smaller than 2 MB. Split it into smaller files and upload each one"
    ]
    assert not Organisation.objects.exists()


def test_a_file_with_too_many_rows_is_refused_with_the_limit(cast, team):
    rows = "".join(f"Group {number},London\n" for number in range(MAX_ROWS + 1))
    response = team.post(IMPORT, {"file": csv_upload("name,region\n" + rows)})
    assert problems_on(response) == [
        "The file has 2,001 organisations. Import up to 2,000 at a time: split the file into smaller files "
        "and upload each one"
    ]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("upload", "problem"),
    [
        (None, "Select a CSV file"),
        (csv_upload(b"", "empty.csv"), "The selected file is empty"),
        (csv_upload(b"name,region\nA,London\n", "organisations.xlsx"), "The selected file must be a CSV file"),
    ],
    ids=["no file", "empty", "not .csv"],
)
def test_a_missing_empty_or_wrongly_named_file_is_explained(cast, team, upload, problem):
    response = team.post(IMPORT, {"file": upload} if upload else {})
    assert problems_on(response)[0].startswith(problem)
    assert not Organisation.objects.exists()


def test_cells_are_imported_as_text_and_shown_as_text(cast, team, client):
    data = 'name,region,description\n"=HYPERLINK(""https://x.example"",""Click"")",London,<b>bold</b>\n'
    assert team.post(IMPORT, {"file": csv_upload(data)}).status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.name == '=HYPERLINK("https://x.example","Click")'
    page = parse(client.get("/labs/the-lab/organisations/"))
    assert text_of(page.select_one("#organisations .nhsuk-card__description")) == "<b>bold</b>"


def test_a_failure_part_way_through_the_import_leaves_nothing_saved(cast, team, monkeypatch):
    OrganisationFactory(lab=cast.lab, name="Severn Vale Wellbeing Collective", region="london")

    def failing_bulk_update(*args, **kwargs):
        raise IntegrityError("the database went away")

    monkeypatch.setattr(actions.Organisation.objects, "bulk_update", failing_bulk_update)
    with pytest.raises(IntegrityError):
        team.post(IMPORT, {"file": csv_upload(GOOD_FILE)})
    assert list(Organisation.objects.values_list("name", "region")) == [("Severn Vale Wellbeing Collective", "london")]


def test_the_import_page_documents_the_columns_and_offers_a_template(cast, team):
    page = parse(team.get(IMPORT))
    assert [text_of(code) for code in page.select("#columns tbody tr td:first-child code")] == [
        "name",
        "kind",
        "region",
        "website",
        "description",
    ]
    assert "updates" in text_of(page.find("h2", string="Organisations already in the directory").find_next("p"))
    template = team.get(page.select_one("#template-link")["href"])
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert template["Content-Disposition"] == 'attachment; filename="organisations-template.csv"'
    assert template.content == codecs.BOM_UTF8 + b"name,kind,region,website,description\r\n"
