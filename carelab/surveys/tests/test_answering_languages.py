"""Answering a survey in one of its languages: a Welsh respondent answers in Welsh, from start to submit.

The survey is carelab/lib/tests/xlsforms/languages_kobo.csv, in English (its default), Cymraeg and
Polski. Its pages: 1 a welcome note, 2 "About you" (a required yes/no, a number of years with a
validation, a multiple choice), 3 "Your experience" (a 0 to 10 scale, a long text).
"""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.core.tests.html import parse, text_of
from carelab.lib.survey_definition import definition_to_dict
from carelab.lib.xlsform import read_xlsform
from carelab.surveys.models import Answer, Survey, SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

KOBO = Path(__file__).resolve().parents[2] / "lib" / "tests" / "xlsforms" / "languages_kobo.csv"
WELSH, POLISH = "Cymraeg (cy)", "Polski (pl)"
CONSENT = {"take_part": "on", "health_data": "on"}
ABOUT_YOU = {"lives_with_pain": "yes", "pain_years": "4", "support": ["gp", "friends"]}


def url(survey: Survey, name: str, *args, query: str = "") -> str:
    return reverse(f"surveys:{name}", args=[survey.lab.slug, survey.slug, *args]) + query


@pytest.fixture
def survey(db):
    return SurveyFactory(slug="pain", title="Living with pain", definition=definition_to_dict(read_xlsform(KOBO)))


def language_links(page) -> list[tuple[str, str, bool]]:
    """(name, lang, is the current one) for each link of the language switcher."""
    return [
        (text_of(item), item.get("lang", ""), item.name == "strong")
        for item in page.select(".carelab-survey-languages li > *")
    ]


def words_in(page, selector: str) -> tuple[str, str]:
    """The text of the form's words at ``selector`` and the language they are marked with."""
    element = page.select_one(selector)
    return text_of(element), element.get("lang", "")


def test_the_start_page_offers_each_language_named_in_itself(client, survey):
    page = parse(client.get(url(survey, "start")))
    assert language_links(page) == [("English", "en", True), ("Cymraeg", "cy", False), ("Polski", "pl", False)]
    welsh = page.select_one(".carelab-survey-languages a[hreflang=cy]")
    assert welsh["href"] == url(survey, "start", query="?language=cy")


def test_a_welsh_respondent_answers_in_welsh_from_start_to_submit(client, survey):
    page = parse(client.get(url(survey, "start", query="?language=cy")))
    assert ("Cymraeg", "cy", True) in language_links(page)
    assert client.post(url(survey, "start", query="?language=cy"), CONSENT)["Location"] == url(survey, "section", 1)
    assert SurveyResponse.objects.get().language == WELSH

    page = parse(client.get(url(survey, "section", 1)))
    assert words_in(page, ".carelab-survey-questions")[1] == "cy"
    assert "Diolch am gymryd rhan" in words_in(page, ".carelab-survey-questions")[0]
    # CareLab's own words stay English, outside the Welsh.
    assert text_of(page.select_one("form button")) == "Save and continue"
    assert not page.select_one("form button").find_parent(attrs={"lang": "cy"})
    client.post(url(survey, "section", 1), {})

    page = parse(client.get(url(survey, "section", 2)))
    assert words_in(page, "h1") == ("Amdanoch chi", "cy")
    questions = page.select_one(".carelab-survey-questions")
    assert "Ydych chi'n byw gyda phoen cefn neu wddf parhaus?" in text_of(questions)
    radios = questions.select("input[name=lives_with_pain]")
    assert [text_of(questions.select_one(f"label[for='{radio['id']}']")) for radio in radios] == ["Ydw", "Nac ydw"]

    # Messages from the form are in Welsh too.
    page = parse(client.post(url(survey, "section", 2), {}))
    assert "Atebwch y cwestiwn hwn, os gwelwch yn dda" in text_of(page.select_one(".nhsuk-error-summary"))
    page = parse(client.post(url(survey, "section", 2), {"lives_with_pain": "yes", "pain_years": "200"}))
    assert "Rhowch nifer o flynyddoedd o 0 i 90" in text_of(page.select_one(".nhsuk-error-summary"))

    assert client.post(url(survey, "section", 2), ABOUT_YOU)["Location"] == url(survey, "section", 3)
    page = parse(client.get(url(survey, "section", 3)))
    assert words_in(page, "h1") == ("Eich profiad", "cy")
    assert "Dim poen" in text_of(page.select_one(".carelab-survey-questions"))
    client.post(url(survey, "section", 3), {"pain_today": "3", "what_helped": "Cerdded gyda ffrindiau."})

    page = parse(client.get(url(survey, "check")))
    answers = page.select_one(".carelab-survey-answers")
    assert answers["lang"] == "cy"
    assert "Meddyg teulu" in text_of(page) and "Ffrindiau a theulu" in text_of(page)
    client.post(url(survey, "submit"))

    response = SurveyResponse.objects.get()
    assert (response.status, response.language) == (SurveyResponse.Status.SUBMITTED, WELSH)
    assert response.answers["support"] == ["gp", "friends"]  # answers are kept by name, in no language
    assert set(Answer.objects.filter(question="lives_with_pain").values_list("choice", flat=True)) == {"yes"}


def test_switching_language_on_a_page_keeps_the_answers_saved(client, survey):
    client.post(url(survey, "start"), CONSENT)
    client.post(url(survey, "section", 1), {})
    client.post(url(survey, "section", 2), ABOUT_YOU)
    page = parse(client.get(url(survey, "section", 2, query="?language=pl")))
    assert words_in(page, "h1") == ("O Tobie", "pl")
    assert page.select_one("input[name=pain_years]")["value"] == "4"
    # The words Polski lacks are in the default language.
    page = parse(client.get(url(survey, "section", 3)))
    assert "Please do not include names" in text_of(page.select_one(".carelab-survey-questions"))
    client.post(url(survey, "section", 3), {})
    assert SurveyResponse.objects.get().language == POLISH


def test_the_check_page_link_back_to_a_question_keeps_its_return_when_the_language_changes(client, survey):
    client.post(url(survey, "start"), CONSENT)
    page = parse(client.get(url(survey, "section", 2, query="?return=check")))
    welsh = page.select_one(".carelab-survey-languages button[lang=cy]")
    assert welsh["form"] == page.select_one("form#carelab-section-form")["id"]
    assert page.select_one("form#carelab-section-form input[name=carelab-return]")["value"] == "check"
    switched = parse(client.post(url(survey, "section", 2), {"carelab-return": "check", welsh["name"]: welsh["value"]}))
    assert switched.select_one("form#carelab-section-form input[name=carelab-return]")["value"] == "check"
    assert words_in(switched, "h1") == ("Amdanoch chi", "cy")


def test_choosing_another_language_part_way_through_a_page_keeps_what_was_typed_and_saves_nothing(client, survey):
    client.post(url(survey, "start"), CONSENT)
    client.post(url(survey, "section", 1), {})
    page = parse(client.get(url(survey, "section", 2)))
    polish = page.select_one(".carelab-survey-languages button[lang=pl]")
    # Half the page answered, and a number not yet valid: nothing is lost and nothing is called wrong yet.
    typed = {"pain_years": "forty", "support": ["gp"], polish["name"]: polish["value"]}
    page = parse(client.post(url(survey, "section", 2), typed))
    assert words_in(page, "h1") == ("O Tobie", "pl")
    assert page.select_one("input[name=pain_years]")["value"] == "forty"
    assert page.select_one("input[name=support][value=gp]").has_attr("checked")
    assert not page.select(".nhsuk-error-summary, .nhsuk-error-message")
    assert not page.title.string.startswith("Error")
    response = SurveyResponse.objects.get()
    assert "pain_years" not in response.answers and response.language != POLISH
    # The page goes on in Polish, and saving it keeps the language with the draft.
    assert client.post(url(survey, "section", 2), ABOUT_YOU)["Location"] == url(survey, "section", 3)
    assert SurveyResponse.objects.get().language == POLISH


def test_enter_in_an_answer_saves_the_page_rather_than_switching_language(client, survey):
    """Browsers submit a form with its first button on Enter: it must be "Save and continue"."""
    client.post(url(survey, "start"), CONSENT)
    page = parse(client.get(url(survey, "section", 2)))
    buttons = [
        b
        for b in page.select("button[type=submit]")
        if b.get("form") == "carelab-section-form" or b.find_parent("form")
    ]
    assert buttons[0].get("name") is None and text_of(buttons[0]) == "Save and continue"
    assert buttons[0]["tabindex"] == "-1" and buttons[0]["aria-hidden"] == "true"


def test_a_resume_link_opens_the_survey_in_the_language_chosen(client, survey):
    client.post(url(survey, "start", query="?language=cy"), CONSENT)
    client.post(url(survey, "section", 1), {})
    token = client.session[f"survey-{survey.pk}"]["token"]
    elsewhere = Client()
    page = parse(elsewhere.get(url(survey, "resume", token), follow=True))
    assert words_in(page, "h1") == ("Amdanoch chi", "cy")


def test_people_see_the_language_the_lab_team_chose_first(client, survey):
    survey.default_language = WELSH
    survey.save(update_fields=["default_language"])
    page = parse(client.get(url(survey, "start")))
    assert ("Cymraeg", "cy", True) in language_links(page)
    client.post(url(survey, "start"), CONSENT)
    assert words_in(parse(client.get(url(survey, "section", 2))), "h1") == ("Amdanoch chi", "cy")


def test_a_survey_in_one_language_has_no_language_links_and_no_lang_attribute(client, db):
    survey = SurveyFactory(slug="launch")
    client.post(url(survey, "start"), CONSENT)
    page = parse(client.get(url(survey, "section", 2)))
    assert not page.select(".carelab-survey-languages")
    assert not page.select_one(".carelab-survey-questions").get("lang")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(wanted=st.one_of(st.text(max_size=40), st.sampled_from(["\x00", "cy\x00", "Cymraeg", "CY", "default", " "])))
def test_any_language_asked_for_shows_a_page_never_an_error(client, survey, wanted):
    response = client.get(url(survey, "start"), {"language": wanted})
    assert response.status_code in {200, 400}  # 400: Django's own refusal of some control characters
    if response.status_code == 200:
        current = [name for name, _code, is_current in language_links(parse(response)) if is_current]
        assert current in (["English"], ["Cymraeg"], ["Polski"])


# -- The lab team's choice of default language ------------------------------------------------------


def settings_form(survey, **changes):
    data = {
        "title": survey.title,
        "slug": survey.slug,
        "purpose": survey.purpose,
        "status": survey.status,
        "opens_at": "",
        "closes_at": "",
        "draft_retention_days": "30",
    }
    return {**data, **changes}


@pytest.fixture
def team_survey(cast):
    return SurveyFactory(lab=cast.lab, slug="pain", definition=definition_to_dict(read_xlsform(KOBO)))


def test_the_lab_team_chooses_the_language_people_see_first_among_the_forms(cast, client_for, team_survey):
    team = client_for(cast.team)
    settings_url = "/labs/the-lab/surveys/team/pain/settings/"
    page = parse(team.get(settings_url))
    options = [radio["value"] for radio in page.select("input[name=default_language]")]
    assert options == ["English (en)", WELSH, POLISH]
    refused = parse(team.post(settings_url, settings_form(team_survey, default_language="Klingon (tlh)")))
    assert "Select one of the survey's languages" in text_of(refused.select_one(".nhsuk-error-summary"))
    assert team.post(settings_url, settings_form(team_survey, default_language=WELSH)).status_code == 302
    team_survey.refresh_from_db()
    assert team_survey.default_language == WELSH

    # The XLSForm download writes it as the form's default_language, with every language kept.
    exported = read_xlsform(team.get("/labs/the-lab/surveys/team/pain/xlsform/").content, "pain.xlsx")
    assert (exported.default_language, exported.languages) == (WELSH, ("English (en)", WELSH, POLISH))
    assert exported.question("pain_today").label == "Pa mor ddrwg yw eich poen heddiw?"


def test_a_survey_in_one_language_has_no_language_setting(cast, client_for):
    SurveyFactory(lab=cast.lab, slug="launch")
    page = parse(client_for(cast.team).get("/labs/the-lab/surveys/team/launch/settings/"))
    assert not page.select("input[name=default_language]")


def test_your_data_shows_the_language_chosen_and_the_questions_in_it(cast, survey):
    from carelab.surveys.personal_data import sections

    SurveyResponse.objects.create(
        survey=survey,
        version=survey.current_version,
        reference=SurveyResponse.new_reference(),
        resume_token_hash=SurveyResponse.new_resume_token(),
        user=cast.member,
        language=WELSH,
        answers={"lives_with_pain": "yes"},
    )
    (record,) = next(section for section in sections(cast.member) if section.key == "survey_answers_unfinished").records
    assert ("Language you chose for the questions", "Cymraeg") in record
    assert ("Ydych chi'n byw gyda phoen cefn neu wddf parhaus?", "Ydw") in record


def test_the_overview_lists_the_languages_and_which_one_the_builder_edits(cast, client_for, team_survey):
    page = parse(client_for(cast.team).get("/labs/the-lab/surveys/team/pain/"))
    rows = {text_of(row.select_one("dt")): text_of(row.select_one("dd")) for row in page.select("#survey-overview div")}
    assert rows["Languages"] == (
        "English (en) (seen first), Cymraeg (cy), Polski (pl). The question builder changes the English (en) words "
        "only; change the others in the XLSForm."
    )
