from datetime import date, timedelta

import pytest

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.labs.models import Lab
from carelab.labs.presenters import LabPresenter
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


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 8, 31), "Starts 1 September 2026"),
        (date(2026, 9, 1), "Now: Discovery"),
        (date(2026, 12, 1), "Running now"),
        (date(2027, 9, 1), "Finished 31 August 2027"),
    ],
)
def test_presenter_describes_where_the_lab_is(db, today, expected):
    lab = LabFactory(starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31))
    PhaseFactory(lab=lab, name="Discovery", starts_on=date(2026, 9, 1), ends_on=date(2026, 11, 30))
    lab = Lab.objects.prefetch_related("phases").get(pk=lab.pk)
    assert LabPresenter(lab, today=today).status_text == expected


def test_presenter_tags_each_phase(db):
    lab = LabFactory()
    PhaseFactory(lab=lab, starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 31))
    presenter = LabPresenter(lab, today=date(2026, 2, 1))
    assert [(item.status, item.tag_text, item.tag_colour) for item in presenter.timeline] == [
        ("finished", "Finished", "grey")
    ]


TEAM_PAGE_EXPECTED = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("path", ["/labs/the-lab/team/", "/labs/the-lab/team/settings/"])
def test_team_pages_are_for_that_labs_team_only(cast, client_for, role, path):
    response = client_for(cast.person(role)).get(path)
    assert response.status_code == TEAM_PAGE_EXPECTED[role]
    if role == "anonymous":
        assert response.url.startswith("/accounts/login/?next=")


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


def test_team_can_change_moderation_settings(cast, client_for):
    client = client_for(cast.team)
    response = client.post(
        "/labs/the-lab/team/settings/", {"trusted_after_approved": "5", "risk_phrases": "hopeless\n"}
    )
    assert response.status_code == 302
    cast.lab.refresh_from_db()
    assert cast.lab.premoderate_comments is False
    assert cast.lab.trusted_after_approved == 5
    assert cast.lab.risk_phrase_list() == ["hopeless"]


def test_bad_moderation_settings_are_explained_and_kept(cast, client_for):
    response = client_for(cast.team).post(
        "/labs/the-lab/team/settings/", {"trusted_after_approved": "lots", "risk_phrases": "my phrase"}
    )
    page = parse(response)
    assert response.status_code == 200
    assert page.select_one(".nhsuk-error-summary")
    assert page.select_one("textarea[name=risk_phrases]").get_text() == "my phrase"
    assert page.select_one("input[name=trusted_after_approved]")["value"] == "lots"


def test_team_of_another_lab_cannot_change_settings(cast, client_for):
    response = client_for(cast.other_team).post("/labs/the-lab/team/settings/", {"trusted_after_approved": "0"})
    assert response.status_code == 403
    cast.lab.refresh_from_db()
    assert cast.lab.trusted_after_approved == 3


def test_admin_site_is_for_superusers_only(cast, client_for):
    assert client_for(cast.admin).get("/admin/").status_code == 200
    cast.team.is_staff = True
    cast.team.save(update_fields=["is_staff"])
    client = client_for(cast.team)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "path, current",
    [
        ("/labs/the-lab/", "Labs"),
        ("/labs/the-lab/posts/", "Labs"),
        ("/labs/the-lab/team/", "Lab team"),
        ("/labs/the-lab/comments/queue/", "Lab team"),
        ("/labs/the-lab/posts/team/", "Lab team"),
        ("/labs/the-lab/surveys/team/", "Lab team"),
        ("/labs/the-lab/events/", "Labs"),
        ("/labs/the-lab/events/team/", "Lab team"),
        ("/labs/the-lab/organisations/", "Labs"),
        ("/labs/the-lab/organisations/team/", "Lab team"),
        ("/labs/the-lab/participants/", "Labs"),
        ("/labs/the-lab/participants/team/applications/", "Lab team"),
        ("/labs/the-lab/safeguarding/", "Lab team"),
    ],
)
def test_navigation_marks_where_the_team_member_is(cast, client_for, path, current):
    page = parse(client_for(cast.team).get(path))
    marked = [text_of(link) for link in page.select('.nhsuk-header__navigation [aria-current="page"]')]
    assert marked == [current]


def test_lab_page_links_to_its_open_surveys_only(client, db):
    from carelab.surveys.tests.factories import SurveyFactory

    lab = LabFactory()
    SurveyFactory(lab=lab, title="Share your experience", slug="share")
    SurveyFactory(lab=lab, title="Not ready yet", slug="later", draft=True)
    page = parse(client.get(f"/labs/{lab.slug}/"))
    links = {text_of(a): a["href"] for a in page.select("#get-involved ~ p a")}
    assert links.get("Share your experience") == f"/labs/{lab.slug}/surveys/share/"
    assert "Not ready yet" not in links


def test_the_small_number_threshold_is_five_until_the_team_changes_it(cast, client_for):
    assert cast.lab.small_number_threshold == 5
    client = client_for(cast.team)
    page = parse(client.get("/labs/the-lab/team/settings/"))
    assert page.select_one("input[name=small_number_threshold]")["value"] == "5"
    response = client.post(
        "/labs/the-lab/team/settings/",
        {"trusted_after_approved": "3", "risk_phrases": "hopeless", "small_number_threshold": "10"},
    )
    assert response.status_code == 302
    cast.lab.refresh_from_db()
    assert cast.lab.small_number_threshold == 10


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "The smallest count must be 1 or more"),
        ("51", "The smallest count must be 50 or less"),
        ("five", "Enter a whole number, like 5"),
        ("", "Enter the smallest count to show, like 5"),
    ],
)
def test_a_bad_small_number_threshold_is_explained_and_kept(cast, client_for, typed, message):
    response = client_for(cast.team).post(
        "/labs/the-lab/team/settings/",
        {"trusted_after_approved": "3", "risk_phrases": "hopeless", "small_number_threshold": typed},
    )
    page = parse(response)
    assert response.status_code == 200
    assert message in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("input[name=small_number_threshold]")["value"] == typed
    cast.lab.refresh_from_db()
    assert cast.lab.small_number_threshold == 5
