import copy

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.results_data import known_responses
from carelab.surveys.tests.seed import seed_responses


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    known_responses(survey)
    return survey


def reader(client, question="what_helped", query=""):
    response = client.get(f"/labs/the-lab/surveys/team/launch/results/text/{question}/{query}")
    assert response.status_code == 200
    return parse(response)


def seen_text(node) -> str:
    """The text a sighted reader sees: without the labels only screen readers hear."""
    node = copy.copy(node)
    for hidden in node.select(".nhsuk-u-visually-hidden"):
        hidden.decompose()
    return text_of(node)


def answers_on(page):
    return [seen_text(node) for node in page.select(".carelab-free-text__text")]


def test_every_answer_to_a_text_question_is_listed_newest_first(survey, cast, client_for):
    page = reader(client_for(cast.team))
    assert answers_on(page) == ["Walking and swimming", "Call me on 07700 900123 <b>please</b>", "Talking to my GP"]
    assert page.h1.get_text() == "What has helped you most?"


def test_answer_text_is_escaped(survey, cast, client_for):
    page = reader(client_for(cast.team))
    assert page.select_one(".carelab-free-text__text b") is None


def test_answers_that_may_hold_personal_data_are_marked(survey, cast, client_for):
    page = reader(client_for(cast.team))
    marked = [
        seen_text(item.select_one(".carelab-free-text__text"))
        for item in page.select(".carelab-free-text__answer")
        if "May contain personal data" in text_of(item)
    ]
    assert marked == ["Call me on 07700 900123 <b>please</b>"]


def test_searching_finds_answers_containing_the_words_in_any_case(survey, cast, client_for):
    page = reader(client_for(cast.team), query="?q=WALKING")
    assert answers_on(page) == ["Walking and swimming"]
    assert "1 answer containing “WALKING”" in text_of(page.select_one(".carelab-results__count"))


def test_answers_can_be_filtered_by_another_question(survey, cast, client_for):
    page = reader(client_for(cast.team), query="?where=lives_with_pain%3Dyes")
    assert answers_on(page) == ["Walking and swimming", "Talking to my GP"]


def test_the_other_please_say_answers_can_be_read(survey, cast, client_for):
    assert answers_on(reader(client_for(cast.team), question="roles_other")) == ["Physio"]


def test_a_question_that_is_not_text_is_not_found(survey, cast, client_for):
    response = client_for(cast.team).get("/labs/the-lab/surveys/team/launch/results/text/age_band/")
    assert response.status_code == 404


def test_answers_come_in_pages_of_50_with_the_same_number_of_queries(cast, client_for, django_assert_num_queries):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    client = client_for(cast.team)
    seed_responses(survey, [{"what_helped": f"Answer {n}"} for n in range(60)])
    reader(client)  # warm the session
    with django_assert_num_queries(6):  # the lab, roles and lab menu facts are kept from the first visit
        first = reader(client)
    with django_assert_num_queries(6):  # the lab, roles and lab menu facts are kept from the first visit
        second = reader(client, query="?page=2")
    assert len(answers_on(first)) == 50 and len(answers_on(second)) == 10
    assert first.select_one("a.nhsuk-pagination__next, .nhsuk-pagination__next a, a[rel=next]")["href"].endswith(
        "?page=2"
    )


def test_the_suspected_personal_data_in_an_answer_is_highlighted_and_named_for_screen_readers(survey, cast, client_for):
    page = reader(client_for(cast.team))
    marks = page.select(".carelab-free-text__text mark.carelab-personal-data")
    assert [text_of(mark) for mark in marks] == ["Suspected phone number: 07700 900123"]
    assert text_of(marks[0].select_one(".nhsuk-u-visually-hidden")) == "Suspected phone number:"
    assert "(phone number)" in text_of(page.select(".carelab-free-text__answer")[1])


def test_hiding_suspected_personal_data_shows_each_answer_redacted(survey, cast, client_for):
    page = reader(client_for(cast.team))
    link = next(a for a in page.select("a") if text_of(a) == "Hide suspected personal data")
    hidden = reader(client_for(cast.team), query="?" + link["href"].split("?", 1)[1])
    assert answers_on(hidden) == [
        "Walking and swimming",
        "Call me on [phone number removed] <b>please</b>",
        "Talking to my GP",
    ]
    assert "07700" not in hidden.decode()
    assert hidden.select_one(".carelab-free-text__text b") is None
    back = next(a for a in hidden.select("a") if text_of(a) == "Show the answers as written")
    assert "hide" not in back["href"]


def test_hiding_personal_data_is_kept_with_the_search_and_filters(survey, cast, client_for):
    page = reader(client_for(cast.team), query="?q=call&hide=1")
    assert answers_on(page) == ["Call me on [phone number removed] <b>please</b>"]
    assert page.select_one('form.carelab-results__filters input[name="hide"]')["value"] == "1"
    back = next(a for a in page.select("a") if text_of(a) == "Show the answers as written")
    assert back["href"].endswith("?q=call")


def test_hidden_answers_keep_the_same_number_of_queries(cast, client_for, django_assert_num_queries):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    client = client_for(cast.team)
    seed_responses(survey, [{"what_helped": f"Ring me on 07700 900{n:03}"} for n in range(60)])
    reader(client)  # warm the session
    with django_assert_num_queries(6):  # the lab, roles and lab menu facts are kept from the first visit
        page = reader(client, query="?hide=1")
    assert answers_on(page)[0] == "Ring me on [phone number removed]"


@pytest.mark.parametrize("query", ["?q=walk%00ing", "?where=%00", "?page=%00"])
def test_a_nul_character_in_the_search_or_filters_gets_a_plain_400_page(survey, cast, client_for, query):
    response = client_for(cast.team).get(f"/labs/the-lab/surveys/team/launch/results/text/what_helped/{query}")
    assert response.status_code == 400
    page = parse(response)
    assert text_of(page.h1) == "Sorry, we could not understand that web address"
    assert page.select_one("#help-now a[href='tel:999']")
