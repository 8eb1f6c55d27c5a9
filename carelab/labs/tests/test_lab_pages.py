from datetime import date

import pytest

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.labs.models import Lab
from carelab.labs.presenters import LabPresenter
from carelab.labs.tests.factories import LabFactory, PhaseFactory


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
