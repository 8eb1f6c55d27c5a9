"""Every comments URL walked with the whole cast."""

import pytest
from django.urls import reverse

from carelab.comments.models import Comment, CommentPolicy, ModerationEvent, PolicyAcceptance, Report
from carelab.comments.tests.factories import CommentFactory, ReportFactory
from carelab.conftest import CAST_ROLES

SIGN_IN = "/accounts/login/"
TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}
SIGNED_IN = {"anonymous": 302, "member": 200, "participant": 200, "team": 200, "other_team": 200, "admin": 200}
EVERYONE = dict.fromkeys(CAST_ROLES, 200)


@pytest.fixture
def objects(cast, post, policy):
    """One of each thing a comments URL can point at, in the cast's lab."""
    return {
        "post": post,
        "pending": CommentFactory(post=post, pending=True),
        "approved": CommentFactory(post=post),
        "hidden": CommentFactory(post=post, status=Comment.Status.HIDDEN),
        "report": ReportFactory(comment__post=post),
    }


def url_for(objects, name, target):
    args = ["the-lab"] + ([objects[target].pk] if target else [])
    return reverse(f"comments:{name}", args=args)


PAGES = [
    ("policy", None, EVERYONE),
    ("policy_edit", None, TEAM_ONLY),
    ("queue", None, TEAM_ONLY),
    ("reports", None, TEAM_ONLY),
    ("history", "pending", TEAM_ONLY),
    ("reject", "pending", TEAM_ONLY),
    ("hide", "approved", TEAM_ONLY),
    ("create", "post", SIGNED_IN),
    ("report", "approved", SIGNED_IN),
]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_each_comments_page_answers_each_person_as_expected(cast, objects, client_for, role, name, target, expected):
    response = client_for(cast.person(role)).get(url_for(objects, name, target))
    assert response.status_code == expected[role]
    if role == "anonymous" and expected[role] == 302:
        assert response["Location"].startswith(SIGN_IN)


# POST endpoints: (name, target, form data, the change a permitted person makes)
ACTIONS = [
    ("approve", "pending", {}),
    ("reject", "pending", {"reason": "Off topic"}),
    ("hide", "approved", {"reason": "Off topic"}),
    ("restore", "hidden", {}),
    ("report_dismiss", "report", {}),
    ("policy_edit", None, {"body": "Be kind.", "summary_of_changes": ""}),
]


def snapshot():
    """Everything a comments endpoint could create or change."""
    return (
        sorted(Comment.objects.values_list("pk", "status")),
        Report.objects.open().count(),
        ModerationEvent.objects.count(),
        CommentPolicy.objects.count(),
        PolicyAcceptance.objects.count(),
    )


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(("name", "target", "data"), ACTIONS, ids=[action[0] for action in ACTIONS])
def test_only_the_lab_team_can_moderate(cast, objects, client_for, role, name, target, data):
    before = snapshot()
    response = client_for(cast.person(role)).post(url_for(objects, name, target), data)
    if role in ("team", "admin"):
        assert response.status_code == 302
        assert not response["Location"].startswith(SIGN_IN)
        assert snapshot() != before
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        if role == "anonymous":
            assert response["Location"].startswith(SIGN_IN)
        assert snapshot() == before


ANONYMOUS_POSTS = [
    ("create", "post", {"body": "Hello", "accept_policy": "on"}),
    ("create", "post", {"body": "A reply", "parent": "approved", "accept_policy": "on"}),
    ("report", "approved", {"reason": "Rude"}),
    *ACTIONS,
]


@pytest.mark.parametrize(("name", "target", "data"), ANONYMOUS_POSTS)
def test_anonymous_post_to_any_comments_endpoint_changes_nothing(cast, objects, client, name, target, data):
    data = {key: objects[value].pk if value in objects else value for key, value in data.items()}
    before = snapshot()
    response = client.post(url_for(objects, name, target), data)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["approve", "restore", "report_dismiss"])
def test_moderation_actions_do_not_answer_get(cast, objects, client_for, name):
    target = {"approve": "pending", "restore": "hidden", "report_dismiss": "report"}[name]
    before = snapshot()
    assert client_for(cast.team).get(url_for(objects, name, target)).status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize(("role", "expected"), [("member", 302), ("participant", 302), ("other_team", 302)])
def test_signed_in_people_can_comment_and_report(cast, objects, client_for, agreed, role, expected):
    person = agreed(cast.person(role))
    client = client_for(person)
    assert client.post(url_for(objects, "create", "post"), {"body": "Hello"}).status_code == expected
    assert client.post(url_for(objects, "report", "approved"), {"reason": "Rude"}).status_code == expected
    assert Comment.objects.filter(author=person).count() == 1
    assert Report.objects.filter(reporter=person).count() == 1
