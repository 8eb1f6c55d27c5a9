"""Conditions and validations in the builder, chosen from lists without writing an expression."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.core.tests.html import parse, text_of
from carelab.surveys.forms_builder import QuestionForm
from carelab.surveys.models import Survey
from carelab.surveys.tests.factories import SurveyFactory, lab_survey_definition
from carelab.surveys.tests.test_builder_pages import form_data, summary_errors

BASE = "/labs/the-lab/surveys/team/launch/"
NEW_IN_EXPERIENCE = BASE + "sections/2/questions/new/"


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


@pytest.fixture
def survey(cast):
    return SurveyFactory(lab=cast.lab, slug="launch")


def question(survey, name):
    survey.refresh_from_db()
    return survey.working_definition().question(name)


def new_question(**fields) -> dict:
    return {"kind": "short_text", "label": "What would help?", "name": "would_help", **fields}


def selected(page, name) -> str:
    option = page.select_one(f"select[name={name}] option[selected]")
    return option["value"] if option else ""


def checked(page, name) -> list[str]:
    return [box["value"] for box in page.select(f"input[name={name}][checked]")]


# -- Reading a stored rule back into the lists ------------------------------------------------------


def test_a_stored_condition_and_validation_are_shown_in_the_lists_when_editing(survey, team):
    page = parse(team.get(BASE + "questions/pain_years/"))
    assert selected(page, "condition_question") == "lives_with_pain"
    assert selected(page, "condition_comparison") == "is"
    assert checked(page, "condition_choices") == ["yes"]
    assert page.select_one("#id_validation_min")["value"] == "0"
    assert page.select_one("#id_validation_max")["value"] == "90"
    # The expressions are there for anyone who wants them, folded away.
    assert page.select_one("#id_relevant")["value"] == "${lives_with_pain} = 'yes'"
    assert not page.select_one("#condition details").has_attr("open")


def test_a_date_validation_up_to_today_is_shown_as_the_word_today(survey, team):
    page = parse(team.get(BASE + "questions/first_help/"))
    assert page.select_one("#id_validation_max")["value"] == "today"
    assert "Latest date allowed" in text_of(page.select_one("label[for=id_validation_max]"))


def test_a_hand_written_condition_the_lists_cannot_show_is_kept_as_written(survey, team):
    definition = survey.working_definition()
    hand_written = "${lives_with_pain} = 'yes' or ${age_band} = '18_34'"
    survey.definition["sections"][1]["questions"][4]["relevant"] = hand_written  # first_help
    survey.save(update_fields=["definition"])
    assert definition.sections[1].questions[4].name == "first_help"

    page = parse(team.get(BASE + "questions/first_help/"))
    assert selected(page, "condition_question") == ""
    assert page.select_one("#condition details").has_attr("open")
    assert "cannot show" in text_of(page.select_one("#condition .nhsuk-inset-text"))
    assert page.select_one("#id_relevant")["value"] == hand_written

    response = team.post(BASE + "questions/first_help/", form_data(page, page.select_one("main form[method=post]")))
    assert response.status_code == 302
    assert question(survey, "first_help").relevant == hand_written


def test_saving_a_question_unchanged_keeps_every_condition_and_rule_exactly(survey, team):
    before = survey.working_definition()
    for name in ("pain_years", "first_help", "pain_today", "one_change", "sleep_hours", "roles"):
        page = parse(team.get(BASE + f"questions/{name}/"))
        assert team.post(BASE + f"questions/{name}/", form_data(page, page.select_one("main form[method=post]")))
    survey.refresh_from_db()
    assert survey.working_definition() == before


# -- Making a condition from the lists --------------------------------------------------------------


def test_choosing_a_question_and_an_answer_writes_the_condition(survey, team):
    response = team.post(
        NEW_IN_EXPERIENCE,
        new_question(condition_question="lives_with_pain", condition_comparison="is", condition_choices=["yes"]),
    )
    assert response.status_code == 302
    assert question(survey, "would_help").relevant == "${lives_with_pain} = 'yes'"


def test_several_answers_make_an_any_of_condition(survey, team):
    team.post(
        NEW_IN_EXPERIENCE,
        new_question(condition_question="age_band", condition_comparison="is", condition_choices=["18_34", "35_54"]),
    )
    assert question(survey, "would_help").relevant == "${age_band} = '18_34' or ${age_band} = '35_54'"


def test_a_multiple_choice_question_is_compared_by_what_it_includes(survey, team):
    team.post(
        NEW_IN_EXPERIENCE,
        new_question(condition_question="roles", condition_comparison="excludes", condition_choices=["carer"]),
    )
    assert question(survey, "would_help").relevant == "not(selected(${roles}, 'carer'))"


@pytest.mark.parametrize(
    ("fields", "expression"),
    [
        ({"condition_comparison": "at_least", "condition_value": "3"}, "${pain_years} >= 3"),
        ({"condition_comparison": "between", "condition_value": "1", "condition_value_to": "5"},
         "${pain_years} >= 1 and ${pain_years} <= 5"),
        ({"condition_comparison": "answered"}, "${pain_years} != ''"),
        ({"condition_comparison": "is_not", "condition_value": "2.5"}, "${pain_years} != 2.5"),
    ],
)  # fmt: skip
def test_a_number_question_is_compared_with_a_number_or_a_range(survey, team, fields, expression):
    response = team.post(NEW_IN_EXPERIENCE, new_question(condition_question="pain_years", **fields))
    assert response.status_code == 302
    assert question(survey, "would_help").relevant == expression


def test_a_date_question_is_compared_with_a_date_or_today(survey, team):
    team.post(
        NEW_IN_EXPERIENCE,
        new_question(condition_question="first_help", condition_comparison="less", condition_value="31/1/2024"),
    )
    assert question(survey, "would_help").relevant == "${first_help} < '2024-01-31'"


def test_choosing_no_question_removes_the_condition(survey, team):
    page = parse(team.get(BASE + "questions/pain_years/"))
    data = form_data(page, page.select_one("main form[method=post]"))
    data["condition_question"] = [""]
    assert team.post(BASE + "questions/pain_years/", data).status_code == 302
    assert question(survey, "pain_years").relevant == ""


def test_changing_the_answer_in_the_lists_rewrites_the_expression(survey, team):
    page = parse(team.get(BASE + "questions/pain_years/"))
    data = form_data(page, page.select_one("main form[method=post]"))
    data["condition_choices"] = ["no"]
    assert team.post(BASE + "questions/pain_years/", data).status_code == 302
    assert question(survey, "pain_years").relevant == "${lives_with_pain} = 'no'"


def test_an_expression_changed_by_hand_is_saved_as_typed(survey, team):
    page = parse(team.get(BASE + "questions/pain_years/"))
    data = form_data(page, page.select_one("main form[method=post]"))
    data["relevant"] = ["${lives_with_pain} = 'yes' and ${age_band} != 'not_say'"]
    assert team.post(BASE + "questions/pain_years/", data).status_code == 302
    assert question(survey, "pain_years").relevant == "${lives_with_pain} = 'yes' and ${age_band} != 'not_say'"


def test_changing_both_the_lists_and_the_expression_differently_asks_which_and_keeps_both(survey, team):
    page = parse(team.get(BASE + "questions/pain_years/"))
    data = form_data(page, page.select_one("main form[method=post]"))
    data["condition_choices"] = ["no"]
    data["relevant"] = ["${age_band} = '18_34'"]
    response = team.post(BASE + "questions/pain_years/", data)
    assert response.status_code == 200
    assert any("in the lists and in the expression" in error for error in summary_errors(response))
    page = parse(response)
    assert checked(page, "condition_choices") == ["no"]
    assert page.select_one("#id_relevant")["value"] == "${age_band} = '18_34'"
    assert page.select_one("#condition details").has_attr("open")
    assert question(survey, "pain_years").relevant == "${lives_with_pain} = 'yes'"


# -- Two steps without JavaScript -------------------------------------------------------------------


def test_the_next_step_shows_the_chosen_questions_answers_without_saving_or_complaining(survey, team):
    page = parse(team.get(NEW_IN_EXPERIENCE + "?kind=short_text"))
    assert page.select_one("button[name=rule_step]")
    assert not page.select("input[name=condition_choices]")  # nothing chosen yet

    response = team.post(NEW_IN_EXPERIENCE, {"kind": "short_text", "label": "What would help?", "name": "",
                                             "condition_question": "age_band", "rule_step": "condition"})  # fmt: skip
    assert response.status_code == 200
    page = parse(response)
    assert not page.select(".nhsuk-error-summary")
    assert [box["value"] for box in page.select("input[name=condition_choices]")] == [
        "18_34", "35_54", "55_plus", "not_say"
    ]  # fmt: skip
    assert page.select_one("#id_label").get_text().strip() == "What would help?"
    assert question(survey, "would_help") is None


def test_a_number_question_gets_a_box_for_the_number_and_one_for_the_end_of_a_range(survey, team):
    page = parse(team.post(NEW_IN_EXPERIENCE, new_question(condition_question="pain_years", rule_step="condition")))
    comparisons = [option["value"] for option in page.select("select[name=condition_comparison] option")]
    assert "between" in comparisons and "at_least" in comparisons and "includes" not in comparisons
    assert page.select_one("#id_condition_value") and page.select_one("#id_condition_value_to")


def test_a_missing_or_wrong_value_is_an_error_in_the_summary_and_keeps_what_was_typed(survey, team):
    response = team.post(
        NEW_IN_EXPERIENCE,
        new_question(condition_question="pain_years", condition_comparison="between", condition_value="three"),
    )
    assert response.status_code == 200
    errors = summary_errors(response)
    assert "The number must be a number, like 3 or 2.5" in errors
    assert "Enter the second number to compare with" in errors
    page = parse(response)
    links = [a["href"] for a in page.select(".nhsuk-error-summary__list a")]
    assert "#id_condition_value" in links and "#id_condition_value_to" in links
    assert page.select_one("#id_condition_value")["value"] == "three"


def test_a_choice_condition_without_an_answer_ticked_asks_for_one(survey, team):
    response = team.post(
        NEW_IN_EXPERIENCE, new_question(condition_question="lives_with_pain", condition_comparison="is")
    )
    assert "Select at least one answer" in summary_errors(response)


# -- Which questions are offered --------------------------------------------------------------------


def test_a_question_is_offered_only_earlier_questions(survey, team):
    page = parse(team.get(BASE + "questions/pain_years/"))
    offered = [option["value"] for option in page.select("select[name=condition_question] option")]
    assert offered == ["", "roles", "lives_with_pain"]


def test_a_new_question_is_offered_its_sections_questions_and_earlier_ones_but_not_a_calculation_on_its_page(
    survey, team
):
    page = parse(team.get(NEW_IN_EXPERIENCE + "?kind=short_text"))
    offered = [option["value"] for option in page.select("select[name=condition_question] option")]
    assert offered[:3] == ["", "roles", "lives_with_pain"]
    assert {"pain_today", "listened_to", "one_change", "sleep_hours"} <= set(offered)
    assert "long_term_pain" not in offered and "welcome" not in offered


def test_a_section_is_offered_questions_on_earlier_pages_and_instrument_items(survey, team):
    survey.definition["sections"].append({"name": "after", "title": "After", "questions": []})
    survey.save(update_fields=["definition"])
    page = parse(team.get(BASE + "sections/4/"))
    offered = [option["value"] for option in page.select("select[name=condition_question] option")]
    assert "phq8_1" in offered or any(name.startswith("phq") for name in offered)
    assert "long_term_pain" in offered

    page = parse(team.get(BASE + "sections/2/"))
    offered = [option["value"] for option in page.select("select[name=condition_question] option")]
    assert "pain_today" not in offered and "lives_with_pain" in offered


def test_a_sections_condition_is_made_from_the_lists(survey, team):
    page = parse(team.get(BASE + "sections/3/"))
    assert selected(page, "condition_question") == "lives_with_pain"
    data = form_data(page, page.select_one("main form[method=post]"))
    data.update(condition_question=["pain_years"], condition_comparison=["more"], condition_value=["1"])
    assert team.post(BASE + "sections/3/", data).status_code == 302
    survey.refresh_from_db()
    assert survey.working_definition().sections[3].relevant == "${pain_years} > 1"


# -- Validation from boxes --------------------------------------------------------------------------


def test_a_text_answers_length_is_limited_from_the_boxes(survey, team):
    response = team.post(
        NEW_IN_EXPERIENCE, new_question(validation_max="100", constraint_message="Keep it to 100 characters")
    )
    assert response.status_code == 302
    saved = question(survey, "would_help")
    assert (saved.constraint, saved.constraint_message) == ("string-length(.) <= 100", "Keep it to 100 characters")


def test_a_validation_needs_its_message_and_a_lowest_no_higher_than_the_highest(survey, team):
    response = team.post(NEW_IN_EXPERIENCE, new_question(kind="whole_number", validation_min="10", validation_max="5"))
    assert "The highest value must be the same as the lowest or more" in summary_errors(response)
    response = team.post(NEW_IN_EXPERIENCE, new_question(kind="whole_number", validation_min="0"))
    assert "Enter the message people see when their answer does not meet the rule" in summary_errors(response)


def test_a_multiple_choice_answer_can_be_limited_to_a_number_of_choices(survey, team):
    team.post(
        NEW_IN_EXPERIENCE,
        new_question(
            kind="multiple_choice", choices="Rest\nWalking\nTalking", validation_max="2",
            constraint_message="Choose up to 2",
        ),
    )  # fmt: skip
    assert question(survey, "would_help").constraint == "count-selected(.) <= 2"


# -- Hostile input ----------------------------------------------------------------------------------

posted_text = st.one_of(st.text(max_size=30), st.sampled_from(["", "3", "today", "between", "is", "yes", "'\""]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    question_name=st.sampled_from(["", "lives_with_pain", "roles", "pain_years", "first_help", "what_helped", "x"]),
    comparison=st.one_of(st.sampled_from(["is", "includes_all", "between", "answered", "less"]), posted_text),
    choices=st.lists(posted_text, max_size=3),
    value=posted_text,
    value_to=posted_text,
    low=posted_text,
    high=posted_text,
    kind=st.sampled_from(["short_text", "whole_number", "date", "multiple_choice"]),
)
def test_any_posted_lists_give_a_saved_expression_that_parses_or_errors_never_a_crash(
    question_name, comparison, choices, value, value_to, low, high, kind
):
    from carelab.lib.expressions import parse as parse_expression
    from carelab.lib.survey_definition import definition_from_dict

    data = new_question(
        kind=kind, choices="Rest\nWalking", condition_question=question_name, condition_comparison=comparison,
        condition_value=value, condition_value_to=value_to, validation_min=low, validation_max=high,
        constraint_message="Not allowed",
    )  # fmt: skip
    data["condition_choices"] = choices
    form = QuestionForm(_as_querydict(data), definition=definition_from_dict(lab_survey_definition()), section_index=2)
    if form.is_valid():
        for text in (form.question.relevant, form.question.constraint):
            if text:
                parse_expression(text)
    else:
        assert form.errors


def _as_querydict(data: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def test_survey_model_is_untouched_by_the_next_step(survey, team):
    team.post(BASE + "questions/pain_years/", {"rule_step": "condition", "kind": "whole_number", "name": "x"})
    assert Survey.objects.get(pk=survey.pk).definition == survey.definition
