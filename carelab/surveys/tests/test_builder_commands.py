"""manage.py import_xlsform and export_xlsform."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from carelab.labs.tests.factories import LabFactory
from carelab.lib.tests import hostile_xlsx
from carelab.lib.xlsform import read_xlsform
from carelab.surveys.models import Survey

FORMS = Path(__file__).resolve().parents[2] / "lib" / "tests" / "xlsforms"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def lab(db):
    return LabFactory(slug="the-lab")


@pytest.mark.parametrize("filename", ["lab_survey.md", "lab_survey.csv", "lab_survey.xlsx"])
def test_importing_prints_the_new_surveys_slug_as_the_last_word(lab, filename):
    out, _ = run("import_xlsform", "the-lab", str(FORMS / filename))
    slug = out.split()[-1]
    survey = Survey.objects.get(lab=lab, slug=slug)
    assert slug == "living-with-pain-launch-survey"
    assert survey.status == Survey.Status.DRAFT
    assert survey.current_version.number == 1
    assert survey.current_version.parsed() == survey.working_definition() == read_xlsform(FORMS / filename)


@pytest.mark.parametrize("filename", ["lab_survey.md", "lab_survey.csv", "lab_survey.xlsx"])
def test_an_exported_survey_imports_back_to_the_same_definition(lab, filename, tmp_path):
    first = run("import_xlsform", "the-lab", str(FORMS / filename))[0].split()[-1]
    exported = tmp_path / "exported.xlsx"
    run("export_xlsform", "the-lab", first, str(exported))
    second = run("import_xlsform", "the-lab", str(exported))[0].split()[-1]
    assert first != second
    assert (
        Survey.objects.get(slug=first).working_definition()
        == Survey.objects.get(slug=second).working_definition()
        == read_xlsform(FORMS / filename)
    )


@pytest.mark.parametrize(
    ("filename", "expected_lines"),
    [
        (
            "unsupported.md",
            [
                "Survey sheet, row 3, column 'type': CareLab cannot ask for a location (geopoint): it collects only "
                "words, numbers, dates, times and choices. Remove this question."
            ],
        ),
        ("unsupported.csv", ["Survey sheet, row 3, column 'type'", "Choices sheet, row 2, column 'label'"]),
    ],
)
def test_a_form_with_problems_lists_each_with_its_row_and_column_and_creates_nothing(lab, filename, expected_lines):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_xlsform", "the-lab", str(FORMS / filename), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    for expected in expected_lines:
        assert any(line.startswith(expected) for line in lines), expected
    assert all(", row " in line and "column '" in line for line in lines)
    assert not Survey.objects.exists()


def test_a_form_with_problems_makes_the_command_exit_with_a_non_zero_status(lab, capsys, monkeypatch):
    # run_from_argv closes every database connection on the way out, which on PostgreSQL would
    # close the test's own transaction; keep it open so the test can look at the database after.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "import_xlsform", "the-lab", str(FORMS / "unsupported.md")]).execute()
    assert exit_.value.code == 1
    assert "row 3, column 'type'" in capsys.readouterr().err
    assert not Survey.objects.exists()


def test_a_form_that_reads_but_cannot_be_published_creates_nothing(lab, tmp_path):
    form = tmp_path / "phq9.md"
    form.write_text(
        "| survey |\n|  | type | name | label | carelab_instrument |\n"
        "|  | text | town | Town? | |\n|  | begin_group | mood | Mood | phq9@1.0 |\n|  | end_group | mood | | |\n"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_xlsform", "the-lab", str(form), stdout=StringIO(), stderr=err)
    assert "asks about thoughts of self-harm" in err.getvalue()
    assert not Survey.objects.exists()


def test_importing_into_an_unknown_lab_fails_clearly(db):
    with pytest.raises(CommandError, match="no lab with the slug 'nope'"):
        run("import_xlsform", "nope", str(FORMS / "lab_survey.md"))


def test_exporting_an_unknown_survey_fails_clearly(lab, tmp_path):
    with pytest.raises(CommandError, match="has no survey with the slug 'nope'"):
        run("export_xlsform", "the-lab", "nope", str(tmp_path / "out.xlsx"))


def test_a_zip_bomb_is_refused_by_the_command_before_it_is_opened(lab, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(hostile_xlsx.zip_bomb(100))
    err = StringIO()
    with pytest.raises(CommandError, match="bomb.xlsx has 1 problem; nothing was imported"):
        call_command("import_xlsform", "the-lab", str(bomb), stdout=StringIO(), stderr=err)
    assert "would unpack to 100 MB" in err.getvalue()
    assert not Survey.objects.exists()
