"""The site's top pages: the labs index, a lab's home page, its open surveys and the team's pages."""

from datetime import date, timedelta

import pytest

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.labs.tests.factories import LabFactory, PhaseFactory


def test_home_shows_the_only_lab_straight_away(client, db):
    lab = LabFactory(title="Only lab", question="What helps?")
    page = parse(client.get("/"))
    assert text_of(page.select_one("h1")) == "Only lab"
    assert text_of(page.select_one("#lab-question")) == "What helps?"
    assert lab.slug


def test_home_lists_every_lab_when_there_are_several(client, db):
    LabFactory(title="First lab")
    LabFactory(title="Second lab")
    page = parse(client.get("/"))
    assert text_of(page.select_one("h1")) == "CareLab labs"
    assert {text_of(a) for a in page.select(".nhsuk-card__link")} == {"First lab", "Second lab"}


def test_home_page_query_count_does_not_grow_with_labs(client, db, django_assert_max_num_queries):
    for _ in range(3):
        PhaseFactory(lab=LabFactory())
    with django_assert_max_num_queries(4):
        client.get("/")
    for _ in range(20):
        PhaseFactory(lab=LabFactory())
    with django_assert_max_num_queries(4):
        client.get("/")


def test_lab_page_marks_the_current_phase_in_the_timeline(client, db):
    today = date.today()
    lab = LabFactory()
    PhaseFactory(lab=lab, name="Before", starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=11))
    PhaseFactory(lab=lab, name="Now", starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=10))
    PhaseFactory(lab=lab, name="Later", starts_on=today + timedelta(days=11), ends_on=today + timedelta(days=40))
    page = parse(client.get(f"/labs/{lab.slug}/"))
    current = page.select('.carelab-timeline [aria-current="step"]')
    assert len(current) == 1 and "Now" in text_of(current[0])
    assert "Happening now: Now" in text_of(page.select_one("#current-phase"))
    assert [text_of(h).split(" ")[0] for h in page.select(".carelab-timeline h3")] == ["Before", "Now", "Later"]


def test_lab_text_is_escaped_and_markdown_sanitised(client, db):
    lab = LabFactory(title="<script>alert(1)</script>", why_it_matters="<img src=x onerror=alert(1)> **ok**")
    response = client.get(f"/labs/{lab.slug}/")
    page = parse(response)
    assert not [s for s in page.select("script") if not s.get("src")]
    assert not page.select("img[onerror]")
    assert "<script>alert(1)</script>" in text_of(page.select_one("h1"))


def test_unknown_lab_is_not_found(client, db):
    assert client.get("/labs/no-such-lab/").status_code == 404


@pytest.mark.parametrize("role", CAST_ROLES)
def test_public_lab_pages_are_open_to_the_whole_cast(cast, client_for, role):
    for path in ["/", "/labs/the-lab/", "/help-now/"]:
        assert client_for(cast.person(role)).get(path).status_code == 200


@pytest.mark.parametrize(
    "role, expected", [("anonymous", 302), ("member", 200), ("team", 302), ("other_team", 302), ("admin", 200)]
)
def test_team_index_sends_a_one_lab_team_straight_to_their_lab(cast, client_for, role, expected):
    response = client_for(cast.person(role)).get("/team/")
    assert response.status_code == expected
    if role == "team":
        assert response.url == "/labs/the-lab/team/"
    if role == "other_team":
        assert response.url == "/labs/other-lab/team/"


def test_lab_page_links_to_its_open_surveys_only(client, db):
    from carelab.surveys.tests.factories import SurveyFactory

    lab = LabFactory()
    SurveyFactory(lab=lab, title="Share your experience", slug="share")
    SurveyFactory(lab=lab, title="Not ready yet", slug="later", draft=True)
    page = parse(client.get(f"/labs/{lab.slug}/"))
    links = {text_of(a): a["href"] for a in page.select("#get-involved ~ p a")}
    assert links.get("Share your experience") == f"/labs/{lab.slug}/surveys/share/"
    assert "Not ready yet" not in links


def test_the_surveys_page_lists_only_the_surveys_open_now(client, db):
    from carelab.surveys.tests.factories import SurveyFactory

    lab = LabFactory()
    SurveyFactory(lab=lab, title="Share your experience", slug="share")
    SurveyFactory(lab=lab, title="Not ready yet", slug="later", draft=True)
    SurveyFactory(lab=lab, title="Finished", slug="done", status="closed")
    page = parse(client.get(f"/labs/{lab.slug}/surveys/"))
    assert {text_of(a): a["href"] for a in page.select("#open-surveys a")} == {
        "Share your experience": f"/labs/{lab.slug}/surveys/share/"
    }


def test_the_surveys_page_says_when_none_are_open(client, db):
    lab = LabFactory()
    assert parse(client.get(f"/labs/{lab.slug}/surveys/")).select_one("#no-open-surveys")


def test_the_team_dashboard_counts_what_waits_in_a_fixed_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    from carelab.comments.tests.factories import CommentFactory

    client = client_for(cast.team)
    client.get("/labs/the-lab/team/")
    CommentFactory.create_batch(5, post__lab=cast.lab, pending=True)
    # The session and user, the lab, the role (which also answers the site menu's "Lab team"), every
    # kind of waiting work counted in one query (issue 12), and the lab menu's published insights.
    with django_assert_max_num_queries(6):
        page = parse(client.get("/labs/the-lab/team/"))
    assert "5 waiting" in text_of(page.select_one("main"))
