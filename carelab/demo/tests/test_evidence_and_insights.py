"""The demo lab's evidence library, its two coders' coding, themes, areas and published insights with quotes."""

import re
from collections import defaultdict

from carelab.accounts.models import User
from carelab.demo.evidence import SUBMISSION_CONSENT_VERSION, load_demo_evidence
from carelab.demo.insights import load_demo_insights, redact
from carelab.evidence.models import EvidenceItem, EvidenceTag
from carelab.insights.models import (
    Code,
    Coder,
    Coding,
    Excerpt,
    Insight,
    OpportunityArea,
    Quote,
    QuoteRedaction,
    Source,
    Theme,
)


def _counts(lab) -> dict:
    return {
        "items": EvidenceItem.objects.for_lab(lab).count(),
        "tags": EvidenceTag.objects.filter(lab=lab).count(),
        "coders": Coder.objects.filter(lab=lab).count(),
        "codes": Code.objects.filter(lab=lab).count(),
        "sources": Source.objects.for_lab(lab).count(),
        "excerpts": Excerpt.objects.filter(source__lab=lab).count(),
        "codings": Coding.objects.filter(code__lab=lab).count(),
        "themes": Theme.objects.filter(lab=lab).count(),
        "areas": OpportunityArea.objects.filter(lab=lab).count(),
        "quotes": Quote.objects.filter(lab=lab).count(),
        "redactions": QuoteRedaction.objects.filter(quote__lab=lab).count(),
        "insights": Insight.objects.filter(lab=lab).count(),
        "insight quotes": Insight.quotes.through.objects.filter(insight__lab=lab).count(),
    }


def test_loading_the_library_and_the_analysis_again_adds_nothing(demo_lab, db):
    before = _counts(demo_lab)
    load_demo_evidence(demo_lab)
    load_demo_insights(demo_lab)
    assert _counts(demo_lab) == before
    assert before["codings"] > 1000  # the survey's free text, coded by both coders


def test_the_library_has_about_forty_items_of_each_kind_all_searchable(demo_lab, db):
    items = list(EvidenceItem.objects.for_lab(demo_lab).in_library())
    assert 35 <= len(items) <= 45
    kinds = {item.kind for item in items}
    assert {"study", "review", "data_set", "practice", "story", "survey_finding", "workshop_output"} <= kinds
    assert all(item.search_text == item.text_for_search() for item in items)
    shared = [item.shared_with_participants for item in items]
    assert any(shared) and not all(shared)


def test_practice_examples_and_stories_are_accepted_submissions_with_recorded_consents(demo_lab, db):
    submitted = EvidenceItem.objects.for_lab(demo_lab).filter(kind__in=["practice", "story"])
    assert submitted.count() == 16
    for item in submitted:
        assert item.origin == EvidenceItem.Origin.SUBMISSION
        assert item.review == EvidenceItem.Review.ACCEPTED
        assert item.submitted_by is not None
        assert item.has_consent("use")
        assert {consent["version"] for consent in item.consents.values()} == {SUBMISSION_CONSENT_VERSION}
        assert all(consent["wording"] and consent["given_at"] for consent in item.consents.values())
    assert submitted.filter(kind="story").exclude(consents__has_key="quote").exists()  # one story is not quoted
    practice = submitted.filter(kind="practice")
    assert not practice.filter(organisation=None).exists()
    assert all(item.organisation.lab_id == demo_lab.pk for item in practice)


def test_two_coders_code_the_survey_answers_and_agree_often_but_not_always(demo_lab, db):
    coders = {
        user_id for user_id in Coding.objects.filter(code__lab=demo_lab).values_list("coder_id", flat=True).distinct()
    }
    assert len(coders) == 2
    assert Coder.objects.filter(lab=demo_lab, user__email="morgan@example.org").exists()
    answers = Source.objects.for_lab(demo_lab).filter(kind=Source.Kind.SURVEY_ANSWER)
    assert answers.count() > 500
    assert {source.question for source in answers} == {"what_helped", "what_did_not_help", "one_change"}
    assert answers.exclude(group="").exists()  # grouped by the respondent's roles, for cross-tabs
    codes_by = defaultdict(lambda: defaultdict(set))
    for excerpt_id, coder_id, code_id in Coding.objects.filter(code__lab=demo_lab).values_list(
        "excerpt_id", "coder_id", "code_id"
    ):
        codes_by[excerpt_id][coder_id].add(code_id)
    first, second = sorted(coders)
    agreed = sum(1 for by in codes_by.values() if by[first] == by[second])
    assert all(len(by) == 2 for by in codes_by.values())  # both coded every excerpt
    assert 0.5 < agreed / len(codes_by) < 1
    assert Source.objects.for_lab(demo_lab).filter(kind=Source.Kind.STORY).exclude(excerpts=None).exists()


def test_themes_group_codes_and_three_areas_group_themes(demo_lab, db):
    assert Theme.objects.filter(lab=demo_lab).count() == 5
    assert not Theme.objects.filter(lab=demo_lab, codes=None).exists()
    areas = OpportunityArea.objects.filter(lab=demo_lab)
    assert areas.count() == 3
    assert not areas.filter(themes=None).exists()


def test_five_insights_are_reviewed_by_a_second_person_and_published_with_quotes(demo_lab, db):
    insights = Insight.objects.filter(lab=demo_lab)
    assert insights.count() == insights.filter(status=Insight.Status.PUBLISHED).count() == 5
    for insight in insights:
        assert insight.reviewed_by is not None and insight.reviewed_by != insight.created_by
        assert insight.quotes.filter(status=Quote.Status.PUBLISHED).exists()
        assert insight.excerpts.exists() and insight.evidence_items.exists() and insight.themes.exists()
        assert insight.areas.exists()


def test_every_published_quote_comes_from_someone_who_agreed_and_names_nobody(demo_lab, db):
    quotes = list(Quote.objects.filter(lab=demo_lab, status=Quote.Status.PUBLISHED).select_related("excerpt__source"))
    assert len(quotes) >= 5
    names = {
        word
        for name in User.objects.filter(email__endswith="@example.org").values_list("display_name", flat=True)
        for word in re.findall(r"\b[A-Z][a-z]+\b", name)
    } - {"Site", "Dr"}
    assert {"Morgan", "Ben", "Sam", "Priya"} <= names
    named = re.compile(rf"\b({'|'.join(sorted(names))})\b")
    for quote in quotes:
        source = quote.excerpt.source
        consented = source.survey_response or source.evidence_item
        assert consented.has_consent("quote")
        assert not named.search(quote.text), quote.text
        assert quote.approved_by is not None and quote.approved_by != quote.created_by
        assert quote.attribution and not named.search(quote.attribution)
    redacted = [quote for quote in quotes if named.search(quote.excerpt.text)]
    assert redacted  # the demo shows names taken out, not only quotes that never had any
    for quote in redacted:
        assert quote.redactions.filter(kind="name", replacement="[name]").exists()
        assert "[name]" in quote.text


def test_redaction_replaces_names_places_and_other_personal_data_and_logs_each_kind():
    redacted = redact("Dr Morgan in Leeds said call 07700 900123 or Ben.")
    assert redacted.text == "[name] in [place] said call [phone number] or [name]."
    assert [kind for kind, _replacement in redacted.changes] == ["name", "place", "phone", "name"]
    assert redact("Nothing to take out here.").changes == []
