"""A person who did everything CareLab offers, through the real actions, and the lab team's notes about them.

Used by the erasure test (everything about them goes with their account) and the task test
(nothing personal is queued). Call `person_who_did_everything(cast)` inside
`django_capture_on_commit_callbacks(execute=True)` so the e-mails are queued as in production.
"""

import re
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django_tasks_db.management.commands import db_worker

from carelab.accounts.tests.factories import UserFactory
from carelab.comments import actions as comment_actions
from carelab.comments.tests.factories import CommentPolicyFactory
from carelab.connect import actions as connect_actions
from carelab.events import actions as event_actions
from carelab.events.tests.factories import EventFactory
from carelab.evidence import actions_submissions as evidence_actions
from carelab.ideas import actions as idea_actions
from carelab.participants import actions as participant_actions
from carelab.participants.models import Application, ProfileCard
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory
from carelab.posts.tests.factories import PostFactory
from carelab.safeguarding import actions as safeguarding_actions
from carelab.surveys.actions import answering as survey_actions
from carelab.surveys.forms_answering import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION
from carelab.surveys.tests.factories import SurveyFactory
from carelab.updates import actions as update_actions
from carelab.updates.tests.factories import UpdateFactory

NAME = "Priya Ramanathan"
FIRST_NAME = "Priya"
EMAIL = "priya.ramanathan@example.org"
SECOND_EMAIL = "p.ramanathan@work.example.com"
CONTACT_EMAIL = "priya.contact@example.net"
RESUME_EMAIL = "priya.resume@example.net"
PHONE = "07700 900123"
PHONE_DIGITS = "7700900123"
POSTCODE = "M1 1AE"


@dataclass
class Everything:
    person: object
    other: object
    lab: object
    survey: object
    draft_token: str

    @property
    def emails(self) -> list[str]:
        return [EMAIL, SECOND_EMAIL, CONTACT_EMAIL, RESUME_EMAIL]


def _survey_consents(*names):
    return {name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION} for name in names}


def person_who_did_everything(cast) -> Everything:
    lab, team = cast.lab, cast.team
    person = UserFactory(email=EMAIL, display_name=NAME)
    EmailAddress.objects.create(user=person, email=SECOND_EMAIL, verified=True, primary=False)
    other = UserFactory(email="otto.other@example.org", display_name="Otto Other")
    ProfileCardFactory(lab=lab, user=other)
    Client().force_login(person)  # a session in the database
    Client().force_login(person)  # and another, on a second device

    # Applied, was accepted (application events, a card), and wrote on the card.
    draft = ApplicationFactory(
        lab=lab,
        applicant=person,
        status=Application.Status.DRAFT,
        submitted_at=None,
        access_needs=f"Step-free access please. If I am late call {PHONE}.",
        motivation=f"I am {NAME} and I live near {POSTCODE}.",
    )
    application = participant_actions.submit_application(draft, person)
    participant_actions.decide(
        application, decision="accepted", reviewer=team, message=f"Welcome, {NAME}! We will call you on {PHONE}."
    )
    # The card, shared with everyone, gave their number: it waits for the lab team, who ask for a change.
    ProfileCard.objects.filter(user=person).update(ask_me_about=f"Pacing. Text me on {PHONE}.", visibility="public")
    card = ProfileCard.objects.get(user=person)
    participant_actions.check_card(card)
    participant_actions.ask_for_card_change(
        card, by=team, message=f"{FIRST_NAME}, please take your number ({PHONE}) off your card."
    )

    # Commented: one comment rejected with a reason naming them, one published and reported.
    policy = CommentPolicyFactory(lab=lab)
    post = PostFactory(lab=lab)
    held = comment_actions.submit_comment(
        author=person, post=post, body=f"Ring me on {PHONE}, {NAME}", accepting=policy
    )
    comment_actions.reject_comment(
        comment=held, moderator=team, reason=f"{FIRST_NAME}, we did not publish this: it had your number, {PHONE}."
    )
    published = comment_actions.submit_comment(author=person, post=post, body="Pacing helped me most.")
    if published.status != published.Status.APPROVED:
        published = comment_actions.approve_comment(comment=published, moderator=team)
    comment_actions.accept_policy(user=other, policy=policy)
    comment_actions.report_comment(comment=published, reporter=other, reason=f"I think this is {NAME} from my group.")
    comment_actions.submit_comment(author=other, post=post, body=f"Thank you {NAME}, that helps.")

    # Answered a survey with contact details and free text, submitted it; a draft and a resume e-mail.
    survey = SurveyFactory(lab=lab, title="Launch survey")
    response, _token = survey_actions.start_response(
        survey,
        consents=_survey_consents("take_part", "health_data", "contact"),
        contact_email=CONTACT_EMAIL,
        user=person,
    )
    survey_actions.save_section(response, 1, {"roles": ["carer"], "lives_with_pain": "no"})
    survey_actions.save_section(
        response,
        2,
        {
            "what_helped": f"My GP near {POSTCODE}. I'm {NAME}, mobile {PHONE}, e-mail {CONTACT_EMAIL}.",
            "one_change": f"Call me back on +44 7700 900 123, ask for {FIRST_NAME}.",
        },
    )
    response, _ = survey_actions.submit_response(response)
    flag = safeguarding_actions.raise_flag(lab=lab, survey_response=response, reasons=["risk_phrase"])
    safeguarding_actions.add_note(
        flag=flag, by=team, note=f"Rang {NAME} on {PHONE}; {FIRST_NAME} is safe and has her GP's number."
    )
    unfinished, draft_token = survey_actions.start_response(
        survey, consents=_survey_consents("take_part", "health_data"), user=person
    )
    survey_actions.save_section(unfinished, 1, {"roles": ["carer"], "lives_with_pain": "no"})
    survey_actions.request_resume_link(unfinished, RESUME_EMAIL)

    # Registered for an event with access needs; the team's notes name them.
    event = EventFactory(lab=lab)
    event_actions.register(event=event, user=person, access_needs=f"A quiet room. My carer's number is {PHONE}.")
    event_actions.save_notes(event=event, notes=f"{NAME} needs a quiet room.", outputs="")

    # Used Connect: sent an introduction, got a reply, was reported and stopped.
    introduction = connect_actions.send_introduction(
        lab=lab, sender=person, recipient=other, body=f"Hello, I'm {NAME}. My number is {PHONE}."
    )
    connect_actions.add_message(introduction=introduction, author=other, body=f"Hello {FIRST_NAME}!")
    report = connect_actions.report_conversation(
        introduction=introduction, reporter=other, reason=f"{NAME} asked for my address.", also_block=False
    )
    connect_actions.stop_person(report=report, by=team, reason=f"{NAME} was too pushy; e-mailed {EMAIL}.")

    # Sent a story to the evidence library, which the lab team declined with a reason naming them.
    story = evidence_actions.submit_evidence(
        lab=lab,
        person=person,
        kind="story",
        title=f"How {FIRST_NAME} paces her week",
        text=f"I am {NAME}. Pacing and a walking group helped. Ring me on {PHONE}.",
        consents=("use", "quote"),
    )
    evidence_actions.decline_submission(
        item=story.item, by=team, reason=f"{FIRST_NAME}, it has your number ({PHONE}); please send it without."
    )

    # Proposed ideas: one gave their number, so it was held and the lab team did not publish it with a
    # reason naming them; one was published, supported and commented on by someone else and moved on by
    # the team. They support someone else's idea, which the team moved on with a reason naming them.
    number_idea = idea_actions.propose_idea(
        lab=lab, author=person, title="How might we pace our week together?", description=f"Text me on {PHONE}."
    )
    idea_actions.reject_idea(
        idea=number_idea, moderator=team, reason=f"{FIRST_NAME}, it has your number ({PHONE}); please propose it again."
    )
    own_idea = idea_actions.propose_idea(
        lab=lab, author=person, title=f"How might we start walking groups like {NAME}'s?", description=""
    )
    idea_actions.support_idea(idea=own_idea, user=other)
    comment_actions.submit_comment(author=other, idea=own_idea, body=f"Lovely idea, {FIRST_NAME}.")
    idea_actions.move_idea_stage(idea=own_idea, actor=team, to_stage="developing", reason=f"{NAME} will lead it.")
    others_idea = idea_actions.propose_idea(lab=lab, author=other, title="How might we share pacing tips?")
    idea_actions.support_idea(idea=others_idea, user=person)
    idea_actions.move_idea_stage(
        idea=others_idea, actor=team, to_stage="testing", reason=f"{NAME} and Otto are testing it in two groups."
    )

    # Receives updates.
    update_actions.choose_emails(person, lab, wants_email=True)
    update = UpdateFactory(lab=lab)
    update_actions.send_update(update, by=team)

    # An admin changed their account.
    LogEntry.objects.create(
        user=cast.admin,
        content_type=ContentType.objects.get_for_model(type(person)),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f'[{{"changed": {{"fields": ["Display name"]}}}}, "{EMAIL}"]',
    )
    return Everything(person=person, other=other, lab=lab, survey=survey, draft_token=draft_token)


def identifiers_in(text: str) -> list[str]:
    """Which of the person's identifiers the text still holds."""
    found = []
    folded = text.casefold()
    for needle in [NAME, EMAIL, SECOND_EMAIL, CONTACT_EMAIL, RESUME_EMAIL]:
        if needle.casefold() in folded:
            found.append(needle)
    if PHONE_DIGITS in re.sub(r"\D", "", text):
        found.append(PHONE)
    if re.sub(r"\s", "", POSTCODE).casefold() in re.sub(r"\s", "", folded):
        found.append(POSTCODE)
    return found


def run_the_task_worker(monkeypatch) -> None:
    """Run every queued task as `manage.py db_worker` does, then stop.

    The worker closes database connections it thinks are stale between tasks, which would close the
    test's own transaction on PostgreSQL; inside a test there is only that one connection to keep.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
