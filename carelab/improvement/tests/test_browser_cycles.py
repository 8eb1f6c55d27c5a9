"""PDSA cycles in a real browser, with JavaScript off (decision 0044), axe on every page.

A test team's data lead starts a PDSA cycle on a change idea, uploads the measure's data from a CSV
file, sees the cycle marked on the chart with the chart's signals and icons, writes up the cycle,
decides to adapt and starts the next cycle from the first one's plan; both are marked on the chart.
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.improvement.models import Cycle, TeamMember
from carelab.improvement.tests.factories import MeasureFactory, TeamMemberFactory, TestTeamFactory
from carelab.improvement.tests.factories_cycles import ChangeIdeaFactory

pytestmark = pytest.mark.browser

SHIFT = [20, 21, 19, 22, 20, 21, 19, 20, 21, 20, 14, 13, 14, 13, 14, 13, 14, 13]


def csv_of_weeks() -> str:
    rows = ["date,value"] + [f"{date(2026, 1, 5) + timedelta(weeks=i)},{v}" for i, v in enumerate(SHIFT)]
    return "\n".join(rows) + "\n"


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_a_team_runs_two_cycles_and_sees_them_on_its_measures_chart(page_without_js, sign_in_browser, cast):
    team = TestTeamFactory(lab=cast.lab, name="Pain and mood clinic")
    TeamMemberFactory(team=team, user=cast.participant, role=TeamMember.Role.DATA)
    ChangeIdeaFactory(team=team, text="Text reminders before first appointments")
    MeasureFactory(team=team, name="Days to first appointment", baseline_points=10)
    page = page_without_js
    sign_in_browser(page, cast.participant)
    page.goto(team.get_absolute_url())
    axe_check(page)

    # Plan the first cycle.
    follow(page.get_by_role("link", name="Start a cycle"))
    page.get_by_label("Text reminders before first appointments").check()
    page.get_by_label("Name of the cycle").fill("Reminders at one clinic")
    page.get_by_label("Objective").fill("Find out whether a text two days before cuts the wait.")
    page.get_by_label("Prediction").fill("The wait falls by a third.")
    page.get_by_label("Days to first appointment").check()
    page.get_by_label("Start date").fill("2026-03-16")
    follow(page.get_by_role("button", name="Start the cycle"))
    expect(page.get_by_role("heading", level=1)).to_have_text("PDSA 1: Reminders at one clinic")

    # The measure's data, uploaded from a CSV file.
    follow(page.locator("#cycle-measures").get_by_role("link", name="Days to first appointment"))
    follow(page.get_by_role("link", name="Upload data from a CSV file"))
    page.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": "waits.csv", "mimeType": "text/csv", "buffer": csv_of_weeks().encode()}]
    )
    follow(page.get_by_role("button", name="Upload"))
    chart = page.locator("svg.carelab-spc-chart")
    expect(chart.locator("text", has_text="PDSA 1")).to_have_count(1)
    expect(chart.locator("desc")).to_contain_text("PDSA 1, “Reminders at one clinic”")
    expect(page.locator(".carelab-spc-summary")).to_contain_text("started on 16 Mar 2026")
    expect(page.locator(".carelab-spc-icons svg[role=img]").first).to_have_attribute(
        "aria-label", "Special-cause variation: improvement, with lower values"
    )
    expect(chart.locator("path[fill='#005eb8']").first).to_be_attached()  # improvement points, as diamonds
    expect(page.locator("#data-table tbody tr").nth(10)).to_contain_text("PDSA 1: Reminders at one clinic")

    # Do, study, act, then the next cycle from the first one's plan.
    follow(page.locator("#cycle-marks").get_by_role("link", name="PDSA 1: Reminders at one clinic"))
    follow(page.get_by_role("link", name="Write what happened"))
    page.get_by_label("What happened?").fill("Sent texts to 40 people.")
    follow(page.get_by_role("button", name="Save the do part"))
    follow(page.get_by_role("link", name="Write the results"))
    page.get_by_label("Results against the prediction").fill("The wait fell from 20 days to 13.5.")
    follow(page.get_by_role("button", name="Save the study part"))
    follow(page.get_by_role("link", name="Decide what to do"))
    page.get_by_label("Adapt: change it and test again").check()
    follow(page.get_by_role("button", name="Save the act part"))
    follow(page.get_by_role("button", name="Start the next cycle"))
    expect(page.get_by_label("Objective")).to_have_value("Find out whether a text two days before cuts the wait.")
    page.get_by_label("Name of the cycle").fill("Reminders at two clinics")
    page.get_by_label("Start date").fill("2026-04-06")
    follow(page.get_by_role("button", name="Start the cycle"))
    expect(page.get_by_role("heading", level=1)).to_have_text("PDSA 2: Reminders at two clinics")
    expect(page.locator("a[rel=prev]")).to_have_text("PDSA 1: Reminders at one clinic")
    assert Cycle.objects.get(number=2).previous == Cycle.objects.get(number=1)

    follow(page.locator("#cycle-measures").get_by_role("link", name="Days to first appointment"))
    expect(chart.locator("text", has_text="PDSA 2")).to_have_count(1)
    expect(page.locator("#cycle-marks li")).to_have_count(2)
