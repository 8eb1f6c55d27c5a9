import pytest

from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.results_data import known_responses
from carelab.surveys.tests.seed import seed_responses


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    known_responses(survey)
    return survey


@pytest.fixture
def team_client(cast, client_for):
    return client_for(cast.team)


def results_page(client, query=""):
    response = client.get(f"/labs/the-lab/surveys/team/launch/results/{query}")
    assert response.status_code == 200
    return parse(response)


def table_rows(page, question):
    """(answer, people, per cent) for each row of a question's counts table."""
    table = page.select_one(f"#question-{question} table")
    return [tuple(text_of(cell) for cell in row.find_all(["th", "td"])) for row in table.select("tbody tr")]


def numbers_row(page, question):
    tables = page.select(f"#question-{question} table")
    return tuple(text_of(cell) for cell in tables[-1].select("tbody td"))


def test_multiple_choice_percentages_are_of_the_people_who_answered(survey, team_client):
    page = results_page(team_client)
    assert table_rows(page, "roles") == [
        ("I live with a mental health problem and persistent pain", "2", "50.0%"),
        ("I care for someone who does", "1", "25.0%"),
        ("I work in health or care", "2", "50.0%"),
        ("Other, please say", "1", "25.0%"),
    ]
    assert "Answered by 4 of 4" in text_of(page.select_one("#question-roles"))


def test_single_choice_and_grid_statements_are_counted_per_option(survey, team_client):
    page = results_page(team_client)
    assert table_rows(page, "age_band") == [
        ("18 to 34", "1", "25.0%"),
        ("35 to 54", "2", "50.0%"),
        ("55 or over", "1", "25.0%"),
        ("I would rather not say", "0", "0.0%"),
    ]
    assert table_rows(page, "listened_to") == [
        ("Disagree", "1", "33.3%"),
        ("Neither agree nor disagree", "0", "0.0%"),
        ("Agree", "2", "66.7%"),
    ]


def test_numbers_show_count_mean_median_lowest_and_highest(survey, team_client):
    page = results_page(team_client)
    assert numbers_row(page, "pain_years") == ("3", "5.7", "5", "2", "10")
    assert numbers_row(page, "sleep_hours") == ("3", "7.2", "7", "6.5", "8")
    scale = dict((label, count) for label, count, _ in table_rows(page, "pain_today"))
    assert scale["7"] == "2" and scale["3"] == "1" and scale["0"] == "0"


def test_instrument_scores_are_counted_by_band_and_unscorable_ones_said(survey, team_client):
    page = results_page(team_client)
    rows = {label: count for label, count, _ in table_rows(page, "score\\:phq8")}
    assert rows == {"Minimal": "0", "Mild": "1", "Moderate": "0", "Moderately severe": "0", "Severe": "1"}
    assert "1 person left too many items unanswered" in text_of(page.select_one("#question-score\\:phq8"))


def test_completion_counts_unfinished_answers_where_they_stopped(survey, team_client):
    page = results_page(team_client)
    rows = [
        tuple(text_of(c) for c in row.find_all(["th", "td"]))
        for row in page.select(".carelab-results__completion tbody tr")
    ]
    assert rows[0] == ("1. Section 1", "6", "0")
    assert rows[1] == ("2. About you", "6", "1")
    assert rows[2] == ("3. Your experience", "5", "1")
    assert rows[-1] == ("Submitted", "4", "–")


def test_responses_over_time_has_a_chart_and_a_table_with_the_same_numbers(survey, team_client):
    page = results_page(team_client)
    chart = page.select_one("#chart-over-time")
    assert chart["role"] == "img" and text_of(chart.find("title")) == "Responses submitted per day"
    table = page.select_one("#over-time ~ details table")
    counts = {text_of(row.th): text_of(row.td) for row in table.select("tbody tr")}
    assert counts["5 Jan 2026"] == "1" and counts["6 Jan 2026"] == "1" and counts["7 Jan 2026"] == "0"
    assert sum(int(value) for value in counts.values()) == 4


def test_filtering_by_an_answer_narrows_every_count(survey, team_client):
    page = results_page(team_client, "?where=lives_with_pain%3Dyes")
    assert "3 responses submitted that match your filters" in text_of(page.select_one(".carelab-results__summary"))
    assert table_rows(page, "roles")[1] == ("I care for someone who does", "0", "0.0%")
    assert numbers_row(page, "sleep_hours") == ("2", "6.8", "6.8", "6.5", "7")


def test_filtering_by_submission_dates_includes_both_ends(survey, team_client):
    page = results_page(team_client, "?submitted_from=2026-01-06&submitted_to=2026-01-20")
    assert "2 responses submitted" in text_of(page.select_one(".carelab-results__summary"))
    assert table_rows(page, "lives_with_pain") == [("Yes", "1", "50.0%"), ("No", "1", "50.0%")]


def test_an_end_date_before_the_start_date_is_an_error_and_shows_everything(survey, team_client):
    page = results_page(team_client, "?submitted_from=2026-02-01&submitted_to=2026-01-01")
    assert "The end date must be the same as or after the start date" in text_of(
        page.select_one(".nhsuk-error-summary")
    )
    assert "4 responses submitted" in text_of(page.select_one(".carelab-results__summary"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?submitted_from=12345678901234567890-01-01", "Enter a valid date"),
        ("?submitted_to=9999-12-31", "Enter a year from 1900 to 2999"),  # one day more overflowed (a 500)
        ("?submitted_from=0001-01-01", "Enter a year from 1900 to 2999"),
    ],
)
def test_a_filter_date_out_of_range_is_an_error_and_shows_everything(survey, team_client, query, message):
    page = results_page(team_client, query)
    assert message in text_of(page.select_one(".nhsuk-error-summary"))
    assert "4 responses submitted" in text_of(page.select_one(".carelab-results__summary"))


def test_cross_tab_counts_each_choice_question_by_the_chosen_question(survey, team_client):
    page = results_page(team_client, "?by=lives_with_pain")
    tables = {text_of(table.caption): table for table in page.select(".carelab-results__crosstab table")}
    age = tables["How old are you?"]
    assert [text_of(th) for th in age.select("thead th")] == ["Answer", "Yes", "No", "Total"]
    rows = [tuple(text_of(c) for c in row.find_all(["th", "td"])) for row in age.select("tbody tr")]
    assert rows[:3] == [("18 to 34", "0", "1", "1"), ("35 to 54", "2", "0", "2"), ("55 or over", "1", "0", "1")]
    assert "Do you live with persistent back or neck pain?" not in tables


def test_every_chart_is_an_image_with_a_title_and_its_table_under_show_the_numbers(survey, team_client):
    page = results_page(team_client)
    charts = page.select("svg.carelab-chart")
    assert len(charts) > 10
    for chart in charts:
        assert chart["role"] == "img" and chart.find("title") is not None
        numbers = chart.find_next_sibling("details")
        assert numbers is not None and numbers.select_one("table") is not None


def test_the_dashboard_takes_the_same_number_of_queries_for_10_and_100_responses(cast, team_client):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    answers = {"roles": ["carer", "professional"], "lives_with_pain": "yes", "pain_years": 3, "what_helped": "x"}

    def queries_with(count):
        seed_responses(survey, [answers] * (count - survey.responses.count()))
        with PageQueries() as queries:
            results_page(team_client, "?by=lives_with_pain&where=lives_with_pain%3Dyes")
        return len(queries)

    assert queries_with(10) == queries_with(100)


def test_the_dashboard_needs_few_queries(survey, team_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        results_page(team_client, "?by=roles")


def test_the_download_form_keeps_the_filters_and_offers_redaction(survey, team_client):
    page = results_page(team_client, "?where=lives_with_pain%3Dyes&by=age_band")
    form = page.select_one("form.carelab-results__export")
    assert form["action"] == "/labs/the-lab/surveys/team/launch/export.csv"
    hidden = {field["name"]: field["value"] for field in form.select('input[type="hidden"]')}
    assert hidden == {"where": "lives_with_pain=yes"}
    checkbox = form.select_one('input[type="checkbox"][name="redact"]')
    assert checkbox["value"] == "1" and "checked" not in checkbox.attrs
    label = form.select_one(f'label[for="{checkbox["id"]}"]')
    assert text_of(label) == "Redact suspected personal data in free-text answers"
    xlsx = next(button for button in form.select("button") if "Excel" in text_of(button))
    assert xlsx["formaction"] == "/labs/the-lab/surveys/team/launch/export.xlsx"
