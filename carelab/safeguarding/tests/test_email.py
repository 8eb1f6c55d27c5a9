"""The lab team hears of a new flag by e-mail, once, with no personal content: that it needs review, and the link."""

import pytest
from django.core import mail
from django.db import transaction

from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory
from carelab.safeguarding import actions
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.tests.factories import CONTACT_EMAIL, survey_response
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.test_answering_journey import ABOUT_YOU, EXPERIENCE, section_url, start


@pytest.fixture
def response(cast):
    return survey_response(SurveyFactory(lab=cast.lab, title="Share your experience"), contact=True)


def raise_in_a_transaction(lab, response, reasons, details=None):
    """As the answering journey does: inside a transaction, so the e-mail waits for the commit."""
    with transaction.atomic():
        return actions.raise_flag(lab=lab, survey_response=response, reasons=reasons, details=details)


def test_a_new_flag_emails_each_member_of_the_lab_team_once(
    cast, response, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://carelab.example"
    second = MembershipFactory(lab=cast.lab, role=Role.TEAM, user__email="second-team@example.org").user
    with django_capture_on_commit_callbacks(execute=True):
        flag = raise_in_a_transaction(cast.lab, response, ["risk_phrase"], {"phrases": ["can't go on"]})
    assert sorted(email.to[0] for email in mail.outbox) == sorted([cast.team.email, second.email])
    assert all(len(email.to) == 1 for email in mail.outbox)  # the team's addresses are not shared
    email = mail.outbox[0]
    assert email.subject == "CareLab: A survey response needs review"
    assert f"https://carelab.example/labs/the-lab/safeguarding/{flag.pk}/" in email.body
    assert "Samaritans" in email.body  # every CareLab e-mail ends with where to get help


def test_the_email_carries_no_personal_content(cast, response, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        raise_in_a_transaction(
            cast.lab,
            response,
            ["risk_phrase", "most_severe_band"],
            {"phrases": ["can't go on"], "questions": ["what_helped"], "instruments": {"most_severe_band": ["phq8"]}},
        )
    (email, *_) = mail.outbox
    message = email.body.split("CareLab is not a crisis service")[0]  # before the footer every e-mail has
    assert message.startswith("Hello,\n\nA survey response in The lab needs review by the lab team")
    text = (email.subject + message).lower()
    for personal in [CONTACT_EMAIL, response.reference, "can't go on", "what_helped", "phq", "severe", "risk"]:
        assert personal.lower() not in text
    assert "share your experience" not in text  # not even which survey


def test_updating_a_flag_sends_nothing_more(cast, response, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        raise_in_a_transaction(cast.lab, response, ["risk_phrase"])
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        raise_in_a_transaction(cast.lab, response, ["most_severe_band"])
        raise_in_a_transaction(cast.lab, response, ["most_severe_band"])
    assert len(mail.outbox) == sent == 1
    assert SafeguardingFlag.objects.count() == 1


def test_nothing_is_sent_when_the_submission_is_rolled_back(cast, response, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])
        raise RuntimeError("submission failed")
    assert mail.outbox == []


def test_only_this_labs_active_team_is_emailed(cast, response, django_capture_on_commit_callbacks):
    gone = MembershipFactory(lab=cast.lab, role=Role.TEAM, user__email="left@example.org").user
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        raise_in_a_transaction(cast.lab, response, ["risk_phrase"])
    assert [email.to for email in mail.outbox] == [[cast.team.email]]  # not other_team, participant or admin


def test_a_person_answering_the_survey_triggers_one_email_for_a_flagged_response(
    cast, client, django_capture_on_commit_callbacks
):
    """Through the real journey: a risk phrase on one page, then the same again, raise one flag and one e-mail."""
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    with django_capture_on_commit_callbacks(execute=True):
        start(client, survey)
        client.post(section_url(survey, 2), ABOUT_YOU)
        client.post(
            section_url(survey, 3),
            {**EXPERIENCE, "what_helped": "Some days I think everyone would be better off without me."},
        )
        client.post(
            section_url(survey, 3),
            {**EXPERIENCE, "what_helped": "Some days I think everyone would be better off without me."},
        )
    assert [email.to for email in mail.outbox] == [[cast.team.email]]
    assert "Some days" not in mail.outbox[0].body


def test_a_flag_closed_in_the_transaction_that_raised_it_emails_nobody(
    cast, response, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        flag = actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])
        actions.close_flag(flag=flag, by=cast.team, outcome="Reviewed at once.")
    assert mail.outbox == []


def test_a_flag_closed_before_its_email_went_out_is_not_emailed(cast, response):
    from carelab.safeguarding.tasks import notify_team_of_new_flag

    flag = actions.raise_flag(lab=cast.lab, survey_response=response, reasons=["risk_phrase"])
    actions.close_flag(flag=flag, by=cast.team, outcome="Reviewed.")
    assert notify_team_of_new_flag.call(flag.pk) == 0
    assert mail.outbox == []


def test_flags_raised_without_emailing_the_team_still_reach_the_queue(
    cast, response, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, actions.without_emailing_the_team():
        flag = raise_in_a_transaction(cast.lab, response, ["risk_phrase"])
    assert callbacks == [] and mail.outbox == []
    assert SafeguardingFlag.objects.for_lab(cast.lab).get() == flag
    with django_capture_on_commit_callbacks(execute=True):  # and only inside it
        raise_in_a_transaction(cast.lab, survey_response(SurveyFactory(lab=cast.lab), contact=False), ["risk_phrase"])
    assert [email.to for email in mail.outbox] == [[cast.team.email]]
