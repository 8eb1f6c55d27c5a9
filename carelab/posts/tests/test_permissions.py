"""Every posts page, walked with the whole cast."""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.posts.models import Post
from carelab.posts.tests.factories import PostFactory

EVERYONE = dict.fromkeys(CAST_ROLES, 200)
LAB_TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}
HIDDEN_FROM_ALL_BUT_TEAM = {**dict.fromkeys(CAST_ROLES, 404), "team": 200, "admin": 200}


@pytest.fixture
def posts(cast):
    return {
        "published": PostFactory(lab=cast.lab, slug="published-post"),
        "draft": PostFactory(lab=cast.lab, slug="draft-post", draft=True),
        "scheduled": PostFactory(lab=cast.lab, slug="scheduled-post", scheduled=True),
    }


PAGES = [
    ("list", lambda posts: "/labs/the-lab/posts/", EVERYONE),
    ("feed", lambda posts: "/labs/the-lab/posts/feed/", EVERYONE),
    ("published detail", lambda posts: "/labs/the-lab/posts/published-post/", EVERYONE),
    ("draft detail", lambda posts: "/labs/the-lab/posts/draft-post/", HIDDEN_FROM_ALL_BUT_TEAM),
    ("scheduled detail", lambda posts: "/labs/the-lab/posts/scheduled-post/", HIDDEN_FROM_ALL_BUT_TEAM),
    ("team list", lambda posts: "/labs/the-lab/posts/team/", LAB_TEAM_ONLY),
    ("create", lambda posts: "/labs/the-lab/posts/team/new/", LAB_TEAM_ONLY),
    ("edit", lambda posts: f"/labs/the-lab/posts/team/{posts['draft'].pk}/edit/", LAB_TEAM_ONLY),
]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(("page", "url_for", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_each_posts_page_answers_each_person_as_expected(cast, posts, client_for, role, page, url_for, expected):
    url = url_for(posts)
    response = client_for(cast.person(role)).get(url)
    assert response.status_code == expected[role]
    if response.status_code == 302:
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["anonymous", "member", "participant", "other_team"])
def test_only_the_lab_team_can_create_a_post(cast, client_for, role):
    form = {"title": "Sneaky", "summary": "No", "body": "No", "status": "published"}
    response = client_for(cast.person(role)).post("/labs/the-lab/posts/team/new/", form)
    assert response.status_code in {302, 403}
    assert not Post.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "member", "participant", "other_team"])
def test_only_the_lab_team_can_edit_a_post(cast, client_for, role):
    post = PostFactory(lab=cast.lab, title="Original")
    form = {"title": "Changed", "summary": "No", "body": "No", "status": "published"}
    client_for(cast.person(role)).post(f"/labs/the-lab/posts/team/{post.pk}/edit/", form)
    post.refresh_from_db()
    assert post.title == "Original"


def test_a_lab_team_cannot_edit_another_labs_post_through_their_own_lab(cast, client_for):
    other_post = PostFactory(lab=cast.other_lab, title="Theirs")
    client = client_for(cast.team)
    assert client.get(f"/labs/the-lab/posts/team/{other_post.pk}/edit/").status_code == 404
    form = {"title": "Mine now", "summary": "x", "body": "x", "status": "published"}
    assert client.post(f"/labs/the-lab/posts/team/{other_post.pk}/edit/", form).status_code == 404
    other_post.refresh_from_db()
    assert other_post.title == "Theirs"


def test_a_post_is_only_found_under_its_own_lab(cast, client_for):
    PostFactory(lab=cast.other_lab, slug="elsewhere")
    assert client_for(None).get("/labs/the-lab/posts/elsewhere/").status_code == 404
    assert client_for(None).get("/labs/other-lab/posts/elsewhere/").status_code == 200


def test_the_other_labs_team_cannot_see_this_labs_drafts(cast, client_for):
    PostFactory(lab=cast.lab, slug="secret-draft", draft=True)
    assert client_for(cast.other_team).get("/labs/the-lab/posts/secret-draft/").status_code == 404


def test_an_unknown_lab_has_no_posts_pages(client, db):
    assert client.get("/labs/no-such-lab/posts/").status_code == 404
    assert client.get("/labs/no-such-lab/posts/feed/").status_code == 404
