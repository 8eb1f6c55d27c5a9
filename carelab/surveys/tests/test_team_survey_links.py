"""The lab team's surveys list and survey page: links to results and every download, the public
link to copy, counts in words, the publish message and the spacing of the builder's buttons."""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.surveys.models import Survey
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.results_data import known_responses
from carelab.surveys.tests.seed import seed_response

BASE = "/labs/the-lab/surveys/team/"
LAUNCH = f"{BASE}launch/"
EVERY_RESULT_PAGE = [
    f"{LAUNCH}results/",
    f"{LAUNCH}results/summary/",
    f"{LAUNCH}results/text/what_helped/",
    f"{LAUNCH}results/text/one_change/",
    f"{LAUNCH}results/text/roles_other/",
    f"{LAUNCH}export.csv",
    f"{LAUNCH}export.xlsx",
    f"{LAUNCH}codebook.csv",
    f"{LAUNCH}results/summary.csv",
]


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch", title="Launch survey")
    known_responses(survey)
    return survey


def hrefs(node) -> list[str]:
    return [link["href"] for link in node.select("a[href]")]


@pytest.mark.parametrize("path", [BASE, LAUNCH])
def test_the_results_the_written_answers_and_every_download_are_linked(survey, team, path):
    page = parse(team.get(path))
    links = hrefs(page.select_one("main"))
    for expected in EVERY_RESULT_PAGE:
        assert expected in links, expected


def test_every_linked_result_page_and_download_opens_for_the_team(survey, team):
    for href in hrefs(parse(team.get(LAUNCH)).select_one(".carelab-survey-links")):
        assert team.get(href).status_code == 200, href


def test_a_calculation_has_no_written_answers_link(survey, team):
    links = hrefs(parse(team.get(LAUNCH)).select_one("main"))
    assert f"{LAUNCH}results/text/long_term_pain/" not in links


@pytest.mark.parametrize("path", [BASE, LAUNCH])
def test_the_public_link_is_a_labelled_read_only_field(survey, team, path):
    page = parse(team.get(path))
    field = page.select_one(".carelab-copy-link input")
    assert field["value"] == "http://testserver/labs/the-lab/surveys/launch/"
    assert field.has_attr("readonly") and field["type"] == "text"
    label = page.select_one(f"label[for='{field['id']}']")
    assert text_of(label).startswith("Link to answer the survey")
    assert page.select_one(f"#{field['aria-describedby']}") is not None
    # The "Copy link" button comes from the script, so without JavaScript there is no dead button.
    assert page.find("button", string="Copy link") is None
    assert page.select_one("script[src$='carelab/copy-link.mjs']") is not None


def test_an_unpublished_survey_has_no_public_link_or_results_yet(cast, team):
    SurveyFactory(lab=cast.lab, slug="launch", draft=True, published=False)
    detail = parse(team.get(LAUNCH))
    assert detail.select_one(".carelab-copy-link") is None
    assert "Publish the survey to get its link" in text_of(detail.select_one("main"))
    row = parse(team.get(BASE)).select_one("#team-surveys tbody tr")
    assert "No results until it is published" in text_of(row)


def test_a_draft_surveys_link_says_people_can_use_it_once_open(cast, team):
    SurveyFactory(lab=cast.lab, slug="launch", draft=True)
    assert "once you open the survey" in text_of(parse(team.get(LAUNCH)).select_one(".carelab-copy-link .nhsuk-hint"))


@pytest.mark.parametrize("role", CAST_ROLES)
def test_only_the_lab_team_sees_the_links_and_the_public_link(survey, cast, client_for, role):
    for path in (BASE, LAUNCH):
        response = client_for(cast.person(role)).get(path)
        if role in ("team", "admin"):
            assert parse(response).select_one(".carelab-copy-link input") is not None
        else:
            assert response.status_code in (302, 403)
            assert b"carelab-copy-link" not in response.content


# -- Counts in words ------------------------------------------------------------------------------


def test_one_of_everything_is_singular_on_the_results_and_survey_pages(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch", draft_retention_days=1)
    seed_response(survey, {"what_helped": "Walking", "lives_with_pain": "no"})
    results = text_of(parse(team.get(f"{LAUNCH}results/")).select_one("main"))
    assert "1 response submitted" in results
    assert "1 person started" in results and "1 people" not in results
    assert "Read the answer to:" in results
    overview = text_of(parse(team.get(LAUNCH)).select_one("#survey-overview"))
    assert "1 day" in overview and "1 days" not in overview


def test_several_are_plural(survey, team):
    results = text_of(parse(team.get(f"{LAUNCH}results/")).select_one("main"))
    assert "4 responses submitted" in results and "6 people started" in results
    assert "Read the 3 answers to: What has helped you most?" in results


# -- Publishing -----------------------------------------------------------------------------------


def test_a_first_publish_says_it_is_published_and_not_yet_open(cast, team):
    SurveyFactory(lab=cast.lab, slug="launch", draft=True, published=False)
    page = parse(team.post(f"{LAUNCH}publish/", follow=True))
    message = text_of(page.select_one("main"))
    assert "Published as version 1. Nobody can answer it until you open the survey." in message
    assert "has not been answered yet, so it was updated" not in message
    assert Survey.objects.get().current_version.number == 1


def test_publishing_changes_to_an_unanswered_version_says_it_was_updated(cast, team):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    stored = dict(survey.definition)
    stored["sections"] = [dict(section) for section in stored["sections"]]
    stored["sections"][1]["title"] = "About you, briefly"
    Survey.objects.filter(pk=survey.pk).update(definition=stored)
    message = text_of(parse(team.post(f"{LAUNCH}publish/", follow=True)).select_one("main"))
    assert "Published. Version 1 has not been answered yet, so it was updated." in message


# -- Button spacing -------------------------------------------------------------------------------


def test_buttons_in_forms_in_a_button_group_carry_their_own_space(survey, team):
    """The NHS.UK button group spaces only buttons that are its children; these sit inside forms."""
    page = parse(team.get(LAUNCH))
    in_forms = page.select(".nhsuk-button-group > form .nhsuk-button")
    assert {text_of(button).split(":")[0] for button in in_forms} >= {
        "Publish changes",
        "Close the survey",
        "Move down",
    }
    for button in in_forms:
        classes = button["class"]
        assert "nhsuk-u-margin-right-4" in classes or "nhsuk-u-margin-right-3" in classes, text_of(button)


# -- The results dashboard's contents and numbers --------------------------------------------------


def test_the_results_have_a_contents_list_whose_links_all_reach_a_part_of_the_page(survey, team):
    page = parse(team.get(f"{LAUNCH}results/"))
    contents = page.select_one("nav.nhsuk-contents-list")
    assert contents["aria-label"] == "Contents of the results"
    links = contents.select("a.nhsuk-contents-list__link")
    texts = [text_of(link) for link in links]
    assert texts[:5] == [
        "Download the answers",
        "Share the results",
        "Responses over time",
        "Completion and drop-off",
        "Answers to each question",
    ]
    assert "Instrument scores" in texts and "About you" in texts
    for link in links:
        assert page.select_one(link["href"].replace(":", "\\:")) is not None, link["href"]


def test_each_charts_table_sits_in_show_the_numbers_and_is_not_repeated(survey, team):
    page = parse(team.get(f"{LAUNCH}results/"))
    question = page.select_one("#question-lives_with_pain")
    assert question.select_one("svg") is not None
    details = question.select("details.nhsuk-details")
    assert len(details) == 1
    assert text_of(details[0].select_one("summary")).startswith("Show the numbers")
    assert len(question.select("table")) == 1 and question.select_one("details table") is not None
    # Every table next to a chart is inside its details; none is left open after the chart.
    for chart in page.select(".carelab-results__question svg, #over-time ~ svg"):
        assert chart.find_parent("details") is None
    tables_outside = [table for table in page.select("main table") if table.find_parent("details") is None]
    captions = [text_of(table.caption) for table in tables_outside]
    assert all(caption.startswith("Summary of:") for caption in captions), captions


def test_a_number_question_without_a_chart_shows_its_summary_openly(survey, team):
    question = parse(team.get(f"{LAUNCH}results/")).select_one("#question-pain_years")
    assert question.select_one("svg") is None
    table = question.select_one("table")
    assert table is not None and table.find_parent("details") is None


@pytest.mark.parametrize("versions", [1, 4])
def test_the_list_with_its_links_takes_the_same_number_of_queries_however_many_versions(
    cast, team, versions, django_assert_num_queries
):
    from carelab.surveys.models import SurveyVersion

    for number in range(3):
        survey = SurveyFactory(lab=cast.lab, slug=f"survey-{number}")
        for version in range(2, versions + 1):
            SurveyVersion.objects.create(survey=survey, number=version, definition=survey.definition)
    with django_assert_num_queries(7):  # +1: the lab menu asks whether the lab has published insights
        page = parse(team.get(BASE))
    assert len(page.select(".carelab-copy-link input")) == 3
