"""The lab team's pages: the queue, a flag's page, its actions and the lab's guidance."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from carelab.core.tests.html import parse, text_of
from carelab.labs.tests.factories import LabFactory
from carelab.safeguarding import actions
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag
from carelab.safeguarding.tests.factories import CONTACT_EMAIL, SafeguardingFlagFactory
from carelab.surveys.tests.factories import SurveyFactory

QUEUE = "/labs/the-lab/safeguarding/"


def flag_url(flag, action=""):
    return f"/labs/the-lab/safeguarding/{flag.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def team_client(cast, client_for):
    return client_for(cast.team)


@pytest.fixture
def survey(cast):
    return SurveyFactory(lab=cast.lab, title="Share your experience")


def raised_at(flag, when):
    SafeguardingFlag.objects.filter(pk=flag.pk).update(created_at=when)
    FlagEvent.objects.filter(flag=flag, action="raised").update(created_at=when)
    return flag


def queue_rows(response):
    return parse(response).select("#flags tbody tr")


def row_ids(response):
    return [int(row["id"].removeprefix("flag-")) for row in queue_rows(response)]


def summary_errors(response):
    return [text_of(item) for item in parse(response).select(".nhsuk-error-summary__list li")]


def banner(response):
    return " ".join(text_of(node) for node in parse(response).select(".nhsuk-notification-banner"))


# The queue


def test_the_queue_shows_open_flags_oldest_first(cast, team_client, survey):
    now = timezone.now()
    middle = raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), now - timedelta(days=2))
    oldest = raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), now - timedelta(days=5))
    newest = raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), now - timedelta(hours=1))
    closed = raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), now - timedelta(days=9))
    actions.close_flag(flag=closed, by=cast.team, outcome="Done.")
    actions.start_review(flag=middle, by=cast.team)
    SafeguardingFlagFactory(lab=cast.other_lab)  # never in this lab's queue

    response = team_client.get(QUEUE)
    assert row_ids(response) == [oldest.pk, middle.pk, newest.pk]
    assert "Open (new and in review): 3 flags" in text_of(parse(response).select_one("#flags caption"))


def test_all_flags_puts_open_ones_first_then_oldest_first(cast, team_client, survey):
    now = timezone.now()
    old_closed = raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), now - timedelta(days=9))
    actions.close_flag(flag=old_closed, by=cast.team, outcome="Done.")
    recent_open = raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), now - timedelta(days=1))
    older_open = raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), now - timedelta(days=3))
    assert row_ids(team_client.get(QUEUE, {"status": "all"})) == [older_open.pk, recent_open.pk, old_closed.pk]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("open", {"new", "in_review"}), ("new", {"new"}), ("in_review", {"in_review"}), ("closed", {"closed"})],
)
def test_the_queue_filters_by_status(cast, team_client, survey, choice, expected):
    flags = {status: SafeguardingFlagFactory(lab=cast.lab, survey=survey) for status in ("new", "in_review", "closed")}
    actions.start_review(flag=flags["in_review"], by=cast.team)
    actions.close_flag(flag=flags["closed"], by=cast.team, outcome="Done.")
    response = team_client.get(QUEUE, {"status": choice})
    assert set(row_ids(response)) == {flags[status].pk for status in expected}
    selected = parse(response).select_one("select[name=status] option[selected]")
    assert selected["value"] == choice


def test_the_filter_says_how_many_flags_each_choice_shows(cast, team_client, survey):
    flags = SafeguardingFlagFactory.create_batch(3, lab=cast.lab, survey=survey)
    actions.close_flag(flag=flags[0], by=cast.team, outcome="Done.")
    options = [text_of(option) for option in parse(team_client.get(QUEUE)).select("select[name=status] option")]
    assert options == ["Open (new and in review) (2)", "New (2)", "In review (0)", "Closed (1)", "All flags (3)"]


def test_an_unknown_filter_shows_an_error_and_the_open_flags(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    response = team_client.get(QUEUE, {"status": "everything"})
    assert summary_errors(response) == ["Choose which flags to show from the list"]
    assert row_ids(response) == [flag.pk]


def test_each_row_shows_reasons_in_words_survey_reference_time_status_and_last_change(cast, team_client, survey):
    flag = SafeguardingFlagFactory(
        lab=cast.lab,
        survey=survey,
        reasons=["most_severe_band", "risk_phrase"],
        details={"instruments": {"most_severe_band": ["phq8", "gad7"]}, "phrases": ["can't go on"]},
    )
    raised_at(flag, datetime(2026, 7, 1, 13, 5, tzinfo=UTC))  # 2:05pm in London (summer time)
    actions.start_review(flag=flag, by=cast.team)
    (row,) = queue_rows(team_client.get(QUEUE))
    cells = row.select("td")
    assert text_of(cells[0]) == "1 July 2026 at 2:05pm"
    assert [text_of(item) for item in cells[1].select("li")] == [
        "Score in the most severe band: PHQ-8, GAD-7",
        "Words matched a risk phrase: “can't go on”",
    ]
    assert text_of(cells[2]) == f"Survey answers: Share your experience, response {flag.response_reference}"
    assert cells[2].a["href"] == flag_url(flag)
    assert text_of(cells[3]) == "In review"
    assert "nhsuk-tag--yellow" in cells[3].select_one(".nhsuk-tag")["class"]
    assert text_of(cells[4]).startswith("Review started, ")


def test_an_empty_queue_says_so(cast, team_client):
    page = parse(team_client.get(QUEUE))
    assert text_of(page.select_one("#no-flags")) == "No flags are open."
    assert page.select_one("#flags") is None


def test_the_queue_is_paginated(cast, team_client, survey, monkeypatch):
    monkeypatch.setattr("carelab.safeguarding.views.FLAGS_PER_PAGE", 2)
    flags = [
        raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), timezone.now() - timedelta(days=days))
        for days in (3, 2, 1)
    ]
    first = team_client.get(QUEUE, {"status": "open"})
    assert row_ids(first) == [flags[0].pk, flags[1].pk]
    next_link = parse(first).select_one(".nhsuk-pagination__link--next")["href"]
    assert next_link == "?status=open&page=2"
    assert row_ids(team_client.get(QUEUE + next_link)) == [flags[2].pk]


def test_the_lab_team_dashboard_counts_open_flags(cast, team_client, survey):
    flags = SafeguardingFlagFactory.create_batch(3, lab=cast.lab, survey=survey)
    actions.close_flag(flag=flags[0], by=cast.team, outcome="Done.")
    actions.start_review(flag=flags[1], by=cast.team)
    SafeguardingFlagFactory(lab=cast.other_lab)
    page = parse(team_client.get("/labs/the-lab/team/"))
    assert text_of(page.select_one("#safeguarding-open")) == "2 open"
    assert page.find("a", string="Safeguarding review")["href"] == QUEUE


# A flag's page


def test_the_flag_page_explains_each_reason_in_words(cast, team_client, survey):
    flag = SafeguardingFlagFactory(
        lab=cast.lab,
        survey=survey,
        reasons=["phq9_item9_positive", "most_severe_band", "risk_phrase"],
        details={
            "instruments": {"phq9_item9_positive": ["phq9"], "most_severe_band": ["phq8"]},
            "phrases": ["can't go on"],
            "questions": ["what_helped", "roles_other"],
        },
    )
    reasons = [text_of(item) for item in parse(team_client.get(flag_url(flag))).select("#flag-reasons li")]
    assert reasons[0].startswith("Self-harm question answered above 0. The answer to PHQ-9 question 9 (“Thoughts")
    assert reasons[1] == "Score in the most severe band. The PHQ-8 total was in the “Severe” band (20 to 24)."
    assert re.fullmatch(
        r"Words matched a risk phrase\. An answer contained the lab's risk phrase “can't go on”\. "
        r"Found in the answer to “.+” and “.+” \(the “Other, please say” answer\)\.",
        reasons[2],
    ), reasons[2]


def summary(response) -> dict[str, str]:
    page = parse(response)
    return {
        text_of(row.select_one(".nhsuk-summary-list__key")): text_of(row.select_one(".nhsuk-summary-list__value"))
        for row in page.select("#flag-summary .nhsuk-summary-list__row")
    }


def test_the_flag_page_shows_the_survey_reference_times_and_contact_as_yes_never_the_address(cast, team_client, survey):
    flag = raised_at(
        SafeguardingFlagFactory(lab=cast.lab, survey=survey, contact=True), datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    )
    response = team_client.get(flag_url(flag))
    rows = summary(response)
    assert rows["Survey"].startswith("Share your experience")
    assert rows["Response reference"] == flag.response_reference
    assert rows["Response"].startswith("Submitted on ")
    assert rows["Raised"] == "5 January 2026 at 9:30am"  # winter: London is on UTC
    assert rows["Agreed to be contacted"] == "Yes"
    assert CONTACT_EMAIL not in response.content.decode()
    assert parse(response).select_one("#contact-how") is not None
    results = parse(response).select_one("#flag-summary a")["href"]
    assert results == f"/labs/the-lab/surveys/team/{survey.slug}/results/"


def test_a_person_who_did_not_agree_to_contact_shows_no(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey, submitted=False)
    response = team_client.get(flag_url(flag))
    rows = summary(response)
    assert rows["Agreed to be contacted"] == "No"
    assert rows["Response"].startswith("Not finished")
    assert parse(response).select_one("#contact-how") is None


def test_a_flag_whose_response_was_deleted_keeps_its_page_and_history(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    actions.add_note(flag=flag, by=cast.team, note="Looked at it.")
    flag.survey_response.delete()
    rows = summary(team_client.get(flag_url(flag)))
    assert rows["Response"].startswith("The response has been deleted")
    assert rows["Agreed to be contacted"] == "Not known: the response has been deleted"
    assert rows["Response reference"] == flag.response_reference


def history(response):
    return [[text_of(cell) for cell in row.select("td")] for row in parse(response).select("#flag-history tbody tr")]


def test_the_history_shows_who_did_what_and_when_in_uk_time(cast, team_client, survey):
    flag = raised_at(SafeguardingFlagFactory(lab=cast.lab, survey=survey), datetime(2026, 6, 30, 23, 15, tzinfo=UTC))
    actions.start_review(flag=flag, by=cast.team)
    actions.add_note(flag=flag, by=cast.admin, note="First line\nsecond <b>line</b>")
    cast.admin.delete()  # people who leave CareLab stay in the history, without their name
    rows = history(team_client.get(flag_url(flag)))
    assert rows[0] == [
        "1 July 2026 at 12:15am",
        "Flag raised",
        "CareLab (automatic check)",
        "Score in the most severe band",
    ]
    assert rows[1][1:] == ["Review started", "Tam Team", ""]
    assert rows[2][1:] == ["Note added", "Someone no longer on CareLab", "First line second <b>line</b>"]
    page = parse(team_client.get(flag_url(flag)))
    assert page.select_one("#flag-history b") is None  # typed HTML is shown as text


def test_the_labs_guidance_is_shown_beside_the_flag_as_sanitised_markdown(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    assert "has not written safeguarding guidance yet" in text_of(
        parse(team_client.get(flag_url(flag))).select_one("#guidance")
    )
    actions.save_guidance(lab=cast.lab, by=cast.team, body="**Call Jo** within a day.\n\n<script>alert(1)</script>")
    guidance = parse(team_client.get(flag_url(flag))).select_one("#guidance")
    assert text_of(guidance.select_one("strong")) == "Call Jo"
    assert guidance.select_one("script") is None


def test_another_labs_flag_is_not_found_for_this_labs_team(cast, team_client):
    other = SafeguardingFlagFactory(lab=cast.other_lab)
    assert team_client.get(flag_url(other)).status_code == 404
    assert team_client.post(flag_url(other, "close"), {"close-outcome": "x"}).status_code == 404
    assert SafeguardingFlag.objects.get(pk=other.pk).status == "new"


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        ("new", ["Start review", "Close flag", "Add note"]),
        ("in_review", ["Close flag", "Add note"]),
        ("closed", ["Reopen flag", "Add note"]),
    ],
)
def test_the_flag_page_offers_what_fits_its_status(cast, team_client, survey, status, buttons):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    SafeguardingFlag.objects.filter(pk=flag.pk).update(status=status)
    page = parse(team_client.get(flag_url(flag)))
    assert [text_of(button) for button in page.select("main form button")] == buttons


# Actions through the pages


def test_starting_a_review_from_the_page(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    response = team_client.post(flag_url(flag, "start-review"), follow=True)
    assert response.redirect_chain == [(flag_url(flag), 302)]
    assert "You have started reviewing this flag" in banner(response)
    assert summary(response)  # back on the flag's page
    assert text_of(parse(response).select_one("#flag-status")) == "In review"


def test_starting_a_review_someone_else_started_says_so(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    actions.start_review(flag=flag, by=cast.admin)
    response = team_client.post(flag_url(flag, "start-review"), follow=True)
    assert "Someone is already reviewing this flag (review started by Ada Admin on" in banner(response)
    assert FlagEvent.objects.filter(flag=flag, action="review_started").count() == 1


def test_adding_a_note_from_the_page(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    response = team_client.post(flag_url(flag, "notes"), {"note-text": "Checked: no contact details."}, follow=True)
    assert "Note added to the history." in banner(response)
    assert history(response)[-1][1:] == ["Note added", "Tam Team", "Checked: no contact details."]


def test_an_empty_note_shows_an_error_and_saves_nothing(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    response = team_client.post(flag_url(flag, "notes"), {"note-text": "  "})
    assert response.status_code == 200
    assert summary_errors(response) == ["Enter a note"]
    page = parse(response)
    assert page.select_one(".nhsuk-error-summary__list a")["href"] == "#id_note-text"
    assert page.select_one("#id_note-text") is not None
    assert page.title.string.startswith("Error: ")
    assert FlagEvent.objects.filter(flag=flag).count() == 1


def test_a_note_that_is_too_long_keeps_what_was_typed(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    typed = "Line one.\n" + "x" * 5000
    response = team_client.post(flag_url(flag, "notes"), {"note-text": typed})
    assert summary_errors(response) == ["The note must be 5,000 characters or fewer. You have written 5010."]
    assert parse(response).select_one("#id_note-text").string == typed
    assert FlagEvent.objects.filter(flag=flag).count() == 1


def test_closing_from_the_page_needs_an_outcome_and_keeps_the_other_boxes(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    response = team_client.post(flag_url(flag, "close"), {"close-outcome": ""})
    assert summary_errors(response) == ["Enter the outcome: what was decided and done"]
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == "new"
    response = team_client.post(flag_url(flag, "close"), {"close-outcome": "No further action."}, follow=True)
    assert "Flag closed." in banner(response)
    assert history(response)[-1][1:] == ["Closed", "Tam Team", "No further action."]
    assert text_of(parse(response).select_one("#flag-status")) == "Closed"


def test_closing_a_flag_someone_already_closed_says_so_and_keeps_what_was_typed(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    actions.close_flag(flag=flag, by=cast.admin, outcome="Closed by Ada.")
    response = team_client.post(flag_url(flag, "close"), {"close-outcome": "My outcome, typed in an old tab."})
    assert response.status_code == 409
    (error,) = summary_errors(response)
    assert error.startswith("This flag was already closed by Ada Admin on ")
    assert error.endswith("What you wrote is in the note box below: add it as a note if it is still useful.")
    assert parse(response).select_one("#id_note-text").string == "My outcome, typed in an old tab."
    assert FlagEvent.objects.filter(flag=flag, action="closed").count() == 1


def test_an_empty_close_form_on_a_closed_flag_just_says_it_is_closed(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    actions.close_flag(flag=flag, by=cast.admin, outcome="Closed by Ada.")
    response = team_client.post(flag_url(flag, "close"), {"close-outcome": ""}, follow=True)
    assert "This flag is already closed, so nothing was changed." in banner(response)
    assert FlagEvent.objects.filter(flag=flag, action="closed").count() == 1


def test_reopening_from_the_page_needs_a_reason(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    actions.close_flag(flag=flag, by=cast.team, outcome="Done.")
    response = team_client.post(flag_url(flag, "reopen"), {"reopen-reason": ""})
    assert summary_errors(response) == ["Enter why you are reopening this flag"]
    response = team_client.post(flag_url(flag, "reopen"), {"reopen-reason": "New information."}, follow=True)
    assert "Flag reopened." in banner(response)
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == "in_review"


def test_reopening_an_open_flag_says_so_and_keeps_what_was_typed(cast, team_client, survey):
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    response = team_client.post(flag_url(flag, "reopen"), {"reopen-reason": "Thought it was closed."})
    assert response.status_code == 409
    assert summary_errors(response)[0].startswith("This flag is already open (now “New”), so it was not reopened.")
    assert parse(response).select_one("#id_note-text").string == "Thought it was closed."
    assert not FlagEvent.objects.filter(flag=flag, action="reopened").exists()


# The guidance page


def test_the_team_writes_the_labs_guidance(cast, team_client):
    page = parse(team_client.get(QUEUE + "guidance/"))
    assert page.select_one("textarea[name=body]").string in (None, "", "\n")
    response = team_client.post(QUEUE + "guidance/", {"body": "Call the **lead** within one working day."}, follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert "Safeguarding guidance saved." in banner(response)
    page = parse(team_client.get(QUEUE + "guidance/"))
    assert page.select_one("textarea[name=body]").string.strip() == "Call the **lead** within one working day."
    assert "Last saved by Tam Team" in text_of(page.select_one("#guidance-updated"))


def test_guidance_that_is_too_long_keeps_what_was_typed(cast, team_client):
    typed = "x" * 20001
    response = team_client.post(QUEUE + "guidance/", {"body": typed})
    assert summary_errors(response) == ["The guidance must be 20,000 characters or fewer. You have written 20001."]
    assert parse(response).select_one("textarea[name=body]").string == typed


def test_another_labs_guidance_is_not_shown(cast, team_client, survey):
    actions.save_guidance(lab=cast.other_lab, by=cast.other_team, body="Other lab's plan")
    flag = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    assert "Other lab's plan" not in team_client.get(flag_url(flag)).content.decode()
    assert LabFactory  # factories import kept for labs made in other tests


def test_text_from_the_survey_and_the_labs_settings_is_escaped(cast, team_client):
    survey = SurveyFactory(lab=cast.lab, title="<script>alert('title')</script>")
    flag = SafeguardingFlagFactory(
        lab=cast.lab, survey=survey, reasons=["risk_phrase"], details={"phrases": ["<b>dark</b>"]}
    )
    for url in (QUEUE, flag_url(flag)):
        page = parse(team_client.get(url))
        assert page.select_one("main script") is None
        assert page.select_one("main b") is None
        assert "<script>alert('title')</script>" in text_of(page.select_one("main"))
