"""Test teams and their measures: who may change what, data by form and by CSV, charts and downloads."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from carelab.core.tests.queries import PageQueries
from carelab.improvement.models import DataPoint, Measure, TeamMember, TestTeam
from carelab.improvement.tests.factories import MeasureFactory, TeamMemberFactory, TestTeamFactory, weekly_points
from carelab.safeguarding.models import SafeguardingFlag

SHIFT = [20, 21, 19, 22, 20, 21, 19, 20, 21, 20, 14, 13, 14, 13, 14, 13, 14, 13]


def page(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def team(cast):
    found = TestTeamFactory(lab=cast.lab, name="Pain and mood clinic")
    TeamMemberFactory(team=found, user=cast.participant, role=TeamMember.Role.DATA)
    return found


def measure_url(measure, suffix=""):
    return f"/labs/the-lab/improvement/teams/{measure.team_id}/measures/{measure.pk}/{suffix}"


def test_the_lab_team_sets_up_a_team_and_adds_a_participant(cast, client_for):
    client = client_for(cast.team)
    response = client.post(
        "/labs/the-lab/improvement/team/teams/new/",
        {"name": "  Waits   team ", "challenge": "Long waits.", "aim": "Halve waits by June."},
    )
    created = TestTeam.objects.get()
    assert created.name == "Waits team" and response.url == created.get_absolute_url()
    client.post(
        f"/labs/the-lab/improvement/teams/{created.pk}/members/", {"person": cast.participant.pk, "role": "lead"}
    )
    assert TeamMember.objects.get(team=created).user == cast.participant
    # The same name again is refused, keeping what was typed.
    again = client.post(
        "/labs/the-lab/improvement/team/teams/new/", {"name": "waits team", "challenge": "Mine", "aim": "x"}
    )
    assert "already has a test team with this name" in again.content.decode()
    assert page(again).find("textarea", {"name": "challenge"}).text.strip() == "Mine"


def test_a_member_adds_a_measure_and_a_value_and_a_participant_outside_the_team_cannot(cast, client_for, team):
    client = client_for(cast.participant)
    response = client.post(
        f"/labs/the-lab/improvement/teams/{team.pk}/measures/new/",
        {
            "name": "Days to first appointment",
            "kind": "outcome",
            "definition": "Days from referral.",
            "unit": "days",
            "improvement": "decrease",
            "chart": "xmr",
            "recalculate_from": "2026-03-01\n",
        },
    )
    measure = Measure.objects.get()
    assert response.url == measure.get_absolute_url() and measure.recalculate_from == ["2026-03-01"]
    client.post(measure_url(measure), {"date": "2026-01-05", "value": "21", "note": "Baseline"})
    assert DataPoint.objects.get().value == 21
    TeamMember.objects.all().delete()
    assert client.post(measure_url(measure), {"date": "2026-01-12", "value": "20"}).status_code == 403
    assert client.get(measure_url(measure)).status_code == 200  # still a reader


def test_a_bad_value_keeps_what_was_typed(cast, client_for, team):
    measure = MeasureFactory(team=team)
    response = client_for(cast.team).post(
        measure_url(measure), {"date": "2026-13-45", "value": "lots", "note": "My note"}
    )
    assert response.status_code == 400
    html = page(response)
    note = html.find(attrs={"name": "note"})
    assert note.get("value", note.text).strip() == "My note"
    assert "Enter the value as a number" in response.content.decode()
    assert not DataPoint.objects.exists()


def test_a_note_naming_a_person_is_refused_and_urgent_risk_reaches_the_queue(cast, client_for, team):
    measure = MeasureFactory(team=team)
    client = client_for(cast.participant)
    response = client.post(measure_url(measure), {"date": "2026-01-05", "value": "3", "note": "Call jo@example.org"})
    assert "Leave out names, e-mail addresses" in response.content.decode()
    response = client.post(
        measure_url(measure), {"date": "2026-01-05", "value": "3", "note": "I am going to kill myself tonight"}
    )
    assert "has not been saved" in response.content.decode()
    assert not DataPoint.objects.exists()
    flag = SafeguardingFlag.objects.get()
    assert flag.source_kind == SafeguardingFlag.Source.TEST_TEAM and flag.person == cast.participant
    assert "kill" not in flag.source_title


def test_a_csv_upload_saves_every_row_or_none_and_names_each_problem(cast, client_for, team):
    measure = MeasureFactory(team=team, chart=Measure.Chart.P, improvement="increase")
    weekly_points(measure, [5], [10])
    client = client_for(cast.participant)
    bad = SimpleUploadedFile("m.csv", b"date,value,denominator\n2026-01-05,6,10\n2026-01-12,12,10\n2026-01-19,x,10\n")
    response = client.post(measure_url(measure, "upload/"), {"file": bad})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Row 3: The value (12) is more than the denominator (10)" in text and "Row 4:" in text
    assert list(DataPoint.objects.values_list("value", flat=True)) == [5]
    good = SimpleUploadedFile("m.csv", b"date,value,denominator\n2026-01-05,6,10\n2026-01-12,7,10\n")
    response = client.post(measure_url(measure, "upload/"), {"file": good}, follow=True)
    assert "Uploaded 1 new value and replaced 1." in response.content.decode()
    assert list(DataPoint.objects.order_by("date").values_list("value", flat=True)) == [6, 7]


def test_the_chart_page_shows_the_shift_in_words_shapes_a_table_and_icons(cast, client_for, team):
    measure = MeasureFactory(team=team, baseline_points=10, target=15)
    weekly_points(measure, SHIFT)
    html = page(client_for(cast.participant).get(measure_url(measure)))
    summary = html.select_one(".carelab-spc-summary").get_text(" ")
    assert "all below the average: this is unlikely to be chance" in summary
    assert "improvement, with lower values" in summary  # the variation icon's words
    assert html.select_one("svg.carelab-spc-chart title").text == measure.name
    rows = html.select("#data-table tbody tr")
    assert len(rows) == len(SHIFT)
    assert rows[-1].find_all("td")[5].text.strip() == "Improvement"
    assert "Add the value" in html.get_text()  # the participant is in the team


def test_downloads_give_the_chart_as_svg_and_png_and_the_data_as_csv(cast, client_for, team):
    measure = MeasureFactory(team=team)
    weekly_points(measure, SHIFT)
    DataPoint.objects.filter(date=date(2026, 1, 5)).update(note="=HYPERLINK(1)")
    client = client_for(cast.participant)
    svg = client.get(measure_url(measure, "chart.svg"))
    assert svg["Content-Type"] == "image/svg+xml" and "attachment" in svg["Content-Disposition"]
    assert svg.content.startswith(b"<?xml")
    png = client.get(measure_url(measure, "chart.png"))
    assert png.content.startswith(b"\x89PNG")
    data = client.get(measure_url(measure, "data.csv")).content.decode("utf-8-sig").splitlines()
    assert data[0] == "date,value,centre,lower,upper,signal,note,pdsa_cycles_started"
    assert data[1].startswith("2026-01-05,20,") and data[1].endswith(",'=HYPERLINK(1),")


def test_the_team_page_stays_flat_in_queries_with_twenty_measures(
    cast, client_for, team, django_assert_max_num_queries
):
    for _ in range(20):
        weekly_points(MeasureFactory(team=team), SHIFT)
    client = client_for(cast.participant)
    with django_assert_max_num_queries(20):
        response = client.get(f"/labs/the-lab/improvement/teams/{team.pk}/")
    assert len(page(response).select(".nhsuk-card")) == 20


def test_the_team_list_stays_flat_in_queries(cast, client_for, django_assert_num_queries):
    client = client_for(cast.participant)
    TestTeamFactory(lab=cast.lab)
    with PageQueries() as one:
        client.get("/labs/the-lab/improvement/teams/")
    for _ in range(14):
        TestTeamFactory(lab=cast.lab)
    with django_assert_num_queries(len(one)):
        response = client.get("/labs/the-lab/improvement/teams/")
    assert len(page(response).select("#test-teams > li")) == 15


def test_a_team_takes_up_the_labs_published_ideas_and_each_idea_names_the_teams_testing_it(cast, client_for, team):
    from carelab.ideas.tests.factories import IdeaFactory
    from carelab.improvement.tests.factories_diagram import DriverNodeFactory

    chosen = IdeaFactory(lab=cast.lab, title="How might we ask about pain and mood together?")
    tested = IdeaFactory(lab=cast.lab, title="How might we offer peer support after discharge?")
    held = IdeaFactory(lab=cast.lab, held=True)
    elsewhere = IdeaFactory(title="Another lab's idea")
    client = client_for(cast.team)
    edit = f"/labs/the-lab/improvement/teams/{team.pk}/edit/"
    offered = {box["value"] for box in page(client.get(edit)).select("input[name=ideas]")}
    assert offered == {str(chosen.pk), str(tested.pk)}
    fields = {"name": team.name, "challenge": "Long waits.", "aim": "Halve waits by June."}
    for refused in (held.pk, elsewhere.pk, "9" * 30):
        response = client.post(edit, {**fields, "ideas": [chosen.pk, refused]})
        assert "Choose from the lab's published ideas" in page(response).select_one(".nhsuk-error-summary").text
    assert client.post(edit, {**fields, "ideas": [chosen.pk]}).status_code == 302
    assert list(team.ideas.all()) == [chosen]
    DriverNodeFactory(team=team, level="change", text="Peer support calls", idea=tested)

    team_page = page(client_for(cast.participant).get(team.get_absolute_url()))
    assert [a.text for a in team_page.select("#team-ideas a")] == [chosen.title]
    for idea in (chosen, tested):
        reader = page(client_for(cast.participant).get(idea.get_absolute_url()))
        assert [a.text for a in reader.select("#idea-test-teams a")] == [team.name]
        client.logout()
        visitor = page(client.get(idea.get_absolute_url()))
        assert visitor.select_one("#idea-test-teams").text.strip() == team.name  # named, not linked
        assert not visitor.select("#idea-test-teams a")
