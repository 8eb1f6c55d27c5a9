"""Every URL CareLab serves, walked with the whole cast.

The table below must name every URL pattern of CareLab and of the allauth pages it
uses: a new URL without an entry fails `test_the_walk_covers_every_url`, so nobody can
add a page without deciding who may see it. Apps' own tests walk their POST actions.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory, CommentPolicyFactory, ReportFactory
from carelab.conftest import CAST_ROLES
from carelab.posts.tests.factories import PostFactory

EVERYONE = dict.fromkeys(CAST_ROLES, 200)
SIGNED_IN = {**EVERYONE, "anonymous": 302}
TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}
# A draft post does not exist for anyone but the lab team.
TEAM_ELSE_404 = {"anonymous": 404, "member": 404, "participant": 404, "team": 200, "other_team": 404, "admin": 200}
SIGNED_OUT_ONLY = {**dict.fromkeys(CAST_ROLES, 302), "anonymous": 200}
# allauth pages that only make sense in the middle of a flow send everyone elsewhere.
REDIRECTS_EVERYONE = dict.fromkeys(CAST_ROLES, 302)

# name: (path template filled from the objects below, expected status by role)
WALK = {
    "home": ("/", EVERYONE),
    "help_now": ("/help-now/", EVERYONE),
    "privacy": ("/privacy/", EVERYONE),
    "accessibility": ("/accessibility/", EVERYONE),
    "cookies": ("/cookies/", EVERYONE),
    "healthz": ("/healthz", EVERYONE),
    "team_index": ("/team/", {**SIGNED_IN, "team": 302, "other_team": 302}),
    "labs:home": ("/labs/the-lab/", EVERYONE),
    "labs:team_dashboard": ("/labs/the-lab/team/", TEAM_ONLY),
    "labs:team_settings": ("/labs/the-lab/team/settings/", TEAM_ONLY),
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
}
# POST-only actions: a GET is refused (405) for the team, and nobody else gets that far.
POST_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 405, "other_team": 403, "admin": 405}

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


@pytest.fixture
def objects(cast):
    post = PostFactory(lab=cast.lab, slug="published")
    CommentPolicyFactory(lab=cast.lab, version=1)
    return {
        "post": post,
        "draft": PostFactory(lab=cast.lab, slug="draft", draft=True),
        "pending": CommentFactory(post=post, pending=True),
        "approved": CommentFactory(post=post),
        "hidden": CommentFactory(post=post, status=Comment.Status.HIDDEN),
        "report": ReportFactory(comment__post=post),
    }


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("name", list(WALK))
def test_every_url_answers_each_person_as_expected(cast, objects, client_for, role, name):
    path, expected = WALK[name]
    expected = expected or POST_ONLY
    response = client_for(cast.person(role)).get(path.format(**objects))
    assert response.status_code == expected[role], f"{role} GET {path}"
    if role == "anonymous" and any(expected is rule for rule in (SIGNED_IN, TEAM_ONLY, POST_ONLY)):
        assert response["Location"].startswith("/accounts/login/?next=")
