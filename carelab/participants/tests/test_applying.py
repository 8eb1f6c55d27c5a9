"""Applying to become a lab participant: anonymous form, signing in or creating an account, check, send."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from carelab.accounts.models import User
from carelab.accounts.tests.factories import PASSWORD
from carelab.core.tests.html import parse, text_of
from carelab.participants.forms import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION
from carelab.participants.models import Application, ApplicationEvent, hash_token
from carelab.participants.tests.factories import ApplicationFactory

APPLY = "/labs/the-lab/participants/apply/"
ACCOUNT = "/labs/the-lab/participants/apply/account/"
CHECK = "/labs/the-lab/participants/apply/check/"
STATUS = "/labs/the-lab/participants/application/"


def _link_in(message) -> str:
    return re.search(re.escape(settings.SITE_URL) + r"(/\S+)", message.body).group(1)


def _summary(page, selector) -> dict[str, str]:
    rows = page.select(f"{selector} .nhsuk-summary-list__row")
    return {text_of(row.select_one("dt")): text_of(row.select_one(".nhsuk-summary-list__value")) for row in rows}


def assert_everything_typed_is_shown(page):
    answers = _summary(page, "main")
    assert "I have lived experience" in answers["Which of these describe you"]
    assert "I care for, or have cared for" in answers["Which of these describe you"]
    assert answers["Organisation"] == "Riverside Mind"
    assert answers["Region"] == "Yorkshire and the Humber"
    assert answers["Interests"] == "Sleep; Work and money"
    assert "Workshops and webinars" in answers["What you would like to do"]
    assert answers["When you are available"] == "Tuesday mornings"
    assert answers["What would make it easier to take part"] == "Step-free access, please"
    assert answers["Why you would like to take part"] == "I want services to listen to people like me."
    assert answers["How you heard about the lab"] == "A leaflet at my GP surgery"
    assert answers["Who may see your profile card"] == "Lab participants and the lab team"
    assert answers[CONSENT_STATEMENTS["contact"]] == "Yes"
    assert answers[CONSENT_STATEMENTS["quote"]] == "No"


def test_anonymous_visitor_can_fill_in_the_whole_application(client, cast, topics):
    page = parse(client.get(APPLY))
    assert text_of(page.select_one("h1")) == "Become a lab participant"
    form = page.select_one("main form[method=post]")
    names = {field["name"] for field in form.select("input, select, textarea") if field.get("name")}
    assert {"who", "organisation_name", "region", "interests", "activities", "availability", "access_needs"} <= names
    assert {"motivation", "how_heard", "card_visibility", "use_application", "contact", "quote"} <= names
    assert [text_of(label) for label in form.select("input[name=interests] + label")] == [
        "Pain clinics",
        "Sleep",
        "Work and money",
    ]
    # Lab team only is the card's starting choice.
    assert form.select_one("input[name=card_visibility][checked]")["value"] == "team"


def test_continue_keeps_the_answers_on_the_server_and_asks_to_sign_in_or_create_an_account(client, cast, answers):
    response = client.post(APPLY, answers)
    assert response.status_code == 302 and response["Location"] == ACCOUNT

    draft = Application.objects.get()
    assert draft.status == Application.Status.DRAFT and draft.applicant is None
    assert draft.organisation_name == "Riverside Mind" and draft.region == "yorkshire"
    assert sorted(topic.name for topic in draft.interests.all()) == ["Sleep", "Work and money"]
    token = client.session[f"participant-application-{cast.lab.pk}"]
    assert draft.draft_token_hash == hash_token(token) != token

    page = parse(client.get(ACCOUNT))
    links = {text_of(a): a["href"] for a in page.select("main a")}
    assert links["Create an account"] == "/accounts/signup/?next=%2Flabs%2Fthe-lab%2Fparticipants%2Fapply%2Fcheck%2F"
    assert links["Sign in to send your application"] == (
        "/accounts/login/?next=%2Flabs%2Fthe-lab%2Fparticipants%2Fapply%2Fcheck%2F"
    )
    assert "30 days" in text_of(page.select_one("main"))


def test_going_back_to_the_form_shows_what_was_typed(client, cast, answers, topics):
    client.post(APPLY, answers)
    page = parse(client.get(APPLY))
    assert page.select_one("#draft-notice")
    assert page.select_one("input[name=organisation_name]")["value"] == "Riverside Mind"
    assert page.select_one("select[name=region] option[selected]")["value"] == "yorkshire"
    checked = {field["value"] for field in page.select("input[name=interests][checked]")}
    assert checked == {str(topics["Sleep"].pk), str(topics["Work and money"].pk)}
    assert page.select_one("input[name=card_visibility][checked]")["value"] == "participants"
    assert page.select_one("input[name=contact]").has_attr("checked")

    # Changing an answer updates the same draft.
    client.post(APPLY, {**answers, "organisation_name": "Hillside Mind"})
    assert Application.objects.get().organisation_name == "Hillside Mind"


def test_missing_answers_are_summarised_and_everything_typed_is_kept(client, cast, answers):
    response = client.post(APPLY, {**answers, "region": "", "who": [], "use_application": ""})
    assert response.status_code == 200
    page = parse(response)
    assert text_of(page.select_one("title")).startswith("Error: ")
    summary = {text_of(a): a["href"] for a in page.select(".nhsuk-error-summary a")}
    assert summary == {
        "Choose at least one thing that describes you": "#id_who",
        "Choose the region you live or work in": "#id_region",
        "Tick the box to agree to the use of your application, or leave this page": "#id_use_application",
    }
    assert page.select_one("#id_region-error")
    assert page.select_one("input[name=organisation_name]")["value"] == "Riverside Mind"
    assert page.select_one("textarea[name=access_needs]").text == "Step-free access, please"
    assert page.select_one("input[name=contact]").has_attr("checked")
    assert not Application.objects.exists()


def test_a_new_person_creates_an_account_verifies_in_the_same_browser_and_sends_everything(
    client, cast, answers, django_capture_on_commit_callbacks
):
    client.post(APPLY, answers)
    response = client.post(
        f"/accounts/signup/?next={CHECK}",
        {
            "email": "new.applicant@example.org",
            "display_name": "Robin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": CHECK,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    confirm_url = _link_in(mail.outbox[-1])
    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == CHECK

    page = parse(client.get(CHECK))
    assert text_of(page.select_one("h1")) == "Check your application before you send it"
    assert "You are applying as Robin" in text_of(page.select_one("main"))
    assert_everything_typed_is_shown(page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHECK)
    assert response.status_code == 302 and response["Location"] == STATUS
    robin = User.objects.get(email="new.applicant@example.org")
    application = Application.objects.get()
    assert application.applicant == robin
    assert application.status == Application.Status.SUBMITTED
    assert application.draft_token_hash is None
    assert f"participant-application-{cast.lab.pk}" not in client.session
    assert [event.action for event in application.events.all()] == [ApplicationEvent.Action.SUBMITTED]
    received = mail.outbox[-1]
    assert received.to == ["new.applicant@example.org"]
    assert received.subject == "CareLab: We have your application to The lab"
    assert f"{settings.SITE_URL}/labs/the-lab/participants/application/" in received.body


def test_each_consent_is_recorded_with_its_wording_and_version(client, cast, answers):
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "quote": "on"})
    client.post(CHECK)
    application = Application.objects.get()
    assert application.consented_at is not None
    assert application.consents == {
        "use_application": {"wording": CONSENT_STATEMENTS["use_application"], "version": CONSENT_WORDING_VERSION},
        "contact": {"wording": CONSENT_STATEMENTS["contact"], "version": CONSENT_WORDING_VERSION},
        "quote": {"wording": CONSENT_STATEMENTS["quote"], "version": CONSENT_WORDING_VERSION},
        "profile_card": {
            "wording": "Who may see your profile card if you become a participant? Lab participants and the lab team",
            "choice": "participants",
            "version": CONSENT_WORDING_VERSION,
        },
    }


def test_a_person_with_an_account_signs_in_and_finds_their_answers(client, cast, answers):
    client.post(APPLY, answers)
    response = client.post("/accounts/login/", {"login": cast.member.email, "password": PASSWORD, "next": CHECK})
    assert response.status_code == 302 and response["Location"] == CHECK
    page = parse(client.get(CHECK))
    assert_everything_typed_is_shown(page)
    client.post(CHECK)
    assert Application.objects.get().applicant == cast.member


def test_verifying_in_another_browser_then_signing_in_here_still_finds_the_answers(client, cast, answers):
    client.post(APPLY, answers)
    signup = {"email": "phone@example.org", "display_name": "Kit", "password1": PASSWORD, "password2": PASSWORD}
    client.post("/accounts/signup/", {**signup, "next": CHECK})
    # The link is opened on a phone: the address is confirmed there, but nobody is signed in.
    phone = Client()
    response = phone.post(_link_in(mail.outbox[-1]))
    assert response.status_code == 302
    assert "_auth_user_id" not in phone.session
    assert not Application.objects.filter(applicant__email="phone@example.org").exists()

    # Back in the first browser, signing in (from the header's link, so with no page to return to)
    # goes to the application waiting there.
    response = client.post("/accounts/login/", {"login": "phone@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == CHECK
    response = client.get(APPLY)
    assert response.status_code == 200
    assert parse(response).select_one("input[name=organisation_name]")["value"] == "Riverside Mind"
    assert_everything_typed_is_shown(parse(client.get(CHECK)))
    client.post(CHECK)
    assert Application.objects.get().applicant.email == "phone@example.org"


def test_signed_in_person_goes_straight_to_check_their_answers(client, cast, answers):
    client.force_login(cast.member)
    response = client.post(APPLY, answers)
    assert response.status_code == 302 and response["Location"] == CHECK
    assert Application.objects.get().applicant == cast.member
    assert client.get(ACCOUNT)["Location"] == CHECK


def test_the_account_and_check_steps_send_people_without_a_draft_back_to_the_form(client, cast):
    assert client.get(ACCOUNT)["Location"] == APPLY
    client.force_login(cast.member)
    assert client.get(CHECK)["Location"] == APPLY


def test_sending_twice_makes_one_application(client, cast, answers):
    client.force_login(cast.member)
    client.post(APPLY, answers)
    token = client.session[f"participant-application-{cast.lab.pk}"]
    client.post(CHECK)
    # The same draft sent again, as a second tab or the back button would.
    session = client.session
    session[f"participant-application-{cast.lab.pk}"] = token
    session.save()
    response = client.post(CHECK)
    assert response["Location"] in (STATUS, "/labs/the-lab/participants/apply/")
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.count() == 1


def test_someone_with_an_application_waiting_cannot_send_another(client, cast, answers):
    ApplicationFactory(lab=cast.lab, applicant=cast.member)
    client.force_login(cast.member)
    assert client.get(APPLY)["Location"] == STATUS

    # A draft from before they applied, finished in another browser, is refused.
    other_browser = Client()
    other_browser.post(APPLY, answers)
    other_browser.force_login(cast.member)
    response = other_browser.post(CHECK, follow=True)
    assert "You have already applied to this lab" in text_of(parse(response).select_one(".nhsuk-notification-banner"))
    assert Application.objects.sent().filter(applicant=cast.member).count() == 1


def test_participants_and_the_lab_team_do_not_need_to_apply(client, cast):
    for person, says in [(cast.participant, "already a participant"), (cast.team, "do not need to apply")]:
        client.force_login(person)
        assert client.get(APPLY)["Location"] == STATUS
        assert says in text_of(parse(client.get(STATUS)).select_one("main"))


def test_someone_who_was_not_accepted_may_apply_again(client, cast, answers):
    ApplicationFactory(lab=cast.lab, applicant=cast.member, status=Application.Status.DECLINED)
    client.force_login(cast.member)
    page = parse(client.get(STATUS))
    assert "Apply again" in text_of(page.select_one("main"))
    client.post(APPLY, answers)
    client.post(CHECK)
    assert list(Application.objects.filter(applicant=cast.member).order_by("pk").values_list("status", flat=True)) == [
        "declined",
        "submitted",
    ]


def test_the_status_page_says_where_each_application_has_got_to(client, cast):
    client.force_login(cast.member)
    page = parse(client.get(STATUS))
    assert "You have not applied" in text_of(page.select_one("main"))
    application = ApplicationFactory(lab=cast.lab, applicant=cast.member)
    for status, tag_text in [
        ("submitted", "Waiting for the lab team"),
        ("more_info", "More information needed"),
        ("accepted", "Accepted"),
        ("declined", "Not accepted"),
    ]:
        application.status = status
        application.save(update_fields=["status"])
        page = parse(client.get(STATUS))
        assert text_of(page.select_one("#application-status")) == tag_text


def test_a_draft_not_saved_for_longer_than_the_draft_period_is_gone(client, cast, answers, settings):
    settings.CARELAB_APPLICATION_DRAFT_DAYS = 7
    client.post(APPLY, answers)
    sent = ApplicationFactory(lab=cast.lab)
    Application.objects.update(updated_at=timezone.now() - timedelta(days=8))

    page = parse(client.get(APPLY))
    assert page.select_one("#draft-notice") is None
    assert page.select_one("input[name=organisation_name]").get("value", "") == ""

    call_command("delete_expired_application_drafts")
    assert list(Application.objects.all()) == [sent]


def test_the_command_keeps_drafts_saved_recently(cast, answers, client, capsys):
    client.post(APPLY, answers)
    call_command("delete_expired_application_drafts")
    assert Application.objects.drafts().count() == 1
    assert "Deleted 0 unsent applications." in capsys.readouterr().out


def test_a_draft_someone_else_claimed_is_not_shown_to_the_next_person_in_the_browser(client, cast, answers):
    client.post(APPLY, answers)
    draft = Application.objects.get()
    draft.applicant = cast.participant
    draft.save(update_fields=["applicant"])
    client.force_login(cast.member)  # someone else signs in on the same computer
    page = parse(client.get(APPLY))
    assert page.select_one("input[name=organisation_name]").get("value", "") == ""
    assert client.get(CHECK)["Location"] == APPLY


@pytest.mark.parametrize("value", ["<script>alert(1)</script>"])
def test_what_people_type_is_shown_as_text(client, cast, answers, value):
    client.force_login(cast.member)
    client.post(APPLY, {**answers, "motivation": value})
    response = client.get(CHECK)
    assert b"<script>alert(1)</script>" not in response.content
    assert value in text_of(parse(response).select_one("main"))
