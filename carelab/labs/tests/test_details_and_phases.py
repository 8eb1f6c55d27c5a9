"""The lab team edits the lab's details and phases in CareLab's own pages (issue 9)."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.conftest import CAST_ROLES
from carelab.core.tests.html import parse, text_of
from carelab.labs.forms import MAX_PAGE_TEXT_LENGTH, LabDetailsForm, PhaseForm
from carelab.labs.models import Lab, Phase
from carelab.labs.tests.factories import LabFactory, PhaseFactory

DETAILS = {
    "title": "Pain and mental health",
    "question": "What helps people living with both?",
    "why_it_matters": "Because **many** people live with both.",
    "get_involved": "Come to a workshop.",
    "contact_email": "lab@example.org",
    "starts_on": "2026-09-01",
    "ends_on": "2027-08-31",
}
PHASE = {
    "name": "Generating ideas",
    "description": "How might we…?",
    "starts_on": "2027-01-01",
    "ends_on": "2027-03-31",
}
ENDS_BEFORE_START = "The end date must be the same as or after the start date"
TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 302, "other_team": 403, "admin": 302}


def test_the_team_changes_the_labs_details_and_the_home_page_shows_them(cast, client_for):
    client = client_for(cast.team)
    response = client.post("/labs/the-lab/team/details/", DETAILS)
    assert response.status_code == 302 and response.url == "/labs/the-lab/team/details/"
    cast.lab.refresh_from_db()
    assert (cast.lab.title, cast.lab.starts_on, cast.lab.ends_on) == (
        "Pain and mental health",
        date(2026, 9, 1),
        date(2027, 8, 31),
    )
    assert cast.lab.slug == "the-lab"  # addresses never change
    page = parse(client.get("/labs/the-lab/"))
    assert text_of(page.select_one("h1")) == "Pain and mental health"
    assert text_of(page.select_one("#lab-question")) == "What helps people living with both?"


def test_the_details_page_starts_with_what_the_lab_says_now(cast, client_for):
    page = parse(client_for(cast.team).get("/labs/the-lab/team/details/"))
    assert page.select_one("input[name=title]")["value"] == "The lab"
    assert page.select_one("input[name=starts_on]")["value"] == cast.lab.starts_on.isoformat()
    assert page.select_one("input[name=starts_on]")["type"] == "date"
    assert [text_of(cell) for cell in page.select("#lab-phases tbody tr td:first-child")] == ["Making sense"]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "Enter the lab's name"),
        ({"contact_email": "not an address"}, "contact_email", "Enter an email address in the correct format"),
        ({"starts_on": "31/02/2026"}, "starts_on", "Enter a real date"),
        ({"ends_on": "2026-08-01"}, "ends_on", ENDS_BEFORE_START),
        ({"question": "\x00"}, "question", "Null characters are not allowed"),
        ({"why_it_matters": "x" * (MAX_PAGE_TEXT_LENGTH + 1)}, "why_it_matters", "at most 20000 characters"),
    ],
)
def test_bad_details_are_explained_and_nothing_typed_is_lost(cast, client_for, changes, field, message):
    posted = {**DETAILS, **changes}
    response = client_for(cast.team).post("/labs/the-lab/team/details/", posted)
    assert response.status_code == 200
    page = parse(response)
    summary = page.select_one(".nhsuk-error-summary")
    assert message in text_of(summary)
    assert summary.select_one("a")["href"] == f"#id_{field}"
    assert page.select_one("title").get_text().startswith("Error:")
    kept = {
        name: (page.select_one(f"[name={name}]").get("value") or page.select_one(f"[name={name}]").get_text())
        for name in DETAILS
        if name not in changes
    }
    assert kept == {name: value for name, value in DETAILS.items() if name not in changes}
    cast.lab.refresh_from_db()
    assert cast.lab.title == "The lab"


def test_the_details_form_needs_its_csrf_token(cast, client_for):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.team)
    assert client.post("/labs/the-lab/team/details/", DETAILS).status_code == 403
    cast.lab.refresh_from_db()
    assert cast.lab.title == "The lab"


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(
    "path",
    ["/labs/the-lab/team/details/", "/labs/the-lab/team/phases/new/", "/labs/the-lab/team/phases/{pk}/"],
)
def test_only_the_labs_team_can_change_its_details_and_phases(cast, client_for, role, path):
    phase = cast.lab.phases.get()
    data = DETAILS if path.endswith("details/") else PHASE
    response = client_for(cast.person(role)).post(path.format(pk=phase.pk), data)
    assert response.status_code == TEAM_ONLY[role]
    changed = TEAM_ONLY[role] == 302 and role != "anonymous"
    cast.lab.refresh_from_db()
    assert (cast.lab.title == DETAILS["title"] or Phase.objects.filter(name=PHASE["name"]).exists()) == changed


@pytest.mark.parametrize("role", CAST_ROLES)
def test_only_the_labs_team_can_delete_a_phase(cast, client_for, role):
    phase = cast.lab.phases.get()
    response = client_for(cast.person(role)).post(f"/labs/the-lab/team/phases/{phase.pk}/delete/")
    assert response.status_code == TEAM_ONLY[role]
    assert Phase.objects.filter(pk=phase.pk).exists() == (TEAM_ONLY[role] != 302 or role == "anonymous")


def test_the_team_of_one_lab_cannot_reach_another_labs_phase(cast, client_for):
    elsewhere = PhaseFactory(lab=cast.other_lab)
    client = client_for(cast.team)
    assert client.get(f"/labs/the-lab/team/phases/{elsewhere.pk}/").status_code == 404
    assert client.post(f"/labs/the-lab/team/phases/{elsewhere.pk}/delete/").status_code == 404
    assert Phase.objects.filter(pk=elsewhere.pk).exists()


def test_the_team_adds_a_phase_and_it_takes_its_place_on_the_timeline_by_date(cast, client_for):
    client = client_for(cast.team)
    cast.lab.phases.update(starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 31))
    response = client.post(
        "/labs/the-lab/team/phases/new/", {**PHASE, "starts_on": "2026-06-01", "ends_on": "2026-08-31"}
    )
    assert response.status_code == 302 and response.url == "/labs/the-lab/team/details/"
    page = parse(client.get(response.url))
    assert "Phase “Generating ideas” added." in text_of(page.select_one(".nhsuk-notification-banner"))
    assert [text_of(cell) for cell in page.select("#lab-phases tbody tr td:first-child")] == [
        "Generating ideas",
        "Making sense",
    ]
    home = parse(client.get("/labs/the-lab/"))
    assert [text_of(h).split(" ")[0] for h in home.select(".carelab-timeline h3")] == ["Generating", "Making"]


def test_the_team_edits_a_phase(cast, client_for):
    phase = cast.lab.phases.get()
    client = client_for(cast.team)
    page = parse(client.get(f"/labs/the-lab/team/phases/{phase.pk}/"))
    assert page.select_one("input[name=name]")["value"] == "Making sense"
    response = client.post(f"/labs/the-lab/team/phases/{phase.pk}/", {**PHASE, "name": "Making sense of it"})
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.name, phase.starts_on, phase.description) == (
        "Making sense of it",
        date(2027, 1, 1),
        "How might we…?",
    )


def test_deleting_a_phase_asks_first(cast, client_for):
    phase = cast.lab.phases.get()
    client = client_for(cast.team)
    page = parse(client.get(f"/labs/the-lab/team/phases/{phase.pk}/delete/"))
    assert text_of(page.select_one("h1")) == "Delete Making sense?"
    assert Phase.objects.filter(pk=phase.pk).exists()
    response = client.post(f"/labs/the-lab/team/phases/{phase.pk}/delete/")
    assert response.status_code == 302
    assert not Phase.objects.filter(pk=phase.pk).exists()
    assert parse(client.get("/labs/the-lab/team/details/")).select_one("#no-phases")


def test_a_phase_that_ends_before_it_starts_is_explained_and_kept(cast, client_for):
    phase = cast.lab.phases.get()
    response = client_for(cast.team).post(
        f"/labs/the-lab/team/phases/{phase.pk}/", {**PHASE, "starts_on": "2027-03-01", "ends_on": "2027-02-01"}
    )
    page = parse(response)
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in text_of(
        page.select_one(".nhsuk-error-summary")
    )
    assert page.select_one("input[name=name]")["value"] == "Generating ideas"
    assert page.select_one("textarea[name=description]").get_text() == "How might we…?"
    assert page.select_one("input[name=ends_on]")["value"] == "2027-02-01"
    phase.refresh_from_db()
    assert phase.name == "Making sense"


def test_the_team_dashboard_links_to_the_labs_details(cast, client_for):
    page = parse(client_for(cast.team).get("/labs/the-lab/team/"))
    assert page.select_one("#lab-details-link")["href"] == "/labs/the-lab/team/details/"


# Hostile input: the forms refuse or keep it, and never fail.

hostile_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet="a\x00\u202e\ufeff🙂<>&\"'", max_size=30),
    st.just("\x00"),
    st.just("x" * 100_000),
    st.just("<script>alert(1)</script>"),
)
hostile_date = st.one_of(
    st.just("0000-00-00"),
    st.just("9999-12-31"),
    st.just("12345678901234567890-01-01"),
    st.just("2026-02-30"),
    st.just("\x00"),
    st.dates().map(str),
    st.text(max_size=12),
)
FORM_FUZZ = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FORM_FUZZ
@given(
    title=hostile_text,
    question=hostile_text,
    why=hostile_text,
    email=hostile_text,
    starts_on=hostile_date,
    ends_on=hostile_date,
)
def test_the_details_form_with_hostile_input_is_valid_only_with_savable_values(
    db, title, question, why, email, starts_on, ends_on
):
    lab = Lab(slug="fuzz")
    data = {
        "title": title,
        "question": question,
        "why_it_matters": why,
        "contact_email": email,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    form = LabDetailsForm(data, instance=lab)
    if form.is_valid():
        for text in (form.cleaned_data["title"], form.cleaned_data["question"], form.cleaned_data["why_it_matters"]):
            assert "\x00" not in text and len(text) <= MAX_PAGE_TEXT_LENGTH
        assert form.cleaned_data["starts_on"] <= form.cleaned_data["ends_on"]
        form.save()
        assert Lab.objects.get(slug="fuzz").title == form.cleaned_data["title"]
    else:
        assert form.errors


@FORM_FUZZ
@given(name=hostile_text, description=hostile_text, starts_on=hostile_date, ends_on=hostile_date)
def test_the_phase_form_with_hostile_input_is_valid_only_with_savable_values(db, name, description, starts_on, ends_on):
    lab = LabFactory.build(slug="fuzz-phases")
    lab.save()
    form = PhaseForm({"name": name, "description": description, "starts_on": starts_on, "ends_on": ends_on}, lab=lab)
    if form.is_valid():
        phase = form.save()
        assert "\x00" not in phase.name + phase.description
        assert phase.starts_on <= phase.ends_on
    else:
        assert form.errors
    Lab.objects.filter(pk=lab.pk).delete()
