"""The public pages: list, post, feed; and the team's list."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from carelab.core.tests.html import parse, text_of
from carelab.posts.models import Post
from carelab.posts.tests.factories import PostFactory

ATOM = "{http://www.w3.org/2005/Atom}"
NASTY_TITLE = 'Hello <script>alert("title")</script><img src=x onerror=alert(1)>'
NASTY_BODY = (
    'Intro <script>alert("body")</script>\n\n<img src=x onerror="alert(2)">\n\n'
    "[click me](javascript:alert(3)) and **bold**"
)


def assert_nothing_runs(node):
    assert node.select("script:not([src])") == [], "no inline script may reach the page"
    for element in node.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs), f"event handler on {element.name}"
        assert not str(element.get("href", "")).startswith("javascript:")


def titles_on(response) -> list[str]:
    return [text_of(link) for link in parse(response).select("#posts h2 a")]


def test_the_list_shows_published_posts_newest_first(cast, client):
    now = timezone.now()
    PostFactory(lab=cast.lab, title="Older", published_at=now - timedelta(days=5))
    PostFactory(lab=cast.lab, title="Newer", published_at=now - timedelta(days=1))
    PostFactory(lab=cast.lab, title="Still a draft", draft=True)
    PostFactory(lab=cast.lab, title="Next week", scheduled=True)
    PostFactory(lab=cast.other_lab, title="Another lab's post")
    assert titles_on(client.get("/labs/the-lab/posts/")) == ["Newer", "Older"]


def test_the_list_says_so_when_there_are_no_posts(cast, client):
    assert "has not published any posts yet" in text_of(parse(client.get("/labs/the-lab/posts/")).select_one("main"))


def test_the_list_shows_ten_posts_a_page_with_nhs_pagination(cast, client):
    now = timezone.now()
    for number in range(1, 13):
        PostFactory(lab=cast.lab, title=f"Post {number}", published_at=now - timedelta(hours=number))
    first = parse(client.get("/labs/the-lab/posts/"))
    assert len(first.select("#posts > li")) == 10
    assert first.select_one("nav.nhsuk-pagination a[rel=next]")["href"] == "/labs/the-lab/posts/?page=2"
    second = client.get("/labs/the-lab/posts/?page=2")
    assert titles_on(second) == ["Post 11", "Post 12"]
    current = parse(second).select_one(".nhsuk-pagination__item--current a")
    assert current["aria-current"] == "page" and text_of(current) == "2"


def test_a_page_number_past_the_end_shows_the_last_page(cast, client):
    PostFactory(lab=cast.lab, title="Only post")
    assert titles_on(client.get("/labs/the-lab/posts/?page=9")) == ["Only post"]
    assert titles_on(client.get("/labs/the-lab/posts/?page=nonsense")) == ["Only post"]


def test_the_list_links_to_the_atom_feed_in_the_head_and_on_the_page(cast, client):
    page = parse(client.get("/labs/the-lab/posts/"))
    alternate = page.select_one('head link[rel=alternate][type="application/atom+xml"]')
    assert alternate["href"] == "/labs/the-lab/posts/feed/"
    assert page.select_one("main #feed-link")["href"] == "/labs/the-lab/posts/feed/"


@pytest.mark.parametrize("number_of_posts", [3, 30])
def test_the_list_runs_the_same_queries_however_many_posts(cast, client, django_assert_num_queries, number_of_posts):
    PostFactory.create_batch(number_of_posts, lab=cast.lab)
    # The lab with its phases, the count for the pager, one page of posts with authors.
    with django_assert_num_queries(4):  # +1: the lab menu asks whether the lab has published insights
        response = client.get("/labs/the-lab/posts/")
    assert len(parse(response).select("#posts > li")) == min(number_of_posts, 10)


@pytest.mark.parametrize("number_of_posts", [3, 30])
def test_the_team_list_runs_the_same_queries_however_many_posts(
    cast, client_for, django_assert_num_queries, number_of_posts
):
    PostFactory.create_batch(number_of_posts, lab=cast.lab)
    client = client_for(cast.team)
    client.get("/labs/the-lab/posts/team/")  # the session and navigation are the same each time
    # The lab, the person's roles and the lab menu's facts are kept from the first visit (nothing was written).
    with django_assert_num_queries(4):
        response = client.get("/labs/the-lab/posts/team/")
    assert len(parse(response).select("#team-posts tbody tr")) == min(number_of_posts, 25)


def test_a_post_page_shows_title_author_name_date_and_the_body_as_markdown(cast, client):
    author = cast.team
    PostFactory(
        lab=cast.lab,
        slug="survey-results",
        title="Survey results",
        author=author,
        body="## What we heard\n\nPeople want **time** to talk.",
        published_at=timezone.make_aware(timezone.datetime(2026, 9, 3, 10, 0)),
    )
    page = parse(client.get("/labs/the-lab/posts/survey-results/"))
    assert text_of(page.select_one("h1")) == "Survey results"
    meta = text_of(page.select_one("#post-meta"))
    assert meta == "3 September 2026 by Tam Team"
    assert author.email not in page.get_text()
    body = page.select_one("#post-body")
    assert text_of(body.select_one("h2")) == "What we heard"
    assert text_of(body.select_one("strong")) == "time"
    assert page.select_one("#post-status-notice") is None


def test_the_post_page_includes_the_comment_section_after_the_body(cast, client):
    PostFactory(lab=cast.lab, slug="with-comments")
    page = parse(client.get("/labs/the-lab/posts/with-comments/"))
    body = page.select_one("#post-body")
    comments = page.select_one("#comments-heading")
    assert comments is not None
    assert body.sourceline < comments.sourceline


def test_the_lab_team_sees_a_draft_with_a_clear_notice(cast, client_for):
    PostFactory(lab=cast.lab, slug="work-in-progress", draft=True)
    page = parse(client_for(cast.team).get("/labs/the-lab/posts/work-in-progress/"))
    assert "Draft – only the lab team can see this" in text_of(page.select_one("#post-status-notice"))
    assert page.select_one(f"a[href='/labs/the-lab/posts/team/{Post.objects.get().pk}/edit/']")


def test_a_scheduled_post_stays_hidden_until_it_is_due(cast, client, client_for):
    post = PostFactory(lab=cast.lab, slug="next-week", title="Next week", scheduled=True)
    assert client.get("/labs/the-lab/posts/next-week/").status_code == 404
    assert titles_on(client.get("/labs/the-lab/posts/")) == []
    notice = parse(client_for(cast.team).get("/labs/the-lab/posts/next-week/")).select_one("#post-status-notice")
    assert "Scheduled for" in text_of(notice)

    post.published_at = timezone.now() - timedelta(minutes=1)
    post.save(update_fields=["published_at"])
    client.logout()
    assert client.get("/labs/the-lab/posts/next-week/").status_code == 200
    assert titles_on(client.get("/labs/the-lab/posts/")) == ["Next week"]


def test_html_in_a_post_is_shown_as_text_or_removed_never_run(cast, client):
    PostFactory(lab=cast.lab, slug="nasty", title=NASTY_TITLE, summary=NASTY_TITLE, body=NASTY_BODY)
    for url in ["/labs/the-lab/posts/nasty/", "/labs/the-lab/posts/", "/labs/the-lab/"]:
        page = parse(client.get(url))
        assert_nothing_runs(page)
        assert page.select("main img") == []
    page = parse(client.get("/labs/the-lab/posts/nasty/"))
    assert text_of(page.select_one("h1")) == NASTY_TITLE  # shown as typed, as text
    body = page.select_one("#post-body")
    assert text_of(body.select_one("strong")) == "bold"
    assert body.select_one("a") is None or not body.select_one("a").get("href")


def test_the_feed_is_valid_atom_with_absolute_links_and_only_published_posts(cast, client):
    now = timezone.now()
    PostFactory(lab=cast.lab, slug="first", title="First", published_at=now - timedelta(days=2), author=cast.team)
    PostFactory(lab=cast.lab, slug="second", title="Second", published_at=now - timedelta(days=1))
    PostFactory(lab=cast.lab, title="A draft", draft=True)
    PostFactory(lab=cast.lab, title="Scheduled", scheduled=True)
    PostFactory(lab=cast.other_lab, title="Elsewhere")

    response = client.get("/labs/the-lab/posts/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "The lab: posts"
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://testserver/labs/the-lab/posts/feed/"

    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Second", "First"]
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/labs/the-lab/posts/")
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}summary").get("type") == "html"
        assert entry.find(f"{ATOM}content").get("type") == "html"
    first = entries[1]
    assert first.find(f"{ATOM}link").get("href") == "http://testserver/labs/the-lab/posts/first/"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Tam Team"
    assert b"team@example.org" not in response.content
    assert "<strong>130 people</strong>" in first.findtext(f"{ATOM}content")


def test_the_feed_carries_the_summary_escaped_and_the_body_sanitised(cast, client):
    PostFactory(lab=cast.lab, title="Nasty", summary="1 < 2 <b>bold?</b>", body=NASTY_BODY)
    feed = ElementTree.fromstring(client.get("/labs/the-lab/posts/feed/").content)
    entry = feed.find(f"{ATOM}entry")
    # type="html": readers decode the entities back to the text that was typed.
    assert entry.findtext(f"{ATOM}summary") == "1 &lt; 2 &lt;b&gt;bold?&lt;/b&gt;"
    content = parse(entry.findtext(f"{ATOM}content"))
    assert_nothing_runs(content)
    assert content.select("img") == []


def test_the_team_list_shows_every_post_with_its_status(cast, client_for):
    PostFactory(lab=cast.lab, title="Live")
    PostFactory(lab=cast.lab, title="Unfinished", draft=True)
    PostFactory(lab=cast.lab, title="Coming", scheduled=True)
    page = parse(client_for(cast.team).get("/labs/the-lab/posts/team/"))
    rows = {
        text_of(row.select_one("td a")): text_of(row.select_one(".nhsuk-tag"))
        for row in page.select("#team-posts tbody tr")
    }
    assert rows == {"Live": "Published", "Unfinished": "Draft", "Coming": "Scheduled"}
    assert list(rows)[0] == "Unfinished"  # undated drafts first
    assert page.select_one("a.nhsuk-button[href='/labs/the-lab/posts/team/new/']")
    edit_links = [a["href"] for a in page.select("#team-posts a") if a["href"].endswith("/edit/")]
    assert len(edit_links) == 3


def test_the_lab_home_page_still_lists_recent_published_posts(cast, client):
    PostFactory(lab=cast.lab, title="On the home page")
    PostFactory(lab=cast.lab, title="Not yet", draft=True)
    text = text_of(parse(client.get("/labs/the-lab/")).select_one("main"))
    assert "On the home page" in text and "Not yet" not in text
