"""Moving questions between sections and reordering sections, without breaking a condition.

The survey is carelab/lib/tests/xlsforms/lab_survey.md. Its sections: 0 a welcome note outside any
section, 1 "About you" (lives_with_pain, and pain_years and first_help shown when it is 'yes'),
2 "Your experience" (pain_today shown when lives_with_pain is 'yes'), 3 PHQ-8, shown when
lives_with_pain is 'yes'.
"""

from dataclasses import replace

import pytest

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of
from carelab.labs.tests.factories import LabFactory
from carelab.lib.survey_definition import Question, QuestionKind, Section, definition_from_dict
from carelab.surveys.actions import builder
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory, lab_survey_definition

BASE = "/labs/the-lab/surveys/team/"
LIVES_WITH_PAIN_LATER = [
    "Question 'first_help' is shown only depending on the answer to 'lives_with_pain', which would be asked on a "
    "later page. A question's condition can only use answers from its own page or earlier ones",
    "Question 'pain_years' is shown only depending on the answer to 'lives_with_pain', which would be asked on a "
    "later page. A question's condition can only use answers from its own page or earlier ones",
]
MOOD_TOO_EARLY = (
    "Section 'How you have been feeling' is shown only depending on the answer to 'lives_with_pain', which would "
    "be asked on that page or after it. A section's condition can only use answers from earlier sections"
)


def names_by_section(survey) -> list[list[str]]:
    survey.refresh_from_db()
    return [[question.name for question in section.questions] for section in survey.working_definition().sections]


def section_names(survey) -> list[str]:
    survey.refresh_from_db()
    return [section.name for section in survey.working_definition().sections]


def respond(survey):
    return SurveyResponse.objects.create(
        survey=survey,
        version=survey.current_version,
        reference=SurveyResponse.new_reference(),
        resume_token_hash=SurveyResponse.new_resume_token(),
        status=SurveyResponse.Status.SUBMITTED,
    )


@pytest.fixture
def survey(db):
    return SurveyFactory()


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


def summary_errors(response) -> list[str]:
    return [text_of(item) for item in parse(response).select(".nhsuk-error-summary__list li")]


# -- Moving a question: the action -------------------------------------------------------------------


def test_a_question_moved_to_another_section_goes_to_the_end_of_it(survey):
    builder.move_question_to_section(survey, "age_band", 2)
    about_you, experience = names_by_section(survey)[1:3]
    assert "age_band" not in about_you
    assert experience[-1] == "age_band"
    assert survey.working_definition().question("age_band").choices_list == "age_bands"


def test_a_question_moves_to_the_section_its_condition_depends_on(survey):
    builder.move_question_to_section(survey, "pain_today", 1)
    assert names_by_section(survey)[1][-1] == "pain_today"


def test_a_question_cannot_move_into_an_instrument_section(survey):
    before = survey.definition
    with pytest.raises(builder.DefinitionError) as caught:
        builder.move_question_to_section(survey, "age_band", 3)
    assert caught.value.problems == ["Questions cannot be moved into or out of a validated instrument's section"]
    survey.refresh_from_db()
    assert survey.definition == before


def test_moving_a_question_others_depend_on_after_them_is_refused_naming_each(survey):
    before = survey.definition
    with pytest.raises(builder.DefinitionError) as caught:
        builder.move_question_to_section(survey, "lives_with_pain", 2)
    assert caught.value.problems == LIVES_WITH_PAIN_LATER
    survey.refresh_from_db()
    assert survey.definition == before


def test_moving_a_question_before_the_answer_its_condition_depends_on_is_refused(survey):
    with pytest.raises(builder.DefinitionError) as caught:
        builder.move_question_to_section(survey, "pain_today", 0)
    assert caught.value.problems == [
        "Question 'pain_today' is shown only depending on the answer to 'lives_with_pain', which would be asked on "
        "a later page. A question's condition can only use answers from its own page or earlier ones"
    ]
    assert "pain_today" in names_by_section(survey)[2]


def test_moving_a_question_to_its_own_section_changes_nothing(survey):
    before = names_by_section(survey)
    builder.move_question_to_section(survey, "age_band", 1)
    assert names_by_section(survey) == before


# -- The rule for every edit -------------------------------------------------------------------------


def test_a_new_question_whose_condition_depends_on_a_later_page_is_refused(survey):
    early = Question(QuestionKind.SHORT_TEXT, "early", label="Early?", relevant="${lives_with_pain} = 'yes'")
    with pytest.raises(builder.DefinitionError) as caught:
        builder.add_question(survey, 0, early)
    assert caught.value.problems == [
        "Question 'early' is shown only depending on the answer to 'lives_with_pain', which would be asked on a "
        "later page. A question's condition can only use answers from its own page or earlier ones"
    ]
    builder.add_question(survey, 1, early)  # the same page is fine: it is shown, and kept only if it applies
    assert names_by_section(survey)[1][-1] == "early"


def test_a_section_condition_on_a_question_of_its_own_page_is_refused(survey):
    with pytest.raises(builder.DefinitionError) as caught:
        builder.update_section(survey, 1, title="About you", intro="", relevant="${roles} != ''")
    assert caught.value.problems == [
        "Section 'About you' is shown only depending on the answer to 'roles', which would be asked on that page "
        "or after it. A section's condition can only use answers from earlier sections"
    ]


def test_a_condition_imported_with_a_later_answer_does_not_block_other_edits(db):
    data = lab_survey_definition()
    definition = definition_from_dict(data)
    welcome = definition.sections[0]
    looking_ahead = Question(QuestionKind.SHORT_TEXT, "ahead", label="Ahead?", relevant="${age_band} = '18_34'")
    definition = replace(
        definition, sections=(replace(welcome, questions=(*welcome.questions, looking_ahead)), *definition.sections[1:])
    )
    survey = builder.create_survey(LabFactory(), definition, title="Imported", by=UserFactory())
    builder.move_question_to_section(survey, "one_change", 1)
    assert "one_change" in names_by_section(survey)[1]
    with pytest.raises(builder.DefinitionError) as caught:
        builder.move_question_to_section(survey, "lives_with_pain", 2)  # new problems are still refused
    assert caught.value.problems == LIVES_WITH_PAIN_LATER
    assert builder.later_answers(survey.working_definition()) == {("question", "ahead", "age_band")}


def test_conditions_on_instrument_items_count_the_instruments_page():
    definition = definition_from_dict(lab_survey_definition())
    after_mood = Section(
        name="after", title="After", questions=(Question(QuestionKind.SHORT_TEXT, "x", relevant="${phq_1} = '3'"),)
    )
    before_mood = replace(after_mood, name="before")
    assert builder.later_answers(replace(definition, sections=(*definition.sections, after_mood))) == set()
    assert builder.later_answers(replace(definition, sections=(before_mood, *definition.sections))) == {
        ("question", "x", "phq_1")
    }


# -- Reordering sections: the action -----------------------------------------------------------------


def test_sections_swap_with_their_neighbour_and_stop_at_the_ends(survey):
    assert section_names(survey) == ["", "about_you", "experience", "mood"]
    assert builder.move_section(survey, 0, "up") == 0
    assert builder.move_section(survey, 0, "down") == 1
    assert section_names(survey) == ["about_you", "", "experience", "mood"]
    assert builder.move_section(survey, 3, "down") == 3
    assert builder.move_section(survey, 3, "up") == 2
    assert section_names(survey) == ["about_you", "", "mood", "experience"]


def test_a_section_cannot_move_before_the_answer_its_condition_depends_on(survey):
    builder.move_section(survey, 3, "up")
    with pytest.raises(builder.DefinitionError) as caught:
        builder.move_section(survey, 2, "up")
    assert caught.value.problems == [MOOD_TOO_EARLY]
    assert section_names(survey) == ["", "about_you", "mood", "experience"]


def test_a_section_others_depend_on_cannot_move_after_them(survey):
    with pytest.raises(builder.DefinitionError) as caught:
        builder.move_section(survey, 1, "down")
    assert caught.value.problems == [
        "Question 'pain_today' is shown only depending on the answer to 'lives_with_pain', which would be asked on "
        "a later page. A question's condition can only use answers from its own page or earlier ones"
    ]


# -- Versions ----------------------------------------------------------------------------------------


def test_a_move_after_answers_makes_a_new_version_and_the_answers_keep_the_order_they_were_given(survey):
    editor = UserFactory()
    first_version = survey.current_version
    answered = respond(survey)
    builder.move_question_to_section(survey, "age_band", 2)
    builder.move_section(survey, 0, "down")
    result = builder.publish(survey, by=editor)
    assert (result.version.number, result.new_version) == (2, True)
    moved = result.version.parsed()
    assert [section.name for section in moved.sections][:2] == ["about_you", ""]
    assert moved.sections[2].questions[-1].name == "age_band"
    first_version.refresh_from_db()
    kept = first_version.parsed()
    assert [section.name for section in kept.sections][:2] == ["", "about_you"]
    assert "age_band" in [question.name for question in kept.sections[1].questions]
    answered.refresh_from_db()
    assert answered.version == first_version


def test_a_move_before_anyone_answers_updates_the_unanswered_version(survey):
    builder.move_question_to_section(survey, "age_band", 2)
    result = builder.publish(survey, by=UserFactory())
    assert (result.version.number, result.new_version, result.changed) == (1, False, True)
    assert survey.versions.count() == 1


# -- The pages ---------------------------------------------------------------------------------------


@pytest.fixture
def launch(cast):
    return SurveyFactory(lab=cast.lab, slug="launch")


def test_the_move_page_offers_only_the_other_sections_that_take_questions(team, launch):
    page = parse(team.get(f"{BASE}launch/questions/age_band/section/"))
    assert text_of(page.h1) == "Move a question to another section"
    assert "How old are you?" in text_of(page.select_one("#question-to-move"))
    options = [(radio["value"], text_of(page.select_one(f"label[for='{radio['id']}']"))) for radio in page.select(
        "input[name=section]"
    )]  # fmt: skip
    assert options == [("0", "1. Questions outside any section"), ("2", "3. Your experience")]


def test_moving_a_question_with_the_form(team, launch):
    response = team.post(f"{BASE}launch/questions/age_band/section/", {"section": "2"})
    assert response.status_code == 302
    assert response.url == f"{BASE}launch/sections/2/#question-age_band"
    assert names_by_section(launch)[2][-1] == "age_band"
    page = parse(team.get(response.url))
    assert "Question moved to the end of section 3. Your experience." in text_of(page.select_one("main"))


def test_choosing_no_section_or_one_not_offered_says_what_to_do(team, launch):
    before = names_by_section(launch)
    for data in ({}, {"section": "3"}, {"section": "1"}, {"section": "nine"}):
        response = team.post(f"{BASE}launch/questions/age_band/section/", data)
        assert response.status_code == 200
        assert summary_errors(response) == ["Select the section to move the question to"]
        assert parse(response).title.string.startswith("Error:")
    assert names_by_section(launch) == before


def test_a_refused_move_says_why_and_changes_nothing(team, launch):
    before = names_by_section(launch)
    response = team.post(f"{BASE}launch/questions/lives_with_pain/section/", {"section": "2"})
    assert response.status_code == 200
    assert summary_errors(response) == LIVES_WITH_PAIN_LATER
    assert parse(response).select_one("input[name=section][value='2']").has_attr("checked")
    assert names_by_section(launch) == before


def test_a_question_with_nowhere_to_go_says_so(cast, team):
    survey = builder.create_empty_survey(cast.lab, title="Quick", by=cast.team)
    builder.add_question(survey, 0, Question(QuestionKind.SHORT_TEXT, "walks", label="Do you walk?"))
    page = parse(team.get(f"{BASE}quick/questions/walks/section/"))
    assert "There is no other section this question can move to" in text_of(page.select_one("main"))
    assert not page.select("input[name=section]")
    response = team.post(f"{BASE}quick/questions/walks/section/", {"section": "0"})
    assert summary_errors(response) == ["Select the section to move the question to"]


def test_the_section_and_question_pages_link_to_the_move_page(team, launch):
    move_url = f"{BASE}launch/questions/age_band/section/"
    section_page = parse(team.get(f"{BASE}launch/sections/1/"))
    assert section_page.select_one(f"#question-age_band a[href='{move_url}']")
    question_page = parse(team.get(f"{BASE}launch/questions/age_band/"))
    assert text_of(question_page.select_one(f"main a[href='{move_url}']")) == "Move this question to another section"


def test_unknown_questions_cannot_be_moved(team, launch):
    assert team.get(f"{BASE}launch/questions/nobody/section/").status_code == 404
    assert team.post(f"{BASE}launch/questions/phq_1/section/", {"section": "0"}).status_code == 404


def test_moving_sections_with_the_buttons_on_the_overview(team, launch):
    page = parse(team.get(f"{BASE}launch/"))
    buttons = [[text_of(b) for b in section.select("button")] for section in page.select(".carelab-survey-section")]
    assert buttons == [["Move down"], ["Move up", "Move down"], ["Move up", "Move down"], ["Move up"]]
    response = team.post(f"{BASE}launch/sections/1/move/", {"direction": "up"})
    assert response.url == f"{BASE}launch/#section-0"
    assert section_names(launch) == ["about_you", "", "experience", "mood"]
    headings = [text_of(h) for h in parse(team.get(f"{BASE}launch/")).select(".carelab-survey-section h3")]
    assert headings[:2] == ["1. About you", "2. Questions outside any section"]


def test_a_refused_section_move_says_why_on_the_overview(team, launch):
    response = team.post(f"{BASE}launch/sections/3/move/", {"direction": "up"})
    assert response.status_code == 302
    response = team.post(f"{BASE}launch/sections/2/move/", {"direction": "up"})
    assert response.status_code == 400
    assert summary_errors(response) == [MOOD_TOO_EARLY]
    assert parse(response).title.string.startswith("Error:")
    assert section_names(launch) == ["", "about_you", "mood", "experience"]


def test_a_section_move_needs_a_direction_and_a_real_section(team, launch):
    response = team.post(f"{BASE}launch/sections/1/move/", {"direction": "sideways"})
    assert response.status_code == 400
    assert summary_errors(response) == ["Choose whether to move the section up or down"]
    assert team.post(f"{BASE}launch/sections/9/move/", {"direction": "up"}).status_code == 404
    assert section_names(launch) == ["", "about_you", "experience", "mood"]
