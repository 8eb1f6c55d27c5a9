"""Every e-mail CareLab sends, rendered as it is sent: every link in its text, its HTML and its calendar
file is absolute and on SITE_URL (a mail program has no page to resolve "/labs/…" against), no e-mail
says "lab lab", and every one ends with where to get help now.

The e-mails are sent by the real tasks (and allauth's by the real pages); the last test fails when a
task is added that this module does not send.
"""

import re

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from carelab.accounts.tests.factories import PASSWORD, UserFactory
from carelab.comments import tasks as comment_tasks
from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory, ReportFactory
from carelab.connect import tasks as connect_tasks
from carelab.connect.models import ConversationMessage
from carelab.connect.tests.factories import ConversationReportFactory, IntroductionFactory
from carelab.core.tests.test_tasks_hold_no_personal_data import carelab_tasks
from carelab.events import actions as event_actions
from carelab.events import tasks as event_tasks
from carelab.events.tests.factories import EventFactory, RegistrationFactory
from carelab.evidence import tasks as evidence_tasks
from carelab.evidence.tests.factories import SubmissionFactory
from carelab.participants import tasks as participant_tasks
from carelab.participants.models import ApplicationEvent, ProfileCardEvent
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory
from carelab.posts.tests.factories import PostFactory
from carelab.safeguarding import tasks as safeguarding_tasks
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory, flag_from, survey_response
from carelab.surveys import tasks as survey_tasks
from carelab.surveys.actions.answering import request_resume_link
from carelab.surveys.tests.factories import SurveyFactory
from carelab.updates import actions as update_actions
from carelab.updates import tasks as update_tasks
from carelab.updates.models import Delivery
from carelab.updates.tests.factories import UpdateFactory

SITE = "http://127.0.0.1:8123"
LAB_TITLE = "Pain and mental health lab"
# Markdown with a link written as a path, where people write Markdown that e-mails carry.
WITH_A_PATH = "Please read **the plan** on [the lab's page](/labs/the-lab/) first.\n\n- one\n- two"
NOT_SENT_AS_EMAIL = {
    "carelab.surveys.tasks.delete_expired_survey_drafts",
    "carelab.insights.tasks.suggest_themes_for_run",
    "carelab.evidence.tasks.extract_attachment_text",
}
SENT_BY = set()  # task paths this module has sent e-mails through


@pytest.fixture(autouse=True)
def site(settings, cast):
    settings.SITE_URL = SITE
    cast.lab.title = LAB_TITLE
    cast.lab.save(update_fields=["title"])


def send(task, *args) -> list:
    """Run a task as the worker would, and give the e-mails it sent."""
    before = len(mail.outbox)
    assert task.call(*args), f"{task.module_path}{args} sent nothing"
    SENT_BY.add(task.module_path)
    return mail.outbox[before:]


# What a link looks like in plain text: a web address, or a path standing alone.
WEB_ADDRESS = re.compile(r"\bhttps?://[^\s<>\"')]+")
BARE_PATH = re.compile(r"(?:^|[\s(<\"'])(/[\w-][^\s<>\"')]*)", re.MULTILINE)
LAB_LAB = re.compile(r"\blab\s+lab\b", re.IGNORECASE)


def assert_links_are_absolute_in_text(text: str, where: str):
    assert not BARE_PATH.findall(text), f"relative link in {where}: {BARE_PATH.findall(text)}"
    for address in WEB_ADDRESS.findall(text):
        assert address.startswith(SITE + "/") or "example.org" in address, f"{address} in {where}"
    for wrong in ("testserver", "127.0.0.1:8000", "example.com", "Hello from"):
        assert wrong not in text, f"{wrong} in {where}"


def assert_every_link_is_absolute(message):
    where = message.subject
    assert message.subject.startswith("CareLab: ")
    assert not LAB_LAB.search(message.subject) and not LAB_LAB.search(message.body), where
    assert "Need help now?" in message.body and f"More help: {SITE}/help-now/" in message.body, where
    assert_links_are_absolute_in_text(message.body, where)
    for content, mimetype in getattr(message, "alternatives", []):
        assert mimetype == "text/html"
        page = BeautifulSoup(content, "html.parser")
        assert not LAB_LAB.search(page.get_text(" ")), where
        for element in page.select("[href], [src]"):
            link = element.get("href") or element.get("src")
            assert link.startswith((SITE + "/", "https://", "mailto:", "tel:", "sms:")), f"{link} in {where} (HTML)"
    for filename, content, mimetype in message.attachments:
        assert mimetype == "text/calendar", filename
        for event in icalendar.Calendar.from_ical(content).events:
            assert str(event["URL"]).startswith(SITE + "/")
            assert_links_are_absolute_in_text(str(event["DESCRIPTION"]), f"{where} ({filename})")


@pytest.fixture
def sent(cast):
    """Every e-mail the tasks send, collected once for the module's checks."""
    lab, team = cast.lab, cast.team
    messages = []

    # Applications: received, the three decisions, and a request to change a card.
    application = ApplicationFactory(lab=lab, applicant=UserFactory(email="applicant@example.org"))
    messages += send(participant_tasks.send_application_received, application.pk)
    for action in ApplicationEvent.DECISIONS:
        event = ApplicationEvent.objects.create(
            application=application, actor=team, action=action, message=f"Dear Ana,\n\nAbout {LAB_TITLE}."
        )
        messages += send(participant_tasks.send_decision, event.pk)
    card = ProfileCardFactory(lab=lab)
    card_event = ProfileCardEvent.objects.create(
        card=card, actor=team, action=ProfileCardEvent.Action.CHANGES_ASKED, note="Please take your number off."
    )
    messages += send(participant_tasks.send_card_change_request, card_event.pk)

    # Connect: an introduction, the first reply, a later message, and a report for the team.
    introduction = IntroductionFactory(lab=lab)
    messages += send(connect_tasks.send_introduction_email, introduction.pk)
    reply = ConversationMessage.objects.create(introduction=introduction, author=introduction.recipient, body="Hi!")
    messages += send(connect_tasks.send_message_email, reply.pk)
    later = ConversationMessage.objects.create(introduction=introduction, author=introduction.sender, body="Great.")
    messages += send(connect_tasks.send_message_email, later.pk)
    report = ConversationReportFactory(introduction=IntroductionFactory(lab=lab))
    messages += send(connect_tasks.notify_team_of_report, report.pk)

    # Safeguarding: a new flag from every kind of source.
    messages += send(safeguarding_tasks.notify_team_of_new_flag, SafeguardingFlagFactory(lab=lab).pk)
    for number, kind in enumerate(SafeguardingFlag.Source.values):
        if kind != SafeguardingFlag.Source.SURVEY_RESPONSE:
            flag = flag_from(lab, kind, 1000 + number, f"Words in a {kind}", f"/labs/the-lab/{kind}/")
            messages += send(safeguarding_tasks.notify_team_of_new_flag, flag.pk)

    # Comments: each decision, for a comment held as usual and one held for risk; the team's digest.
    post = PostFactory(lab=lab, title="What we heard")
    for hold in (["premoderation"], ["risk"]):
        for decision in ("approved", "rejected", "hidden"):
            comment = CommentFactory(
                post=post, author=cast.member, hold_reasons=hold, decision_reason="It named someone."
            )
            messages += send(comment_tasks.notify_author_of_decision, comment.pk, decision)
    CommentFactory(post=post, author=cast.participant, status=Comment.Status.PENDING)
    ReportFactory(comment=CommentFactory(post=post, author=cast.member), reporter=cast.participant)
    messages += send(comment_tasks.send_moderation_digest, lab.pk)

    # Events: every kind of registration e-mail, with the summary's Markdown and its .ics file.
    event = EventFactory(lab=lab, summary=WITH_A_PATH, capacity=1)
    place = RegistrationFactory(event=event, user=cast.participant)
    messages += send(event_tasks.send_registration_email, place.pk, event_tasks.REGISTERED)
    messages += send(event_tasks.send_registration_email, place.pk, event_tasks.PROMOTED)
    messages += send(event_tasks.send_registration_email, place.pk, event_tasks.REMINDER)
    waiting = RegistrationFactory(event=event, user=cast.member, waiting=True)
    messages += send(event_tasks.send_registration_email, waiting.pk, event_tasks.WAITING)
    event_actions.cancel_registration(registration=waiting)
    messages += send(event_tasks.send_registration_email, waiting.pk, event_tasks.CANCELLED_BY_YOU)
    messages += send(event_tasks.send_registration_email, waiting.pk, event_tasks.CANCELLED_BY_TEAM)
    event_actions.cancel_event(event=event, message="The room flooded. We are sorry.")
    messages += send(event_tasks.send_registration_email, place.pk, event_tasks.EVENT_CANCELLED)

    # Evidence submissions: the team's e-mail about a new one, and each decision, with and without signs of risk.
    for words_check in ({}, {"risk": "possible", "risk_reasons": ["a reason"], "personal_data": []}):
        waiting = SubmissionFactory(lab=lab, submitted_by=cast.participant, words_check=words_check)
        messages += send(evidence_tasks.notify_team_of_submission, waiting.pk)
        for review in ("accepted", "declined"):
            decided = SubmissionFactory(
                lab=lab,
                submitted_by=cast.participant,
                words_check=words_check,
                review=review,
                review_reason="It is about another lab's area.",
                consents={"quote": {"wording": "Quote me", "version": "evidence-submission-1"}},
            )
            messages += send(evidence_tasks.send_review_decision, decided.pk)

    # Surveys: the link back to unfinished answers.
    draft = survey_response(SurveyFactory(lab=lab), submitted=False)
    messages += send(survey_tasks.send_resume_link, request_resume_link(draft, "later@example.org").pk)

    # Updates: text and HTML, with the body's Markdown.
    update_actions.choose_emails(cast.participant, lab, wants_email=True)
    update = UpdateFactory(lab=lab, body=WITH_A_PATH)
    update_actions.send_update(update, by=team)
    for delivery in Delivery.objects.filter(update=update):
        messages += send(update_tasks.send_update_email, delivery.pk)
    return messages


def test_every_link_in_every_email_the_tasks_send_is_absolute_and_on_the_site(sent):
    assert len(sent) > 30
    for message in sent:
        assert_every_link_is_absolute(message)


def test_markdown_reaches_e_mails_as_readable_text_and_as_html(sent):
    update = next(message for message in sent if getattr(message, "alternatives", None))
    assert f"Please read the plan on the lab's page ({SITE}/labs/the-lab/) first.\n\n- one\n- two" in update.body
    html = BeautifulSoup(update.alternatives[0][0], "html.parser")
    assert html.find("a", string="the lab's page")["href"] == f"{SITE}/labs/the-lab/"
    place = next(message for message in sent if message.subject.startswith("CareLab: You have a place"))
    assert "**" not in place.body and f"({SITE}/labs/the-lab/)" in place.body


def test_the_account_emails_links_are_absolute_and_on_the_site(db, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True  # off in CareLab, but their words are ours if it is turned on
    client = Client()
    signup = {"email": "new@example.org", "display_name": "Robin", "password1": PASSWORD, "password2": PASSWORD}
    client.post("/accounts/signup/", signup)
    client.post("/accounts/signup/", signup)  # the address is taken now: its owner is told
    client.post("/accounts/password/reset/", {"email": "new@example.org"})
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    person = UserFactory(email="changer@example.org")
    client.force_login(person)
    client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-new-long-password-88", "password2": "a-new-long-password-88"},
    )
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 5, subjects
    for message in mail.outbox:
        assert_every_link_is_absolute(message)
        assert "The CareLab team" in message.body


def test_this_module_sends_an_email_through_every_task_that_sends_one(sent):
    assert carelab_tasks() - NOT_SENT_AS_EMAIL == SENT_BY
