"""A test team's private space and the learning log in a real browser, JavaScript off (decision 0044), axe on
every page.

A team member writes a note, uploads a file (a wrong one first: the message says why), adds what the
team learned to the learning log, and finds it again by searching the log.
"""

import pytest
from playwright.sync_api import expect

from carelab.accounts.tests.factories import UserFactory
from carelab.browser_fixtures import axe_check
from carelab.improvement.models import LearningEntry, TeamFile, TeamMember
from carelab.improvement.tests.factories import TeamMemberFactory, TestTeamFactory
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory

pytestmark = pytest.mark.browser


def submit(page, name: str):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()
    axe_check(page)


def follow(page, name: str, role: str = "link"):
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()
    axe_check(page)


def test_a_member_keeps_a_note_and_a_file_and_adds_learning_the_lab_can_find(
    page_without_js, sign_in_browser, cast, tmp_path
):
    page = page_without_js
    teammate = UserFactory(email="sam@example.org", display_name="Sam Teammate")
    MembershipFactory(lab=cast.lab, user=teammate, role=Role.PARTICIPANT)
    team = TestTeamFactory(lab=cast.lab, name="Pain and mood clinic")
    TeamMemberFactory(team=team, user=teammate, role=TeamMember.Role.LEAD)
    sign_in_browser(page, teammate)
    page.goto(team.get_absolute_url())
    axe_check(page)
    expect(page.locator("#space-summary")).to_have_text("0 notes and 0 files.")

    follow(page, "Open the team space")
    follow(page, "Write a note", role="button")
    page.get_by_label("Title").fill("Plan for March")
    page.get_by_label("Note").fill("**Start** with the Tuesday clinic.\n\n- count missed appointments")
    submit(page, "Save the note")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan for March")
    expect(page.locator("#note-body strong")).to_have_text("Start")

    follow(page, "Back to the team space")
    follow(page, "Upload a file", role="button")
    wrong = tmp_path / "minutes.exe"
    wrong.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    page.locator("input[type=file][name=file]").set_input_files(wrong)
    page.get_by_label("What is it? (optional)").fill("Meeting minutes")
    submit(page, "Upload the file")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The selected file must be a PDF")
    expect(page.get_by_label("What is it? (optional)")).to_have_value("Meeting minutes")
    right = tmp_path / "minutes.txt"
    right.write_text("We met on Tuesday.\n")
    page.locator("input[type=file][name=file]").set_input_files(right)
    submit(page, "Upload the file")
    expect(page.locator("#file-list")).to_contain_text("minutes.txt")
    assert TeamFile.objects.get().description == "Meeting minutes"

    page.goto(team.get_absolute_url())
    axe_check(page)
    follow(page, "Add to the learning log", role="button")
    page.get_by_label("Title").fill("Text reminders halved missed appointments")
    page.get_by_label("What we tried").fill("A text two days before each first appointment.")
    page.get_by_label("What happened").fill("Missed first appointments fell from 20% to 9%.")
    page.get_by_label("What we learned").fill("Two days' notice gives people time to arrange transport.")
    submit(page, "Save the learning")
    expect(page.locator("#citation")).to_contain_text(
        "Pain and mood clinic. “Text reminders halved missed appointments”"
    )
    entry = LearningEntry.objects.get()

    sign_in_browser(page, cast.participant)  # a reader from outside the team finds it
    page.goto("/labs/the-lab/improvement/learning/?q=TRANSPORT+days")
    axe_check(page)
    expect(page.locator("#results-count")).to_have_text("1 entry found")
    follow(page, entry.title)
    expect(page.get_by_role("heading", level=1)).to_have_text(entry.title)
