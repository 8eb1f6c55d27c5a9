"""Answering a survey through the test client: start, pages, check, submit, resume.

The survey is carelab/lib/tests/xlsforms/lab_survey.md. Its pages: 1 a welcome note, 2 "About
you", 3 "Your experience" (scale, grid, text, decimal, a calculation), 4 "How you have been
feeling" (PHQ-8, shown only to people who live with pain).
"""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from carelab.core.tests.html import parse, text_of
from carelab.surveys.forms_answering import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION
from carelab.surveys.models import Answer, ContactDetail, ResumeLinkRequest, ResumeToken, Survey, SurveyResponse
from carelab.surveys.tasks import send_resume_link
from carelab.surveys.tests.factories import SurveyFactory, lab_survey_definition

CONSENT = {"take_part": "on", "health_data": "on"}
ABOUT_YOU = {
    "roles": ["lived_experience", "other"],
    "roles_other": "Peer support worker",
    "lives_with_pain": "yes",
    "pain_years": "4",
    "age_band": "35_54",
    "first_help-day": "3",
    "first_help-month": "9",
    "first_help-year": "2019",
}
EXPERIENCE = {
    "pain_today": "6",
    "listened_to": "agree",
    "joined_up": "disagree",
    "what_helped": "A walking group run by my local Mind.",
    "one_change": "Physio and talking therapy in one place.",
    "sleep_hours": "6.5",
}
MOOD = {f"phq_{number}": "1" for number in range(1, 9)}


def url(survey: Survey, name: str, *args) -> str:
    return reverse(f"surveys:{name}", args=[survey.lab.slug, survey.slug, *args])


def section_url(survey: Survey, number: int) -> str:
    return url(survey, "section", number)


def start(client, survey, data=None):
    response = client.post(url(survey, "start"), data or CONSENT)
    assert response.status_code == 302, text_of(parse(response).find(class_="nhsuk-error-summary"))
    return response


def the_response() -> SurveyResponse:
    return SurveyResponse.objects.get()


def error_messages(response) -> list[str]:
    summary = parse(response).find(class_="nhsuk-error-summary")
    return [text_of(item) for item in summary.find_all("li")] if summary else []


def answer_everything(client, survey):
    start(client, survey)
    client.post(section_url(survey, 1), {})
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 3), EXPERIENCE)
    return client.post(section_url(survey, 4), MOOD)


@pytest.fixture
def survey(db):
    return SurveyFactory(slug="launch", title="Share your experience")


# The start page


def test_start_page_says_what_a_person_needs_to_know_before_they_begin(client, survey):
    page = parse(client.get(url(survey, "start")))
    main = text_of(page.main)
    assert page.h1.get_text() == "Share your experience"
    assert "We want to learn what helps people" in main  # the purpose, from Markdown
    assert "It takes about 5 minutes" in main
    assert "anonymous unless you choose to give your e-mail address" in main
    assert "You can skip any question marked “(optional)”, and leave the survey at any time" in main
    assert "Nobody reads your answers as you give them" in main
    assert "Samaritans" in main
    assert page.main.find("a", href=reverse("privacy"))
    assert page.main.find("a", href=reverse("help_now"))


def test_each_consent_is_a_separate_statement_with_its_own_box(client, survey):
    page = parse(client.get(url(survey, "start")))
    boxes = {box["name"] for box in page.main.find_all("input", type="checkbox")}
    assert boxes == {"take_part", "health_data", "quote", "contact"}
    # Without JavaScript the e-mail box shows, and says it is only used with the contact consent.
    assert page.find("input", attrs={"name": "email"})
    assert "Only used if you tick the box to be contacted" in text_of(page.main)


def test_taking_part_and_health_information_must_both_be_agreed_to_continue(client, survey):
    response = client.post(url(survey, "start"), {"health_data": "on", "quote": "on"})
    assert response.status_code == 200
    assert error_messages(response) == ["Tick the box to say you want to take part, or leave the survey"]
    assert parse(response).find("input", attrs={"name": "quote"}).has_attr("checked")  # kept
    response = client.post(url(survey, "start"), {"take_part": "on"})
    assert error_messages(response) == [
        "Tick the box to agree to the use of your health information, or leave the survey"
    ]
    assert not SurveyResponse.objects.exists()


def test_consents_given_are_recorded_with_their_wording_and_version(client, survey):
    start(client, survey, {**CONSENT, "quote": "on"})
    response = the_response()
    assert response.consents == {
        name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION}
        for name in ("take_part", "health_data", "quote")
    }
    assert response.consented_at is not None
    assert response.user is None
    assert not ContactDetail.objects.exists()


def test_an_email_address_is_kept_apart_only_when_the_person_agrees_to_be_contacted(client, survey):
    start(client, survey, {**CONSENT, "email": "sam@example.org"})
    assert not ContactDetail.objects.exists()
    start(client, survey, {**CONSENT, "contact": "on", "email": "sam@example.org"})
    contact = ContactDetail.objects.get()
    assert contact.email == "sam@example.org"
    assert "contact" in contact.response.consents
    assert "sam@example.org" not in str(contact.response.answers)


def test_agreeing_to_be_contacted_needs_an_email_address(client, survey):
    response = client.post(url(survey, "start"), {**CONSENT, "contact": "on"})
    assert error_messages(response) == ["Enter your e-mail address, or untick the box to be contacted"]


def test_a_signed_in_person_may_link_their_answers_to_their_account(client_for, cast):
    survey = SurveyFactory(lab=cast.lab)
    client = client_for(cast.member)
    assert parse(client.get(url(survey, "start"))).find("input", attrs={"name": "link_account"})
    start(client, survey)
    assert the_response().user is None
    start(client, survey, {**CONSENT, "link_account": "on"})
    assert SurveyResponse.objects.filter(user=cast.member).count() == 1


def test_a_signed_out_person_is_not_offered_to_link_an_account(client, survey):
    assert not parse(client.get(url(survey, "start"))).find("input", attrs={"name": "link_account"})


# Pages


def test_each_page_shows_its_progress_heading_back_link_and_resume_link(client, survey):
    start(client, survey)
    page = parse(client.get(section_url(survey, 2)))
    assert page.h1.get_text() == "About you"
    assert "Section 2 of 4" in text_of(page.find(class_="nhsuk-caption-l"))
    assert page.find(class_="nhsuk-back-link")["href"] == section_url(survey, 1)
    resume = page.find(id="resume-link")
    assert "/resume/" in resume["href"]
    assert "Save this link to come back later" in text_of(page.find(class_="carelab-resume-link"))


def test_pages_before_the_start_send_people_to_the_start(client, survey):
    for path in (section_url(survey, 1), url(survey, "check"), url(survey, "confirmation")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == url(survey, "start")


def test_each_question_kind_is_drawn_as_its_nhs_component(client, survey):
    start(client, survey)
    about = parse(client.get(section_url(survey, 2)))
    assert about.find("input", type="checkbox", attrs={"name": "roles", "value": "other"})
    assert about.find(id="conditional-q-roles-4").find("input", attrs={"name": "roles_other"})
    assert about.find("input", type="radio", attrs={"name": "lives_with_pain"})
    assert about.find("input", attrs={"name": "pain_years"})["inputmode"] == "numeric"
    date_group = about.find(class_="nhsuk-date-input")
    assert [box["name"] for box in date_group.find_all("input")] == [
        "first_help-day",
        "first_help-month",
        "first_help-year",
    ]
    client.post(section_url(survey, 2), ABOUT_YOU)
    experience = parse(client.get(section_url(survey, 3)))
    scale = experience.find("input", attrs={"name": "pain_today"}).find_parent("fieldset")
    assert len(scale.find_all("input", type="radio")) == 11
    assert "0 means No pain and 10 means Worst pain imaginable" in text_of(scale)
    assert "nhsuk-radios--inline" in scale.find(class_="nhsuk-radios")["class"]
    grid = experience.find(id="q-care_grid")
    legends = [text_of(legend) for legend in grid.find_all("legend")]
    assert legends == [
        "How much do you agree with these statements? (optional)",
        "Staff listened to me",
        "My physical and mental health care felt joined up",
        "I knew where to go for help",
    ]
    assert experience.find("textarea", attrs={"name": "what_helped"})
    assert experience.find("input", attrs={"name": "sleep_hours"})["inputmode"] == "decimal"


def test_an_instrument_section_shows_its_exact_items_and_credit_line(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), {"lives_with_pain": "yes", "roles": ["carer"]})
    page = parse(client.get(section_url(survey, 4)))
    main = text_of(page.main)
    assert "Over the last 2 weeks, how often have you been bothered by any of the following problems?" in main
    assert "Little interest or pleasure in doing things" in main
    assert "Developed by Drs Robert L. Spitzer" in main
    assert len(page.find_all("input", type="radio")) == 8 * 4
    assert not page.find("input", attrs={"name": "phq_9"})


def test_answers_are_saved_after_every_page_and_shown_again(client, survey):
    start(client, survey)
    response = client.post(section_url(survey, 2), ABOUT_YOU)
    assert response["Location"] == section_url(survey, 3)
    assert the_response().answers == {
        "roles": ["lived_experience", "other"],
        "roles_other": "Peer support worker",
        "lives_with_pain": "yes",
        "pain_years": 4,
        "age_band": "35_54",
        "first_help": "2019-09-03",
        "long_term_pain": "yes",  # the calculation, worked out as soon as its answers are there
    }
    page = parse(client.get(section_url(survey, 2)))
    assert page.find("input", attrs={"name": "pain_years"})["value"] == "4"
    assert page.find("input", attrs={"name": "first_help-month"})["value"] == "9"
    assert page.find("input", attrs={"name": "roles_other"})["value"] == "Peer support worker"
    # appearance 'minimal' in the XLSForm: a drop-down list
    assert page.find("select", attrs={"name": "age_band"}).find("option", selected=True)["value"] == "35_54"


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"lives_with_pain": "yes"}, "Choose at least one, or skip ahead"),  # required, own message
        ({"roles": ["carer"]}, "Select an answer to ‘Do you live with persistent back or neck pain?’"),
        ({**ABOUT_YOU, "pain_years": "four"}, "Enter a whole number, like 12"),
        ({**ABOUT_YOU, "pain_years": "91"}, "Enter a number of years from 0 to 90"),  # constraint message
        ({**ABOUT_YOU, "first_help-month": ""}, "The date must include a month"),
        ({**ABOUT_YOU, "first_help-day": "31", "first_help-month": "2"}, "Enter a real date, like 27 3 2024"),
        ({**ABOUT_YOU, "first_help-year": str(date.today().year + 1)}, "The date must be today or in the past"),
        # The penetration test's 20-digit year overflowed the date type (a 500).
        ({**ABOUT_YOU, "first_help-year": "12345678901234567890"}, "The year must have 4 numbers, like 2024"),
        ({**ABOUT_YOU, "first_help-day": "1" * 20}, "Enter a real date, like 27 3 2024"),
    ],
)
def test_about_you_page_explains_what_is_wrong_and_keeps_the_answers(client, survey, posted, message):
    start(client, survey)
    response = client.post(section_url(survey, 2), posted)
    assert response.status_code == 200
    assert error_messages(response) == [message]
    page = parse(response)
    assert page.title.get_text().startswith("Error: ")
    assert message in text_of(page.find(class_="nhsuk-error-message"))
    if "pain_years" in posted:
        assert page.find("input", attrs={"name": "pain_years"})["value"] == posted["pain_years"]
    if "first_help-day" in posted:
        assert page.find("input", attrs={"name": "first_help-day"})["value"] == posted["first_help-day"]
    assert the_response().answers == {}


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"one_change": "x" * 201}, "Keep this answer to 200 characters or fewer"),
        ({"sleep_hours": "25"}, "Enter a number of hours from 0 to 24"),
        ({"sleep_hours": "seven"}, "Enter a number, like 7 or 7.5"),
        ({"pain_today": "11"}, "Choose a number from 0 to 10"),
        ({"pain_today": "²"}, "Choose a number from 0 to 10"),  # a digit to str.isdigit(), not to int()
        ({"pain_today": "--5"}, "Choose a number from 0 to 10"),
        ({"listened_to": "maybe"}, "Choose one of the options"),
        ({"what_helped": "y" * 5001}, "Your answer must be 5,000 characters or fewer"),
    ],
)
def test_experience_page_checks_each_answer(client, survey, posted, message):
    start(client, survey)
    client.post(section_url(survey, 2), {"roles": ["carer"], "lives_with_pain": "yes"})
    response = client.post(section_url(survey, 3), posted)
    assert error_messages(response) == [message]


def test_the_error_summary_links_to_the_question(client, survey):
    start(client, survey)
    response = client.post(section_url(survey, 2), {**ABOUT_YOU, "pain_years": "x"})
    link = parse(response).find(class_="nhsuk-error-summary").find("a")
    assert link["href"] == "#q-pain_years"
    assert parse(response).find(id="q-pain_years")


# Conditions


def test_a_question_hidden_by_a_condition_loses_its_answer(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), ABOUT_YOU)
    client.post(section_url(survey, 2), {**ABOUT_YOU, "lives_with_pain": "no"})
    answers = the_response().answers
    assert answers["lives_with_pain"] == "no"
    assert "pain_years" not in answers
    assert "first_help" not in answers


def test_a_condition_on_an_earlier_page_hides_questions_and_whole_sections(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), {**ABOUT_YOU, "lives_with_pain": "no"})
    page = parse(client.get(section_url(survey, 3)))
    assert not page.find("input", attrs={"name": "pain_today"})  # only for people who live with pain
    response = client.post(section_url(survey, 3), EXPERIENCE)
    # The mood section is only for people who live with pain: straight on to checking.
    assert response["Location"] == url(survey, "check")
    assert "pain_today" not in the_response().answers
    assert client.get(section_url(survey, 4))["Location"] == url(survey, "check")


def test_changing_an_earlier_answer_drops_answers_to_sections_it_now_hides(client, survey):
    answer_everything(client, survey)
    assert "phq_1" in the_response().answers
    client.post(section_url(survey, 2) + "?return=check", {**ABOUT_YOU, "lives_with_pain": "no"})
    answers = the_response().answers
    assert not any(name.startswith("phq_") for name in answers)
    assert "pain_today" not in answers


def test_the_other_answer_is_kept_only_with_other_chosen(client, survey):
    start(client, survey)
    client.post(section_url(survey, 2), {**ABOUT_YOU, "roles": ["carer"]})
    assert "roles_other" not in the_response().answers


def test_calculations_are_worked_out_when_answers_are_saved(client, survey):
    answer_everything(client, survey)
    assert the_response().answers["long_term_pain"] == "yes"


# Check your answers and submitting


def test_check_your_answers_lists_each_answer_with_a_change_link(client, survey):
    answer_everything(client, survey)
    page = parse(client.get(url(survey, "check")))
    assert [text_of(heading) for heading in page.main.find_all("h2", class_="nhsuk-heading-m")][:3] == [
        "About you",
        "Your experience",
        "How you have been feeling",
    ]
    rows = {
        text_of(row.find(class_="nhsuk-summary-list__key")): row
        for row in page.find_all(class_="nhsuk-summary-list__row")
    }
    roles = rows["Which of these describe you?"]
    assert text_of(roles.find(class_="nhsuk-summary-list__value")) == (
        "I live with a mental health problem and persistent pain; Other, please say: Peer support worker"
    )
    assert roles.find("a")["href"] == section_url(survey, 2) + "?return=check#q-roles"
    assert text_of(rows["When did you first ask for help with your pain?"].dd) == "3 September 2019"
    grid_row = rows["How much do you agree with these statements?: I knew where to go for help"]
    assert text_of(grid_row.find(class_="nhsuk-summary-list__value")) == "Not answered"
    # Scores are never shown to the person.
    assert "Mild" not in text_of(page.main)
    assert "score" not in text_of(page.main).lower()


def test_a_change_link_returns_to_check_your_answers(client, survey):
    answer_everything(client, survey)
    page = parse(client.get(section_url(survey, 3) + "?return=check"))
    assert page.find("input", attrs={"name": "carelab-return"})["value"] == "check"
    assert page.find(class_="nhsuk-back-link")["href"] == url(survey, "check")
    response = client.post(section_url(survey, 3), {**EXPERIENCE, "carelab-return": "check"})
    assert response["Location"] == url(survey, "check")


def test_submitting_writes_answer_rows_scores_and_shows_a_reference(client, survey):
    answer_everything(client, survey)
    response = client.post(url(survey, "submit"))
    assert response["Location"] == url(survey, "confirmation")
    submitted = the_response()
    assert submitted.status == SurveyResponse.Status.SUBMITTED
    assert submitted.submitted_at is not None
    assert submitted.scores[0]["instrument_id"] == "phq8"
    assert submitted.scores[0]["total"] == 8
    rows = {(row.question, row.choice, row.number, row.text) for row in Answer.objects.all()}
    assert ("roles", "lived_experience", None, "") in rows
    assert ("roles", "other", None, "") in rows
    assert ("roles_other", "", None, "Peer support worker") in rows
    assert ("pain_years", "", 4.0, "") in rows
    assert ("first_help", "", None, "2019-09-03") in rows
    assert ("pain_today", "6", 6.0, "") in rows  # a scale point is both an option and a number
    assert ("score:phq8", "mild", 8.0, "") in rows  # scores are counted by band in the results
    assert ("listened_to", "agree", None, "") in rows  # a grid statement, by its own name
    assert ("sleep_hours", "", 6.5, "") in rows
    assert ("phq_3", "1", 1.0, "") in rows
    assert ("long_term_pain", "", None, "yes") in rows
    assert not any(question == "knew_where" for question, *_ in rows)  # not answered, no row
    page = parse(client.get(url(survey, "confirmation")))
    assert text_of(page.find(id="response-reference")) == submitted.reference
    assert "What happens next" in text_of(page.main)
    assert "Mild" not in text_of(page.main)


def test_double_submission_makes_one_response_with_one_set_of_answers(client, survey):
    answer_everything(client, survey)
    first = client.post(url(survey, "submit"))
    count = Answer.objects.count()
    second = client.post(url(survey, "submit"))
    assert first["Location"] == second["Location"] == url(survey, "confirmation")
    assert SurveyResponse.objects.submitted().count() == 1
    assert Answer.objects.count() == count
    # Going back to a page after submitting cannot change the answers.
    response = client.post(section_url(survey, 2), {**ABOUT_YOU, "lives_with_pain": "no"})
    assert response["Location"] == url(survey, "confirmation")
    assert the_response().answers["lives_with_pain"] == "yes"


def test_a_failure_during_submission_keeps_the_draft_and_leaves_no_answer_rows(client, survey, monkeypatch):
    answer_everything(client, survey)
    saved = the_response().answers

    def fail(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Answer.objects, "bulk_create", fail)
    response = client.post(url(survey, "submit"))
    assert response.status_code == 503
    assert error_messages(response) == [
        "Sorry, we could not send your answers just now. They are saved: please try again."
    ]
    draft = the_response()
    assert draft.status == SurveyResponse.Status.DRAFT
    assert draft.answers == saved
    assert draft.scores == []
    assert not Answer.objects.exists()
    monkeypatch.undo()
    client.post(url(survey, "submit"))
    assert the_response().status == SurveyResponse.Status.SUBMITTED
    assert Answer.objects.exists()


# Save and resume


def resume_link(client, survey) -> str:
    return parse(client.get(section_url(survey, 2))).find(id="resume-link")["href"]


def test_the_resume_link_brings_back_the_answers_in_another_browser(client, survey):
    start(client, survey)
    client.post(section_url(survey, 1), {})
    client.post(section_url(survey, 2), ABOUT_YOU)
    link = resume_link(client, survey)
    elsewhere = Client()
    response = elsewhere.get(link)
    assert response["Location"] == section_url(survey, 3)
    page = parse(elsewhere.get(section_url(survey, 2)))
    assert page.find("input", attrs={"name": "pain_years"})["value"] == "4"
    assert the_response().resume_token_hash not in link  # only the hash is stored


def test_an_unknown_or_expired_resume_link_says_so_clearly(client, survey):
    response = client.get(url(survey, "resume", "not-a-real-token"))
    assert response.status_code == 404
    assert parse(response).h1.get_text() == "This link does not work"
    start(client, survey)
    link = resume_link(client, survey)
    SurveyResponse.objects.update(updated_at=the_response().updated_at - timedelta(days=31))
    assert parse(client.get(link)).h1.get_text() == "This link does not work"


def test_a_resume_link_is_emailed_once_and_the_address_is_not_kept(client, survey, django_capture_on_commit_callbacks):
    start(client, survey)
    page_link = resume_link(client, survey)
    page = parse(client.get(url(survey, "email_link")))
    assert page.find("input", attrs={"name": "email"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(survey, "email_link"), {"email": "sam@example.org"})
    assert parse(response).h1.get_text() == "We have sent you the link"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    emailed_link = re.search(r"http\S+/resume/\S+/", message.body).group(0)
    assert "Need help now?" in message.body  # the crisis footer
    assert "Samaritans" in message.body
    assert not ContactDetail.objects.exists()
    assert not ResumeLinkRequest.objects.exists()
    assert "sam@example.org" not in str(SurveyResponse.objects.values().get())
    # The e-mail carries a link of its own, made when it was sent; the one on the page still works.
    assert emailed_link.rsplit("/", 2)[1] != page_link.rsplit("/", 2)[1]
    for link in (page_link, emailed_link.removeprefix(settings.SITE_URL)):
        assert Client().get(link)["Location"] == section_url(survey, 1)
    assert the_response().resume_tokens.count() == 1
    assert emailed_link.rsplit("/", 2)[1] not in str(list(ResumeToken.objects.values()))  # only its hash


def test_no_resume_email_goes_for_a_draft_submitted_before_the_task_ran(client, survey):
    start(client, survey)
    draft = the_response()
    request = ResumeLinkRequest.objects.create(response=draft, email="sam@example.org")
    SurveyResponse.objects.update(status=SurveyResponse.Status.SUBMITTED)
    assert send_resume_link.enqueue(request.pk).return_value == 0
    assert mail.outbox == []
    assert not ResumeLinkRequest.objects.exists()
    assert not ResumeToken.objects.exists()


def test_the_email_link_form_needs_a_valid_address(client, survey):
    start(client, survey)
    response = client.post(url(survey, "email_link"), {"email": "not an address"})
    assert error_messages(response) == ["Enter an e-mail address in the correct format, like name@example.com"]
    assert mail.outbox == []


# Closed surveys


def test_a_closed_survey_says_so_plainly(client, db):
    survey = SurveyFactory(status=Survey.Status.CLOSED)
    response = client.get(url(survey, "start"))
    assert response.status_code == 404
    assert parse(response).h1.get_text() == "This survey is closed"


def test_the_closed_page_reads_the_survey_once(client, db):
    """The gatekeeper says why the survey cannot be answered, so the view does not look it up again."""
    from carelab.core.tests.queries import PageQueries

    survey = SurveyFactory(status=Survey.Status.CLOSED)
    with PageQueries() as queries:
        response = client.get(url(survey, "start"))
    assert response.status_code == 404
    # (Not counting the kept public pages' one look at every table's next scheduled moment, decision 0043.)
    reads = [query for query in queries if 'FROM "surveys_survey"' in query["sql"] and "UNION ALL" not in query["sql"]]
    assert len(reads) == 1


def test_a_survey_not_open_yet_says_so(client, db):
    from django.utils import timezone

    survey = SurveyFactory(opens_at=timezone.now() + timedelta(days=2))
    response = client.get(url(survey, "start"))
    assert parse(response).h1.get_text() == "This survey is not open yet"


def test_a_draft_survey_does_not_exist_for_the_public(client, db):
    survey = SurveyFactory(draft=True)
    assert client.get(url(survey, "start")).status_code == 404


def test_an_earlier_answer_in_a_questions_words_is_filled_in_as_the_person_gave_it(client, db):
    """XLSForm's ${name} in a label or hint shows the answer given: choice labels, numbers, text (escaped)."""
    definition = lab_survey_definition()
    for section in definition["sections"]:
        for question in section.get("questions", []):
            if question["name"] == "what_helped":
                question["label"] = "In ${pain_years} years as '${roles}', what has helped you most?"
                question["hint"] = "You described your work as: ${roles_other}. ${sleep_hours}"
    survey = SurveyFactory(slug="launch", definition=definition)
    start(client, survey)
    client.post(section_url(survey, 2), {**ABOUT_YOU, "roles_other": "Peer <b>support</b> worker"})
    page = parse(client.get(section_url(survey, 3)))
    label = text_of(page.find("label", attrs={"for": "q-what_helped"}))
    said = "In 4 years as 'I live with a mental health problem and persistent pain, Peer <b>support</b> worker'"
    assert label == f"{said}, what has helped you most? (optional)"
    hint = page.find(id="q-what_helped-hint")
    assert text_of(hint) == "You described your work as: Peer <b>support</b> worker."  # not answered yet: nothing
    assert hint.find("b") is None  # the person's words are shown, never run as HTML
    client.post(section_url(survey, 3), EXPERIENCE)
    check = text_of(parse(client.get(url(survey, "check"))))
    assert f"{said}, what has helped" in check


def test_free_text_holding_a_nul_character_is_refused_with_a_message_and_kept_on_the_page(client, survey):
    """PostgreSQL cannot store a NUL; the penetration test's NUL in free text was a 500."""
    start(client, survey)
    client.post(section_url(survey, 2), {"roles": ["carer"], "lives_with_pain": "yes"})
    response = client.post(section_url(survey, 3), {"what_helped": "A walk\x00 every day"})
    assert response.status_code == 200
    assert error_messages(response) == [
        "Your answer has an invisible control character that cannot be saved. Delete it, or retype the answer"
    ]
    assert "A walk" in parse(response).find("textarea", attrs={"name": "what_helped"}).get_text()
    assert "what_helped" not in the_response().answers
