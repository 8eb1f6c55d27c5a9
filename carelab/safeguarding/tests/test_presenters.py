"""What a flag says in words: from its reasons and details, never from what the person wrote."""

from datetime import UTC, datetime

import pytest

from carelab.lib.survey_definition import definition_from_dict
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag
from carelab.safeguarding.presenters import (
    AUTOMATIC,
    FORMER_MEMBER,
    STATUS_TAGS,
    FlagRow,
    actor_name,
    contact_answer,
    event_note,
    format_when,
    instrument_name,
    last_change_text,
    quoted,
    reason_explanations,
    reason_summaries,
)
from carelab.surveys.tests.factories import lab_survey_definition


def flag(reasons, details=None, **fields):
    return SafeguardingFlag(reasons=reasons, details=details or {}, **fields)


def test_instruments_go_by_their_short_names_and_unknown_ones_by_their_id():
    assert [instrument_name(name) for name in ("phq9", "phq8", "gad7", "pain_nrs")] == [
        "PHQ-9",
        "PHQ-8",
        "GAD-7",
        "Pain intensity",
    ]
    assert instrument_name("wemwbs") == "wemwbs"  # loaded by an organisation, not shipped


def test_the_queue_names_the_instruments_and_phrases_behind_each_reason():
    summaries = reason_summaries(
        flag(
            ["phq9_item9_positive", "most_severe_band", "risk_phrase"],
            {
                "instruments": {"phq9_item9_positive": ["phq9"], "most_severe_band": ["phq9", "gad7"]},
                "phrases": ["want to die", "can't go on"],
            },
        )
    )
    assert summaries == [
        "Self-harm question (PHQ-9 question 9) answered above 0",
        "Score in the most severe band: PHQ-9, GAD-7",
        "Words matched a risk phrase: “want to die” and “can't go on”",
    ]


def test_reasons_without_details_still_read_as_words():
    assert reason_summaries(flag(["most_severe_band", "risk_phrase", "something_new"])) == [
        "Score in the most severe band",
        "Words matched a risk phrase",
        "something_new",
    ]


def test_the_most_severe_band_is_named_with_its_range():
    (explanation,) = reason_explanations(flag(["most_severe_band"], {"instruments": {"most_severe_band": ["gad7"]}}))
    assert explanation.heading == "Score in the most severe band"
    assert explanation.text == "The GAD-7 total was in the “Severe” band (15 to 21)."


def test_the_self_harm_reason_quotes_the_instruments_own_wording():
    (explanation,) = reason_explanations(flag(["phq9_item9_positive"]))
    assert explanation.text == (
        "The answer to PHQ-9 question 9 (“Thoughts that you would be better off dead or of hurting yourself "
        "in some way”) was above “Not at all”."
    )


def test_risk_phrases_name_the_question_from_the_survey_not_the_answer():
    definition = definition_from_dict(lab_survey_definition())
    what_helped = definition.question("what_helped").label
    (explanation,) = reason_explanations(
        flag(["risk_phrase"], {"phrases": ["suicide", "overdose"], "questions": ["what_helped"]}), definition
    )
    assert explanation.text == (
        f"Answers contained the lab's risk phrases “suicide” and “overdose”. Found in the answer to “{what_helped}”."
    )


def test_without_the_survey_a_question_is_named_by_its_name():
    (explanation,) = reason_explanations(flag(["risk_phrase"], {"phrases": ["suicide"], "questions": ["what_helped"]}))
    assert explanation.text == (
        "An answer contained the lab's risk phrase “suicide”. Found in the answer to the question named what_helped."
    )


@pytest.mark.parametrize(
    ("status", "text", "colour"),
    [("new", "New", "red"), ("in_review", "In review", "yellow"), ("closed", "Closed", "grey")],
)
def test_each_status_has_an_nhs_tag(status, text, colour):
    assert STATUS_TAGS[status] == {"text": text, "classes": f"nhsuk-tag--{colour}"}
    assert FlagRow(flag([], status=status)).status_tag["text"] == text


def test_people_are_named_checks_are_carelab_and_people_who_left_say_so(cast):
    assert actor_name(cast.team, "closed") == "Tam Team"
    assert actor_name(None, "raised") == actor_name(None, "reopened_automatically") == AUTOMATIC
    assert actor_name(None, "closed") == FORMER_MEMBER


def test_the_history_shows_reasons_found_by_checks_in_words_and_notes_as_written():
    assert event_note(FlagEvent(action="raised", note="risk_phrase, most_severe_band")) == (
        "Words matched a risk phrase; Score in the most severe band"
    )
    assert event_note(FlagEvent(action="note_added", note="risk_phrase, as we discussed")) == (
        "risk_phrase, as we discussed"
    )


def test_times_are_shown_in_uk_time_across_the_clock_change():
    assert format_when(datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == "29 March 2026 at 12:30am"  # still GMT
    assert format_when(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == "29 March 2026 at 2:30am"  # BST from 1am
    assert (
        last_change_text("note_added", datetime(2026, 8, 1, 12, 0, tzinfo=UTC)) == "Note added, 1 August 2026 at 1:00pm"
    )
    assert last_change_text(None, None) == ""


def test_quoted_lists_read_as_a_sentence():
    assert quoted([]) == ""
    assert quoted(["a"]) == "“a”"
    assert quoted(["a", "b", "c"]) == "“a”, “b” and “c”"


def test_a_row_for_a_deleted_survey_and_response_still_reads():
    row = FlagRow(flag(["risk_phrase"], status="new", survey=None, response_reference=""))
    assert (row.survey_title, row.reference) == ("A survey that has been deleted", "No reference")


def test_contact_is_a_yes_or_no_about_agreeing_never_the_details():
    from carelab.surveys.models import ContactDetail, SurveyResponse

    agreed = SurveyResponse(consents={"take_part": {}, "contact": {}})
    agreed.contact = ContactDetail(email="someone@example.net")
    assert contact_answer(agreed) == "Yes"
    assert contact_answer(SurveyResponse(consents={"take_part": {}})) == "No"
    assert contact_answer(SurveyResponse(consents={"contact": {}})) == (
        "Yes, but their contact details have since been deleted"
    )
    assert contact_answer(None) == "Not known: the response has been deleted"


# Where the words were written


def test_urgent_words_in_survey_answers_name_the_questions_and_what_the_check_found():
    definition = definition_from_dict(lab_survey_definition())
    risky = flag(
        ["risk_words"],
        {"risk": {"level": "urgent", "reasons": ["the lab's phrase “can't go on”"], "questions": ["what_helped"]}},
        source_kind="survey_response",
    )
    (explanation,) = reason_explanations(risky, definition)
    assert explanation.heading == "Words suggest the person may be at risk"
    assert explanation.text.startswith("CareLab's risk check found, in the survey answers: the lab's phrase “can't")
    assert "Found in the answer to “" in explanation.text
    assert reason_summaries(risky) == ["Words suggest the person may be at risk (the lab's phrase “can't go on”)"]


def test_old_risk_phrase_flags_still_read_as_before_beside_new_risk_words_flags():
    old = flag(["risk_phrase"], {"phrases": ["suicide"], "questions": ["what_helped"]})
    assert reason_summaries(old) == ["Words matched a risk phrase: “suicide”"]


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"source_kind": "comment", "source_title": "Comment on “Launch”"}, "Comment on “Launch”"),
        ({"source_kind": "profile_card", "source_title": "Profile card"}, "Profile card"),
        ({"source_kind": "application", "source_title": ""}, "Application to take part"),
        ({"source_kind": "survey_response", "response_reference": "ABC1"}, "Survey answers: {survey}, response ABC1"),
        ({"source_kind": "survey_response", "response_reference": ""}, "Survey answers: {survey}"),
    ],
)
def test_every_source_is_named_by_where_it_was_written_never_by_the_words(fields, label):
    from carelab.surveys.models import Survey

    survey = Survey(title="Share your experience")
    row = FlagRow(flag(["risk_words"], survey=survey if fields["source_kind"] == "survey_response" else None, **fields))
    assert row.source_label == label.format(survey="Share your experience")


def test_a_survey_flag_whose_survey_is_deleted_still_says_it_came_from_survey_answers():
    row = FlagRow(flag(["most_severe_band"], source_kind="survey_response", response_reference="ABC123"))
    assert row.source_label == "Survey answers: a survey that has been deleted, response ABC123"


def test_the_source_is_linked_only_while_it_exists_and_survey_answers_never_by_a_link():
    comment = flag(["risk_words"], source_kind="comment", source_title="Comment on “Launch”", source_url="/c/1/")
    comment.source_exists = True
    assert FlagRow(comment).source_link == {"href": "/c/1/", "text": "Open the comment"}
    assert FlagRow(comment).source_gone == ""
    comment.source_exists = False
    assert FlagRow(comment).source_link is None
    assert FlagRow(comment).source_gone == "The comment has since been deleted"
    survey = flag(["risk_words"], source_kind="survey_response", source_url="/anything/")
    survey.source_exists = True
    assert FlagRow(survey).source_link is None and FlagRow(survey).source_gone == ""


def test_the_writer_is_named_for_every_source_but_survey_answers():
    from carelab.accounts.models import User

    writer = User(display_name="Sam")
    assert FlagRow(flag(["risk_words"], source_kind="comment", person=writer)).writer == "Sam"
    assert FlagRow(flag(["risk_words"], source_kind="application")).writer == FORMER_MEMBER
    assert FlagRow(flag(["risk_words"], source_kind="survey_response", person=writer)).writer == ""
