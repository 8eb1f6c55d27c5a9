"""The versioned comments policy: public to read, published by the lab team, never edited."""

from datetime import timedelta

from django.utils import timezone

from carelab.comments.models import CommentPolicy
from carelab.comments.tests.factories import CommentPolicyFactory
from carelab.core.tests.html import parse, text_of


def test_policy_page_shows_the_current_version_and_earlier_dates(cast, client):
    CommentPolicyFactory(lab=cast.lab, version=1, published_at=timezone.now() - timedelta(days=30), body="Old")
    CommentPolicyFactory(lab=cast.lab, version=2, body="## Be kind\n\n<script>alert(1)</script>Please.")
    CommentPolicyFactory(lab=cast.other_lab, version=7, body="Another lab's")
    page = parse(client.get("/labs/the-lab/comments/policy/"))
    assert text_of(page.select_one(".carelab-policy__version")).startswith("Version 2, published ")
    body = page.select_one(".carelab-policy__body")
    assert text_of(body.select_one("h2")) == "Be kind"
    assert body.select("script") == []
    assert [text_of(item)[:20] for item in page.select(".carelab-policy__earlier li")] == ["Version 1, published"]
    assert "Old" not in text_of(body)


def test_policy_page_without_a_policy_says_comments_are_closed(cast, client):
    page = parse(client.get("/labs/the-lab/comments/policy/"))
    assert "has not published a comments policy yet" in text_of(page.select_one("main"))


def test_a_policy_due_in_the_future_is_not_current_yet(cast, client):
    CommentPolicyFactory(lab=cast.lab, version=1, body="Now")
    CommentPolicyFactory(lab=cast.lab, version=2, body="Later", published_at=timezone.now() + timedelta(days=1))
    assert CommentPolicy.objects.current_for(cast.lab).version == 1
    assert "Later" not in text_of(parse(client.get("/labs/the-lab/comments/policy/")).select_one("main"))


def test_publishing_creates_a_new_version_and_keeps_the_old_one(cast, policy, client_for):
    original_body = policy.body
    client = client_for(cast.team)
    page = parse(client.get("/labs/the-lab/comments/policy/edit/"))
    assert page.select_one("textarea[name=body]").get_text().strip() == original_body
    response = client.post(
        "/labs/the-lab/comments/policy/edit/", {"body": "New rules.", "summary_of_changes": "Shorter."}
    )
    assert response["Location"] == "/labs/the-lab/comments/policy/"
    versions = list(CommentPolicy.objects.filter(lab=cast.lab).order_by("version"))
    assert [(v.version, v.body, v.summary_of_changes) for v in versions] == [
        (1, original_body, ""),
        (2, "New rules.", "Shorter."),
    ]
    assert versions[1].created_by == cast.team


def test_the_first_policy_is_version_one_and_versions_count_per_lab(cast, client_for):
    CommentPolicyFactory(lab=cast.other_lab, version=4)
    client_for(cast.team).post("/labs/the-lab/comments/policy/edit/", {"body": "Rules."})
    assert CommentPolicy.objects.get(lab=cast.lab).version == 1


def test_publishing_an_empty_policy_is_refused(cast, client_for):
    response = client_for(cast.team).post("/labs/the-lab/comments/policy/edit/", {"body": ""})
    assert "Enter the policy" in text_of(parse(response).select_one(".nhsuk-error-summary"))
    assert not CommentPolicy.objects.exists()


def test_published_versions_cannot_be_changed_in_the_admin(cast, policy, client_for):
    client = client_for(cast.admin)
    assert client.get("/admin/comments/commentpolicy/").status_code == 200
    response = client.post(
        f"/admin/comments/commentpolicy/{policy.pk}/change/", {"body": "Rewritten history", "version": 1}
    )
    assert response.status_code == 403
    policy.refresh_from_db()
    assert policy.body != "Rewritten history"
