"""PDSA cycles: starting them in chains per change idea, each part its own form, deleting one, and
cycles marked on their measures' charts, the chart's words, table, downloads and limits."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.improvement import personal_data
from carelab.improvement.forms_cycles import PlanForm
from carelab.improvement.models import Cycle, Measure, TeamMember
from carelab.improvement.tests.factories import MeasureFactory, TeamMemberFactory, TestTeamFactory, weekly_points
from carelab.improvement.tests.factories_cycles import ChangeIdeaFactory, CycleFactory
from carelab.safeguarding.models import SafeguardingFlag

P = "/labs/the-lab/improvement/teams"
SHIFT = [20, 21, 19, 22, 20, 21, 19, 20, 21, 20, 14, 13, 14, 13, 14, 13, 14, 13]


@pytest.fixture
def team(cast):
    found = TestTeamFactory(lab=cast.lab, name="Pain and mood clinic")
    TeamMemberFactory(team=found, user=cast.participant, role=TeamMember.Role.LEAD)
    return found


@pytest.fixture
def idea(team):
    return ChangeIdeaFactory(team=team, text="Text reminders before first appointments")


def plan(idea, **changes) -> dict:
    return {
        "change_idea": idea.pk,
        "title": "Reminders at one clinic",
        "objective": "Find out whether a reminder two days before cuts missed appointments.",
        "prediction": "Fewer than 1 in 10 will miss their appointment.",
        "plan_who": "The clinic's receptionists.",
        "start_date": "2026-03-09",
        "end_date": "2026-03-20",
        **changes,
    }


def url(team, suffix=""):
    return f"{P}/{team.pk}/cycles/{suffix}"


def cycle_url(cycle, suffix=""):
    return f"{P}/{cycle.team_id}/cycles/{cycle.pk}/{suffix}"


# Starting cycles and filling them in


def test_a_member_starts_cycles_that_chain_on_their_change_idea(cast, client_for, team, idea):
    measure = MeasureFactory(team=team)
    client = client_for(cast.participant)
    response = client.post(url(team, "new/"), {**plan(idea), "measures": [measure.pk]})
    first = Cycle.objects.get()
    assert response.url == cycle_url(first)
    assert (first.number, first.previous, first.created_by, first.team) == (1, None, cast.participant, team)
    assert list(first.measures.all()) == [measure]
    client.post(url(team, "new/"), plan(idea, title="Reminders at two clinics"))
    second = Cycle.objects.get(title="Reminders at two clinics")
    assert (second.number, second.previous) == (2, first)
    other = ChangeIdeaFactory(team=team, text="A leaflet with the letter")
    client.post(url(team, "new/"), plan(other, title="Leaflet"))
    assert Cycle.objects.get(title="Leaflet").number == 1


def test_each_part_is_its_own_form_and_the_cycle_page_shows_all_four_and_the_chain(cast, client_for, team, idea):
    first = CycleFactory(change_idea=idea, title="Reminders at one clinic")
    second = CycleFactory(change_idea=idea, number=2, previous=first, title="Reminders at two clinics")
    client = client_for(cast.participant)
    client.post(cycle_url(second, "do/"), {"what_happened": "Sent 40 texts.", "observations": "Two bounced."})
    client.post(cycle_url(second, "study/"), {"results": "3 in 40 missed: better than predicted."})
    response = client.post(cycle_url(second, "act/"), {"act": "adopt", "act_detail": "Keep it at both clinics."})
    assert response.url == cycle_url(second, "#act")
    second.refresh_from_db()
    assert (second.what_happened, second.act, second.objective) == ("Sent 40 texts.", "adopt", first.objective)
    html = parse(client.get(cycle_url(second)))
    assert [text_of(html.select_one(f"h2#{part}")) for part in ("plan", "do", "study", "act")] == [
        "Plan",
        "Do",
        "Study",
        "Act",
    ]
    assert "3 in 40 missed: better than predicted." in text_of(html.select_one("main"))
    chain = html.select_one("nav.carelab-cycle-chain")
    assert chain.select_one("a[rel=prev]")["href"] == cycle_url(first)
    assert html.select_one("#next-cycle") is None  # adopted: no next cycle offered
    first_page = parse(client.get(cycle_url(first)))
    assert first_page.select_one("a[rel=next]")["href"] == cycle_url(second)


def test_adapting_offers_the_next_cycle_filled_in_from_the_plan(cast, client_for, team, idea):
    measure = MeasureFactory(team=team)
    first = CycleFactory(change_idea=idea, plan_who="Receptionists")
    first.measures.add(measure)
    client = client_for(cast.participant)
    client.post(cycle_url(first, "act/"), {"act": "adapt", "act_detail": "Try a day earlier."})
    offer = parse(client.get(cycle_url(first))).select_one("#next-cycle a")
    assert offer["href"] == url(team, f"new/?after={first.pk}")
    form = parse(client.get(offer["href"])).select_one("main form")
    assert form.select_one(f"input[name=change_idea][value='{idea.pk}']").has_attr("checked")
    assert form.select_one("input[name=title]")["value"] == first.title
    assert form.select_one("textarea[name=plan_who]").text.strip() == "Receptionists"
    assert form.select_one(f"input[name=measures][value='{measure.pk}']").has_attr("checked")
    assert not form.select_one("input[name=start_date]").get("value")
    # Once the next cycle exists, the offer goes.
    client.post(url(team, f"new/?after={first.pk}"), plan(idea, title="A day earlier"))
    assert Cycle.objects.get(title="A day earlier").previous == first
    assert parse(client.get(cycle_url(first))).select_one("#next-cycle") is None


def test_an_end_before_the_start_is_refused_keeping_what_was_typed(cast, client_for, team, idea):
    response = client_for(cast.participant).post(
        url(team, "new/"), plan(idea, start_date="2026-03-20", end_date="2026-03-09", objective="My objective")
    )
    assert response.status_code == 400
    html = parse(response)
    assert "The end date must be the same as or after the start date" in text_of(
        html.select_one(".nhsuk-error-summary")
    )
    assert html.select_one("textarea[name=objective]").text.strip() == "My objective"
    assert html.select_one("input[name=end_date]")["value"] == "2026-03-09"
    assert not Cycle.objects.exists()


def test_a_cycle_needs_a_change_idea_of_its_own_team(cast, client_for, team, idea):
    elsewhere = ChangeIdeaFactory(team=TestTeamFactory(lab=cast.lab))
    response = client_for(cast.participant).post(url(team, "new/"), plan(elsewhere))
    assert "Choose the change idea to test" in response.content.decode()
    assert not Cycle.objects.exists()


def test_a_team_without_change_ideas_is_told_to_add_them_first(cast, client_for, team):
    html = parse(client_for(cast.participant).get(url(team, "new/")))
    assert html.select_one("main form") is None
    assert "add the change ideas to the team's driver diagram first" in text_of(html.select_one("main"))


def test_words_naming_a_person_are_refused_and_urgent_risk_reaches_the_queue(cast, client_for, team, idea):
    client = client_for(cast.participant)
    response = client.post(url(team, "new/"), plan(idea, prediction="Ask jo@example.org"))
    assert "Leave out names, e-mail addresses" in response.content.decode()
    cycle = CycleFactory(change_idea=idea)
    response = client.post(cycle_url(cycle, "do/"), {"observations": "I am going to kill myself tonight"})
    assert "has not been saved" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.observations == ""
    flag = SafeguardingFlag.objects.get()
    assert flag.source_kind == SafeguardingFlag.Source.TEST_TEAM and "kill" not in flag.source_title


def test_nul_bytes_huge_numbers_and_huge_ids_get_a_message_or_a_404_never_an_error(cast, client_for, team, idea):
    client = client_for(cast.participant)
    response = client.post(url(team, "new/"), plan(idea, title="a\x00b", start_date="12345678901234567890-01-01"))
    assert response.status_code == 400
    summary = text_of(parse(response).select_one(".nhsuk-error-summary"))
    assert "Null characters are not allowed" in summary and "Enter a real start date" in summary
    response = client.post(url(team, "new/"), plan(idea, change_idea="9" * 30, measures=["9" * 30, "x"]))
    assert response.status_code == 400
    assert client.get(url(team, "new/?after=" + "9" * 30)).status_code == 200
    assert client.get(url(team, "new/?after=%00")).status_code == 400  # CareLab refuses NUL in any request
    assert client.get(url(team, "9" * 30 + "/")).status_code == 404
    assert client.post(url(team, "9" * 30 + "/act/"), {"act": "adopt"}).status_code == 404
    cycle = CycleFactory(change_idea=idea)
    response = client.post(cycle_url(cycle, "act/"), {"act": "\x00", "act_detail": "x" * 6000})
    assert "Choose what the team will do now" in response.content.decode()
    assert "must be 5,000 characters or fewer" in response.content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.one_of(st.text(max_size=210), st.just("\x00")),
    objective=st.one_of(st.text(max_size=60), st.just("x" * 5001)),
    start=st.one_of(st.dates().map(str), st.text(max_size=12), st.just("99999999999-01-01")),
    end=st.one_of(st.dates().map(str), st.just("")),
)
def test_the_plan_form_accepts_or_names_the_problem_and_never_keeps_an_end_before_the_start(
    cast, team, title, objective, start, end
):
    form = PlanForm({"title": title, "objective": objective, "start_date": start, "end_date": end}, team=team)
    if form.is_valid():
        found = form.cleaned_data
        assert found["start_date"] is not None or not end
        assert found["end_date"] is None or found["end_date"] >= found["start_date"]
        assert "\x00" not in found["title"]
    else:
        assert all(message.strip() for messages in form.errors.values() for message in messages)


# Who may do what


def test_a_participant_outside_the_team_reads_cycles_but_cannot_change_them(cast, client_for, team, idea):
    cycle = CycleFactory(change_idea=idea)
    TeamMember.objects.all().delete()
    client = client_for(cast.participant)
    html = parse(client.get(cycle_url(cycle)))
    assert html.select_one(f"a[href='{cycle_url(cycle, 'plan/')}']") is None
    for suffix in ("plan/", "do/", "study/", "act/", "delete/"):
        assert client.post(cycle_url(cycle, suffix), {"act": "adopt"}).status_code == 403
    assert client.post(url(team, "new/"), plan(idea)).status_code == 403
    assert Cycle.objects.count() == 1


def test_another_teams_cycle_is_not_found_through_this_team(cast, client_for, team):
    elsewhere = CycleFactory(change_idea=ChangeIdeaFactory(team=TestTeamFactory(lab=cast.lab)))
    client = client_for(cast.team)
    assert client.get(f"{P}/{team.pk}/cycles/{elsewhere.pk}/").status_code == 404
    assert client.post(f"{P}/{team.pk}/cycles/{elsewhere.pk}/delete/").status_code == 404


# Deleting


def test_deleting_a_cycle_joins_the_chain_and_numbers_it_again(cast, client_for, team, idea):
    one = CycleFactory(change_idea=idea, title="One")
    two = CycleFactory(change_idea=idea, number=2, previous=one, title="Two")
    three = CycleFactory(change_idea=idea, number=3, previous=two, title="Three")
    four = CycleFactory(change_idea=idea, number=4, previous=three, title="Four")
    client = client_for(cast.participant)
    confirm = text_of(parse(client.get(cycle_url(two, "delete/"))).select_one("main"))
    assert "PDSA 3, “Three”, will then follow PDSA 1" in confirm
    response = client.post(cycle_url(two, "delete/"))
    assert response.url == url(team)
    chain = list(Cycle.objects.order_by("number").values_list("title", "number", "previous__title"))
    assert chain == [("One", 1, None), ("Three", 2, "One"), ("Four", 3, "Three")]
    client.post(cycle_url(one, "delete/"))
    assert list(Cycle.objects.order_by("number").values_list("title", "number", "previous")) == [
        ("Three", 1, None),
        ("Four", 2, three.pk),
    ]
    client.post(cycle_url(four, "delete/"))
    client.post(url(team, "new/"), plan(idea, title="Five"))
    assert Cycle.objects.get(title="Five").previous == Cycle.objects.get(title="Three")


# Lists


def test_the_cycle_list_groups_by_change_idea_and_stays_flat_in_queries(
    cast, client_for, team, idea, django_assert_num_queries
):
    client = client_for(cast.participant)
    CycleFactory(change_idea=idea)
    with PageQueries() as one:
        client.get(url(team))
    for number in range(2, 12):
        CycleFactory(change_idea=idea, number=number)
    second = ChangeIdeaFactory(team=team, text="Leaflets")
    for number in range(1, 6):
        CycleFactory(change_idea=second, number=number)
    with django_assert_num_queries(len(one)):
        response = client.get(url(team))
    sections = parse(response).select("#change-ideas section")
    assert [len(section.select("li")) for section in sections] == [11, 5]
    assert "Leaflets" in text_of(sections[1].select_one("h2"))


def test_the_team_page_lists_the_newest_cycles(cast, client_for, team, idea):
    for number in range(1, 8):
        CycleFactory(change_idea=idea, number=number, title=f"Cycle {number}")
    links = parse(client_for(cast.participant).get(f"{P}/{team.pk}/")).select("#newest-cycles a")
    assert [link.text for link in links] == [f"PDSA {n}: Cycle {n}" for n in (7, 6, 5, 4, 3)]


# Cycles on charts


@pytest.fixture
def marked(team, idea):
    """A measure with a shift after week 10, and two cycles on it: one on a point's date, one between two."""
    measure = MeasureFactory(team=team)
    weekly_points(measure, SHIFT)  # Mondays from 5 January 2026
    first = CycleFactory(change_idea=idea, title="Reminders", start_date=date(2026, 3, 16))
    second = CycleFactory(change_idea=idea, number=2, previous=first, title="Earlier", start_date=date(2026, 4, 1))
    unmarked = CycleFactory(change_idea=ChangeIdeaFactory(team=team), title="No measure", start_date=date(2026, 2, 2))
    first.measures.add(measure)
    second.measures.add(measure)
    return measure, first, second, unmarked


def measure_url(measure, suffix=""):
    return f"{P}/{measure.team_id}/measures/{measure.pk}/{suffix}"


def test_the_chart_marks_each_cycle_in_the_drawing_its_words_and_the_table(cast, client_for, marked):
    measure, first, second, _ = marked
    html = parse(client_for(cast.participant).get(measure_url(measure)))
    svg = html.select_one("svg.carelab-spc-chart")
    lines = [line for line in svg.select("line") if line.get("stroke-dasharray") == "5 3" and line.select_one("title")]
    assert [line.select_one("title").text.split(",")[0] for line in lines] == [
        "PDSA 1: Reminders (change idea: Text reminders before first appointments)",
        "PDSA 2: Earlier (change idea: Text reminders before first appointments)",
    ]
    # 16 March is week 11's date; 1 April falls between weeks 13 and 14.
    step = (720 - 64 - 24) / len(SHIFT)
    assert [float(line["x1"]) for line in lines] == pytest.approx([64 + step * 10.5, 64 + step * 13], abs=0.1)
    assert "PDSA cycle starts" in [text.text for text in svg.select("text")]
    description = svg.select_one("desc").text
    assert (
        "PDSA 1, “Reminders” on the change idea “Text reminders before first appointments”, started on 16 Mar 2026."
        in description
    )
    assert "PDSA 2, “Earlier”" in description and "between the values of 30 Mar 2026 and 6 Apr 2026" in description
    assert "No measure" not in description
    assert "PDSA 2, “Earlier”" in text_of(html.select_one(".carelab-spc-summary"))
    table = html.select_one("#data-table")
    assert text_of(table.select("thead th")[-2]) == "PDSA cycle started"
    rows = table.select("tbody tr")
    assert text_of(rows[10].find_all("td")[-2]) == "PDSA 1: Reminders"
    assert text_of(rows[13].find_all("td")[-2]) == "PDSA 2: Earlier (1 April 2026)"
    assert text_of(rows[12].find_all("td")[-2]) == ""


def test_cycles_from_two_change_ideas_are_told_apart_and_one_after_the_data_is_named_not_drawn(
    cast, client_for, team, marked
):
    measure, _, _, unmarked = marked
    unmarked.measures.add(measure)
    late = CycleFactory(change_idea=unmarked.change_idea, number=2, previous=unmarked, start_date=date(2027, 1, 1))
    late.measures.add(measure)
    html = parse(client_for(cast.participant).get(measure_url(measure)))
    texts = [text.find(string=True, recursive=False) or "" for text in html.select("svg.carelab-spc-chart text")]
    labels = [text for text in texts if text.startswith("PDSA ") and text != "PDSA cycle starts"]
    assert labels == ["PDSA A1", "PDSA B1", "PDSA B2"]  # A is the change idea whose cycle started first
    assert "started on 1 Jan 2027, after the latest value" in html.select_one("svg desc").text
    assert "(after the latest value)" in text_of(html.select_one("#cycle-marks"))


def test_the_downloads_carry_the_cycles(cast, client_for, marked):
    measure, first, second, _ = marked
    client = client_for(cast.participant)
    data = client.get(measure_url(measure, "data.csv")).content.decode("utf-8-sig").splitlines()
    assert data[0].endswith(",note,pdsa_cycles_started")
    assert data[11].startswith("2026-03-16,") and data[11].endswith(
        ",PDSA 1: Reminders (change idea: Text reminders before first appointments)"
    )
    assert data[14].startswith("2026-04-06,") and "PDSA 2: Earlier" in data[14]
    assert sum("PDSA" in line for line in data[1:]) == 2
    svg = client.get(measure_url(measure, "chart.svg")).content.decode()
    assert "PDSA 1: Reminders" in svg
    marked_png = client.get(measure_url(measure, "chart.png")).content
    Cycle.objects.all().delete()
    assert client.get(measure_url(measure, "chart.png")).content != marked_png


def test_the_limits_are_worked_out_again_from_a_cycles_start_through_the_measure_page(cast, client_for, marked):
    measure, first, second, unmarked = marked
    client = client_for(cast.participant)
    html = parse(client.get(measure_url(measure)))
    action = f"{P}/{measure.team_id}/cycles/{first.pk}/measures/{measure.pk}/recalculate/"
    assert html.select_one(f"form[action='{action}'] button").text.startswith("Recalculate the limits")
    before = parse(client.get(measure_url(measure))).select("#data-table tbody tr")[-1].find_all("td")[2].text
    response = client.post(action, follow=True)
    assert "The limits are now worked out again from 16 March 2026" in response.content.decode()
    measure.refresh_from_db()
    assert measure.recalculate_from == ["2026-03-16"]
    after_html = parse(response)
    assert after_html.select_one(f"form[action='{action}']") is None
    assert after_html.select("#data-table tbody tr")[-1].find_all("td")[2].text != before  # a new centre line
    assert (
        "The limits were already worked out again from 16 March 2026"
        in client.post(action, follow=True).content.decode()
    )
    assert client.get(action).status_code == 405
    elsewhere = f"{P}/{measure.team_id}/cycles/{unmarked.pk}/measures/{measure.pk}/recalculate/"
    assert client.post(elsewhere).status_code == 404  # that cycle is not on this measure
    TeamMember.objects.all().delete()
    assert client.post(action).status_code == 403
    assert parse(client.get(measure_url(measure))).select_one("#cycle-marks form") is None


def test_a_run_chart_offers_no_recalculation(cast, client_for, marked):
    measure, *_ = marked
    Measure.objects.filter(pk=measure.pk).update(chart=Measure.Chart.RUN)
    html = parse(client_for(cast.participant).get(measure_url(measure)))
    assert html.select("#cycle-marks li") and html.select_one("#cycle-marks form") is None


# Your data


def test_your_data_counts_the_cycles_a_person_started(cast, team, idea, django_assert_max_num_queries):
    CycleFactory(change_idea=idea, created_by=cast.participant)
    CycleFactory(change_idea=idea, number=2, created_by=cast.participant)
    CycleFactory(change_idea=idea, number=3, created_by=cast.team)
    with django_assert_max_num_queries(4):
        sections = {section.key: section for section in personal_data.sections(cast.participant)}
    records = [dict(record) for record in sections["test_team_work"].records]
    assert [(r["What"], r["How many times"]) for r in records] == [("Started a PDSA cycle for a test team", 2)]
