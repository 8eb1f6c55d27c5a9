"""Quotes (issue 10, section 5): consent, redaction, a second team member's approval, publication, and
withdrawal everywhere at once."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.accounts.actions import delete_account
from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of
from carelab.core.your_data import collect
from carelab.events.tests.factories import EventFactory
from carelab.evidence.models import EvidenceItem
from carelab.evidence.tests.factories import EvidenceItemFactory, SubmissionFactory
from carelab.insights import actions_coding
from carelab.insights import actions_quotes as actions
from carelab.insights.models import Insight, Quote, QuoteRedaction, Source
from carelab.insights.tests.factories_coding import ExcerptFactory, QuoteFactory, SourceFactory
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory
from carelab.lib.quote_redaction import NAME, OTHER, PLACE, Suggestion
from carelab.surveys.actions.changing import (
    delete_survey_response,
    remove_response_by_team,
    withdraw_survey_consent,
)
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response

P = "/labs/the-lab/insights/quotes"
WORDS = "Dr Patel in Leeds listened. Sarah rang me on 07700 900123."
QUOTE_CONSENT = {"quote": {"wording": "You may quote me without my name.", "version": "1"}}


@pytest.fixture
def second_team_member(cast):
    person = UserFactory(display_name="Second Reader")
    MembershipFactory(lab=cast.lab, user=person, role=Role.TEAM)
    return person


def answer_excerpt(lab, *, consents=QUOTE_CONSENT, answers=None, text=WORDS, user=None):
    survey = SurveyFactory(lab=lab)
    response = seed_response(survey, answers or {"what_helped": text, "where": "north_west"})
    response.consents = consents
    response.user = user
    response.save(update_fields=["consents", "user"])
    source = SourceFactory(
        lab=lab,
        kind=Source.Kind.SURVEY_ANSWER,
        survey_response=response,
        question="what_helped",
        text=text,
        group="Lived experience",
    )
    return ExcerptFactory(source=source, start=0, end=len(text))


def evidence_excerpt(lab, item):
    source = actions_coding.add_evidence_item(lab, item)
    return ExcerptFactory(source=source, start=0, end=10)


# Consent


def test_a_survey_answer_is_quoted_only_where_its_person_agreed_and_attributed_without_a_name(cast):
    quote = actions.create_quote(answer_excerpt(cast.lab), by=cast.team)
    assert quote.status == Quote.Status.RAW
    assert quote.text == WORDS
    assert quote.attribution == "Lab participant, lived experience, North West"
    with pytest.raises(actions.QuoteError, match="did not agree to be quoted"):
        actions.create_quote(answer_excerpt(cast.lab, consents={}), by=cast.team)
    withdrawn = {"quote": {**QUOTE_CONSENT["quote"], "withdrawn_at": "2026-01-01T00:00:00+00:00"}}
    with pytest.raises(actions.QuoteError):
        actions.create_quote(answer_excerpt(cast.lab, consents=withdrawn), by=cast.team)


def test_a_group_answered_in_the_first_person_is_said_of_the_person():
    assert actions._lowered("I live with persistent back pain") == "lives with persistent back pain"
    assert actions._lowered("I care for someone") == "cares for someone"
    assert actions._lowered("I have a long-term condition") == "has a long-term condition"
    assert actions._lowered("Lived experience") == "lived experience"
    assert actions._lowered("NHS staff") == "NHS staff"


def test_the_team_may_leave_the_group_and_region_out_of_the_attribution(cast):
    quote = actions.create_quote(answer_excerpt(cast.lab), by=cast.team, with_group=False, with_region=False)
    assert quote.attribution == "Lab participant"


def test_a_submission_needs_its_senders_consent_and_published_research_is_cited_not_named(cast):
    consented = SubmissionFactory(
        lab=cast.lab, review=EvidenceItem.Review.ACCEPTED, region="wales", consents=QUOTE_CONSENT
    )
    quote = actions.create_quote(evidence_excerpt(cast.lab, consented), by=cast.team)
    assert quote.attribution == "Lab participant, lived experience, Wales"
    unconsented = SubmissionFactory(lab=cast.lab, review=EvidenceItem.Review.ACCEPTED, consents={})
    with pytest.raises(actions.QuoteError, match="did not agree"):
        actions.create_quote(evidence_excerpt(cast.lab, unconsented), by=cast.team)
    study = EvidenceItemFactory(lab=cast.lab, title="Pain and mood", year=2021, authors=["Smith, J."])
    cited = actions.create_quote(evidence_excerpt(cast.lab, study), by=cast.team)
    assert cited.attribution == "Research study: Pain and mood (2021)"
    assert "Smith" not in cited.attribution
    story = EvidenceItemFactory(lab=cast.lab, kind=EvidenceItem.Kind.STORY)
    with pytest.raises(actions.QuoteError, match="added by the lab team"):
        actions.create_quote(evidence_excerpt(cast.lab, story), by=cast.team)


def test_event_notes_are_never_quoted(cast):
    event = EventFactory(lab=cast.lab, notes="Jo said the group helped.")
    excerpt = ExcerptFactory(source=actions_coding.add_event_notes(cast.lab, event), start=0, end=10)
    with pytest.raises(actions.QuoteError, match="Event notes are not quoted"):
        actions.create_quote(excerpt, by=cast.team)


# Redaction, approval, publication


def test_redacting_logs_kinds_and_replacements_but_never_the_words_removed(cast):
    quote = actions.create_quote(answer_excerpt(cast.lab), by=cast.team)
    spans = actions.suggestions_for(quote)
    assert [(WORDS[s.start : s.end], s.kind) for s in spans] == [
        ("Patel", NAME),
        ("Leeds", PLACE),
        ("Sarah", NAME),
        ("07700 900123", "phone"),
    ]
    actions.redact_quote(quote, spans=spans, by=cast.team, seen=actions.text_fingerprint(WORDS))
    quote.refresh_from_db()
    assert quote.status == Quote.Status.REDACTED
    assert quote.text == "Dr [name] in [place] listened. [name] rang me on [phone number]."
    logged = list(QuoteRedaction.objects.filter(quote=quote).values_list("kind", "replacement", "by"))
    assert logged == [
        ("name", "[name]", cast.team.pk),
        ("place", "[place]", cast.team.pk),
        ("name", "[name]", cast.team.pk),
        ("phone", "[phone number]", cast.team.pk),
    ]
    for removed in ("Patel", "Leeds", "Sarah", "900123"):
        assert not QuoteRedaction.objects.filter(replacement__contains=removed).exists()


def test_a_redaction_against_words_that_changed_since_the_form_was_shown_saves_nothing(cast):
    quote = actions.create_quote(answer_excerpt(cast.lab), by=cast.team)
    with pytest.raises(actions.QuoteError, match="changed this quote"):
        actions.redact_quote(quote, spans=[Suggestion(0, 2, OTHER)], by=cast.team, seen="stale")
    quote.refresh_from_db()
    assert (quote.status, quote.text, quote.redactions.count()) == (Quote.Status.RAW, WORDS, 0)


def test_the_one_who_redacted_cannot_approve_and_states_go_in_order(cast, second_team_member):
    quote = actions.create_quote(answer_excerpt(cast.lab), by=cast.team)
    with pytest.raises(actions.QuoteError):
        actions.approve_quote(quote, by=second_team_member)  # raw: not redacted yet
    with pytest.raises(actions.QuoteError):
        actions.publish_quote(quote)  # raw: not approved
    actions.redact_quote(quote, spans=[], by=cast.team)
    with pytest.raises(actions.QuoteError, match="another member of the lab team approves"):
        actions.approve_quote(quote, by=cast.team)
    actions.approve_quote(quote, by=second_team_member)
    actions.publish_quote(quote)
    assert list(Quote.objects.published()) == [quote]
    actions.unpublish_quote(quote)
    assert not Quote.objects.published().exists()
    # Taking more out of an approved quote takes its approval away.
    actions.redact_quote(quote, spans=[Suggestion(0, 2, OTHER)], by=second_team_member)
    quote.refresh_from_db()
    assert (quote.status, quote.approved_by) == (Quote.Status.REDACTED, None)
    with pytest.raises(actions.QuoteError):
        actions.approve_quote(quote, by=second_team_member)
    # The first redactor took nothing out; the words now are the second's, so the first may approve them.
    actions.approve_quote(quote, by=cast.team)


def test_publishing_checks_consent_again(cast, second_team_member):
    excerpt = answer_excerpt(cast.lab)
    quote = actions.create_quote(excerpt, by=cast.team)
    actions.redact_quote(quote, spans=[], by=cast.team)
    actions.approve_quote(quote, by=second_team_member)
    response = excerpt.source.survey_response
    response.consents = {}
    response.save(update_fields=["consents"])
    with pytest.raises(actions.QuoteError, match="did not agree"):
        actions.publish_quote(quote)


# Withdrawal


def published(cast, second_team_member, excerpt):
    quote = actions.create_quote(excerpt, by=cast.team)
    actions.redact_quote(quote, spans=[], by=cast.team)
    actions.approve_quote(quote, by=second_team_member)
    return actions.publish_quote(quote)


def assert_withdrawn(quote, reason):
    quote.refresh_from_db()
    assert (quote.status, quote.text, quote.withdrawn_reason) == (Quote.Status.WITHDRAWN, "", reason)
    assert quote.withdrawn_at is not None
    assert quote.source_id is None and quote.excerpt_id is None


def test_withdrawing_consent_to_be_quoted_takes_the_quote_off_a_published_insight_at_once(cast, second_team_member):
    excerpt = answer_excerpt(cast.lab)
    quote = published(cast, second_team_member, excerpt)
    other = published(cast, second_team_member, answer_excerpt(cast.lab))
    insight = Insight.objects.create(lab=cast.lab, statement="Being listened to helps", status="published")
    insight.quotes.set([quote, other])
    withdraw_survey_consent(excerpt.source.survey_response, "quote")
    assert_withdrawn(quote, actions.CONSENT_WITHDRAWN)
    assert list(insight.quotes.filter(status=Quote.Status.PUBLISHED)) == [other]
    assert list(Quote.objects.published()) == [other]


@pytest.mark.parametrize(
    ("remove", "reason"),
    [
        (lambda response, team: delete_survey_response(response), actions.RESPONSE_DELETED),
        (
            lambda response, team: remove_response_by_team(response, actor=team, reason="Spam"),
            actions.RESPONSE_REMOVED_BY_TEAM,
        ),
        (lambda response, team: withdraw_survey_consent(response, "health_data"), actions.HEALTH_DATA_WITHDRAWN),
    ],
)
def test_deleting_a_response_withdraws_its_quotes_and_the_record_stays_without_words(
    cast, second_team_member, remove, reason
):
    excerpt = answer_excerpt(cast.lab, consents={**QUOTE_CONSENT, "health_data": {"wording": "w", "version": "1"}})
    quote = published(cast, second_team_member, excerpt)
    remove(excerpt.source.survey_response, cast.team)
    assert not Source.objects.filter(pk=excerpt.source_id).exists()
    assert_withdrawn(quote, reason)


def test_deleting_an_account_withdraws_quotes_of_their_linked_answers_and_submissions(cast, second_team_member):
    person = cast.participant
    from_answer = published(cast, second_team_member, answer_excerpt(cast.lab, user=person))
    submission = SubmissionFactory(
        lab=cast.lab, review=EvidenceItem.Review.ACCEPTED, submitted_by=person, consents=QUOTE_CONSENT
    )
    from_story = actions.create_quote(evidence_excerpt(cast.lab, submission), by=cast.team)
    someone_elses = published(cast, second_team_member, answer_excerpt(cast.lab))
    delete_account(person)
    assert_withdrawn(from_answer, actions.ACCOUNT_DELETED)
    assert_withdrawn(from_story, actions.ACCOUNT_DELETED)
    someone_elses.refresh_from_db()
    assert someone_elses.status == Quote.Status.PUBLISHED


def test_withdrawing_by_evidence_item_covers_its_attachments_and_says_whose(cast):
    submission = SubmissionFactory(lab=cast.lab, review=EvidenceItem.Review.ACCEPTED, consents=QUOTE_CONSENT)
    quote = actions.create_quote(evidence_excerpt(cast.lab, submission), by=cast.team)
    assert actions.withdraw_quotes(evidence_item=submission, reason=actions.SUBMISSION_CONSENT_WITHDRAWN) == 1
    assert_withdrawn(quote, actions.SUBMISSION_CONSENT_WITHDRAWN)
    assert actions.withdraw_quotes(evidence_item=submission, reason="again") == 0
    with pytest.raises(ValueError):
        actions.withdraw_quotes(reason="nobody")


def test_a_source_deleted_without_withdrawing_takes_its_quotes_with_it(cast):
    quote = actions.create_quote(answer_excerpt(cast.lab), by=cast.team)
    actions_coding.delete_source(quote.source)
    assert not Quote.objects.filter(pk=quote.pk).exists()


# Your data


def test_your_data_lists_quotes_of_your_words_and_not_anyone_elses(cast, second_team_member):
    mine = published(cast, second_team_member, answer_excerpt(cast.lab, user=cast.participant))
    published(cast, second_team_member, answer_excerpt(cast.lab, text="Somebody else's words."))
    sections = {section.key: section for section in collect(cast.participant)}
    records = [dict(record) for record in sections["quotes_of_your_words"].records]
    assert [(r["Quote"], r["State"]) for r in records] == [(mine.text, "Published")]
    assert sections["quotes_of_your_words"].kept_after_deletion
    work = {section.key: section for section in collect(second_team_member)}["quote_team_work"]
    assert [dict(record)["What"] for record in work.records] == ["Approved a quote"]


# Pages


def test_the_team_makes_redacts_approves_and_publishes_a_quote_through_the_pages(cast, client_for, second_team_member):
    excerpt = answer_excerpt(cast.lab)
    team = client_for(cast.team)
    page = parse(team.get(f"{P}/new/?excerpt={excerpt.pk}"))
    assert text_of(page.select_one("#attribution")) == "Lab participant, lived experience, North West"
    response = team.post(f"{P}/new/", {"excerpt": excerpt.pk, "with_group": "on"})
    quote = Quote.objects.get()
    assert response.url == f"{P}/{quote.pk}/redact/"
    assert quote.attribution == "Lab participant, lived experience"
    page = parse(team.get(f"{P}/{quote.pk}/redact/"))
    ticked = page.select("input[name=spans][checked]")
    assert len(ticked) == 4
    seen = page.select_one("input[name=seen]")["value"]
    # Accept the names and the phone number, leave "Leeds", and add a word of their own.
    response = team.post(f"{P}/{quote.pk}/redact/", {"spans": ["0", "2", "3"], "other": "listened", "seen": seen})
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.text == "Dr [name] in Leeds [removed]. [name] rang me on [phone number]."
    page = parse(team.get(f"{P}/{quote.pk}/approve/"))
    assert "another member of the lab team approves" in text_of(page.select_one("#approval-refusal"))
    assert team.post(f"{P}/{quote.pk}/approve/").status_code == 200
    second = client_for(second_team_member)
    page = parse(second.get(f"{P}/{quote.pk}/approve/"))
    assert "place" in text_of(page.select_one("#checks")).lower()
    page = parse(second.post(f"{P}/{quote.pk}/approve/"))
    assert "Tick to say" in text_of(page.select_one(".nhsuk-error-summary"))
    assert second.post(f"{P}/{quote.pk}/approve/", {"checked": "on"}).status_code == 302
    assert second.post(f"{P}/{quote.pk}/publish/").status_code == 302
    quote.refresh_from_db()
    assert quote.status == Quote.Status.PUBLISHED
    page = parse(team.get(f"{P}/{quote.pk}/"))
    log = text_of(page.select_one("#redaction-log"))
    assert "Name, replaced by “[name]”" in log and "Other words" in log
    assert "Patel" not in log and "listened" not in log


def test_refused_excerpts_say_why_and_offer_no_button(cast, client_for):
    excerpt = answer_excerpt(cast.lab, consents={})
    team = client_for(cast.team)
    page = parse(team.get(f"{P}/new/?excerpt={excerpt.pk}"))
    assert "did not agree to be quoted" in text_of(page.select_one("#refusal"))
    assert team.post(f"{P}/new/", {"excerpt": excerpt.pk}).status_code == 200
    assert not Quote.objects.exists()


def test_words_typed_that_are_not_in_the_quote_are_refused_and_kept(cast, client_for):
    quote = actions.create_quote(answer_excerpt(cast.lab), by=cast.team)
    team = client_for(cast.team)
    seen = actions.text_fingerprint(quote.text)
    page = parse(team.post(f"{P}/{quote.pk}/redact/", {"other": "Birmingham", "seen": seen}))
    assert "not in the quote: Birmingham" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("textarea[name=other]").text.strip() == "Birmingham"
    quote.refresh_from_db()
    assert quote.status == Quote.Status.RAW


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    excerpt=st.one_of(st.text(max_size=30), st.integers().map(str)),
    state=st.text(max_size=20),
    other=st.text(max_size=200),
    spans=st.lists(st.text(max_size=12), max_size=4),
)
def test_hostile_input_gets_a_clear_answer_never_an_error(cast, client_for, excerpt, state, other, spans):
    # 400 is the site's own page for NUL bytes in a request (core/middleware.py), which says what is wrong.
    team = client_for(cast.team)
    assert team.get(f"{P}/new/", {"excerpt": excerpt}).status_code in (200, 400, 404)
    assert team.get(f"{P}/", {"state": state, "page": excerpt}).status_code in (200, 400)
    quote = QuoteFactory(lab=cast.lab, text="Sarah from Leeds.")
    response = team.post(f"{P}/{quote.pk}/redact/", {"other": other, "spans": spans, "seen": state})
    assert response.status_code in (200, 302, 400)
    quote.refresh_from_db()
    if response.status_code != 302:
        assert (quote.status, quote.text) == (Quote.Status.RAW, "Sarah from Leeds.")


def test_the_list_pages_are_flat_in_queries(cast, client_for, django_assert_max_num_queries):
    for number in range(30):
        QuoteFactory(lab=cast.lab, status=Quote.Status.REDACTED, redacted_by=cast.team, text=f"Words {number}")
        QuoteFactory(lab=cast.lab, status=Quote.Status.WITHDRAWN, text="", withdrawn_reason="Because")
    team = client_for(cast.team)
    with django_assert_max_num_queries(12):
        assert team.get(f"{P}/?state=redacted").status_code == 200
    with django_assert_max_num_queries(10):
        assert team.get(f"{P}/withdrawn/").status_code == 200


def test_another_labs_quote_is_not_found_and_coders_cannot_reach_quotes(cast, client_for):
    from carelab.insights.tests.factories_coding import CoderFactory

    theirs = QuoteFactory()
    team = client_for(cast.team)
    assert team.get(f"{P}/{theirs.pk}/").status_code == 404
    CoderFactory(lab=cast.lab, user=cast.participant)
    assert client_for(cast.participant).get(f"{P}/").status_code == 403
