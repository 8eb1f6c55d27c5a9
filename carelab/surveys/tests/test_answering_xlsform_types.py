"""Answering the XLSForm kinds ODK and KoBoToolbox forms use, through the answering views with JavaScript off:
cascading selects (choice_filter), time and dateTime, rank, defaults and worked-out (read-only) answers.

The survey is carelab/lib/tests/xlsforms/odk/cascading_and_times.md: page 1 asks the region (a drop-down)
and GP visits (default 2); page 2 filters towns by that region, districts by a county on the same page,
then a time (default 07:30), a date and time, a ranking, a worked-out number and a read-only text.
"""

import csv
import io
from pathlib import Path

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.lib.survey_definition import definition_to_dict
from carelab.lib.xlsform import read_xlsform
from carelab.surveys.models import Answer
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.test_answering_journey import error_messages, section_url, start, the_response, url
from carelab.surveys.tests.test_results_exports import download_csv

FORM = Path(__file__).resolve().parents[2] / "lib" / "tests" / "xlsforms" / "odk" / "cascading_and_times.md"
PAGE_TWO = {
    "town": "leeds",
    "county": "kent",
    "district": "dover",
    "woke-hour": "7",
    "woke-minute": "05",
    "last_appt-day": "3",
    "last_appt-month": "9",
    "last_appt-year": "2026",
    "last_appt-hour": "14",
    "last_appt-minute": "30",
    "priorities--peer": "2",
    "priorities--physio": "3",
    "priorities--talking": "1",
    "visits_next": "3",
}


@pytest.fixture
def survey(db):
    return SurveyFactory(slug="services", definition=definition_to_dict(read_xlsform(FORM)))


@pytest.fixture
def on_page_two(client, survey):
    start(client, survey)
    response = client.post(section_url(survey, 1), {"region": "north", "visits": "2"})
    assert response.status_code == 302, error_messages(response)
    return client


def options(page, name) -> list[str]:
    return [item["value"] for item in page.find_all("input", attrs={"name": name})]


def test_a_minimal_select_one_is_a_drop_down_list_with_its_label(client, survey):
    start(client, survey)
    page = parse(client.get(section_url(survey, 1)))
    select = page.find("select", attrs={"name": "region"})
    assert [option["value"] for option in select.find_all("option")] == ["", "north", "south"]
    assert text_of(page.find("label", attrs={"for": select["id"]})) == "Which region do you live in?"


def test_a_default_is_the_answer_to_start_with_on_a_page_not_yet_saved(client, survey):
    start(client, survey)
    page = parse(client.get(section_url(survey, 1)))
    assert page.find("input", attrs={"name": "visits"})["value"] == "2"


def test_a_choice_filter_on_an_earlier_answer_offers_only_the_choices_it_keeps(on_page_two, survey):
    page = parse(on_page_two.get(section_url(survey, 2)))
    assert options(page, "town") == ["leeds", "york"]
    assert (
        "nhsuk-radios--inline" in page.find("input", attrs={"name": "town"}).find_parent(class_="nhsuk-radios")["class"]
    )


def test_a_choice_the_filter_does_not_keep_is_refused(on_page_two, survey):
    response = on_page_two.post(section_url(survey, 2), {**PAGE_TWO, "town": "bath"})
    assert error_messages(response) == ["Choose one of the options"]


def test_a_choice_filter_on_the_same_page_shows_every_choice_and_checks_on_save(on_page_two, survey):
    page = parse(on_page_two.get(section_url(survey, 2)))
    assert options(page, "district") == ["dover", "exeter"]
    response = on_page_two.post(section_url(survey, 2), {**PAGE_TWO, "district": "exeter"})
    assert error_messages(response) == ["Choose an answer that goes with your other answers on this page"]
    assert on_page_two.post(section_url(survey, 2), PAGE_TWO).status_code == 302
    assert the_response().answers["district"] == "dover"


def test_time_and_date_and_time_are_stored_as_iso_text(on_page_two, survey):
    page = parse(on_page_two.get(section_url(survey, 2)))
    assert page.find("input", attrs={"name": "woke-hour"})["value"] == "07"
    assert page.find("input", attrs={"name": "woke-minute"})["value"] == "30"
    assert on_page_two.post(section_url(survey, 2), PAGE_TWO).status_code == 302
    answers = the_response().answers
    assert answers["woke"] == "07:05"
    assert answers["last_appt"] == "2026-09-03T14:30"
    page = parse(on_page_two.get(section_url(survey, 2)))
    assert page.find("input", attrs={"name": "last_appt-hour"})["value"] == "14"
    assert page.find("input", attrs={"name": "last_appt-day"})["value"] == "3"


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"woke-hour": "25", "woke-minute": "00"}, "Enter a real time on the 24-hour clock"),
        ({"woke-hour": "7", "woke-minute": ""}, "The time must include a minute"),
        ({"woke-hour": "٧", "woke-minute": "10"}, "Enter a real time on the 24-hour clock"),
        ({"last_appt-hour": "", "last_appt-minute": ""}, "Enter the time as well as the date, like 14 30"),
        (
            {"last_appt-day": "", "last_appt-month": "", "last_appt-year": ""},
            "Enter the date as well as the time",
        ),
    ],
)
def test_a_time_that_is_not_real_is_explained_and_kept_on_the_page(on_page_two, survey, posted, message):
    response = on_page_two.post(section_url(survey, 2), {**PAGE_TWO, **posted})
    assert any(text.startswith(message) for text in error_messages(response)), error_messages(response)
    page = parse(response)
    for name, value in posted.items():
        assert page.find("input", attrs={"name": name})["value"] == value


def test_a_ranking_is_a_position_beside_each_choice_stored_in_order(on_page_two, survey):
    page = parse(on_page_two.get(section_url(survey, 2)))
    fieldset = page.find(id="q-priorities").fieldset
    assert text_of(fieldset.legend) == "Put these kinds of support in order (optional)"
    labels = [text_of(label) for label in fieldset.find_all("label")]
    assert labels == ["Peer support", "Physiotherapy", "Talking therapy"]
    select = fieldset.find("select", attrs={"name": "priorities--peer"})
    assert [option["value"] for option in select.find_all("option")] == ["", "1", "2", "3"]
    assert on_page_two.post(section_url(survey, 2), PAGE_TWO).status_code == 302
    assert the_response().answers["priorities"] == ["talking", "peer", "physio"]
    page = parse(on_page_two.get(section_url(survey, 2)))
    chosen = page.find("select", attrs={"name": "priorities--talking"}).find("option", selected=True)
    assert chosen["value"] == "1"


@pytest.mark.parametrize(
    "positions",
    [{"priorities--peer": "1", "priorities--physio": "1"}, {"priorities--peer": ""}, {"priorities--peer": "9"}],
)
def test_a_ranking_needs_every_choice_numbered_once(on_page_two, survey, positions):
    response = on_page_two.post(section_url(survey, 2), {**PAGE_TWO, **positions})
    [message] = error_messages(response)
    assert message.startswith("Give every choice a different number from 1 to 3")
    assert parse(response).find(class_="nhsuk-error-summary").a["href"] == "#q-priorities-1"


def test_a_ranking_may_be_skipped(on_page_two, survey):
    skipped = {key: "" for key in PAGE_TWO if key.startswith("priorities--")}
    assert on_page_two.post(section_url(survey, 2), {**PAGE_TWO, **skipped}).status_code == 302
    assert "priorities" not in the_response().answers


def test_a_calculation_on_a_question_is_its_answer_to_start_with(on_page_two, survey):
    page = parse(on_page_two.get(section_url(survey, 2)))
    assert page.find("input", attrs={"name": "visits_next"})["value"] == "3"


def test_a_read_only_question_is_shown_not_asked_and_worked_out_on_save(on_page_two, survey):
    page = parse(on_page_two.get(section_url(survey, 2)))
    shown = page.find(id="q-region_note")
    assert "You chose north" in text_of(shown)
    assert shown.find("input") is None
    on_page_two.post(section_url(survey, 2), {**PAGE_TWO, "region_note": "typed in"})
    assert the_response().answers["region_note"] == "You chose north"


def test_changing_an_earlier_answer_drops_a_choice_the_filter_no_longer_keeps(on_page_two, survey):
    on_page_two.post(section_url(survey, 2), PAGE_TWO)
    on_page_two.post(section_url(survey, 1), {"region": "south", "visits": "2"})
    assert "town" not in the_response().answers


def test_submitted_answers_become_rows_ranking_as_positions(on_page_two, survey):
    on_page_two.post(section_url(survey, 2), PAGE_TWO)
    page = parse(on_page_two.get(url(survey, "check")))
    rows = {text_of(row.dt): text_of(row.dd) for row in page.find_all(class_="nhsuk-summary-list__row")}
    assert rows["Put these kinds of support in order"] == "1. Talking therapy; 2. Peer support; 3. Physiotherapy"
    assert rows["When was your last appointment?"] == "3 September 2026 at 14:30"
    on_page_two.post(url(survey, "submit"))
    rows = {(answer.question, answer.choice): answer for answer in Answer.objects.all()}
    assert rows[("priorities", "talking")].number == 1
    assert rows[("priorities", "physio")].number == 3
    assert rows[("woke", "")].text == "07:05"
    assert rows[("last_appt", "")].text == "2026-09-03T14:30"


def test_results_and_exports_show_rankings_and_times(cast, client_for, client):
    survey = SurveyFactory(lab=cast.lab, slug="services", definition=definition_to_dict(read_xlsform(FORM)))
    start(client, survey)
    client.post(section_url(survey, 1), {"region": "north", "visits": "2"})
    client.post(section_url(survey, 2), PAGE_TWO)
    assert client.post(url(survey, "submit")).status_code == 302
    team = client_for(cast.team)
    base = f"/labs/{cast.lab.slug}/surveys/team/services"
    rows, _ = download_csv(team, f"{base}/export.csv")
    assert rows[0]["priorities"] == "talking peer physio"
    assert (rows[0]["woke"], rows[0]["last_appt"]) == ("07:05", "2026-09-03T14:30")
    assert (rows[0]["town"], rows[0]["region_note"]) == ("leeds", "You chose north")
    codebook = {
        row["column"]: row
        for row in csv.DictReader(io.StringIO(team.get(f"{base}/codebook.csv").content.decode("utf-8-sig")))
    }
    assert codebook["priorities"]["type"].startswith("ranking")
    assert codebook["woke"]["type"] == "time (HH:MM, 24-hour clock)"
    assert "leeds=Leeds" in codebook["town"]["choices"]
    dashboard = parse(team.get(f"{base}/results/"))
    ranking = dashboard.find(id="question-priorities")
    assert "How many people put each choice first." in text_of(ranking)
    assert "Talking therapy" in text_of(ranking.find("table"))
