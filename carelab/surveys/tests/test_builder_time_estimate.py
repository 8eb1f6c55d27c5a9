"""The survey's time estimate follows the instrument sections added to it, in the builder and on the start page."""

import re

import pytest

from carelab.core.tests.html import parse, text_of
from carelab.surveys.tests.factories import SurveyFactory

BASE = "/labs/the-lab/surveys/team/launch/"


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


def overview_minutes(team) -> int:
    rows = parse(team.get(BASE)).select(".nhsuk-summary-list__row")
    row = next(row for row in rows if "Time to complete" in text_of(row))
    return int(re.search(r"About (\d+) minute", text_of(row)).group(1))


def start_page_minutes(client) -> int:
    return int(
        re.search(r"It takes about (\d+) minute", text_of(parse(client.get("/labs/the-lab/surveys/launch/")))).group(1)
    )


@pytest.mark.parametrize("instruments", [["gad7"], ["gad7", "pain_nrs"]])
def test_adding_instrument_sections_makes_the_estimate_longer_and_the_message_says_so(cast, team, instruments):
    SurveyFactory(lab=cast.lab, slug="launch")
    before = overview_minutes(team)
    for instrument in instruments:
        response = team.post(BASE + "instruments/new/", {"instrument": instrument}, follow=True)
    after = overview_minutes(team)
    # GAD-7: 7 items at 6 seconds and its instructions, 46.5 seconds; the pain scale 1 item and 20 words.
    assert after > before
    banner = text_of(parse(response).select_one(".nhsuk-notification-banner"))
    assert f"The survey now takes about {after} minutes." in banner


def test_the_start_page_and_the_overview_agree_once_published(cast, team, client):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    survey.phq9_item9_enabled = False
    survey.save(update_fields=["phq9_item9_enabled"])
    team.post(BASE + "instruments/new/", {"instrument": "gad7"})
    team.post(BASE + "publish/")
    assert start_page_minutes(client) == overview_minutes(team)
