"""The summary to share beyond the lab team: counts with small numbers hidden (issue 8, point 8)."""

import csv
import io
import re

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_responses

SUMMARY = "/labs/the-lab/surveys/team/launch/results/summary/"
SUMMARY_CSV = "/labs/the-lab/surveys/team/launch/results/summary.csv"


def people(lives_with_pain: str, age_band: str, roles: list[str]) -> dict:
    return {"lives_with_pain": lives_with_pain, "age_band": age_band, "roles": roles}


@pytest.fixture
def survey(cast):
    """20 responses: 17 live with pain and 3 do not; 12 aged 35–54, 6 aged 18–34, 2 aged 55 or over."""
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    answers = (
        [people("yes", "35_54", ["lived_experience"])] * 12
        + [people("yes", "18_34", ["lived_experience", "carer"])] * 5
        + [people("no", "18_34", ["professional"])]
        + [people("no", "55_plus", ["professional"])] * 2
    )
    seed_responses(survey, answers)
    return survey


def table_for(page, name):
    """Each row of a summary table as (row heading, people, per cent)."""
    table = page.select_one(f"#summary-{name} table")
    return [(text_of(row.th), *(text_of(cell) for cell in row.select("td"))) for row in table.select("tbody tr")]


def summary(client, query=""):
    response = client.get(SUMMARY + query)
    assert response.status_code == 200
    return parse(response)


def test_a_single_small_count_is_hidden_with_the_next_smallest_so_neither_can_be_worked_out(survey, cast, client_for):
    page = summary(client_for(cast.team))
    assert table_for(page, "lives_with_pain") == [
        ("Yes", "not shown", "not shown"),
        ("No", "fewer than 5", "not shown"),
        ("People who answered", "20", ""),
    ]


def test_counts_at_or_over_the_threshold_are_shown_with_their_percentages(survey, cast, client_for):
    assert table_for(summary(client_for(cast.team)), "age_band") == [
        ("18 to 34", "6", "30.0%"),
        ("35 to 54", "12", "60.0%"),
        ("55 or over", "fewer than 5", "not shown"),
        ("I would rather not say", "fewer than 5", "not shown"),  # nobody: zero is under 5 too
        ("People who answered", "20", ""),
    ]


def test_multiple_choice_counts_hide_only_the_small_ones_since_they_add_up_to_nothing(survey, cast, client_for):
    assert table_for(summary(client_for(cast.team)), "roles") == [
        ("I live with a mental health problem and persistent pain", "17", "85.0%"),
        ("I care for someone who does", "5", "25.0%"),
        ("I work in health or care", "fewer than 5", "not shown"),
        ("Other, please say", "fewer than 5", "not shown"),
        ("People who answered", "20", ""),
    ]


def test_no_count_under_the_threshold_appears_anywhere_on_the_page(survey, cast, client_for):
    page = summary(client_for(cast.team), "?by=lives_with_pain")
    numbers = [text_of(cell) for cell in page.select("main td")]
    assert numbers, "the page shows tables"
    for number in numbers:
        assert not (number.isdigit() and int(number) < 5), number


def test_the_threshold_is_the_one_the_lab_sets(survey, cast, client_for):
    cast.lab.small_number_threshold = 2
    cast.lab.save(update_fields=["small_number_threshold"])
    page = summary(client_for(cast.team))
    assert table_for(page, "lives_with_pain") == [
        ("Yes", "17", "85.0%"),
        ("No", "3", "15.0%"),
        ("People who answered", "20", ""),
    ]
    assert "fewer than 2" in text_of(page.select_one("main"))


def test_the_total_submitted_is_hidden_when_it_is_small(cast, client_for):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    seed_responses(survey, [people("yes", "35_54", ["carer"])] * 3)
    page = summary(client_for(cast.team))
    assert text_of(page.select_one(".carelab-summary__submitted")) == "fewer than 5 responses submitted."


def test_a_cross_tab_hides_small_cells_and_whatever_would_give_them_away(survey, cast, client_for):
    page = summary(client_for(cast.team), "?by=lives_with_pain")
    table = next(
        table for table in page.select(".carelab-summary__crosstab") if text_of(table.caption) == "How old are you?"
    )
    header = [text_of(cell) for cell in table.select("thead th")]
    assert header == ["Answer", "Yes", "No", "Total"]
    rows = {text_of(row.th): [text_of(cell) for cell in row.select("td")] for row in table.select("tbody tr")}
    assert rows["Total"] == ["not shown", "fewer than 5", "20"]
    for cells in rows.values():
        assert sum(cell in ("fewer than 5", "not shown") for cell in cells) != 1


def test_the_summary_csv_holds_the_same_counts_with_small_ones_as_less_than(survey, cast, client_for):
    response = client_for(cast.team).get(SUMMARY_CSV + "?by=lives_with_pain")
    assert response.status_code == 200
    assert re.fullmatch(
        r'attachment; filename="launch-summary-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["part", "question", "answer", "compared_with", "people", "percent"]
    assert rows[1] == ["responses submitted", "", "", "", "20", ""]
    pain = [row for row in rows if row[0] == "answers" and row[1].startswith("Do you live with")]
    assert [row[4:] for row in pain] == [["not shown", ""], ["<5", ""]]
    assert any(row[0].startswith("compared by:") for row in rows)
    for row in rows[1:]:
        assert not (row[4].isdigit() and int(row[4]) < 5), row


def test_the_summary_says_the_per_response_downloads_are_not_for_sharing(survey, cast, client_for):
    page = summary(client_for(cast.team))
    callout = text_of(page.select_one(".nhsuk-card--warning"))
    assert "for the lab team only. Do not share them." in callout
    dashboard = parse(client_for(cast.team).get("/labs/the-lab/surveys/team/launch/results/"))
    assert dashboard.select_one(f'a[href="{SUMMARY}"]') is not None


def test_an_unknown_comparison_is_explained_not_a_crash(survey, cast, client_for):
    page = summary(client_for(cast.team), "?by=nonsense")
    assert page.select_one(".nhsuk-error-summary") is not None
    assert page.select(".carelab-summary__crosstab") == []


def test_the_summary_takes_the_same_number_of_queries_for_few_and_many_responses(
    cast, client_for, django_assert_num_queries
):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    client = client_for(cast.team)
    summary(client, "?by=age_band")  # warm the session
    # Each count follows a write, so nothing is kept from before: the lab, roles and menu facts are asked.
    seed_responses(survey, [people("yes", "35_54", ["carer"])] * 5)
    with django_assert_num_queries(9):  # +1: the lab menu asks whether the lab has published insights
        summary(client, "?by=age_band")
    seed_responses(survey, [people("no", "18_34", ["professional"])] * 50)
    with django_assert_num_queries(9):  # +1: the lab menu asks whether the lab has published insights
        summary(client, "?by=age_band")
