"""Every URL CareLab serves, walked with the whole cast.

The table below must name every URL pattern of CareLab and of the allauth pages it
uses: a new URL without an entry fails `test_the_walk_covers_every_url`, so nobody can
add a page without deciding who may see it. Apps' own tests walk their POST actions.
"""

import importlib
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory, CommentPolicyFactory, ReportFactory
from carelab.conftest import CAST_ROLES, make_cast
from carelab.connect.tests.factories import (  # connect (issue 4)
    BlockFactory,
    ConnectStopFactory,
    ConversationReportFactory,
    IntroductionFactory,
)
from carelab.core.tests.csp import csp_refusals
from carelab.core.tests.permission_rules import (
    EVERYONE,
    NOT_FOUND,
    POST_ONLY,
    REDIRECTS_EVERYONE,
    SIGNED_IN,
    SIGNED_OUT_ONLY,
    TEAM_ELSE_404,
    TEAM_ONLY,
)
from carelab.events.tests.factories import EventFactory, RegistrationFactory  # events (issue 4)
from carelab.organisations.tests.factories import OrganisationFactory  # organisations (issue 4)
from carelab.participants.actions import check_card  # checking cards (issue 8)
from carelab.participants.tests.factories import (  # participants (issue 4)
    ApplicationFactory,
    LabTopicFactory,
    ProfileCardFactory,
)
from carelab.posts.tests.factories import PostFactory
from carelab.safeguarding.actions import FlagSource, raise_flag  # checking Connect (issue 8)
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory  # safeguarding review (issue 3)
from carelab.surveys.actions.answering import start_response, submit_response  # survey answering (issue 3)
from carelab.surveys.models import SurveyResponse  # changing your mind (issue 8)
from carelab.surveys.tests.factories import SurveyFactory  # survey results (issue 3)
from carelab.updates.access import unsubscribe_token  # updates (issue 4)
from carelab.updates.tests.factories import UpdateFactory  # updates (issue 4)

# name: (path template filled from the objects below, expected status by role)
WALK = {
    "home": ("/", EVERYONE),
    "help_now": ("/help-now/", EVERYONE),
    "privacy": ("/privacy/", EVERYONE),
    "accessibility": ("/accessibility/", EVERYONE),
    "cookies": ("/cookies/", EVERYONE),
    "healthz": ("/healthz", EVERYONE),
    "favicon": ("/favicon.ico", REDIRECTS_EVERYONE),
    "team_index": ("/team/", {**SIGNED_IN, "team": 302, "other_team": 302}),
    "labs:home": ("/labs/the-lab/", EVERYONE),
    "labs:surveys": ("/labs/the-lab/surveys/", EVERYONE),
    "labs:team_dashboard": ("/labs/the-lab/team/", TEAM_ONLY),
    "labs:team_settings": ("/labs/the-lab/team/settings/", TEAM_ONLY),
    # Lab details and phases edited in CareLab's own pages (issue 9).
    "labs:details": ("/labs/the-lab/team/details/", TEAM_ONLY),
    "labs:phase_add": ("/labs/the-lab/team/phases/new/", TEAM_ONLY),
    "labs:phase_edit": ("/labs/the-lab/team/phases/{phase.pk}/", TEAM_ONLY),
    "labs:phase_delete": ("/labs/the-lab/team/phases/{phase.pk}/delete/", TEAM_ONLY),
    "posts:list": ("/labs/the-lab/posts/", EVERYONE),
    "posts:feed": ("/labs/the-lab/posts/feed/", EVERYONE),
    "posts:team_list": ("/labs/the-lab/posts/team/", TEAM_ONLY),
    "posts:create": ("/labs/the-lab/posts/team/new/", TEAM_ONLY),
    "posts:edit": ("/labs/the-lab/posts/team/{draft.pk}/edit/", TEAM_ONLY),
    "posts:detail": ("/labs/the-lab/posts/{post.slug}/", EVERYONE),
    "posts:detail (draft)": ("/labs/the-lab/posts/{draft.slug}/", TEAM_ELSE_404),
    "comments:create": ("/labs/the-lab/comments/posts/{post.pk}/new/", SIGNED_IN),
    "comments:report": ("/labs/the-lab/comments/{approved.pk}/report/", SIGNED_IN),
    "comments:policy": ("/labs/the-lab/comments/policy/", EVERYONE),
    "comments:policy_edit": ("/labs/the-lab/comments/policy/edit/", TEAM_ONLY),
    "comments:queue": ("/labs/the-lab/comments/queue/", TEAM_ONLY),
    "comments:reports": ("/labs/the-lab/comments/reports/", TEAM_ONLY),
    "comments:report_dismiss": ("/labs/the-lab/comments/reports/{report.pk}/dismiss/", None),
    "comments:approve": ("/labs/the-lab/comments/{pending.pk}/approve/", None),
    "comments:reject": ("/labs/the-lab/comments/{pending.pk}/reject/", TEAM_ONLY),
    "comments:hide": ("/labs/the-lab/comments/{approved.pk}/hide/", TEAM_ONLY),
    "comments:restore": ("/labs/the-lab/comments/{hidden.pk}/restore/", None),
    "comments:history": ("/labs/the-lab/comments/{pending.pk}/history/", TEAM_ONLY),
    "accounts:profile": ("/accounts/profile/", SIGNED_IN),
    "accounts:delete": ("/accounts/delete/", SIGNED_IN),
    # your data (issue 4): each signed-in person sees and downloads only their own data.
    "accounts:your_data": ("/accounts/your-data/", SIGNED_IN),
    "accounts:your_data_download": ("/accounts/your-data/download/", SIGNED_IN),
    "account_login": ("/accounts/login/", SIGNED_OUT_ONLY),
    "account_signup": ("/accounts/signup/", SIGNED_OUT_ONLY),
    "account_logout": ("/accounts/logout/", {**EVERYONE, "anonymous": 302}),
    "account_email": ("/accounts/email/", SIGNED_IN),
    "account_change_password": ("/accounts/password/change/", SIGNED_IN),
    "account_set_password": ("/accounts/password/set/", {**REDIRECTS_EVERYONE}),
    "account_reset_password": ("/accounts/password/reset/", EVERYONE),
    "account_reset_password_done": ("/accounts/password/reset/done/", EVERYONE),
    "account_reset_password_from_key_done": ("/accounts/password/reset/key/done/", EVERYONE),
    "account_email_verification_sent": ("/accounts/confirm-email/", EVERYONE),
    "mfa_index": ("/accounts/2fa/", SIGNED_IN),
    # Turning on two-factor sign-in first asks signed-in people to confirm their password.
    "mfa_activate_totp": ("/accounts/2fa/totp/activate/", REDIRECTS_EVERYONE),
    # Survey results (issue 3): the lab team's pages and downloads.
    "surveys:results": ("/labs/the-lab/surveys/team/{results_survey.slug}/results/", TEAM_ONLY),
    "surveys:free_text": ("/labs/the-lab/surveys/team/{results_survey.slug}/results/text/what_helped/", TEAM_ONLY),
    "surveys:export_csv": ("/labs/the-lab/surveys/team/{results_survey.slug}/export.csv", TEAM_ONLY),
    "surveys:export_xlsx": ("/labs/the-lab/surveys/team/{results_survey.slug}/export.xlsx", TEAM_ONLY),
    "surveys:codebook": ("/labs/the-lab/surveys/team/{results_survey.slug}/codebook.csv", TEAM_ONLY),
    # Removing a response (issue 8): the lab team finds one by reference, removes it with a reason.
    "surveys:responses": ("/labs/the-lab/surveys/team/{results_survey.slug}/responses/", TEAM_ONLY),
    "surveys:remove_response": (
        "/labs/the-lab/surveys/team/{results_survey.slug}/responses/{sent_response.reference}/remove/",
        TEAM_ONLY,
    ),
    # Changing your mind about sent survey answers (issue 8). The cast participant sent and linked
    # {linked_response}; only they see it: everyone else, the lab team and admins too, gets a 404. The
    # private link with the right code lets any browser in (302 to the answers); a wrong code is a 404.
    "survey_answers:list": ("/survey-answers/", SIGNED_IN),
    "survey_answers:find": ("/survey-answers/find/", EVERYONE),
    "survey_answers:deleted": ("/survey-answers/deleted/", EVERYONE),
    "survey_answers:manage": ("/survey-answers/{linked_response.reference}/", {**NOT_FOUND, "participant": 200}),
    "survey_answers:manage (not linked)": ("/survey-answers/{sent_response.reference}/", NOT_FOUND),
    "survey_answers:delete": (
        "/survey-answers/{linked_response.reference}/delete/",
        {**NOT_FOUND, "participant": 200},
    ),
    "survey_answers:withdraw": (
        "/survey-answers/{linked_response.reference}/withdraw/quote/",
        {**NOT_FOUND, "participant": 200},
    ),
    "survey_answers:open_link": (
        "/survey-answers/{sent_response.reference}/code/{change_code}/",
        REDIRECTS_EVERYONE,
    ),
    "survey_answers:open_link (wrong code)": (
        "/survey-answers/{sent_response.reference}/code/ABCDABCDABCDABCD/",
        NOT_FOUND,
    ),
    # The summary to share (issue 8): made by the lab team, who share the page or file themselves.
    "surveys:results_summary": ("/labs/the-lab/surveys/team/{results_survey.slug}/results/summary/", TEAM_ONLY),
    "surveys:results_summary_csv": (
        "/labs/the-lab/surveys/team/{results_survey.slug}/results/summary.csv",
        TEAM_ONLY,
    ),
    # Survey builder, import and export (issue 3): the lab team only; POST-only actions are None.
    "surveys:team_list": ("/labs/the-lab/surveys/team/", TEAM_ONLY),
    "surveys:create": ("/labs/the-lab/surveys/team/new/", TEAM_ONLY),
    "surveys:upload": ("/labs/the-lab/surveys/team/upload/", TEAM_ONLY),
    "surveys:team_detail": ("/labs/the-lab/surveys/team/{builder_survey.slug}/", TEAM_ONLY),
    "surveys:download": ("/labs/the-lab/surveys/team/{builder_survey.slug}/xlsform/", TEAM_ONLY),
    "surveys:settings": ("/labs/the-lab/surveys/team/{builder_survey.slug}/settings/", TEAM_ONLY),
    "surveys:status": ("/labs/the-lab/surveys/team/{builder_survey.slug}/status/", None),
    "surveys:publish": ("/labs/the-lab/surveys/team/{builder_survey.slug}/publish/", None),
    "surveys:section_add": ("/labs/the-lab/surveys/team/{builder_survey.slug}/sections/new/", TEAM_ONLY),
    "surveys:section_edit": ("/labs/the-lab/surveys/team/{builder_survey.slug}/sections/1/", TEAM_ONLY),
    "surveys:section_delete": ("/labs/the-lab/surveys/team/{builder_survey.slug}/sections/1/delete/", TEAM_ONLY),
    "surveys:question_add": ("/labs/the-lab/surveys/team/{builder_survey.slug}/sections/1/questions/new/", TEAM_ONLY),
    "surveys:instrument_add": ("/labs/the-lab/surveys/team/{builder_survey.slug}/instruments/new/", TEAM_ONLY),
    "surveys:question_edit": ("/labs/the-lab/surveys/team/{builder_survey.slug}/questions/roles/", TEAM_ONLY),
    "surveys:question_move": ("/labs/the-lab/surveys/team/{builder_survey.slug}/questions/roles/move/", None),
    "surveys:question_delete": ("/labs/the-lab/surveys/team/{builder_survey.slug}/questions/roles/delete/", TEAM_ONLY),
    "surveys:section_move": ("/labs/the-lab/surveys/team/{builder_survey.slug}/sections/1/move/", None),
    "surveys:question_section": (
        "/labs/the-lab/surveys/team/{builder_survey.slug}/questions/roles/section/",
        TEAM_ONLY,
    ),
    "surveys:preview": ("/labs/the-lab/surveys/team/{builder_survey.slug}/preview/", TEAM_ONLY),
    "surveys:preview_section": ("/labs/the-lab/surveys/team/{builder_survey.slug}/preview/2/", TEAM_ONLY),
    "surveys:preview_end": ("/labs/the-lab/surveys/team/{builder_survey.slug}/preview/end/", TEAM_ONLY),
    # Survey answering (issue 3): anyone may answer an open survey. The pages after the start need a
    # response started in this browser; a fresh client has none, so they send everyone to the start
    # (302). The resume link puts a saved draft in the session and goes on to its next page (302).
    "surveys:start": ("/labs/the-lab/surveys/{answer_survey.slug}/", EVERYONE),
    "surveys:section": ("/labs/the-lab/surveys/{answer_survey.slug}/section/2/", REDIRECTS_EVERYONE),
    "surveys:check": ("/labs/the-lab/surveys/{answer_survey.slug}/check/", REDIRECTS_EVERYONE),
    "surveys:submit": ("/labs/the-lab/surveys/{answer_survey.slug}/submit/", dict.fromkeys(CAST_ROLES, 405)),
    "surveys:confirmation": ("/labs/the-lab/surveys/{answer_survey.slug}/done/", REDIRECTS_EVERYONE),
    "surveys:email_link": ("/labs/the-lab/surveys/{answer_survey.slug}/email-link/", REDIRECTS_EVERYONE),
    "surveys:resume": ("/labs/the-lab/surveys/{answer_survey.slug}/resume/{resume_token}/", REDIRECTS_EVERYONE),
    "surveys:resume (unknown link)": ("/labs/the-lab/surveys/{answer_survey.slug}/resume/nope/", NOT_FOUND),
    # A closed survey says so to everyone (404); the lab team may still open it to preview it.
    "surveys:start (closed)": (
        "/labs/the-lab/surveys/{closed_survey.slug}/",
        {**NOT_FOUND, "team": 200, "admin": 200},
    ),
    # Organisations (issue 4): everyone reads the directory; the lab team keeps it.
    "organisations:directory": ("/labs/the-lab/organisations/", EVERYONE),
    # Participants name their organisation (issue 4): an organisation's page is public; a hidden one is not there.
    "organisations:detail": ("/labs/the-lab/organisations/{organisation.pk}/", EVERYONE),
    "organisations:detail (hidden)": ("/labs/the-lab/organisations/{hidden_organisation.pk}/", NOT_FOUND),
    "organisations:team_list": ("/labs/the-lab/organisations/team/", TEAM_ONLY),
    "organisations:create": ("/labs/the-lab/organisations/team/new/", TEAM_ONLY),
    "organisations:edit": ("/labs/the-lab/organisations/team/{organisation.pk}/edit/", TEAM_ONLY),
    "organisations:delete": ("/labs/the-lab/organisations/team/{organisation.pk}/delete/", TEAM_ONLY),
    "organisations:import": ("/labs/the-lab/organisations/team/import/", TEAM_ONLY),
    "organisations:import_template": ("/labs/the-lab/organisations/team/import/organisations-template.csv", TEAM_ONLY),
    # Safeguarding review (issue 3): the lab team only; POST-only actions are None.
    "safeguarding:queue": ("/labs/the-lab/safeguarding/", TEAM_ONLY),
    "safeguarding:guidance": ("/labs/the-lab/safeguarding/guidance/", TEAM_ONLY),
    "safeguarding:detail": ("/labs/the-lab/safeguarding/{flag.pk}/", TEAM_ONLY),
    "safeguarding:start_review": ("/labs/the-lab/safeguarding/{flag.pk}/start-review/", None),
    "safeguarding:add_note": ("/labs/the-lab/safeguarding/{flag.pk}/notes/", None),
    "safeguarding:close": ("/labs/the-lab/safeguarding/{flag.pk}/close/", None),
    "safeguarding:reopen": ("/labs/the-lab/safeguarding/{flag.pk}/reopen/", None),
    # Participants (issue 4): anyone may apply and read the directory (it shows each person only the
    # cards they may see); the lab team reviews. The account and check steps need a draft started in
    # this browser, so a fresh client is sent back to the form (302); "your application" is signed-in.
    "participants:directory": ("/labs/the-lab/participants/", EVERYONE),
    "participants:card": (
        "/labs/the-lab/participants/card/",
        {**dict.fromkeys(CAST_ROLES, 403), "anonymous": 302, "participant": 200},
    ),
    "participants:apply": (
        "/labs/the-lab/participants/apply/",
        {**EVERYONE, "participant": 302, "team": 302},
    ),
    "participants:account": ("/labs/the-lab/participants/apply/account/", REDIRECTS_EVERYONE),
    "participants:check": ("/labs/the-lab/participants/apply/check/", REDIRECTS_EVERYONE),
    "participants:application": ("/labs/the-lab/participants/application/", SIGNED_IN),
    "participants:update": ("/labs/the-lab/participants/application/update/", REDIRECTS_EVERYONE),
    # Consent (issue 8): each person withdraws or gives again only their own consents; there is nothing
    # of anyone else's to reach (404). The cast participant's card is shown, so they may withdraw its
    # consent, and have no consent withdrawn to give again.
    "participants:withdraw_consent": (
        "/labs/the-lab/participants/consents/profile_card/withdraw/",
        {**dict.fromkeys(CAST_ROLES, 404), "anonymous": 302, "participant": 200},
    ),
    "participants:give_consent": (
        "/labs/the-lab/participants/consents/profile_card/give/",
        {**dict.fromkeys(CAST_ROLES, 404), "anonymous": 302},
    ),
    "participants:review_queue": ("/labs/the-lab/participants/team/applications/", TEAM_ONLY),
    "participants:review_detail": ("/labs/the-lab/participants/team/applications/{application.pk}/", TEAM_ONLY),
    "participants:decide": ("/labs/the-lab/participants/team/applications/{application.pk}/accept/", TEAM_ONLY),
    "participants:message_templates": ("/labs/the-lab/participants/team/messages/", TEAM_ONLY),
    "participants:topics": ("/labs/the-lab/participants/team/topics/", TEAM_ONLY),
    "participants:topic_edit": ("/labs/the-lab/participants/team/topics/{topic.pk}/", TEAM_ONLY),
    "participants:topic_delete": ("/labs/the-lab/participants/team/topics/{topic.pk}/delete/", None),
    # Checking cards and Connect (issue 8): the lab team's list of held cards and one card's check.
    "participants:held_cards": ("/labs/the-lab/participants/team/cards/", TEAM_ONLY),
    "participants:held_card": ("/labs/the-lab/participants/team/cards/{held_card.pk}/", TEAM_ONLY),
    "participants:approve_card": ("/labs/the-lab/participants/team/cards/{held_card.pk}/approve/", None),
    "participants:ask_card_change": (
        "/labs/the-lab/participants/team/cards/{held_card.pk}/ask-for-change/",
        None,
    ),
    # Events (issue 4): public list, pages, .ics and feed; registering is signed-in (the participant
    # already has a place, so is sent back to the event); the confirmation to cancel is for the
    # person with a place. Drafts exist only for the lab team.
    "events:list": ("/labs/the-lab/events/", EVERYONE),
    "events:feed": ("/labs/the-lab/events/calendar.ics", EVERYONE),
    "events:yours": ("/labs/the-lab/events/yours/", SIGNED_IN),
    "events:detail": ("/labs/the-lab/events/{event_place.event_id}/", EVERYONE),
    "events:detail (draft)": ("/labs/the-lab/events/{draft_event.pk}/", TEAM_ELSE_404),
    "events:ics": ("/labs/the-lab/events/{event_place.event_id}/event.ics", EVERYONE),
    "events:register": ("/labs/the-lab/events/{event_place.event_id}/register/", {**SIGNED_IN, "participant": 302}),
    "events:cancel": (
        "/labs/the-lab/events/{event_place.event_id}/cancel/",
        {**REDIRECTS_EVERYONE, "participant": 200},
    ),
    "events:team_list": ("/labs/the-lab/events/team/", TEAM_ONLY),
    "events:create": ("/labs/the-lab/events/team/new/", TEAM_ONLY),
    "events:edit": ("/labs/the-lab/events/team/{event_place.event_id}/edit/", TEAM_ONLY),
    "events:cancel_event": ("/labs/the-lab/events/team/{event_place.event_id}/cancel/", TEAM_ONLY),
    "events:registrations": ("/labs/the-lab/events/team/{event_place.event_id}/registrations/", TEAM_ONLY),
    "events:registrations_csv": ("/labs/the-lab/events/team/{event_place.event_id}/registrations.csv", TEAM_ONLY),
    "events:cancel_registration": (
        "/labs/the-lab/events/team/{event_place.event_id}/registrations/{event_place.pk}/cancel/",
        TEAM_ONLY,
    ),
    "events:attendance": ("/labs/the-lab/events/team/{event_place.event_id}/attendance/", TEAM_ONLY),
    "events:notes": ("/labs/the-lab/events/team/{event_place.event_id}/notes/", TEAM_ONLY),
    # updates (issue 4): sent updates are for the lab's participants and team (others get a 403 page saying
    # so); drafts are only on the team's pages. Turning e-mails on or off is for participants. Unsubscribe
    # links work signed out for everyone; an altered one is a 400. Sending is POST-only (None).
    "updates:list": ("/labs/the-lab/updates/", {**TEAM_ONLY, "participant": 200}),
    "updates:detail": ("/labs/the-lab/updates/{update_sent.pk}/", {**TEAM_ONLY, "participant": 200}),
    "updates:detail (draft)": (
        "/labs/the-lab/updates/{update_draft.pk}/",
        {**TEAM_ONLY, "participant": 404, "team": 404, "admin": 404},
    ),
    "updates:email_choice": (
        "/labs/the-lab/updates/email/",
        {**TEAM_ONLY, "participant": 200, "team": 403, "admin": 403},
    ),
    "updates:unsubscribe": ("/labs/the-lab/updates/unsubscribe/{unsubscribe_token}/", EVERYONE),
    "updates:unsubscribe (bad link)": (
        "/labs/the-lab/updates/unsubscribe/{unsubscribe_token}x/",
        dict.fromkeys(CAST_ROLES, 400),
    ),
    "updates:team_list": ("/labs/the-lab/updates/team/", TEAM_ONLY),
    "updates:create": ("/labs/the-lab/updates/team/new/", TEAM_ONLY),
    "updates:team_detail": ("/labs/the-lab/updates/team/{update_draft.pk}/", TEAM_ONLY),
    "updates:team_detail (sent)": ("/labs/the-lab/updates/team/{update_sent.pk}/", TEAM_ONLY),
    "updates:edit": ("/labs/the-lab/updates/team/{update_draft.pk}/edit/", TEAM_ONLY),
    "updates:audience": ("/labs/the-lab/updates/team/{update_draft.pk}/audience/", TEAM_ONLY),
    "updates:delete": ("/labs/the-lab/updates/team/{update_draft.pk}/delete/", TEAM_ONLY),
    "updates:send": ("/labs/the-lab/updates/team/{update_draft.pk}/send/", None),
    # connect (issue 4): the lab's participants and team (and site admins) use Connect; a conversation is
    # there only for the two people in it, so the lab team and admins get a 404 for one they are not in.
    # The cast participant received the walk's introduction. POST-only actions are None, or say so.
    "connect:inbox": ("/labs/the-lab/connect/", {**TEAM_ONLY, "participant": 200}),
    "connect:send": ("/labs/the-lab/connect/to/{connect_card.pk}/", {**TEAM_ONLY, "participant": 200}),
    "connect:blocked": ("/labs/the-lab/connect/blocked/", {**TEAM_ONLY, "participant": 200}),
    "connect:unblock": (
        "/labs/the-lab/connect/blocked/{connect_block.pk}/unblock/",
        {**TEAM_ONLY, "participant": 405, "team": 405, "admin": 405},
    ),
    "connect:conversation": (
        "/labs/the-lab/connect/{connect_report.introduction_id}/",
        {**TEAM_ONLY, "participant": 200, "team": 404, "admin": 404},
    ),
    "connect:reply": (
        "/labs/the-lab/connect/{connect_report.introduction_id}/reply/",
        {**TEAM_ONLY, "participant": 200, "team": 404, "admin": 404},
    ),
    "connect:block": (
        "/labs/the-lab/connect/{connect_report.introduction_id}/block/",
        {**TEAM_ONLY, "participant": 200, "team": 404, "admin": 404},
    ),
    "connect:report": (
        "/labs/the-lab/connect/{connect_report.introduction_id}/report/",
        {**TEAM_ONLY, "participant": 200, "team": 404, "admin": 404},
    ),
    "connect:reports": ("/labs/the-lab/connect/team/reports/", TEAM_ONLY),
    # Checking cards and Connect (issue 8): what the team may know of a message that raised a flag.
    "connect:flagged_message": ("/labs/the-lab/connect/team/flagged/{flagged_message.pk}/", TEAM_ONLY),
    "connect:report_close": ("/labs/the-lab/connect/team/reports/{connect_report.pk}/close/", None),
    "connect:stop": ("/labs/the-lab/connect/team/reports/{connect_report.pk}/stop/", TEAM_ONLY),
    "connect:lift_stop": ("/labs/the-lab/connect/team/stopped/{connect_stop.pk}/lift/", None),
}
# Apps' own walk modules (`carelab/<app>/tests/walk_<feature>.py`, see permission_rules.py) add their pages.
APP_WALKS = [
    importlib.import_module(f"carelab.{path.parent.parent.name}.tests.{path.stem}")
    for path in sorted(Path(__file__).resolve().parents[2].glob("*/tests/walk_*.py"))
]
for _module in APP_WALKS:
    assert not set(_module.WALK) & set(WALK), f"{_module.__name__} names a page the walk already has"
    WALK.update(_module.WALK)

# allauth URLs that need a token or a flow in progress; their own tests exercise them.
FLOW_ONLY = {
    "account_inactive",
    "account_reauthenticate",
    "account_confirm_login_code",
    "account_confirm_email",
    "account_reset_password_from_key",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
}


def _served_url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = pattern.callback.__module__
                if module.startswith(("carelab.", "allauth.")):
                    yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def test_the_walk_covers_every_url():
    walked = {name.split(" ")[0] for name in WALK}
    assert _served_url_names() - walked - FLOW_ONLY == set()


@pytest.fixture(scope="module")
def walk_world(django_db_setup, django_db_blocker):
    """The cast and the objects the walk visits, made once for the module and rolled back after it.

    The walk makes about a thousand requests; making the cast and some thirty objects for each
    took most of its time. Every test also names `db`, so it runs in a savepoint inside this
    transaction and anything a request writes (a session, a "last seen") is undone after it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        cast = make_cast()
        yield cast, make_objects(cast)
        transaction.set_rollback(True)


@pytest.fixture
def cast(walk_world, db):
    return walk_world[0]


@pytest.fixture
def objects(walk_world, db):
    return walk_world[1]


def make_objects(cast) -> dict:
    post = PostFactory(lab=cast.lab, slug="published")
    CommentPolicyFactory(lab=cast.lab, version=1)
    answer_survey = SurveyFactory(lab=cast.lab, slug="answer-walk")  # survey answering (issue 3)
    results_survey = SurveyFactory(lab=cast.lab, slug="results-walk")
    # Changing your mind (issue 8): a response the cast participant sent and linked, and one sent
    # without an account, with its private code.
    agreed = {"take_part": {}, "health_data": {}, "quote": {}, "contact": {}}
    linked_response = submit_response(start_response(results_survey, consents=agreed, user=cast.participant)[0])[0]
    change_code = SurveyResponse.new_change_code()
    sent_response = submit_response(start_response(results_survey, consents=agreed)[0], change_code=change_code)[0]
    return {
        "phase": cast.lab.phases.get(),  # lab phases (issue 9)
        "post": post,
        "draft": PostFactory(lab=cast.lab, slug="draft", draft=True),
        "pending": CommentFactory(post=post, pending=True),
        "approved": CommentFactory(post=post),
        "hidden": CommentFactory(post=post, status=Comment.Status.HIDDEN),
        "report": ReportFactory(comment__post=post),
        "builder_survey": SurveyFactory(lab=cast.lab, slug="builder-walk"),  # survey builder (issue 3)
        # Survey results (issue 3)
        "results_survey": results_survey,
        "linked_response": linked_response,
        "sent_response": sent_response,
        "change_code": change_code,
        # Survey answering (issue 3): a draft with a working resume link, and a closed survey.
        "answer_survey": answer_survey,
        "resume_token": start_response(answer_survey, consents={})[1],
        "closed_survey": SurveyFactory(lab=cast.lab, slug="closed-walk", status="closed"),
        # Events (issue 4): the cast participant has a place at a published event; and a draft.
        "event_place": RegistrationFactory(event__lab=cast.lab, user=cast.participant),
        "draft_event": EventFactory(lab=cast.lab, draft=True),
        "flag": SafeguardingFlagFactory(lab=cast.lab),  # safeguarding review (issue 3)
        "organisation": OrganisationFactory(lab=cast.lab),  # organisations (issue 4)
        # Participants name their organisation (issue 4): one the directory does not show.
        "hidden_organisation": OrganisationFactory(lab=cast.lab, hidden=True),
        # updates (issue 4): a sent update, a draft, and the cast participant's unsubscribe link.
        "update_sent": UpdateFactory(lab=cast.lab, sent=True),
        "update_draft": UpdateFactory(lab=cast.lab),
        "unsubscribe_token": unsubscribe_token(cast.participant, cast.lab),
        # Participants (issue 4): an application waiting, a topic, and the cast participant's card.
        "application": ApplicationFactory(lab=cast.lab),
        "topic": LabTopicFactory(lab=cast.lab),
        "card": ProfileCardFactory(lab=cast.lab, user=cast.participant),
        # connect (issue 4): another participant's card to write to; a report by the cast participant on an
        # introduction someone sent them; a block the cast participant made; a person the lab team stopped.
        "connect_card": ProfileCardFactory(lab=cast.lab, visibility="participants"),
        "connect_report": ConversationReportFactory(
            introduction__lab=cast.lab, introduction__recipient=cast.participant
        ),
        "connect_block": BlockFactory(blocker=cast.participant, lab=cast.lab),
        "connect_stop": ConnectStopFactory(lab=cast.lab),
        # Checking cards and Connect (issue 8): a card waiting for the team, and a message that raised a flag.
        "held_card": held_card(cast),
        "flagged_message": flagged_message(cast),
    } | _app_objects(cast)


def _app_objects(cast) -> dict:
    objects = {}
    for module in APP_WALKS:
        made = module.objects(cast)
        assert not set(made) & set(objects), f"{module.__name__} makes an object another walk module names"
        objects |= made
    return objects


def held_card(cast):
    card = ProfileCardFactory(lab=cast.lab, visibility="participants", ask_me_about="Ring me on 07700 900123")
    check_card(card)
    return card


def flagged_message(cast):
    message = IntroductionFactory(lab=cast.lab).messages.get()
    source = FlagSource(SafeguardingFlag.Source.CONNECT_MESSAGE, message.pk, "Connect message")
    raise_flag(lab=cast.lab, source=source, person=message.author, reasons=[SafeguardingFlag.Reason.RISK_WORDS])
    return message


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("name", list(WALK))
def test_every_url_answers_each_person_as_expected(cast, objects, client_for, role, name):
    path, expected = WALK[name]
    expected = expected or POST_ONLY
    response = client_for(cast.person(role)).get(path.format(**objects))
    assert response.status_code == expected[role], f"{role} GET {path}"
    if role == "anonymous" and any(expected is rule for rule in (SIGNED_IN, TEAM_ONLY, POST_ONLY)):
        assert response["Location"].startswith("/accounts/login/?next=")
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        # What a browser with JavaScript on would refuse and report (most journeys run without it).
        assert csp_refusals(response.content.decode()) == [], f"{role} GET {path}"


# Pages with personal or health data: besides every lab-team page, Connect's private conversations,
# survey answering, a person's own application and "Your data".
PRIVATE_PAGES = {
    name: "team" if expected is TEAM_ONLY else "participant"
    for name, (_, expected) in WALK.items()
    if expected is TEAM_ONLY or name.startswith("connect:") and expected and expected.get("participant") == 200
} | {
    "surveys:start": "participant",
    "participants:application": "participant",
    "accounts:your_data": "participant",
    "accounts:your_data_download": "participant",
    "survey_answers:list": "participant",
    "survey_answers:manage": "participant",
    "survey_answers:delete": "participant",
    "survey_answers:withdraw": "participant",
    "participants:withdraw_consent": "participant",
    "participants:card": "participant",
}


@pytest.mark.parametrize("name", sorted(PRIVATE_PAGES))
def test_pages_with_personal_data_tell_browsers_and_proxies_not_to_store_them(cast, objects, client_for, name):
    path, _ = WALK[name]
    response = client_for(cast.person(PRIVATE_PAGES[name])).get(path.format(**objects))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response["Cache-Control"]
