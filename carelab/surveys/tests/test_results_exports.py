import csv
import io
import random

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from openpyxl import load_workbook

from bench.survey import random_answers, synthetic_definition
from carelab.surveys.models import Answer, ExportAudit
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.results_data import known_responses
from carelab.surveys.tests.seed import seed_responses

BASE = "/labs/the-lab/surveys/team/launch"


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    known_responses(survey)
    return survey


def download_csv(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text))), response


def test_the_csv_has_one_row_per_submitted_response_oldest_first(survey, cast, client_for):
    rows, response = download_csv(client_for(cast.team), f"{BASE}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="launch-')
    assert len(rows) == 4
    assert [row["lives_with_pain"] for row in rows] == ["yes", "no", "yes", "yes"]
    assert rows[0]["submitted_at"] == "2026-01-05T12:00:00+00:00" and rows[0]["version"] == "1"


def test_the_csv_columns_follow_the_questions_with_scores_last(survey, cast, client_for):
    rows, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv")
    header = list(rows[0])
    assert header[:7] == [
        "reference",
        "submitted_at",
        "version",
        "may_quote",
        "roles",
        "roles_other",
        "lives_with_pain",
    ]
    assert header.index("listened_to") < header.index("what_helped") < header.index("phq_1")
    assert header[-2:] == ["phq8_total", "phq8_band"]
    assert "contact_email" not in header


def test_multiple_choice_answers_are_joined_by_spaces_and_numbers_kept_plain(survey, cast, client_for):
    rows, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv")
    assert rows[0]["roles"] == "lived_experience professional"
    assert rows[2]["roles"] == "professional other" and rows[2]["roles_other"] == "Physio"
    assert rows[0]["pain_years"] == "5" and rows[0]["sleep_hours"] == "6.5"
    assert (rows[0]["phq8_total"], rows[0]["phq8_band"]) == ("8", "mild")
    assert (rows[3]["phq8_total"], rows[3]["phq8_band"]) == ("", "")
    assert rows[1]["pain_years"] == ""


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(survey, cast, client_for):
    rows, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv")
    assert rows[0]["one_change"] == '\'=HYPERLINK("http://evil.example")'


def test_filters_apply_to_the_export(survey, cast, client_for):
    rows, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv?where=lives_with_pain%3Dno")
    assert [row["roles"] for row in rows] == ["carer"]


def test_contact_details_come_only_when_asked_for_and_the_export_is_recorded(survey, cast, client_for):
    rows, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv?contact=1")
    assert [row["contact_email"] for row in rows] == ["first@example.org", "", "", ""]
    audit = ExportAudit.objects.get()
    assert (audit.user, audit.format, audit.with_contact_details) == (cast.team, "csv", True)


def test_every_download_is_recorded_without_contact_details_by_default(survey, cast, client_for):
    download_csv(client_for(cast.team), f"{BASE}/export.csv?where=lives_with_pain%3Dyes")
    audit = ExportAudit.objects.get()
    assert audit.with_contact_details is False and audit.filters == {"where": "lives_with_pain=yes"}


@pytest.mark.parametrize("role", ["member", "participant", "other_team"])
def test_people_outside_the_lab_team_cannot_export_contact_details(survey, cast, client_for, role):
    response = client_for(cast.person(role)).get(f"{BASE}/export.csv?contact=1")
    assert response.status_code == 403
    assert not ExportAudit.objects.exists()


def test_the_xlsx_holds_the_same_rows(survey, cast, client_for):
    response = client_for(cast.team).get(f"{BASE}/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    header = list(rows[0])
    assert len(rows) == 5
    assert rows[1][header.index("roles")] == "lived_experience professional"
    assert rows[1][header.index("pain_years")] == 5
    assert rows[1][header.index("one_change")] == '\'=HYPERLINK("http://evil.example")'


def test_the_codebook_describes_every_column(survey, cast, client_for):
    response = client_for(cast.team).get(f"{BASE}/codebook.csv")
    book = {row["column"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    export_header = list(download_csv(client_for(cast.team), f"{BASE}/export.csv")[0][0])
    assert list(book) == export_header
    assert (
        book["age_band"]["choices"]
        == "18_34=18 to 34; 35_54=35 to 54; 55_plus=55 or over; not_say=I would rather not say"
    )
    assert book["roles"]["type"] == "multiple choice (names separated by spaces)"
    assert book["listened_to"]["question"] == "How much do you agree with these statements?: Staff listened to me"
    assert book["phq8_band"]["choices"].startswith("minimal=Minimal; mild=Mild")


def test_the_export_takes_the_same_number_of_queries_for_10_and_100_responses(
    cast, client_for, django_assert_num_queries
):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    client = client_for(cast.team)
    answers = {"roles": ["carer"], "what_helped": "x", "pain_years": 4}
    seed_responses(survey, [answers] * 10)
    download_csv(client, f"{BASE}/export.csv")
    with django_assert_num_queries(8):
        rows, _ = download_csv(client, f"{BASE}/export.csv")
    seed_responses(survey, [answers] * 90)
    with django_assert_num_queries(8):
        more, _ = download_csv(client, f"{BASE}/export.csv")
    assert (len(rows), len(more)) == (10, 100)


def _cells_from_answer_rows(response_answers, multiple: set[str]) -> dict[str, str]:
    """What the export should show for one response, rebuilt from its Answer rows alone."""
    cells: dict[str, str] = {}
    for answer in response_answers:
        if answer.question.startswith("score:"):
            instrument_id = answer.question.removeprefix("score:")
            total = "" if answer.number is None else f"{answer.number:g}"
            cells[f"{instrument_id}_total"], cells[f"{instrument_id}_band"] = total, answer.choice
        elif answer.question in multiple:
            cells[answer.question] = " ".join(filter(None, [cells.get(answer.question), answer.choice]))
        elif answer.choice:
            cells[answer.question] = answer.choice
        elif answer.number is not None:
            cells[answer.question] = f"{answer.number:g}"
        else:
            cells[answer.question] = answer.text
    return cells


# Outside a test transaction, as in production, so PostgreSQL streams the rows (see exports._raw_rows).
@pytest.mark.django_db(transaction=True)
def test_every_kind_of_answer_exports_as_its_answer_rows_say(cast, client_for):
    """The export reads each response's stored answers; the dashboard counts its Answer rows. They agree."""
    definition = synthetic_definition()
    survey = SurveyFactory(lab=cast.lab, slug="launch", definition=definition)
    rng = random.Random(7)
    seed_responses(survey, [random_answers(rng) for _ in range(40)])
    rows, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv")
    assert len(rows) == 40
    multiple = {"multi0", "multi1", "multi2"}
    answers_by_response: dict[int, list] = {}
    for answer in Answer.objects.filter(survey=survey).order_by("pk"):
        answers_by_response.setdefault(answer.response_id, []).append(answer)
    columns_seen = set()
    for row, response_id in zip(rows, sorted(answers_by_response), strict=True):
        expected = _cells_from_answer_rows(answers_by_response[response_id], multiple)
        assert {column: row[column] for column in expected} == expected
        unanswered = set(row) - set(expected) - {"reference", "submitted_at", "version", "may_quote"}
        assert {row[column] for column in unanswered} <= {""}
        columns_seen.update(expected)
    # Every kind: multiple and single choice, scale, grid, whole and decimal number, date, text, instrument, score.
    kinds = {"multi0", "age", "scale0", "grid1_s2", "years", "sleep", "first_help", "text0", "phq_1", "phq8_total"}
    assert kinds <= columns_seen


@pytest.mark.django_db(transaction=True)
def test_an_export_stopped_half_way_leaves_the_database_connection_usable(cast, client_for):
    """A download the person cancels stops the query; the next request on the connection works."""
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    seed_responses(survey, [{"roles": ["carer"], "what_helped": "x"}] * 1200)
    response = client_for(cast.team).get(f"{BASE}/export.csv")
    chunks = iter(response.streaming_content)
    assert next(chunks).decode("utf-8-sig") == ""  # the byte-order mark
    assert next(chunks).decode().startswith("reference,submitted_at,version,")
    # What a web server does when the person goes away: close the response, which closes the
    # generator. (Without the end-of-request signal, as the test client does, so the test's
    # database connection stays open to be checked.)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert ExportAudit.objects.filter(survey=survey).count() == 1
    rows, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv")
    assert len(rows) == 1200


def test_free_text_answers_are_redacted_only_when_asked_and_the_audit_says_so(survey, cast, client_for):
    client = client_for(cast.team)
    plain, _ = download_csv(client, f"{BASE}/export.csv?contact=1")
    assert plain[1]["what_helped"] == "Call me on 07700 900123 <b>please</b>"
    redacted, _ = download_csv(client, f"{BASE}/export.csv?contact=1&redact=1&where=lives_with_pain%3Dno")
    assert redacted[0]["what_helped"] == "Call me on [phone number removed] <b>please</b>"
    assert redacted[0]["lives_with_pain"] == "no"
    first, second = ExportAudit.objects.order_by("pk")
    assert first.redacted_personal_data is False
    assert second.redacted_personal_data is True and second.filters == {"where": "lives_with_pain=no"}


def test_redaction_touches_only_free_text_columns(survey, cast, client_for):
    plain, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv?contact=1")
    redacted, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv?contact=1&redact=1")
    # The contact column and every other non-text column is as it was.
    assert redacted[0]["contact_email"] == "first@example.org"
    changed = {
        key for before, after in zip(plain, redacted, strict=True) for key in before if before[key] != after[key]
    }
    assert changed == {"what_helped"}
    assert redacted[0]["one_change"] == '\'=HYPERLINK("http://evil.example")'  # still neutralised


def test_the_redacted_xlsx_holds_the_redacted_text(survey, cast, client_for):
    response = client_for(cast.team).get(f"{BASE}/export.xlsx?redact=1")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    column = rows[0].index("what_helped")
    assert rows[2][column] == "Call me on [phone number removed] <b>please</b>"
    assert ExportAudit.objects.get().redacted_personal_data is True


def test_a_redacted_export_takes_the_same_number_of_queries(cast, client_for, django_assert_num_queries):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    client = client_for(cast.team)
    seed_responses(survey, [{"what_helped": "ring 07700 900123"}] * 10)
    download_csv(client, f"{BASE}/export.csv?redact=1")
    with django_assert_num_queries(8):
        rows, _ = download_csv(client, f"{BASE}/export.csv?redact=1")
    assert {row["what_helped"] for row in rows} == {"ring [phone number removed]"}


def test_the_xlsx_has_number_cells_for_scales_and_numbers_and_date_cells_for_dates(survey, cast, client_for):
    from datetime import datetime

    response = client_for(cast.team).get(f"{BASE}/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    first = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    for name, value in [("pain_today", 7), ("pain_years", 5), ("sleep_hours", 6.5), ("phq_1", 1), ("phq8_total", 8)]:
        assert first[name].data_type == "n" and first[name].value == value, name
    assert first["first_help"].is_date and first["first_help"].value == datetime(2020, 1, 1)
    assert first["first_help"].number_format == "yyyy-mm-dd"
    assert first["submitted_at"].is_date and first["submitted_at"].value == datetime(2026, 1, 5, 12)
    assert first["lives_with_pain"].data_type == "s" and first["reference"].data_type == "s"


def test_the_csv_keeps_dates_and_scale_points_as_text_it_always_had(survey, cast, client_for):
    rows, _ = download_csv(client_for(cast.team), f"{BASE}/export.csv")
    assert (rows[0]["first_help"], rows[0]["pain_today"]) == ("2020-01-01", "7")


def test_downloading_the_codebook_is_recorded_too(survey, cast, client_for):
    response = client_for(cast.team).get(f"{BASE}/codebook.csv?contact=1")
    assert response.status_code == 200
    audit = ExportAudit.objects.get()
    assert (audit.user, audit.format, audit.with_contact_details) == (cast.team, "codebook", False)


@pytest.mark.parametrize("role", ["anonymous", "member", "participant", "other_team"])
def test_people_outside_the_lab_team_get_no_codebook_and_nothing_is_recorded(survey, cast, client_for, role):
    response = client_for(cast.person(role)).get(f"{BASE}/codebook.csv")
    assert response.status_code in (302, 403)
    assert not ExportAudit.objects.exists()


def test_an_export_with_contact_details_is_logged_as_a_warning(survey, cast, client_for, caplog):
    download_csv(client_for(cast.team), f"{BASE}/export.csv?contact=1")
    assert any("with contact details" in record.getMessage() for record in caplog.records)
