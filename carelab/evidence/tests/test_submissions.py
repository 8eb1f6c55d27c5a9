"""Examples of practice and stories sent to the evidence library, and the lab team's review (issue 10, section 1)."""

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.core.tests.html import parse, text_of
from carelab.evidence import actions_submissions as actions
from carelab.evidence.models import EvidenceItem
from carelab.evidence.tests.factories import EvidenceItemFactory, SubmissionFactory
from carelab.insights.actions_quotes import SUBMISSION_CONSENT_WITHDRAWN
from carelab.insights.models import Quote
from carelab.insights.tests.factories_coding import ExcerptFactory
from carelab.labs.tests.factories import LabFactory
from carelab.organisations.tests.factories import OrganisationFactory
from carelab.safeguarding.models import SafeguardingFlag

P = "/labs/the-lab/evidence"
SITE = "http://127.0.0.1:8123"


def story(**more) -> dict:
    return {
        "kind": "story",
        "title": "Pacing my week",
        "text": "My back pain and my low mood feed each other.\n\nA walking group helped me most.",
        "region": "north_west",
        "consent_use": "on",
        **more,
    }


def errors_on(page) -> str:
    return text_of(page.select_one(".nhsuk-error-summary"))


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


# Sending


def test_a_participant_shares_a_story_with_each_consent_recorded_with_its_wording_and_version(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{P}/share/", story(consent_quote="on"))
    item = EvidenceItem.objects.get()
    assert response.status_code == 302 and response.url == f"{P}/submissions/{item.pk}/"
    assert (item.kind, item.origin, item.review, item.submitted_by) == (
        "story",
        "submission",
        "waiting",
        cast.participant,
    )
    assert item.region == "north_west" and item.abstract.startswith("My back pain")
    assert set(item.consents) == {"use", "quote"}
    for name in ("use", "quote"):
        assert item.consents[name]["wording"] == actions.SUBMISSION_CONSENTS[name]
        assert item.consents[name]["version"] == "evidence-submission-1"
        assert item.consents[name]["given_at"]
    assert item.has_consent("quote")
    assert "A walking group" in item.search_text
    # The lab team hears about it, with a link to review it and never the words.
    [email] = mail.outbox
    assert email.to == [cast.team.email]
    assert f"{SITE}{P}/team/submissions/{item.pk}/" in email.body
    assert "walking group" not in email.body and "Pacing" not in email.body

    page = parse(client.get(f"{P}/submissions/"))
    assert "Pacing my week" in text_of(page.select_one("#your-submissions"))
    assert "Waiting for the lab team's review" in text_of(page.select_one("#your-submissions"))


def test_the_consent_to_quote_is_optional_and_the_consent_to_use_is_not(cast, client_for):
    client = client_for(cast.participant)
    client.post(f"{P}/share/", story())
    assert set(EvidenceItem.objects.get().consents) == {"use"}
    without = story(title="Kept as typed", text="Nothing is lost when I forget a box.")
    del without["consent_use"]
    response = client.post(f"{P}/share/", without)
    page = parse(response)
    assert response.status_code == 200 and EvidenceItem.objects.count() == 1
    assert "agree that the lab team may use what you wrote" in errors_on(page)
    assert page.select_one("#id_title")["value"] == "Kept as typed"
    assert text_of(page.select_one("#id_text")) == "Nothing is lost when I forget a box."


def test_a_practice_example_names_a_listed_organisation_or_types_one_and_a_story_names_none(cast, client_for):
    listed = OrganisationFactory(lab=cast.lab, name="Mind in Salford")
    elsewhere = OrganisationFactory(lab=LabFactory(), name="Another lab's")
    client = client_for(cast.participant)
    client.post(f"{P}/share/", story(kind="practice", organisation=listed.pk))
    client.post(f"{P}/share/", story(kind="practice", organisation_name="  Back  Care Group "))
    chosen, typed = EvidenceItem.objects.order_by("pk")
    assert (chosen.organisation, chosen.source) == (listed, "Mind in Salford")
    assert (typed.organisation, typed.source) == (None, "Back Care Group")
    refused = parse(client.post(f"{P}/share/", story(kind="practice", organisation=elsewhere.pk)))
    assert "Choose an organisation from the list" in errors_on(refused)
    refused = parse(client.post(f"{P}/share/", story(organisation=listed.pk)))
    assert "only asked for an example of practice" in errors_on(refused)
    assert EvidenceItem.objects.count() == 2


def test_the_form_says_it_is_not_a_crisis_service_and_where_to_get_help(cast, client_for):
    page = parse(client_for(cast.participant).get(f"{P}/share/"))
    notice = page.select_one("#not-a-crisis-service")
    assert "not a crisis service" in text_of(notice)
    assert notice.find("a")["href"] == "/help-now/"


def test_words_suggesting_urgent_risk_raise_a_flag_and_show_help_at_once(cast, client_for):
    cast.lab.risk_phrases = "blue bicycle"
    cast.lab.save(update_fields=["risk_phrases"])
    client = client_for(cast.participant)
    response = client.post(f"{P}/share/", story(text="Tonight I will ride the blue bicycle."), follow=True)
    item = EvidenceItem.objects.get()
    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id, flag.person) == ("evidence_submission", item.pk, cast.participant)
    assert flag.source_url == f"{P}/team/submissions/{item.pk}/"
    # The flag names the lab's phrase that matched, never the rest of what was written.
    assert "Tonight" not in flag.source_title + str(flag.details) + flag.source_url
    assert item.words_check["risk"] == "urgent"
    assert parse(response).select_one("#help-now") is not None
    # The team's queue and review page say so, and link to the flag.
    team = client_for(cast.team)
    queue = parse(team.get(f"{P}/team/submissions/"))
    assert "Safeguarding flag" in text_of(queue.select_one("#waiting"))
    review = parse(team.get(f"{P}/team/submissions/{item.pk}/"))
    assert review.find("a", href=f"/labs/the-lab/safeguarding/{flag.pk}/") is not None


def test_personal_data_in_the_words_is_shown_to_the_team_and_raises_no_flag(cast, client_for):
    client = client_for(cast.participant)
    client.post(f"{P}/share/", story(text="Ring Sam on 07700 900123 about the group."), follow=True)
    item = EvidenceItem.objects.get()
    assert item.words_check["personal_data"] and not SafeguardingFlag.objects.exists()
    queue = parse(client_for(cast.team).get(f"{P}/team/submissions/"))
    assert "Personal data" in text_of(queue.select_one("#waiting"))


def test_only_practice_examples_and_stories_can_be_sent(cast, client_for):
    response = client_for(cast.participant).post(f"{P}/share/", story(kind="study"))
    assert "Choose whether you are sharing" in errors_on(parse(response))
    with pytest.raises(actions.SubmissionRefused):
        actions.submit_evidence(lab=cast.lab, person=cast.participant, kind="study", title="A", text="B")
    assert not EvidenceItem.objects.exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.one_of(st.sampled_from(["story", "practice"]), st.text(max_size=20)),
    title=st.one_of(st.text(max_size=250), st.just("\x00"), st.just("a" * 201)),
    text=st.one_of(st.text(max_size=300), st.just("bad\x00byte")),
    region=st.one_of(st.just(""), st.text(max_size=20)),
    organisation=st.one_of(st.integers(), st.text(max_size=20), st.just("9" * 40)),
)
def test_hostile_input_gets_a_message_never_a_crash(cast, client, kind, title, text, region, organisation):
    OrganisationFactory(lab=cast.lab)
    client.force_login(cast.participant)
    data = {"kind": kind, "title": title, "text": text, "region": region, "organisation": organisation}
    response = client.post(f"{P}/share/", {**data, "consent_use": "on"})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert parse(response).select_one(".nhsuk-error-summary") is not None


def test_hostile_page_numbers_and_ids_are_not_errors(cast, client_for):
    client = client_for(cast.team)
    for page in ("-1", "9" * 40, "abc"):
        assert client.get(f"{P}/team/submissions/", {"page": page}).status_code == 200
    assert client.get(f"{P}/team/submissions/{'9' * 30}/").status_code == 404


# The person's own submissions


def test_withdrawing_the_consent_to_quote_is_recorded_at_once_and_shown(cast, client_for):
    item = SubmissionFactory(
        lab=cast.lab, submitted_by=cast.participant, consents=actions.recorded_consents(["use", "quote"])
    )
    client = client_for(cast.participant)
    assert parse(client.get(f"{P}/submissions/{item.pk}/")).select_one("#withdraw-quote") is not None
    response = client.post(f"{P}/submissions/{item.pk}/withdraw-quote/", follow=True)
    item.refresh_from_db()
    assert not item.has_consent("quote") and item.has_consent("use")
    assert item.consents["quote"]["withdrawn_at"] and item.consents["quote"]["version"] == "evidence-submission-1"
    page = parse(response)
    assert page.select_one("#withdraw-quote") is None
    assert "withdrawn on" in text_of(page.select_one("#consents"))
    # Withdrawing again changes nothing.
    withdrawn_at = item.consents["quote"]["withdrawn_at"]
    client.post(f"{P}/submissions/{item.pk}/withdraw-quote/")
    item.refresh_from_db()
    assert item.consents["quote"]["withdrawn_at"] == withdrawn_at


def test_withdrawing_the_consent_to_quote_withdraws_a_published_quote_at_once(cast):
    item = SubmissionFactory(
        lab=cast.lab,
        submitted_by=cast.participant,
        review=EvidenceItem.Review.ACCEPTED,
        consents=actions.recorded_consents(["use", "quote"]),
    )
    excerpt = ExcerptFactory(source__lab=cast.lab, source__evidence_item=item)
    quote = Quote.objects.create(
        lab=cast.lab,
        source=excerpt.source,
        excerpt=excerpt,
        text="The peer group helped.",
        attribution="Lab participant",
        status=Quote.Status.PUBLISHED,
    )
    actions.withdraw_quote_consent(item=item, person=cast.participant)
    quote.refresh_from_db()
    assert quote.status == Quote.Status.WITHDRAWN and quote.text == ""
    assert quote.withdrawn_reason == SUBMISSION_CONSENT_WITHDRAWN


def test_your_data_lists_the_consents_with_a_way_to_withdraw_the_one_to_quote(cast):
    from carelab.core.your_data import collect

    item = SubmissionFactory(
        lab=cast.lab, submitted_by=cast.participant, consents=actions.recorded_consents(["use", "quote"])
    )
    [section] = [s for s in collect(cast.participant) if s.key == "evidence_submissions"]
    by_use = {consent.use: consent for consent in section.consents}
    quote = by_use["Quoting an example or story you sent, anonymously"]
    assert quote.version == "evidence-submission-1" and quote.withdraw_url == f"{P}/submissions/{item.pk}/"
    assert by_use["Using an example or story you sent to the evidence library"].withdraw_url == ""
    actions.withdraw_quote_consent(item=item, person=cast.participant)
    [section] = [s for s in collect(cast.participant) if s.key == "evidence_submissions"]
    quote = next(c for c in section.consents if c.use.startswith("Quoting"))
    assert quote.withdrawn_at is not None and quote.withdraw_url == ""


def test_a_person_deletes_a_submission_while_it_waits_but_not_once_reviewed(cast, client_for):
    waiting = SubmissionFactory(lab=cast.lab, submitted_by=cast.participant)
    accepted = SubmissionFactory(lab=cast.lab, submitted_by=cast.participant, review="accepted")
    client = client_for(cast.participant)
    assert parse(client.get(f"{P}/submissions/{waiting.pk}/delete/")).select_one("#delete-form") is not None
    assert client.post(f"{P}/submissions/{waiting.pk}/delete/").url == f"{P}/submissions/"
    assert parse(client.get(f"{P}/submissions/{accepted.pk}/delete/")).select_one("#delete-form") is None
    client.post(f"{P}/submissions/{accepted.pk}/delete/")
    assert list(EvidenceItem.objects.all()) == [accepted]


def test_nobody_else_reaches_a_persons_submission_through_their_pages(cast, client_for):
    item = SubmissionFactory(lab=cast.lab, submitted_by=cast.participant)
    other = client_for(cast.team)
    assert other.get(f"{P}/submissions/{item.pk}/").status_code == 404
    assert other.post(f"{P}/submissions/{item.pk}/withdraw-quote/").status_code == 404
    assert other.post(f"{P}/submissions/{item.pk}/delete/").status_code == 404
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


# The lab team's review


def test_accepting_puts_it_in_the_library_with_its_search_text_and_tells_the_person(
    cast, client_for, django_capture_on_commit_callbacks
):
    item = SubmissionFactory(lab=cast.lab, submitted_by=cast.participant, search_text="")
    client = client_for(cast.team)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{P}/team/submissions/{item.pk}/accept/")
    assert response.url == f"{P}/team/submissions/"
    item.refresh_from_db()
    assert (item.review, item.reviewed_by) == ("accepted", cast.team) and item.reviewed_at
    assert item.search_text == item.text_for_search() and "peer group" in item.search_text
    assert item in EvidenceItem.objects.for_lab(cast.lab).in_library()
    [email] = mail.outbox
    assert email.to == [cast.participant.email] and "added it to the lab's evidence library" in email.body
    assert f"{SITE}{P}/submissions/{item.pk}/" in email.body
    # A second decision is refused and changes nothing.
    client.post(f"{P}/team/submissions/{item.pk}/decline/", {"reason": "Too late"})
    item.refresh_from_db()
    assert item.review == "accepted" and item.review_reason == ""


def test_declining_needs_a_reason_and_e_mails_it_to_the_person(cast, client_for, django_capture_on_commit_callbacks):
    item = SubmissionFactory(lab=cast.lab, submitted_by=cast.participant)
    client = client_for(cast.team)
    page = parse(client.post(f"{P}/team/submissions/{item.pk}/decline/", {"reason": "   "}))
    assert "Enter a reason" in errors_on(page)
    item.refresh_from_db()
    assert item.review == "waiting"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{P}/team/submissions/{item.pk}/decline/", {"reason": "It is about a service in Wales."})
    item.refresh_from_db()
    assert (item.review, item.review_reason) == ("declined", "It is about a service in Wales.")
    [email] = mail.outbox
    assert email.to == [cast.participant.email]
    assert "Their reason: It is about a service in Wales." in email.body
    assert "peer group" not in email.body  # never the person's words
    assert f"{SITE}{P}/submissions/{item.pk}/" in email.body
    mine = parse(client_for(cast.participant).get(f"{P}/submissions/{item.pk}/"))
    assert "It is about a service in Wales." in text_of(mine.select_one("#decline-reason"))


def test_a_decision_e_mail_after_signs_of_risk_offers_help_first(cast):
    from carelab.evidence.tasks import decision_email

    item = SubmissionFactory(
        lab=cast.lab,
        submitted_by=cast.participant,
        review="declined",
        review_reason="Not for the library.",
        words_check={"risk": "possible", "risk_reasons": ["x"], "personal_data": []},
    )
    _subject, body = decision_email(item)
    assert "Samaritans" in body and "If you are struggling" in body


def test_the_team_queue_shows_only_this_labs_waiting_submissions(cast, client_for):
    mine = SubmissionFactory(lab=cast.lab, title="Waiting here")
    SubmissionFactory(lab=cast.lab, title="Reviewed here", review="declined")
    SubmissionFactory(lab=cast.other_lab, title="Another lab's")
    EvidenceItemFactory(lab=cast.lab, title="A study the team added")
    page = parse(client_for(cast.team).get(f"{P}/team/submissions/"))
    assert [text_of(a) for a in page.select("#waiting tbody a")] == [mine.title]
    assert client_for(cast.other_team).get(f"{P}/team/submissions/{mine.pk}/").status_code == 403


def test_the_review_queue_and_your_list_do_not_grow_in_queries_with_the_submissions(
    cast, client_for, django_assert_max_num_queries
):
    organisation = OrganisationFactory(lab=cast.lab)
    for number in range(25):
        SubmissionFactory(lab=cast.lab, submitted_by=cast.participant, organisation=organisation, title=f"S {number}")
    for _ in range(5):
        SubmissionFactory(lab=cast.lab, submitted_by=cast.participant, review="accepted", reviewed_by=cast.team)
    team = client_for(cast.team)
    with django_assert_max_num_queries(12):
        response = team.get(f"{P}/team/submissions/")
    assert len(parse(response).select("#waiting tbody tr")) == 20
    participant = client_for(cast.participant)
    with django_assert_max_num_queries(12):
        response = participant.get(f"{P}/submissions/")
    assert len(parse(response).select("#your-submissions tbody tr")) == 20
