"""Creating, editing and publishing surveys: versions, checks and the safeguarding setting."""

import pytest

from carelab.accounts.tests.factories import UserFactory
from carelab.labs.tests.factories import LabFactory
from carelab.lib.instruments import get_instrument
from carelab.lib.survey_definition import Choice, Question, QuestionKind, definition_from_dict
from carelab.surveys.actions import builder
from carelab.surveys.models import Survey, SurveyResponse, SurveyVersion
from carelab.surveys.tests.factories import SurveyFactory, lab_survey_definition


def respond(survey, *, submitted=True):
    response = SurveyResponse.objects.create(
        survey=survey,
        version=survey.current_version,
        reference=SurveyResponse.new_reference(),
        resume_token_hash=SurveyResponse.new_resume_token(),
        status=SurveyResponse.Status.SUBMITTED if submitted else SurveyResponse.Status.DRAFT,
        answers={"lives_with_pain": "yes"},
    )
    return response


def relabel(survey, name, label):
    question = survey.working_definition().question(name)
    choices = survey.working_definition().choices_for(question) if question.kind.uses_choices else ()
    builder.update_question(survey, name, Question(**{**question.__dict__, "label": label}), choices)


@pytest.fixture
def editor(db):
    return UserFactory()


def test_a_new_surveys_slug_comes_from_its_title_and_is_unique_in_the_lab(editor):
    lab = LabFactory()
    definition = definition_from_dict(lab_survey_definition())
    first = builder.create_survey(lab, definition, title="Launch survey", by=editor)
    second = builder.create_survey(lab, definition, title="Launch survey", by=editor)
    elsewhere = builder.create_survey(LabFactory(), definition, title="Launch survey", by=editor)
    assert (first.slug, second.slug, elsewhere.slug) == ("launch-survey", "launch-survey-2", "launch-survey")
    assert first.status == Survey.Status.DRAFT and first.current_version is None
    assert first.working_definition().title == "Launch survey"


def test_a_survey_cannot_take_a_slug_the_team_pages_use(editor):
    survey = builder.create_survey(LabFactory(), definition_from_dict(lab_survey_definition()), title="New", by=editor)
    assert survey.slug == "new-2"


def test_publishing_a_survey_for_the_first_time_makes_version_1(editor):
    survey = builder.create_survey(LabFactory(), definition_from_dict(lab_survey_definition()), title="S", by=editor)
    result = builder.publish(survey, by=editor)
    survey.refresh_from_db()
    assert (result.version.number, result.new_version, result.changed) == (1, False, True)
    assert survey.current_version == result.version
    assert result.version.created_by == editor


def test_edits_before_anyone_answers_replace_the_current_version_instead_of_adding_one(editor):
    survey = SurveyFactory()
    relabel(survey, "pain_years", "How many years?")
    result = builder.publish(survey, by=editor)
    assert (result.version.number, result.new_version, result.changed) == (1, False, True)
    assert SurveyVersion.objects.filter(survey=survey).count() == 1
    assert result.version.parsed().question("pain_years").label == "How many years?"


def test_an_unfinished_answer_is_enough_to_keep_the_version_and_make_a_new_one(editor):
    survey = SurveyFactory()
    respond(survey, submitted=False)
    relabel(survey, "pain_years", "How many years?")
    result = builder.publish(survey, by=editor)
    assert (result.version.number, result.new_version) == (2, True)


def test_once_a_version_has_answers_any_change_makes_a_new_version_and_every_answer_keeps_its_own(editor):
    survey = SurveyFactory()
    first_version = survey.current_version
    before = respond(survey)
    relabel(survey, "pain_years", "For how many years has it hurt?")
    result = builder.publish(survey, by=editor)
    survey.refresh_from_db()
    after = respond(survey)

    assert (result.version.number, result.new_version) == (2, True)
    assert survey.current_version.number == 2
    first_version.refresh_from_db()
    assert first_version.parsed().question("pain_years").label == "For how many years have you had this pain?"
    before.refresh_from_db()
    assert before.version == first_version and after.version == result.version


def test_publishing_without_changes_after_answers_makes_no_new_version(editor):
    survey = SurveyFactory()
    respond(survey)
    result = builder.publish(survey, by=editor)
    assert (result.version.number, result.new_version, result.changed) == (1, False, False)
    assert survey.versions.count() == 1


def test_an_empty_survey_cannot_be_published(editor):
    survey = builder.create_empty_survey(LabFactory(), title="Nothing yet", by=editor)
    with pytest.raises(builder.DefinitionError) as caught:
        builder.publish(survey, by=editor)
    assert caught.value.problems == ["Add at least one question before publishing"]
    assert not survey.versions.exists()


def test_a_condition_that_cannot_be_read_is_refused_with_where_and_why(editor):
    survey = SurveyFactory()
    question = survey.working_definition().question("pain_years")
    broken = Question(**{**question.__dict__, "relevant": "${lives_with_pain} = "})
    with pytest.raises(builder.DefinitionError) as caught:
        builder.update_question(survey, "pain_years", broken)
    [problem] = caught.value.problems
    assert problem.startswith("Question 'pain_years', condition: This cannot be read:")
    assert "(at character" in problem
    survey.refresh_from_db()
    assert survey.working_definition().question("pain_years").relevant == "${lives_with_pain} = 'yes'"


def test_deleting_a_question_others_depend_on_is_refused(editor):
    survey = SurveyFactory()
    with pytest.raises(builder.DefinitionError) as caught:
        builder.delete_question(survey, "lives_with_pain")
    assert "Question 'pain_years', condition: There is no question named 'lives_with_pain'" in caught.value.problems
    assert survey.working_definition().question("lives_with_pain") is not None


def test_start_back_can_be_added_only_when_the_survey_offers_it(editor):
    survey = SurveyFactory()
    with pytest.raises(builder.DefinitionError) as caught:
        builder.add_instrument(survey, get_instrument("startback"))
    assert "is switched off for this survey" in caught.value.problems[0]
    survey.enable_start_back = True
    survey.save(update_fields=["enable_start_back"])
    index = builder.add_instrument(survey, get_instrument("startback"))
    assert survey.working_definition().sections[index].instrument == ("startback", "1.0")


def test_phq9_needs_item_9_switched_on_first(editor):
    survey = SurveyFactory()
    with pytest.raises(builder.DefinitionError) as caught:
        builder.add_instrument(survey, get_instrument("phq9"))
    assert "asks about thoughts of self-harm" in caught.value.problems[0]


def test_an_unknown_instrument_is_refused():
    problems = builder.definition_problems(
        definition_from_dict(
            {**lab_survey_definition(), "sections": [{"name": "x", "title": "X", "instrument": ["wemwbs", "1.0"]}]}
        ),
        enable_start_back=False,
        phq9_item9_enabled=False,
    )
    assert problems == ["Section 'X': CareLab does not know the instrument 'wemwbs@1.0'"]


def test_an_instruments_item_names_cannot_be_taken_by_a_question_or_a_second_instrument(editor):
    """Answers are kept by name: a second PHQ beside PHQ-8, or a question called phq_3, would write over them."""
    survey = SurveyFactory()
    assert "phq_3" in {item.id for item in get_instrument("phq8").items}
    assert any(section.instrument == ("phq8", "1.0") for section in survey.working_definition().sections)
    with pytest.raises(builder.DefinitionError) as caught:
        builder.add_instrument(survey, get_instrument("phq2"))
    assert caught.value.problems == [
        "PHQ-2 (Patient Health Questionnaire) asks some of the same questions as "
        "PHQ-8 (Patient Health Questionnaire): a survey can hold only one of them"
    ]
    with pytest.raises(builder.DefinitionError) as caught:
        builder.add_question(survey, 0, Question(QuestionKind.SHORT_TEXT, "phq_3", "Anything else?"))
    assert caught.value.problems == [
        "PHQ-8 (Patient Health Questionnaire) keeps its answers under the name phq_3: give your question another name"
    ]
    assert "phq_3" not in {question.name for question in survey.working_definition().questions()}


def test_switching_on_phq9_item_9_records_who_confirmed_the_safeguarding_plan(editor):
    survey = SurveyFactory()
    data = {name: getattr(survey, name) for name in builder.SETTINGS_FIELDS}
    with pytest.raises(ValueError):
        builder.save_settings(survey, {**data, "phq9_item9_enabled": True}, by=editor)
    builder.save_settings(survey, {**data, "phq9_item9_enabled": True, "safeguarding_plan_confirmed": True}, by=editor)
    survey.refresh_from_db()
    assert survey.phq9_item9_enabled
    assert survey.safeguarding_plan_confirmed_by == editor
    assert survey.safeguarding_plan_confirmed_at is not None


def test_a_new_question_gets_its_own_choice_list_and_deleting_it_removes_the_list(editor):
    survey = builder.create_empty_survey(LabFactory(), title="Quick", by=editor)
    question = Question(QuestionKind.SINGLE_CHOICE, "walks", label="Do you walk?")
    builder.add_question(survey, 0, question, (Choice("yes", "Yes"), Choice("no", "No")))
    definition = survey.working_definition()
    assert definition.question("walks").choices_list == "walks"
    assert [c.label for c in definition.choices_for(definition.question("walks"))] == ["Yes", "No"]
    builder.delete_question(survey, "walks")
    assert survey.working_definition().choice_lists == ()


def test_changing_the_choices_of_a_question_on_a_shared_list_leaves_the_others_alone(editor):
    survey = SurveyFactory()
    lives = survey.working_definition().question("lives_with_pain")  # on yes_no
    yes_no = (Choice("yes", "Yes"), Choice("no", "No"))
    walks = Question(QuestionKind.SINGLE_CHOICE, "walks", label="Walk?", choices_list="yes_no")
    builder.add_question(survey, 2, walks, yes_no)
    assert survey.working_definition().question("walks").choices_list == "yes_no"
    builder.update_question(survey, "walks", survey.working_definition().question("walks"), (Choice("often", "Often"),))
    definition = survey.working_definition()
    assert definition.question("walks").choices_list == "walks"
    assert [c.name for c in definition.choices_for(definition.question(lives.name))] == ["yes", "no"]


def test_moving_a_question_swaps_it_with_its_neighbour_and_stops_at_the_ends(editor):
    survey = SurveyFactory()
    names = lambda: [q.name for q in survey.working_definition().sections[1].questions]  # noqa: E731
    assert names()[:2] == ["roles", "lives_with_pain"]
    builder.move_question(survey, "lives_with_pain", "up")
    assert names()[:2] == ["lives_with_pain", "roles"]
    builder.move_question(survey, "lives_with_pain", "up")
    assert names()[:2] == ["lives_with_pain", "roles"]
