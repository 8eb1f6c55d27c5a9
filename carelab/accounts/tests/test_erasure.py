"""Deleting an account erases the person: no text column of any model still names them (decision 0015)."""

import json

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from carelab.accounts.actions import delete_account
from carelab.accounts.tests.everything import (
    FIRST_NAME,
    NAME,
    PHONE,
    POSTCODE,
    identifiers_in,
    person_who_did_everything,
    run_the_task_worker,
)
from carelab.accounts.tests.factories import UserFactory
from carelab.comments.models import Comment, ModerationEvent
from carelab.comments.tests.factories import CommentFactory
from carelab.core.tests.html import parse
from carelab.participants.tests.factories import ApplicationFactory
from carelab.safeguarding.models import FlagEvent
from carelab.surveys.models import Answer, AnswerTally, ExportAudit, SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def every_text_column():
    """(model, field) for every text-like column of every installed model, Django's and third parties' too."""
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField | models.JSONField):
                yield model, f


def where_the_person_still_is() -> list[str]:
    found = []
    for model, f in every_text_column():
        for pk, value in model._base_manager.values_list("pk", f.name):
            for identifier in identifiers_in(text_of(value)):
                found.append(f"{model._meta.label}.{f.name} (pk {pk}): {identifier}")
    return found


@pytest.fixture
def everything(cast, django_capture_on_commit_callbacks):
    with override_settings(TASKS=DATABASE_TASKS):
        with django_capture_on_commit_callbacks(execute=True):
            everything = person_who_did_everything(cast)
        yield everything


def test_the_search_finds_the_person_everywhere_before_they_delete_their_account(everything):
    found = where_the_person_still_is()
    for where in [
        "accounts.User.email",
        "account.EmailAddress.email",
        "comments.ModerationEvent.reason",
        "comments.Report.reason",
        "participants.Application.motivation",
        "participants.ApplicationEvent.message",
        "surveys.ContactDetail.email",
        "surveys.ResumeLinkRequest.email",
        "surveys.Answer.text",
        "surveys.SurveyResponse.answers",
        "safeguarding.FlagEvent.note",
        "events.Event.notes",
        "events.Registration.access_needs",
        "connect.ConversationReport.reason",
        "connect.ConnectStop.reason",
        "admin.LogEntry.object_repr",
    ]:
        assert any(line.startswith(where + " ") for line in found), where
    assert DBTaskResult.objects.filter(status="READY").exists()


def test_deleting_an_account_leaves_no_name_address_phone_number_or_postcode_in_any_text_column(everything):
    answers_before = Answer.objects.count()
    tallies_before = list(AnswerTally.objects.order_by("pk").values_list("question", "choice", "number", "responses"))

    delete_account(everything.person)

    assert where_the_person_still_is() == []
    # Their sent answers stay in the lab's results, unlinked, with every count as it was.
    kept = SurveyResponse.objects.get(survey=everything.survey)
    assert kept.user is None and kept.status == SurveyResponse.Status.SUBMITTED
    assert Answer.objects.count() == answers_before
    assert list(AnswerTally.objects.order_by("pk").values_list("question", "choice", "number", "responses")) == (
        tallies_before
    )
    what_helped = Answer.objects.get(question="what_helped").text
    assert what_helped.startswith("My GP near [postcode removed]. I'm [name removed], mobile [phone number removed]")
    assert PHONE not in what_helped


def test_notes_about_the_person_lose_their_first_name_too(everything):
    delete_account(everything.person)
    [note] = FlagEvent.objects.filter(action=FlagEvent.Action.NOTE_ADDED).values_list("note", flat=True)
    assert FIRST_NAME not in note and note.startswith("Rang [removed] on [removed]; [removed] is safe")
    rejection = ModerationEvent.objects.get(action=ModerationEvent.Action.REJECTED).reason
    assert rejection == "[removed], we did not publish this: it had your number, [removed]."


def test_other_peoples_words_keep_everything_but_the_persons_full_name(everything):
    delete_account(everything.person)
    assert Comment.objects.filter(author=everything.other).get().body == "Thank you [removed], that helps."


def test_deleting_an_account_cancels_the_e_mails_queued_to_them_and_signs_them_out_everywhere(everything, monkeypatch):
    person_pk = everything.person.pk
    assert Session.objects.count() >= 2
    mail.outbox.clear()

    delete_account(everything.person)

    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(person_pk)]
    waiting = list(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))
    # What is left is the lab team's: a new flag and a report, which go to whoever is on the team.
    assert set(waiting) <= {
        "carelab.safeguarding.tasks.notify_team_of_new_flag",
        "carelab.connect.tasks.notify_team_of_report",
    }
    with override_settings(TASKS=DATABASE_TASKS):
        run_the_task_worker(monkeypatch)
    assert mail.outbox, "the lab team's e-mails still go"
    for message in mail.outbox:
        assert identifiers_in(" ".join([*message.to, message.subject, message.body])) == []


def test_the_resume_link_of_a_deleted_persons_draft_says_it_no_longer_works(everything):
    survey = everything.survey
    link = reverse("surveys:resume", args=[survey.lab.slug, survey.slug, everything.draft_token])
    assert Client().get(link).status_code == 302

    delete_account(everything.person)

    response = Client().get(link)
    assert response.status_code == 404
    assert parse(response).h1.get_text() == "This link does not work"


def test_the_test_person_wrote_their_postcode_and_phone_number_in_their_own_words(everything):
    # Guards the test above: the free text really did hold what must be removed.
    answers = SurveyResponse.objects.submitted().get(user=everything.person).answers
    assert POSTCODE in answers["what_helped"] and PHONE in answers["what_helped"] and NAME in answers["what_helped"]


def test_a_one_word_display_name_is_removed_only_from_records_about_them(cast):
    person = UserFactory(display_name="Will", email="will@example.org")
    theirs = CommentFactory(author=person, post__lab=cast.lab)
    ModerationEvent.objects.create(
        comment=theirs, actor=cast.team, action=ModerationEvent.Action.HIDDEN, reason="Will, this named your GP."
    )
    someone_elses = CommentFactory(post=theirs.post, body="Will you come to the workshop? Write to will@example.org")

    delete_account(person)

    assert ModerationEvent.objects.get(action=ModerationEvent.Action.HIDDEN).reason == "[removed], this named your GP."
    someone_elses.refresh_from_db()
    assert someone_elses.body == "Will you come to the workshop? Write to [removed]"


def test_a_helpline_number_the_person_copied_from_the_lab_stays_on_the_labs_pages(cast):
    cast.lab.get_involved = "Questions? Call the infoline on 0300 123 3393 or write to lab@example.org."
    cast.lab.save(update_fields=["get_involved"])
    person = UserFactory(display_name="Sam Leaver")
    ApplicationFactory(
        lab=cast.lab, applicant=person, motivation="I rang 0300 123 3393 and lab@example.org told me to apply."
    )

    delete_account(person)

    cast.lab.refresh_from_db()
    assert cast.lab.get_involved == "Questions? Call the infoline on 0300 123 3393 or write to lab@example.org."


def test_a_name_with_accents_is_found_inside_json_columns_too(cast):
    person = UserFactory(display_name="Zoë Ærøskøbing")
    survey = SurveyFactory(lab=cast.lab)
    audit = ExportAudit.objects.create(
        survey=survey, user=cast.team, format=ExportAudit.Format.CSV, filters={"asked_by": "zoë ærøskøbing"}
    )

    delete_account(person)

    audit.refresh_from_db()
    assert audit.filters == {"asked_by": "[removed]"}
