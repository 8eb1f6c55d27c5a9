"""A person deletes their sent answers or withdraws a consent; the lab team removes one response.

Through the pages (HTTP), with the results, tallies, exports and free-text reader checked before
and after each change. The tallies are compared with a recount (`rebuild_tallies`) after every
kind of deletion, so subtracting mirrors exactly what submitting added.
"""

import csv
import io
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.presenters import contact_answer
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory
from carelab.surveys.actions.answering import save_section, start_response, submit_response
from carelab.surveys.actions.changing import (
    ConsentNotHeld,
    delete_survey_response,
    remove_response_by_team,
    withdraw_survey_consent,
)
from carelab.surveys.answer_rows import rebuild_tallies
from carelab.surveys.forms_answering import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION
from carelab.surveys.models import Answer, ContactDetail, ResponseAudit, SurveyResponse
from carelab.surveys.presenters import display_code
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_responses
from carelab.surveys.tests.test_results_tallies import random_answers, snapshot

ALL_CONSENTS = ("take_part", "health_data", "quote", "contact")


def consents(*names):
    return {name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION} for name in names}


def sent(survey, *, roles=("carer",), pain="no", helped="Walking with friends", user=None, contact="", given=None):
    """A response sent through the answering actions; returns it and its private code."""
    response, _token = start_response(
        survey, consents=consents(*(given or ALL_CONSENTS)), contact_email=contact, user=user
    )
    save_section(response, 0, {"roles": list(roles), "lives_with_pain": pain})
    save_section(response, 1, {"listened_to": "agree", "what_helped": helped})
    code = SurveyResponse.new_change_code()
    response, _ = submit_response(response, change_code=code)
    return response, code


@pytest.fixture
def survey(cast):
    return SurveyFactory(lab=cast.lab, slug="launch", title="Share your experience")


def team_url(survey, name, *args):
    return reverse(f"surveys:{name}", args=[survey.lab.slug, survey.slug, *args])


def export(client, survey, contact=False):
    response = client.get(team_url(survey, "export_csv") + ("?contact=1" if contact else ""))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["reference"]: row for row in csv.DictReader(io.StringIO(text))}


def dashboard_count(client, survey) -> int:
    page = parse(client.get(team_url(survey, "results")))
    return int(text_of(page.find(class_="carelab-results__summary").find("strong")))


def reader(client, survey, query=""):
    page = parse(client.get(team_url(survey, "free_text", "what_helped") + query))
    return [text_of(item) for item in page.find_all(class_="carelab-free-text__answer")]


def tally_responses(survey) -> int:
    from carelab.surveys.tallies import counts_by_day

    return counts_by_day(survey).responses


def assert_tallies_equal_a_recount(survey):
    kept = snapshot(survey)
    rebuild_tallies(survey)
    assert snapshot(survey) == kept


# -- Tallies go down exactly as they went up -------------------------------------------------------


def test_deleting_responses_leaves_the_tallies_as_a_recount_would(cast):
    survey = SurveyFactory(lab=cast.lab, slug="many")
    rng = random.Random(11)
    start = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)  # either side of the clocks changing
    seed_responses(
        survey,
        [random_answers(rng) for _ in range(30)],
        submitted_at=[start + timedelta(hours=13 * n) for n in range(30)],
    )
    live, _ = sent(survey, roles=("carer", "professional"), pain="yes")
    responses = list(SurveyResponse.objects.submitted().filter(survey=survey).exclude(pk=live.pk).order_by("pk"))
    for response in rng.sample(responses, 10) + [live]:
        if response.pk == live.pk or rng.random() < 0.5:
            delete_survey_response(response)
        else:
            remove_response_by_team(response, actor=cast.team, reason="Asked by e-mail")
        assert_tallies_equal_a_recount(survey)
    assert tally_responses(survey) == SurveyResponse.objects.submitted().filter(survey=survey).count() == 20


def test_deleting_every_response_leaves_no_tallies(survey):
    responses = [sent(survey)[0] for _ in range(2)]
    for response in responses:
        delete_survey_response(response)
    assert snapshot(survey) == ([], [])


def test_deleting_a_response_twice_deletes_it_once(survey):
    response, _ = sent(survey)
    other, _ = sent(survey)
    assert delete_survey_response(response) is not None
    assert delete_survey_response(response) is None
    assert remove_response_by_team(response, actor=None, reason="again") is None
    assert ResponseAudit.objects.filter(reference=response.reference).count() == 1
    assert tally_responses(survey) == 1
    assert_tallies_equal_a_recount(survey)
    assert SurveyResponse.objects.filter(pk=other.pk).exists()


def test_a_tally_never_goes_below_nought_when_tallies_had_drifted(survey):
    response, _ = sent(survey)
    from carelab.surveys.models import AnswerPairTally, AnswerTally

    AnswerTally.objects.filter(survey=survey).delete()
    AnswerPairTally.objects.filter(survey=survey).delete()
    delete_survey_response(response)
    assert not SurveyResponse.objects.filter(pk=response.pk).exists()
    assert snapshot(survey) == ([], [])


# -- A person deletes their answers -----------------------------------------------------------------


def test_the_confirmation_page_gives_a_private_code_whose_hash_alone_is_stored(survey, client):
    response, _token = start_response(survey, consents=consents(*ALL_CONSENTS))
    session = client.session
    session[f"survey-{survey.pk}"] = {"response": response.pk, "token": None}
    session.save()
    submitted = client.post(reverse("surveys:submit", args=[survey.lab.slug, survey.slug]))
    assert submitted["Location"].endswith("/done/")
    page = parse(client.get(reverse("surveys:confirmation", args=[survey.lab.slug, survey.slug])))
    code = text_of(page.find(id="change-code")).replace("-", "")
    response.refresh_from_db()
    assert len(code) == 16 and code not in response.change_code_hash and response.change_code_matches(code)
    link = page.find(id="change-link")["href"]
    assert link.endswith(f"/survey-answers/{response.reference}/code/{code}/")
    # This browser may change the answers straight away; a fresh one needs the code.
    assert client.get(page.find(id="change-answers")["href"]).status_code == 200
    assert Client().get(f"/survey-answers/{response.reference}/").status_code == 404
    assert Client().get(link).status_code == 302


def test_a_person_without_an_account_deletes_their_answers_with_reference_and_code(survey, cast, client_for):
    mine, code = sent(survey, helped="Swimming on Sundays", contact="me@example.org")
    theirs, _ = sent(survey, helped="A peer group")
    flag = SafeguardingFlagFactory(
        lab=survey.lab, survey=survey, survey_response=mine, response_reference=mine.reference
    )
    team = client_for(cast.team)
    assert [row for row in export(team, survey)] == [mine.reference, theirs.reference]
    assert any("Swimming on Sundays" in text for text in reader(team, survey))
    assert tally_responses(survey) == dashboard_count(team, survey) == 2

    person = Client()
    form = person.post("/survey-answers/find/", {"reference": mine.reference.lower(), "code": display_code(code)})
    assert form.status_code == 302 and form["Location"] == f"/survey-answers/{mine.reference}/"
    confirm = parse(person.get(f"/survey-answers/{mine.reference}/delete/"))
    deleted_list = text_of(confirm.find(id="what-we-delete"))
    assert "every answer you gave to Share your experience" in deleted_list
    assert "e-mail address you gave to be contacted" in deleted_list
    kept_list = text_of(confirm.find(id="what-we-keep"))
    assert "without any of your answers" in kept_list and "needed a look" in kept_list

    done = person.post(f"/survey-answers/{mine.reference}/delete/")
    assert done.status_code == 302 and done["Location"] == "/survey-answers/deleted/"
    assert mine.reference in text_of(parse(person.get("/survey-answers/deleted/")).find(id="deleted-reference"))

    assert not SurveyResponse.objects.filter(pk=mine.pk).exists()
    assert not Answer.objects.filter(response_id=mine.pk).exists()
    assert not ContactDetail.objects.filter(response_id=mine.pk).exists()
    [audit] = ResponseAudit.objects.filter(reference=mine.reference)
    assert audit.action == ResponseAudit.Action.DELETED and audit.actor is None and audit.reason == ""
    flag.refresh_from_db()
    assert flag.survey_response is None and flag.response_reference == mine.reference
    assert contact_answer(flag.survey_response) == "Not known: the response has been deleted"
    # Counts, tallies, export and reader all change at once.
    assert list(export(team, survey)) == [theirs.reference]
    assert not any("Swimming on Sundays" in text for text in reader(team, survey))
    assert tally_responses(survey) == 1
    assert dashboard_count(team, survey) == 1
    assert_tallies_equal_a_recount(survey)
    # The link no longer works, and says so.
    assert person.get(f"/survey-answers/{mine.reference}/").status_code == 404
    assert Client().get(f"/survey-answers/{mine.reference}/code/{code}/").status_code == 404


def test_a_signed_in_person_finds_linked_answers_from_their_account(survey, cast, client_for):
    mine, _ = sent(survey, user=cast.member)
    sent(survey, user=cast.participant)
    sent(survey)  # not linked to anyone
    client = client_for(cast.member)
    page = parse(client.get("/survey-answers/"))
    links = [a["href"] for a in page.find(id="your-survey-answers").find_all("a")]
    assert links == [f"/survey-answers/{mine.reference}/"]
    profile = parse(client.get("/accounts/profile/"))
    assert profile.find(id="your-survey-answers-profile").find("a")["href"] == "/survey-answers/"
    your_data = parse(client.get("/accounts/your-data/"))
    assert your_data.find(id="your-survey-answers-link")["href"] == "/survey-answers/"
    assert client.post(f"/survey-answers/{mine.reference}/delete/").status_code == 302
    assert not SurveyResponse.objects.filter(pk=mine.pk).exists()
    assert parse(client.get("/survey-answers/")).find(id="your-survey-answers") is None


def test_the_list_of_your_answers_makes_the_same_queries_however_many(
    survey, cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.member)
    sent(survey, user=cast.member)
    with django_assert_max_num_queries(6) as one:
        client.get("/survey-answers/")
    for _ in range(4):
        sent(survey, user=cast.member)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/survey-answers/")


@pytest.mark.parametrize("role", ["anonymous", "member", "participant", "team", "other_team", "admin"])
def test_nobody_else_can_see_or_change_someones_answers(survey, cast, client_for, role):
    owner = UserFactory()
    mine, _ = sent(survey, user=owner)
    client = client_for(cast.person(role))
    base = f"/survey-answers/{mine.reference}/"
    for path in (base, base + "delete/", base + "withdraw/quote/", base + "withdraw/contact/"):
        assert client.get(path).status_code == 404, path
        assert client.post(path).status_code in {404, 405}, path
    assert client.post(base + "withdraw/health_data/").status_code == 404
    mine.refresh_from_db()
    assert mine.has_consent("quote") and mine.has_consent("contact")


def test_a_wrong_code_or_reference_is_refused_with_a_clear_message_that_keeps_what_was_typed(survey):
    mine, code = sent(survey)
    other, other_code = sent(survey)
    client = Client()
    for data in (
        {"reference": mine.reference, "code": other_code},
        {"reference": "ZZZZZZZZ", "code": code},
        {"reference": mine.reference, "code": code[:-1] + ("A" if code[-1] != "A" else "B")},
    ):
        response = client.post("/survey-answers/find/", data)
        assert response.status_code == 400
        page = parse(response)
        assert "could not find answers with that reference and private code" in text_of(
            page.find(class_="nhsuk-error-summary")
        )
        assert page.find("input", attrs={"name": "reference"})["value"] == data["reference"]
    response = client.post("/survey-answers/find/", {"reference": "", "code": "short"})
    messages = text_of(parse(response).find(class_="nhsuk-error-summary"))
    assert "Enter your reference" in messages and "16 letters and numbers" in messages
    assert client.get(f"/survey-answers/{mine.reference}/").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"reference": "AB\x00CD", "code": "x"},
        {"reference": "ABCDEFGH", "code": "\x00" * 16},
        {"reference": "<script>", "code": "ABCD-EFGH-JKLM-NPQR"},
        {"reference": "A" * 500, "code": "B" * 500},
    ],
)
def test_hostile_input_to_the_find_form_gets_a_message_not_an_error(survey, data):
    response = Client().post("/survey-answers/find/", data)
    assert response.status_code == 400
    assert parse(response).find(class_="nhsuk-error-summary") is not None


@pytest.mark.parametrize(
    "path",
    [
        "/survey-answers/ABCDEFGH/code/not-a-code/",
        "/survey-answers/ABCDEFGH/withdraw/everything/",
        "/survey-answers/%F0%9F%98%80/",
    ],
)
def test_hostile_addresses_are_not_found_never_an_error(survey, path):
    assert Client().get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/survey-answers/AB%00CD/",
        "/survey-answers/%00/delete/",
        "/survey-answers/ABCDEFGH/code/%00%00/",
        "/survey-answers/ABCDEFGH/withdraw/%00/",
    ],
)
def test_a_nul_character_in_the_address_gets_the_plain_400_page_never_an_error(survey, path):
    response = Client().get(path)
    assert response.status_code == 400
    assert b"tel:999" in response.content


def test_the_private_link_with_a_bad_code_says_it_does_not_work(survey):
    mine, _ = sent(survey)
    response = Client().get(f"/survey-answers/{mine.reference}/code/ABCDABCDABCDABCD/")
    assert response.status_code == 404
    page = parse(response)
    assert "This link does not work" in text_of(page.find("main"))
    assert page.find("input", attrs={"name": "reference"})["value"] == mine.reference


# -- Withdrawing consent -----------------------------------------------------------------------------


def granted_client(response, code) -> Client:
    client = Client()
    assert client.get(f"/survey-answers/{response.reference}/code/{code}/").status_code == 302
    return client


def test_withdrawing_agreement_to_be_quoted_shows_at_once_in_the_reader_and_the_export(survey, cast, client_for):
    mine, code = sent(survey, helped="My physio listened")
    sent(survey, helped="Nothing yet", given=("take_part", "health_data"))
    team = client_for(cast.team)
    assert export(team, survey)[mine.reference]["may_quote"] == "yes"
    [ours] = [text for text in reader(team, survey) if "My physio listened" in text]
    assert "May be quoted" in ours
    assert len(reader(team, survey, "?quotable=1")) == 1

    person = granted_client(mine, code)
    confirm = parse(person.get(f"/survey-answers/{mine.reference}/withdraw/quote/"))
    assert CONSENT_STATEMENTS["quote"] in text_of(confirm.find("main"))
    assert person.post(f"/survey-answers/{mine.reference}/withdraw/quote/").status_code == 302

    mine.refresh_from_db()
    assert not mine.has_consent("quote") and mine.consent_withdrawn_at("quote") is not None
    assert mine.consents["quote"]["version"] == CONSENT_WORDING_VERSION
    assert not SurveyResponse.objects.quotable().filter(pk=mine.pk).exists()
    [audit] = ResponseAudit.objects.filter(reference=mine.reference)
    assert audit.action == ResponseAudit.Action.QUOTE_WITHDRAWN and audit.consent_version == CONSENT_WORDING_VERSION
    assert export(team, survey)[mine.reference]["may_quote"] == "no"
    [ours] = [text for text in reader(team, survey) if "My physio listened" in text]
    assert "Do not quote" in ours
    assert reader(team, survey, "?quotable=1") == []
    # Still counted: only quoting stopped.
    assert tally_responses(survey) == dashboard_count(team, survey) == 2
    manage = parse(person.get(f"/survey-answers/{mine.reference}/"))
    assert "Withdrawn" in text_of(manage.find(id="consent-quote"))
    assert manage.find(id="consent-quote").find("a") is None
    again = person.get(f"/survey-answers/{mine.reference}/withdraw/quote/")
    assert again.status_code == 302


def test_withdrawing_agreement_to_be_contacted_deletes_the_address_at_once(survey, cast, client_for):
    mine, code = sent(survey, contact="reach.me@example.org")
    flag = SafeguardingFlagFactory(
        lab=survey.lab, survey=survey, survey_response=mine, response_reference=mine.reference
    )
    team = client_for(cast.team)
    assert export(team, survey, contact=True)[mine.reference]["contact_email"] == "reach.me@example.org"
    assert contact_answer(mine) == "Yes"

    person = granted_client(mine, code)
    assert "reach.me@example.org" in text_of(parse(person.get(f"/survey-answers/{mine.reference}/")).find("main"))
    assert person.post(f"/survey-answers/{mine.reference}/withdraw/contact/").status_code == 302

    assert not ContactDetail.objects.filter(response=mine).exists()
    mine = SurveyResponse.objects.get(pk=mine.pk)
    assert not mine.has_consent("contact") and mine.consent_withdrawn_at("contact") is not None
    assert export(team, survey, contact=True)[mine.reference]["contact_email"] == ""
    flag.refresh_from_db()
    assert contact_answer(flag.survey_response).startswith("No: they have since withdrawn")
    assert ResponseAudit.objects.get(reference=mine.reference).action == ResponseAudit.Action.CONTACT_WITHDRAWN
    assert tally_responses(survey) == dashboard_count(team, survey) == 1


def test_withdrawing_agreement_to_use_the_answers_deletes_them(survey, cast, client_for):
    mine, code = sent(survey, helped="Yoga")
    person = granted_client(mine, code)
    page = parse(person.get(f"/survey-answers/{mine.reference}/withdraw/health_data/"))
    assert page.find(id="what-we-delete") is not None
    done = person.post(f"/survey-answers/{mine.reference}/withdraw/health_data/")
    assert done["Location"] == "/survey-answers/deleted/"
    assert not SurveyResponse.objects.filter(pk=mine.pk).exists()
    audit = ResponseAudit.objects.get(reference=mine.reference)
    assert audit.action == ResponseAudit.Action.HEALTH_DATA_WITHDRAWN
    assert audit.consent_version == CONSENT_WORDING_VERSION
    assert export(client_for(cast.team), survey) == {}
    assert dashboard_count(client_for(cast.team), survey) == 0
    assert snapshot(survey) == ([], [])


def test_a_consent_not_given_cannot_be_withdrawn(survey):
    mine, code = sent(survey, given=("take_part", "health_data"))
    with pytest.raises(ConsentNotHeld):
        withdraw_survey_consent(mine, "quote")
    person = granted_client(mine, code)
    manage = parse(person.get(f"/survey-answers/{mine.reference}/"))
    assert "Not given" in text_of(manage.find(id="consent-quote"))
    assert manage.find(id="consent-quote").find("a") is None
    assert person.post(f"/survey-answers/{mine.reference}/withdraw/quote/").status_code == 302
    assert not ResponseAudit.objects.exists()


def test_your_data_shows_each_consent_with_its_version_and_when_given_and_withdrawn(survey, cast):
    from carelab.accounts.presenters import as_json
    from carelab.core.your_data import collect

    mine, _ = sent(survey, user=cast.member)
    withdraw_survey_consent(mine, "quote", now=datetime(2026, 6, 1, 9, tzinfo=UTC))
    data = as_json(collect(cast.member), datetime(2026, 6, 2, tzinfo=UTC))
    [record] = data["sections"]["survey_answers_sent"]["records"]
    lines = record["When you agreed, and any you withdrew"]
    [quote] = [line for line in lines if line.startswith("Quoting your words anonymously")]
    assert f"(wording version {CONSENT_WORDING_VERSION})" in quote
    assert quote.endswith("withdrawn 1 June 2026 at 10:00am")
    [contact] = [line for line in lines if line.startswith("Contacting you")]
    assert "withdrawn" not in contact
    assert CONSENT_STATEMENTS["quote"] in record["What you agreed to"]


# -- The lab team removes one response ----------------------------------------------------------------


def test_the_lab_team_removes_a_response_from_the_free_text_reader_with_a_reason(survey, cast, client_for):
    mine, _ = sent(survey, helped="Please remove me", contact="x@example.org")
    kept, _ = sent(survey, helped="Keep this one")
    team = client_for(cast.team)
    page = parse(team.get(team_url(survey, "free_text", "what_helped")))
    [link] = [a for a in page.find_all("a") if a["href"].endswith(f"/responses/{mine.reference}/remove/")]
    confirm = parse(team.get(link["href"]))
    summary = text_of(confirm.find(id="response-summary"))
    assert f"{Answer.objects.filter(response=mine).count()} answers" in summary and "Given" in summary
    assert "Please remove me" not in text_of(confirm.find("main"))  # the page never shows the answers

    refused = team.post(link["href"], {"reason": "   "})
    assert refused.status_code == 400
    assert "Enter why you are removing this response" in text_of(parse(refused).find(class_="nhsuk-error-summary"))
    assert SurveyResponse.objects.filter(pk=mine.pk).exists()

    done = team.post(link["href"], {"reason": "They asked by phone, quoting the reference"})
    assert done.status_code == 302
    assert not SurveyResponse.objects.filter(pk=mine.pk).exists()
    [audit] = ResponseAudit.objects.all()
    assert (audit.action, audit.actor, audit.reason, audit.reference) == (
        ResponseAudit.Action.REMOVED_BY_TEAM,
        cast.team,
        "They asked by phone, quoting the reference",
        mine.reference,
    )
    trail = parse(team.get(team_url(survey, "responses")))
    row = text_of(trail.find(id="audit"))
    assert mine.reference in row and "Tam Team" in row and "quoting the reference" in row
    assert "Please remove me" not in row
    assert list(export(team, survey)) == [kept.reference]
    assert dashboard_count(team, survey) == 1
    assert [text for text in reader(team, survey) if "Please remove me" in text] == []
    assert_tallies_equal_a_recount(survey)


def test_the_lab_team_finds_a_response_by_the_reference_a_person_quotes(survey, cast, client_for):
    mine, _ = sent(survey)
    team = client_for(cast.team)
    found = team.get(team_url(survey, "responses") + f"?reference={mine.reference.lower()}")
    assert found.status_code == 302 and found["Location"] == team_url(survey, "remove_response", mine.reference)
    missing = team.get(team_url(survey, "responses") + "?reference=NOPE2345")
    assert missing.status_code == 404 and parse(missing).find(id="not-found") is not None
    hostile = team.get(team_url(survey, "responses") + "?reference=%00")
    assert hostile.status_code == 400
    assert team.get(team_url(survey, "remove_response", "AB%00")).status_code == 404


def test_the_team_of_another_lab_cannot_remove_a_response(survey, cast, client_for):
    mine, _ = sent(survey)
    other_survey = SurveyFactory(lab=cast.other_lab, slug="launch")
    path = team_url(survey, "remove_response", mine.reference)
    assert client_for(cast.other_team).post(path, {"reason": "no"}).status_code == 403
    # Nor reach it through their own lab's survey.
    other_path = team_url(other_survey, "remove_response", mine.reference)
    assert client_for(cast.other_team).get(other_path).status_code == 404
    participant = client_for(cast.participant).post(path, {"reason": "no"})
    assert participant.status_code == 403
    assert SurveyResponse.objects.filter(pk=mine.pk).exists()


def test_the_audit_trail_page_makes_the_same_queries_however_long(
    survey, cast, client_for, django_assert_max_num_queries
):
    team = client_for(cast.team)
    remove_response_by_team(sent(survey)[0], actor=cast.team, reason="One")
    with django_assert_max_num_queries(30) as one:
        team.get(team_url(survey, "responses"))
    other = UserFactory()
    MembershipFactory(lab=survey.lab, user=other, role=Role.TEAM)
    for number in range(3):
        remove_response_by_team(sent(survey)[0], actor=other, reason=f"Reason {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        team.get(team_url(survey, "responses"))


def test_account_deletion_still_unlinks_sent_answers_the_person_kept(survey, cast):
    from carelab.accounts.actions import delete_account

    mine, code = sent(survey, user=cast.member, contact="m@example.org")
    delete_account(cast.member)
    mine.refresh_from_db()
    assert mine.user is None and not ContactDetail.objects.filter(response=mine).exists()
    # The private code still works for the person, who can still delete them.
    assert delete_survey_response(mine) is not None
    assert not SafeguardingFlag.objects.exists()
