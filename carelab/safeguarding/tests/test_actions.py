"""The review queue's writes: each locks the flag, checks its state, and leaves an audit event with who did it."""

import pytest
from django.db import transaction

from carelab.safeguarding import actions
from carelab.safeguarding.actions import FlagActionRefused
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag, SafeguardingGuidance
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory, survey_response
from carelab.surveys.tests.factories import SurveyFactory

NEW, IN_REVIEW, CLOSED = SafeguardingFlag.Status.NEW, SafeguardingFlag.Status.IN_REVIEW, SafeguardingFlag.Status.CLOSED


@pytest.fixture
def flag(cast):
    return SafeguardingFlagFactory(lab=cast.lab)


def trail(flag):
    return [(event.action, event.actor, event.note) for event in FlagEvent.objects.filter(flag=flag)]


def status_of(flag):
    return SafeguardingFlag.objects.get(pk=flag.pk).status


def test_starting_a_review_marks_the_flag_in_review_and_records_who(cast, flag):
    actions.start_review(flag=flag, by=cast.team)
    assert status_of(flag) == IN_REVIEW
    assert trail(flag)[-1] == ("review_started", cast.team, "")


def test_a_review_cannot_be_started_twice(cast, flag):
    actions.start_review(flag=flag, by=cast.team)
    with pytest.raises(FlagActionRefused, match="already reviewing this flag .review started by Tam Team on"):
        actions.start_review(flag=flag, by=cast.admin)
    assert [action for action, _, _ in trail(flag)] == ["raised", "review_started"]


def test_a_closed_flag_cannot_start_a_review(cast, flag):
    actions.close_flag(flag=flag, by=cast.team, outcome="No action needed.")
    with pytest.raises(FlagActionRefused, match="Reopen it"):
        actions.start_review(flag=flag, by=cast.team)
    assert status_of(flag) == CLOSED


def test_notes_are_added_as_events_in_any_status_and_change_nothing_else(cast, flag):
    actions.add_note(flag=flag, by=cast.team, note="  Checked the plan; the person gave no contact details.  ")
    assert status_of(flag) == NEW
    actions.close_flag(flag=flag, by=cast.team, outcome="Done.")
    actions.add_note(flag=flag, by=cast.admin, note="Discussed at the team meeting.")
    assert status_of(flag) == CLOSED
    assert trail(flag)[1] == ("note_added", cast.team, "Checked the plan; the person gave no contact details.")
    assert trail(flag)[-1] == ("note_added", cast.admin, "Discussed at the team meeting.")


def test_an_empty_note_is_refused(cast, flag):
    with pytest.raises(FlagActionRefused, match="Enter a note"):
        actions.add_note(flag=flag, by=cast.team, note="   ")
    assert len(trail(flag)) == 1


@pytest.mark.parametrize("start_in_review", [False, True], ids=["from new", "from in review"])
def test_closing_needs_an_outcome_and_records_it(cast, flag, start_in_review):
    if start_in_review:
        actions.start_review(flag=flag, by=cast.team)
    with pytest.raises(FlagActionRefused, match="Enter the outcome"):
        actions.close_flag(flag=flag, by=cast.team, outcome="")
    assert status_of(flag) != CLOSED
    actions.close_flag(flag=flag, by=cast.team, outcome="Reviewed against our plan. No further action.")
    assert status_of(flag) == CLOSED
    assert trail(flag)[-1] == ("closed", cast.team, "Reviewed against our plan. No further action.")


def test_closing_a_closed_flag_says_who_closed_it_and_adds_no_second_event(cast, flag):
    actions.close_flag(flag=flag, by=cast.team, outcome="First.")
    with pytest.raises(FlagActionRefused, match=r"already closed by Tam Team on .* so it was not closed again"):
        actions.close_flag(flag=flag, by=cast.admin, outcome="Second.")
    assert [action for action, _, _ in trail(flag)].count("closed") == 1


def test_reopening_needs_a_reason_and_puts_the_flag_back_in_review(cast, flag):
    actions.close_flag(flag=flag, by=cast.team, outcome="No action.")
    with pytest.raises(FlagActionRefused, match="Enter why you are reopening"):
        actions.reopen_flag(flag=flag, by=cast.admin, reason=" ")
    actions.reopen_flag(flag=flag, by=cast.admin, reason="The plan says a second person checks every flag.")
    assert status_of(flag) == IN_REVIEW
    assert trail(flag)[-1] == ("reopened", cast.admin, "The plan says a second person checks every flag.")


@pytest.mark.parametrize("open_status", [NEW, IN_REVIEW])
def test_an_open_flag_cannot_be_reopened(cast, flag, open_status):
    SafeguardingFlag.objects.filter(pk=flag.pk).update(status=open_status)
    with pytest.raises(FlagActionRefused, match="already open"):
        actions.reopen_flag(flag=flag, by=cast.team, reason="Why not")
    assert status_of(flag) == open_status
    assert len(trail(flag)) == 1


def test_the_check_uses_the_flag_as_saved_not_as_the_caller_last_saw_it(cast, flag):
    stale = SafeguardingFlag.objects.get(pk=flag.pk)  # a page opened before someone else closed it
    actions.close_flag(flag=flag, by=cast.team, outcome="Closed in another tab.")
    assert stale.status == NEW
    with pytest.raises(FlagActionRefused):
        actions.close_flag(flag=stale, by=cast.admin, outcome="Closed again?")
    assert len([event for event in trail(flag) if event[0] == "closed"]) == 1


def test_a_failure_part_way_leaves_the_flag_as_it_was(cast, flag, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(FlagEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        actions.close_flag(flag=flag, by=cast.team, outcome="Done.")
    monkeypatch.undo()
    assert status_of(flag) == NEW
    assert len(trail(flag)) == 1


def test_every_change_moves_the_last_change_time_on(cast, flag):
    before = SafeguardingFlag.objects.get(pk=flag.pk).updated_at
    actions.add_note(flag=flag, by=cast.team, note="Looked.")
    assert SafeguardingFlag.objects.get(pk=flag.pk).updated_at > before


# Raising flags


def test_a_new_flag_keeps_the_survey_and_reference_and_outlives_its_response(cast):
    survey = SurveyFactory(lab=cast.lab)
    response = survey_response(survey, submitted=False)
    flag = actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])
    assert (flag.survey, flag.response_reference) == (survey, response.reference)
    response.delete()  # an unfinished response, deleted after the retention period
    flag.refresh_from_db()
    assert flag.survey_response is None
    assert (flag.survey, flag.response_reference, flag.status) == (survey, response.reference, NEW)
    assert [event.action for event in flag.events.all()] == ["raised"]


def test_new_reasons_on_a_closed_flag_open_it_again(cast):
    response = survey_response(SurveyFactory(lab=cast.lab), submitted=False)
    flag = actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])
    actions.close_flag(flag=flag, by=cast.team, outcome="No action.")
    actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])  # nothing new
    assert status_of(flag) == CLOSED
    actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["most_severe_band"])
    assert status_of(flag) == NEW
    assert trail(flag)[-1] == ("reopened_automatically", None, "most_severe_band")


def test_more_reasons_on_an_open_flag_keep_its_status(cast):
    response = survey_response(SurveyFactory(lab=cast.lab), submitted=False)
    flag = actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])
    actions.start_review(flag=flag, by=cast.team)
    actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["most_severe_band"])
    assert status_of(flag) == IN_REVIEW
    assert trail(flag)[-1] == ("updated", None, "most_severe_band")


# Guidance


def test_guidance_is_saved_with_who_saved_it_and_can_be_emptied(cast):
    actions.save_guidance(lab=cast.lab, by=cast.team, body="  Call the lead within one working day.  ")
    guidance = SafeguardingGuidance.objects.get(lab=cast.lab)
    assert (guidance.body, guidance.updated_by) == ("Call the lead within one working day.", cast.team)
    actions.save_guidance(lab=cast.lab, by=cast.admin, body="")
    assert SafeguardingGuidance.objects.get(lab=cast.lab).body == ""


def test_raising_a_flag_inside_a_failed_transaction_leaves_nothing(cast):
    response = survey_response(SurveyFactory(lab=cast.lab), submitted=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])
        raise RuntimeError("submission failed")
    assert not SafeguardingFlag.objects.exists()
    assert not FlagEvent.objects.exists()
