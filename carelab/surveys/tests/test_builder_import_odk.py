"""Importing ODK and KoBoToolbox forms through the upload page: the CSV files beside a form, and
what CareLab leaves out listed on the survey's page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from carelab.core.tests.html import parse, text_of
from carelab.lib.survey_definition import QuestionKind
from carelab.surveys.models import Survey
from carelab.surveys.tests.test_builder_pages import BASE, inline_error, summary_errors

ODK = Path(__file__).resolve().parents[2] / "lib" / "tests" / "xlsforms" / "odk"


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


def upload(client, filename, choice_files=()):
    data = {"file": SimpleUploadedFile(filename, (ODK / filename).read_bytes())}
    if choice_files:
        data["choice_files"] = [SimpleUploadedFile(name, content) for name, content in choice_files]
    return client.post(BASE + "upload/", data)


def test_the_upload_page_offers_a_field_for_the_files_the_form_uses(team):
    page = parse(team.get(BASE + "upload/"))
    field = page.find("input", attrs={"name": "choice_files"})
    assert field.has_attr("multiple") and field["accept"] == ".csv"
    assert text_of(page.find("label", attrs={"for": field["id"]})) == "Files the form uses (optional)"


def test_a_form_with_select_one_from_file_is_imported_with_its_csv(cast, team):
    services = (ODK / "services.csv").read_bytes()
    response = upload(team, "cascading_from_file.md", [("services.csv", services)])
    survey = Survey.objects.get(lab=cast.lab)
    assert response.status_code == 302 and response.url == f"{BASE}{survey.slug}/"
    definition = survey.working_definition()
    service = definition.question("service")
    assert service.kind is QuestionKind.SINGLE_CHOICE and service.choice_filter == "area = ${area}"
    assert [choice.label for choice in definition.choices_for(service)] == [
        "Leeds Mind",
        "Leeds pain clinic",
        "York Mind",
    ]


def test_a_form_whose_csv_is_missing_is_refused_naming_the_row(cast, team):
    response = upload(team, "cascading_from_file.md")
    assert response.status_code == 200
    assert summary_errors(response)[0] == (
        "Row 3, column 'type': This question takes its choices from 'services.csv'. Upload that file with the "
        "form, in 'Files the form uses'."
    )
    assert not Survey.objects.exists()


def test_a_file_the_form_uses_must_be_a_csv(team):
    response = upload(team, "cascading_from_file.md", [("services.xlsx", b"name,label\n")])
    assert inline_error(response, "id_choice_files") == "Error: services.xlsx must be a .csv file"
    assert not Survey.objects.exists()


def test_what_carelab_leaves_out_is_listed_once_on_the_survey_page(cast, team):
    response = upload(team, "kobo_household.xlsx")
    assert response.status_code == 302
    page = parse(team.get(response.url))
    callout = page.find(id="import-warnings")
    items = [text_of(item) for item in callout.find_all("li")]
    assert items[0] == "Row 5, column 'type': CareLab does not record 'deviceid', so this row is left out."
    assert any(item.startswith("Row 4, column 'image' of the choices sheet:") for item in items)
    assert len(items) == 6
    assert parse(team.get(response.url)).find(id="import-warnings") is None


def test_the_import_command_takes_the_csv_files_and_prints_what_it_leaves_out(db, cast):
    out, err = StringIO(), StringIO()
    call_command(
        "import_xlsform",
        cast.lab.slug,
        str(ODK / "cascading_from_file.md"),
        "--choice-file",
        str(ODK / "services.csv"),
        stdout=out,
        stderr=err,
    )
    assert Survey.objects.get(slug=out.getvalue().split()[-1]).working_definition().question("service")
    call_command("import_xlsform", cast.lab.slug, str(ODK / "kobo_household.md"), stdout=out, stderr=err)
    assert "Left out: Survey sheet, row 5, column 'type': CareLab does not record 'deviceid'" in err.getvalue()
