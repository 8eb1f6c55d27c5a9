"""Updates in a real browser, with JavaScript off (decision 0044), axe on every page.

The lab team writes an update (a mistake first, explained), sends it to the participants in Wales
after checking it, and a participant there reads it on the site; they then turn update e-mails off.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check, take_console_errors
from carelab.updates.access import unsubscribe_token
from carelab.updates.audience import wants_email
from carelab.updates.models import Delivery, Update
from carelab.updates.tests.factories import UpdateFactory

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_the_team_sends_an_update_to_a_group_and_a_participant_there_reads_it(
    new_page, sign_in_browser, cast, add_participant, topics
):
    anna = add_participant("Anna", region="wales", topics=[topics["Sleep"]])
    add_participant("Cai", region="london")
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)

    team.goto("/labs/the-lab/team/")
    axe_check(team)
    follow(team.get_by_role("link", name="Updates to participants"))
    follow(team.get_by_role("button", name="Write an update"))

    # Forgetting the subject is explained, and what was written stays.
    team.get_by_label("Your update").fill("Join us in **Cardiff** on Saturday.\n\n- tea and cake\n- step-free")
    follow(team.get_by_role("button", name="Save and continue"))
    expect(team.locator(".nhsuk-error-summary")).to_contain_text("Enter a subject")
    expect(team.get_by_label("Your update")).to_have_value(re.compile("Join us in"))
    team.get_by_label("Subject").fill("A workshop in Cardiff")
    follow(team.get_by_role("button", name="Save and continue"))

    # Only the participants in Wales.
    expect(team.get_by_role("heading", level=1)).to_have_text("Who is this update for?")
    team.get_by_role("group", name="Where are they?").get_by_label("Wales", exact=True).check()
    follow(team.get_by_role("button", name="Save and continue"))

    expect(team.get_by_role("heading", level=1)).to_have_text("Check your update before sending")
    expect(team.locator("#audience")).to_have_text("In Wales")
    expect(team.locator("#recipient-count strong")).to_have_text("1 person")
    expect(team.locator("#preview-body strong")).to_have_text("Cardiff")
    team.get_by_text("See the e-mail as plain text").click()
    expect(team.locator("#plain-text")).to_contain_text("Stop getting updates by e-mail")
    follow(team.get_by_role("button", name="Send the update"))
    expect(team.locator(".nhsuk-notification-banner")).to_contain_text("We are e-mailing it to 1 person")
    expect(team.locator("#delivery-counts .nhsuk-summary-list__value").first).to_have_text("1")

    update = Update.objects.get()
    assert update.status == "sent"
    assert list(Delivery.objects.values_list("recipient", "status")) == [(anna.pk, "sent")]
    assert [email.to for email in mail.outbox] == [["anna@example.org"]]

    # Anna finds it from the lab's home page.
    participant = new_page(javascript=False)
    sign_in_browser(participant, anna)
    participant.goto(cast.lab.get_absolute_url())
    axe_check(participant)
    follow(participant.get_by_role("link", name="Updates from the lab team"))
    expect(participant.locator("#email-choice")).to_contain_text("You get the lab team's updates by e-mail.")
    follow(participant.get_by_role("link", name="A workshop in Cardiff"))
    expect(participant.get_by_role("heading", level=1)).to_have_text("A workshop in Cardiff")
    expect(participant.locator("#update-body li")).to_have_text(["tea and cake", "step-free"])

    # And turns update e-mails off.
    follow(participant.get_by_role("link", name="All updates from the lab team"))
    follow(participant.get_by_role("link", name="Change how you get updates"))
    participant.get_by_label(re.compile("No, do not e-mail me updates")).check()
    follow(participant.get_by_role("button", name="Save my choice"))
    expect(participant.locator("#email-choice")).to_contain_text("You do not get the lab team's updates by e-mail.")


def test_a_person_stops_update_emails_from_the_link_without_signing_in(page_without_js, cast, add_participant):
    anna = add_participant("Anna")
    page = page_without_js
    link = f"/labs/the-lab/updates/unsubscribe/{unsubscribe_token(anna, cast.lab)}/"

    page.goto(link)
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop getting updates by e-mail?")
    follow(page.get_by_role("button", name="Stop update e-mails"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You will not get any more update e-mails")
    assert not wants_email(anna, cast.lab)

    page.goto(link[:-3] + "/")
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert [error for error in take_console_errors(page) if "status of 400" in error]


def test_the_pages_around_updates_read_well_for_everyone_else(page, sign_in_browser, cast):
    draft = UpdateFactory(lab=cast.lab, subject="Half written")
    UpdateFactory(lab=cast.lab, subject="Sent last week", sent=True, sent_by=cast.team)

    sign_in_browser(page, cast.member)
    page.goto("/labs/the-lab/updates/")
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Updates are for lab participants")
    assert [error for error in take_console_errors(page) if "status of 403" in error]

    sign_in_browser(page, cast.team)
    page.goto("/labs/the-lab/updates/team/")
    axe_check(page)
    expect(page.locator("#team-updates tbody tr")).to_have_count(2)
    follow(page.get_by_role("link", name="Sent last week"))
    expect(page.locator("#delivery-counts .nhsuk-summary-list__value")).to_have_text(["0", "0", "0"])
    page.goto(f"/labs/the-lab/updates/team/{draft.pk}/")
    axe_check(page)
    expect(page.locator("#recipient-count")).to_contain_text("Nobody will get this by e-mail")
    follow(page.get_by_role("link", name="Delete this draft"))
    follow(page.get_by_role("button", name="Yes, delete the draft"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Draft “Half written” deleted.")
