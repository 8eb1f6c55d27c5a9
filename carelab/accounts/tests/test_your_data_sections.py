"""Each app's personal_data module: it lists what CareLab holds about the person (and nothing about
anyone else), and `delete_account` does what its `on_deletion` sentence says."""

import ast
import inspect
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.utils import timezone

from carelab.accounts.actions import delete_account
from carelab.accounts.presenters import as_json, record_as_dict
from carelab.accounts.tests.factories import UserFactory
from carelab.accounts.tests.test_two_factor import turn_on_two_factor
from carelab.comments import actions as comment_actions
from carelab.comments.models import Comment, ModerationEvent, PolicyAcceptance
from carelab.comments.tests.factories import CommentFactory, CommentPolicyFactory, ReportFactory
from carelab.core.your_data import LAB_TEAM_WORK_KEPT, collect, collect_privacy, personal_data_modules
from carelab.events.models import Event, Registration
from carelab.events.tests.factories import EventFactory, RegistrationFactory
from carelab.ideas.models import Idea, StageChange, Support
from carelab.ideas.tests.factories import IdeaFactory, StageChangeFactory, SupportFactory
from carelab.labs.models import Membership, Role
from carelab.labs.tests.factories import LabFactory, MembershipFactory
from carelab.participants import actions as participant_actions
from carelab.participants.models import Application, ApplicationEvent, ProfileCard, ProfileCardEvent
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory
from carelab.posts.models import Post
from carelab.posts.tests.factories import PostFactory
from carelab.safeguarding import actions as safeguarding_actions
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory
from carelab.surveys.actions.answering import request_resume_link, save_section, start_response, submit_response
from carelab.surveys.actions.builder import create_empty_survey
from carelab.surveys.forms_answering import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION
from carelab.surveys.models import Answer, AnswerTally, ContactDetail, SurveyResponse, SurveyVersion
from carelab.surveys.tests.factories import SurveyFactory

OTHER_NAME = "Otto Otherperson"
OTHER_EMAIL = "otto.other@example.net"


@pytest.fixture
def someone_else(db):
    return UserFactory(display_name=OTHER_NAME, email=OTHER_EMAIL)


def sections_by_key(user) -> dict:
    return {section.key: section for section in collect(user)}


def records(user, key) -> list[dict]:
    return [record_as_dict(record) for record in sections_by_key(user)[key].records]


def everything_as_text(user) -> str:
    return json.dumps(as_json(collect(user), timezone.now()), ensure_ascii=False)


def assert_says_nothing_about(user, *, names=(OTHER_NAME,), emails=(OTHER_EMAIL,), texts=()):
    text = everything_as_text(user)
    for item in (*names, *emails, *texts):
        assert item not in text, f"{item!r} is about someone else"


# -- Every link to a person is somewhere in Your data ------------------------------------------------

# Apps outside CareLab whose records about a person carelab.accounts.personal_data shows.
SHOWN_BY_ACCOUNTS = {"account", "mfa", "admin"}


def test_every_app_with_a_link_to_a_person_has_a_personal_data_module():
    user_model = get_user_model()
    missing = set()
    for model in apps.get_models():
        if not any(f.is_relation and f.concrete and f.related_model is user_model for f in model._meta.get_fields()):
            continue
        app_config = model._meta.app_config
        if app_config.label in SHOWN_BY_ACCOUNTS:
            continue
        try:
            __import__(f"{app_config.name}.personal_data")
        except ModuleNotFoundError:
            missing.add(f"{app_config.name} ({model.__name__})")
    assert not missing, f"these apps link records to a person but have no personal_data.py: {sorted(missing)}"


def _section_keys_in_source(module) -> set[str]:
    """Every key a module's `Section(key=…)` calls can give, read from its source, so a section that
    appears only for some people (a lab team's work) is checked too. A key must be a literal string."""
    keys = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Section":
            key = next((keyword.value for keyword in node.keywords if keyword.arg == "key"), None)
            assert isinstance(key, ast.Constant), f"{module.__name__}: give each Section a literal key"
            keys.add(key.value)
    return keys


def test_every_personal_data_section_has_privacy_text_in_its_module():
    """The privacy notice is built from these, so it cannot fall behind what an app holds (decision 0018)."""
    for module in personal_data_modules():
        assert hasattr(module, "privacy"), f"{module.__name__} has no privacy() for the privacy notice"
        entries = module.privacy()
        covered = {key for entry in entries for key in entry.covers}
        missing = _section_keys_in_source(module) - covered
        assert not missing, f"{module.__name__}: sections without privacy text: {sorted(missing)}"
        for entry in entries:
            for name in ("title", "held", "why", "who_sees", "kept_for", "your_choices"):
                text = getattr(entry, name)
                assert text.strip(), f"{module.__name__} {entry.title!r}: {name} is empty"
                if name != "title":
                    assert text.rstrip().endswith("."), f"{module.__name__} {entry.title!r}: {name} is not a sentence"


def test_the_sections_a_busy_person_has_are_all_covered_by_privacy_text(cast, survey):
    """Belt and braces for the source check: a person with something in many apps."""
    _linked_response(survey, cast.team)
    CommentFactory(author=cast.team)
    idea = IdeaFactory(lab=cast.lab, author=cast.team)
    SupportFactory(idea=IdeaFactory(lab=cast.lab), user=cast.team)
    StageChangeFactory(idea=idea, actor=cast.team)
    keys = {section.key for section in collect(cast.team)}
    assert {"ideas", "idea_supports", "idea_work"} <= keys
    covered = {key for entry in collect_privacy() for key in entry.covers}
    assert {section.key for section in collect(cast.team)} <= covered


def test_sections_come_in_the_order_of_installed_apps_with_unique_keys(db):
    keys = [section.key for section in collect(UserFactory())]
    assert keys[:2] == ["account", "email_addresses"]
    assert (
        keys.index("lab_memberships") < keys.index("posts") < keys.index("comments") < keys.index("event_registrations")
    )
    assert len(keys) == len(set(keys))


# -- accounts ---------------------------------------------------------------------------------------


def test_your_account_lists_details_addresses_and_two_factor_but_never_secrets(someone_else):
    person = UserFactory(
        email="sam@example.org", display_name="Sam", organisation="Riverside Mind", role_title="Peer supporter"
    )
    EmailAddress.objects.create(user=person, email="sam.work@example.org", verified=False, primary=False)
    secret = turn_on_two_factor(person)
    codes = RecoveryCodes.activate(person).generate_codes()

    [account] = records(person, "account")
    assert account["Display name"] == "Sam"
    assert account["Organisation"] == "Riverside Mind" and account["Role"] == "Peer supporter"
    assert account["Account created"] == timezone.localtime(person.date_joined).isoformat()
    assert account["Two-factor sign-in is on"] is True and account["Recovery codes made"] is True
    assert "Site administrator" not in account
    assert records(person, "email_addresses") == [
        {"Email address": "sam@example.org", "Confirmed": True, "The address we use": True},
        {"Email address": "sam.work@example.org", "Confirmed": False, "The address we use": False},
    ]
    text = everything_as_text(person)
    for secret_text in [secret, person.password, *codes]:
        assert secret_text not in text
    assert_says_nothing_about(person)


def test_a_site_administrator_sees_the_changes_they_made_in_the_admin(db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    LogEntry.objects.create(user=admin, action_flag=ADDITION, object_repr="A lab", change_message="[]")
    assert records(admin, "account")[0]["Site administrator"] is True
    [changes] = records(admin, "admin_changes")
    assert changes["How many times"] == 1
    assert "admin_changes" not in sections_by_key(UserFactory())


def test_deleting_an_account_deletes_what_the_account_sections_say(someone_else):
    person = UserFactory()
    turn_on_two_factor(person)
    LogEntry.objects.create(user=person, action_flag=ADDITION, object_repr="A lab", change_message="[]")
    found = sections_by_key(person)
    assert not any(found[key].kept_after_deletion for key in ["account", "email_addresses", "admin_changes"])

    delete_account(person)

    assert not get_user_model().objects.filter(pk=person.pk).exists()
    for model, field in [(EmailAddress, "user_id"), (Authenticator, "user_id"), (LogEntry, "user_id")]:
        assert not model.objects.filter(**{field: person.pk}).exists()
    assert EmailAddress.objects.filter(user=someone_else).exists()


# -- labs -------------------------------------------------------------------------------------------


def test_lab_memberships_list_each_lab_and_role_and_go_with_the_account(someone_else):
    person = UserFactory()
    first, second = LabFactory(title="Pain lab"), LabFactory(title="Sleep lab")
    MembershipFactory(lab=first, user=person, role=Role.PARTICIPANT)
    MembershipFactory(lab=second, user=person, role=Role.TEAM)
    MembershipFactory(lab=first, user=someone_else)
    assert [(r["Lab"], r["Your role"]) for r in records(person, "lab_memberships")] == [
        ("Pain lab", "Lab participant"),
        ("Sleep lab", "Lab team"),
    ]
    assert_says_nothing_about(person)
    assert sections_by_key(person)["lab_memberships"].on_deletion == "Deleted."

    delete_account(person)

    assert not Membership.objects.filter(user_id=person.pk).exists()
    assert Membership.objects.filter(user=someone_else).exists()


# -- posts ------------------------------------------------------------------------------------------


def test_posts_list_what_the_person_wrote_and_stay_without_an_author(someone_else):
    person = UserFactory()
    mine = PostFactory(author=person, title="What we heard", summary="Our summary.")
    PostFactory(author=someone_else, title="Not mine")
    [record] = records(person, "posts")
    assert record["Title"] == "What we heard" and record["Summary"] == "Our summary."
    assert record["Status"] == "Published"
    assert "Not mine" not in everything_as_text(person)
    assert_says_nothing_about(person)
    assert sections_by_key(person)["posts"].kept_after_deletion

    delete_account(person)

    mine.refresh_from_db()
    assert mine.author is None and mine.title == "What we heard"
    assert Post.objects.filter(author=someone_else).exists()


# -- comments ---------------------------------------------------------------------------------------


def test_comments_agreements_and_reports_are_listed_without_other_peoples_words(someone_else):
    person = UserFactory()
    comment = CommentFactory(author=person, body="My back hurts\n\nand I feel low", post__title="Launch news")
    CommentFactory(author=someone_else, parent=comment, post=comment.post, body="A reply from Otto")
    policy = CommentPolicyFactory(lab=comment.post.lab, version=2)
    PolicyAcceptance.objects.create(user=person, policy=policy)
    reported = CommentFactory(author=someone_else, post=comment.post, body="Otto's rude words")
    ReportFactory(comment=reported, reporter=person, reason="This is unkind")

    [mine] = records(person, "comments")
    assert mine["Your comment"] == "My back hurts\n\nand I feel low"
    assert mine["On the post"] == "Launch news" and mine["Status"] == "Published"
    assert mine["A reply to another comment"] is False
    [agreement] = records(person, "comments_policy_agreements")
    assert agreement["Policy version"] == 2
    [report] = records(person, "comment_reports")
    assert report["Your reason"] == "This is unkind" and report["About a comment on the post"] == "Launch news"
    assert_says_nothing_about(person, texts=["A reply from Otto", "Otto's rude words"])


def test_deleting_an_account_does_what_the_comments_sections_say(someone_else):
    person = UserFactory()
    comment = CommentFactory(author=person, body="My own story")
    reply = CommentFactory(author=someone_else, parent=comment, post=comment.post, body="Thank you")
    policy = CommentPolicyFactory(lab=comment.post.lab)
    PolicyAcceptance.objects.create(user=person, policy=policy)
    report = ReportFactory(comment=CommentFactory(author=someone_else), reporter=person, reason="Unkind")
    found = sections_by_key(person)
    assert "This comment was deleted" in found["comments"].on_deletion and found["comments"].kept_after_deletion
    assert found["comment_reports"].kept_after_deletion
    assert not found["comments_policy_agreements"].kept_after_deletion

    delete_account(person)

    comment.refresh_from_db()
    assert (comment.body, comment.author, comment.status) == ("", None, Comment.Status.DELETED)
    reply.refresh_from_db()
    assert reply.parent_id == comment.pk and reply.body == "Thank you"
    assert not PolicyAcceptance.objects.filter(user_id=person.pk).exists()
    report.refresh_from_db()
    assert report.reporter is None and report.reason == "Unkind"


def test_ideas_and_support_are_listed_and_deleting_an_account_does_what_the_ideas_sections_say(cast, someone_else):
    person = UserFactory()
    idea = IdeaFactory(lab=cast.lab, author=person, title="How might we pace together?", description="My own plan")
    SupportFactory(idea=idea, user=someone_else)
    comment_under_it = CommentFactory(post=None, idea=idea, author=someone_else, body="Otto likes it")
    moved = StageChangeFactory(idea=idea, actor=cast.team)
    others = IdeaFactory(lab=cast.lab, author=someone_else, title="How might we share tips?")
    SupportFactory(idea=others, user=person)
    team_move = StageChangeFactory(idea=others, actor=person, reason="Moved on")

    [mine] = records(person, "ideas")
    assert mine["Idea"] == "How might we pace together?" and mine["Description"] == "My own plan"
    assert mine["Stage"] == "Proposed" and mine["Status"] == "Published"
    [supported] = records(person, "idea_supports")
    assert supported["Idea"] == "How might we share tips?"
    assert records(person, "idea_work")[0]["How many times"] == 1
    assert_says_nothing_about(person, texts=["Otto likes it"])
    found = sections_by_key(person)
    assert "with the comments under them" in found["ideas"].on_deletion
    assert not found["ideas"].kept_after_deletion and not found["idea_supports"].kept_after_deletion
    assert found["idea_work"].kept_after_deletion

    delete_account(person)

    assert not Idea.objects.filter(pk=idea.pk).exists()
    assert not Comment.objects.filter(pk=comment_under_it.pk).exists()
    assert not StageChange.objects.filter(pk=moved.pk).exists()
    assert not Support.objects.filter(user_id=person.pk).exists()
    assert others.supports.count() == 0
    team_move.refresh_from_db()
    assert team_move.actor is None and team_move.reason == "Moved on"


def test_a_moderators_decisions_are_counted_and_stay_without_their_name(cast, someone_else):
    waiting = CommentFactory(author=someone_else, post__lab=cast.lab, pending=True)
    comment_actions.approve_comment(comment=waiting, moderator=cast.team)
    [approved] = [r for r in records(cast.team, "comments_audit_trail") if r["What"] == "Approved"]
    assert approved["How many times"] == 1
    assert sections_by_key(cast.team)["comments_audit_trail"].on_deletion == LAB_TEAM_WORK_KEPT
    assert "comments_audit_trail" not in sections_by_key(cast.member)
    assert_says_nothing_about(cast.team, texts=[waiting.body])

    delete_account(cast.team)

    event = ModerationEvent.objects.get(comment=waiting, action=ModerationEvent.Action.APPROVED)
    assert event.actor is None
    waiting.refresh_from_db()
    assert waiting.decided_by is None and waiting.status == Comment.Status.APPROVED


# -- surveys ----------------------------------------------------------------------------------------


def _consents(*names):
    return {name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION} for name in names}


def _linked_response(survey, user, *, contact="", submitted=True, answers=None):
    response, _token = start_response(
        survey,
        consents=_consents("take_part", "health_data", *(["contact"] if contact else [])),
        contact_email=contact,
        user=user,
    )
    save_section(response, 1, answers or {"roles": ["carer"], "lives_with_pain": "no"})
    if submitted:
        response, _ = submit_response(response)
    return response


@pytest.fixture
def survey(db):
    return SurveyFactory(title="Launch survey")


def test_linked_survey_answers_are_listed_as_the_person_gave_them(survey, someone_else):
    person = UserFactory()
    sent = _linked_response(survey, person, contact="sam.contact@example.org")
    draft = _linked_response(
        survey, person, submitted=False, answers={"roles": ["professional"], "lives_with_pain": "yes"}
    )
    _linked_response(survey, someone_else, contact=OTHER_EMAIL)
    start_response(survey, consents=_consents("take_part", "health_data"))  # not linked to anyone

    [record] = records(person, "survey_answers_sent")
    assert record["Survey"] == "Launch survey" and record["Reference"] == sent.reference
    assert record["Which of these describe you?"] == "I care for someone who does"
    assert record["Do you live with persistent back or neck pain?"] == "No"
    assert record["Email address you gave to be contacted"] == "sam.contact@example.org"
    assert CONSENT_STATEMENTS["health_data"] in record["What you agreed to"]
    request_resume_link(draft, "sam.later@example.org")
    [unfinished] = records(person, "survey_answers_unfinished")
    assert unfinished["Reference"] == draft.reference
    assert unfinished["Email address we are about to send your link to"] == "sam.later@example.org"
    assert unfinished["Which of these describe you?"] == "I work in health or care"
    assert_says_nothing_about(person)


def test_deleting_an_account_deletes_unfinished_answers_and_unlinks_sent_ones_without_the_contact_address(
    survey, someone_else
):
    person = UserFactory()
    sent = _linked_response(survey, person, contact="sam.contact@example.org")
    draft = _linked_response(survey, person, submitted=False)
    others = _linked_response(survey, someone_else, contact=OTHER_EMAIL)
    found = sections_by_key(person)
    assert found["survey_answers_sent"].kept_after_deletion
    assert "email address you gave to be contacted is deleted" in found["survey_answers_sent"].on_deletion
    assert found["survey_answers_unfinished"].on_deletion.startswith("Deleted, and any link back to them")
    answers_before = Answer.objects.filter(response=sent).count()
    tallies_before = list(AnswerTally.objects.values_list("question", "choice", "responses").order_by("pk"))

    delete_account(person)

    assert not SurveyResponse.objects.filter(pk=draft.pk).exists()
    sent.refresh_from_db()
    assert sent.user is None and sent.answers["roles"] == ["carer"]
    assert not ContactDetail.objects.filter(response=sent).exists()
    assert Answer.objects.filter(response=sent).count() == answers_before
    assert list(AnswerTally.objects.values_list("question", "choice", "responses").order_by("pk")) == tallies_before
    assert ContactDetail.objects.get(response=others).email == OTHER_EMAIL


def test_survey_work_for_a_lab_team_is_counted_and_stays_without_their_name(survey):
    person = UserFactory()
    version = SurveyVersion.objects.create(survey=survey, number=2, definition=survey.definition, created_by=person)
    [published] = records(person, "survey_work")
    assert published["What"] == "Published a version of a survey" and published["How many times"] == 1

    delete_account(person)

    version.refresh_from_db()
    assert version.created_by is None


def test_a_survey_the_lab_team_made_is_counted_as_their_work_and_stays_without_their_name(cast):
    person = UserFactory()
    survey = create_empty_survey(cast.lab, title="Made by them", by=person)
    [made] = records(person, "survey_work")
    assert made["What"] == "Made a survey" and made["How many times"] == 1

    delete_account(person)

    survey.refresh_from_db()
    assert survey.created_by is None


# -- safeguarding -----------------------------------------------------------------------------------


def test_flags_raised_by_linked_answers_are_listed_and_stay_without_a_link_to_the_person(survey, someone_else):
    person = UserFactory()
    mine = SafeguardingFlagFactory(lab=survey.lab, survey=survey, survey_response=_linked_response(survey, person))
    unfinished = SafeguardingFlagFactory(
        lab=survey.lab, survey=survey, survey_response=_linked_response(survey, person, submitted=False)
    )
    SafeguardingFlagFactory(lab=survey.lab, survey=survey, survey_response=_linked_response(survey, someone_else))
    safeguarding_actions.add_note(flag=mine, by=UserFactory(display_name="Tess Teamer"), note="Called Otto's GP")

    listed = records(person, "safeguarding_flags")
    assert [r["Reference of your answers"] for r in listed] == [mine.response_reference, unfinished.response_reference]
    assert listed[0]["What raised it"] == ["Score in the most severe band: PHQ-8"]
    assert listed[0]["Where the lab team is with it"] == "New"
    assert_says_nothing_about(person, names=[OTHER_NAME, "Tess Teamer"], texts=["Called Otto's GP"])
    assert sections_by_key(person)["safeguarding_flags"].kept_after_deletion

    delete_account(person)

    mine.refresh_from_db()
    unfinished.refresh_from_db()
    assert mine.survey_response.user is None and mine.events.count() == 2
    assert unfinished.survey_response is None and unfinished.response_reference
    assert SafeguardingFlag.objects.count() == 3


def test_a_team_members_work_on_flags_is_counted_and_stays_without_their_name(cast):
    flag = SafeguardingFlagFactory(lab=cast.lab)
    safeguarding_actions.add_note(flag=flag, by=cast.team, note="Reviewed against the plan")
    [note] = records(cast.team, "safeguarding_work")
    assert note["What"] == "Note added" and note["How many times"] == 1
    assert "safeguarding_flags" in sections_by_key(cast.team)  # and empty: no flag is about them
    assert sections_by_key(cast.team)["safeguarding_flags"].records == []

    delete_account(cast.team)

    event = FlagEvent.objects.get(flag=flag, action=FlagEvent.Action.NOTE_ADDED)
    assert event.actor is None and event.note == "Reviewed against the plan"


# -- participants -----------------------------------------------------------------------------------


def test_applications_messages_and_cards_are_listed_without_naming_the_lab_team(cast, someone_else):
    application = ApplicationFactory(
        lab=cast.lab, applicant=cast.member, access_needs="Step-free access", motivation="To be heard"
    )
    participant_actions.decide(
        application, decision="accepted", reviewer=cast.team, message="Welcome, Mo.\nSee you soon."
    )
    ApplicationFactory(lab=cast.lab, applicant=someone_else, motivation="Otto's reasons")

    [record] = records(cast.member, "participant_applications")
    assert record["Lab"] == "The lab" and record["Status"] == "Accepted"
    assert record["What would make it easier to take part"] == "Step-free access"
    assert record["Why you would like to take part"] == "To be heard"
    messages = records(cast.member, "participant_application_messages")
    assert [m["What happened"] for m in messages] == ["Accepted"]
    assert messages[0]["Message"] == "Welcome, Mo.\nSee you soon."
    [card] = records(cast.member, "participant_profile_cards")
    assert card["Name on the card"] == "Mo Member" and card["Lab"] == "The lab"
    assert_says_nothing_about(cast.member, names=[OTHER_NAME, "Tam Team"], emails=[OTHER_EMAIL, "team@example.org"])


def test_deleting_an_account_deletes_applications_messages_and_cards_and_keeps_decisions_on_others(cast):
    own = ApplicationFactory(lab=cast.lab, applicant=cast.team)
    ProfileCardFactory(lab=cast.lab, user=cast.team)
    others = ApplicationFactory(lab=cast.lab, applicant=cast.member)
    participant_actions.decide(others, decision="declined", reviewer=cast.team, message="Sorry, not this time")
    found = sections_by_key(cast.team)
    for key in ["participant_applications", "participant_application_messages", "participant_profile_cards"]:
        assert found[key].on_deletion == "Deleted." and not found[key].kept_after_deletion
    [decision] = records(cast.team, "participant_review_work")
    assert decision["What"] == "Declined" and decision["How many times"] == 1
    assert found["participant_review_work"].kept_after_deletion

    delete_account(cast.team)

    assert not Application.objects.filter(pk=own.pk).exists()
    assert not ProfileCard.objects.filter(user_id=cast.team.pk).exists()
    event = ApplicationEvent.objects.get(application=others)
    assert event.actor is None and event.message == "Sorry, not this time"


def test_card_checks_are_listed_for_the_cards_owner_and_counted_for_the_team_member_without_names(cast, someone_else):
    card = ProfileCardFactory(lab=cast.lab, user=cast.member, visibility="public", ask_me_about="Ring 07700 900123")
    participant_actions.check_card(card)
    participant_actions.ask_for_card_change(card, by=cast.team, message="Please take your number off, Mo.")
    others = ProfileCardFactory(lab=cast.lab, user=someone_else, visibility="public", ask_me_about="otto@example.net")
    participant_actions.check_card(others)
    participant_actions.approve_card(others, by=cast.team)

    [listed] = records(cast.member, "participant_profile_cards")
    assert listed["The lab team's check"] == "The lab team asked for a change"
    checks = records(cast.member, "participant_card_checks")
    assert [check["What happened"] for check in checks] == [
        "Held for the lab team to check",
        "The lab team asked for a change",
    ]
    assert checks[1]["Note"] == "Please take your number off, Mo."
    assert_says_nothing_about(cast.member, names=[OTHER_NAME, "Tam Team"], emails=[OTHER_EMAIL, "otto@example.net"])
    work = {row["What"]: row["How many times"] for row in records(cast.team, "participant_review_work")}
    assert work == {
        "Profile card check: Approved by the lab team": 1,
        "Profile card check: The lab team asked for a change": 1,
    }
    assert_says_nothing_about(cast.team, names=[OTHER_NAME, "Mo Member"], texts=["Please take your number off"])

    delete_account(cast.team)
    event = ProfileCardEvent.objects.get(card=card, action="changes_asked")
    assert event.actor is None and event.note == "Please take your number off, Mo."
    delete_account(cast.member)
    assert not ProfileCardEvent.objects.filter(card_id=card.pk).exists()


# -- events -----------------------------------------------------------------------------------------


def test_event_registrations_list_places_waiting_access_needs_and_attendance(cast, someone_else):
    full = EventFactory(lab=cast.lab, title="Full workshop", capacity=1)
    RegistrationFactory(event=full, user=someone_else, access_needs="Otto needs captions")
    RegistrationFactory(event=full, user=cast.member, waiting=True, access_needs="A quiet room")
    past = EventFactory(lab=cast.lab, title="Past webinar", past=True)
    RegistrationFactory(event=past, user=cast.member, attendance=Registration.Attendance.ATTENDED)

    listed = {r["Event"]: r for r in records(cast.member, "event_registrations")}
    assert listed["Full workshop"]["Status"] == "On the waiting list"
    assert listed["Full workshop"]["Place on the waiting list"] == 1
    assert listed["Full workshop"]["What would make it easier for you to take part"] == "A quiet room"
    assert listed["Past webinar"]["Attendance"] == "Attended"
    assert_says_nothing_about(cast.member, texts=["Otto needs captions"])


def test_deleting_an_account_deletes_registrations_and_keeps_events_set_up_for_a_lab(cast):
    event = EventFactory(lab=cast.lab, created_by=cast.team)
    RegistrationFactory(event=event, user=cast.team)
    found = sections_by_key(cast.team)
    assert not found["event_registrations"].kept_after_deletion
    assert "next person waiting" in found["event_registrations"].on_deletion
    [set_up] = records(cast.team, "events_set_up")
    assert set_up["How many times"] == 1

    delete_account(cast.team)

    assert not Registration.objects.filter(user_id=cast.team.pk).exists()
    event.refresh_from_db()
    assert event.created_by is None and Event.objects.filter(pk=event.pk).exists()
