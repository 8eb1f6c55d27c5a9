"""Themes, areas of opportunity and insights (issue 10, section 4), through the pages and the actions."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of
from carelab.evidence.models import EvidenceItem
from carelab.evidence.tests.factories import EvidenceItemFactory, SubmissionFactory
from carelab.insights import actions_insights as actions
from carelab.insights.models import Insight, InsightEvent, Quote, Source
from carelab.insights.tests.factories_coding import CodeFactory, CodingFactory, ExcerptFactory, SourceFactory
from carelab.insights.tests.factories_insights import (
    AreaFactory,
    InsightFactory,
    PublishedInsightFactory,
    QuoteFactory,
    ThemeFactory,
)
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory

P = "/labs/the-lab/insights"
M = f"{P}/making-sense"


@pytest.fixture
def second_team(cast):
    """Another member of the lab team, to review what Tam Team wrote."""
    person = UserFactory(email="second@example.org", display_name="Sam Second")
    MembershipFactory(lab=cast.lab, user=person, role=Role.TEAM)
    return person


def errors_on(page) -> str:
    summary = page.select_one(".nhsuk-error-summary")
    return text_of(summary) if summary else ""


def flash(page) -> str:
    return " ".join(
        text_of(node)
        for node in page.select(".carelab-messages, .nhsuk-notification-banner, [role=alert], [role=status]")
    )


def coded_excerpt(lab, *, group="", kind=Source.Kind.SURVEY_ANSWER, code=None, text="My GP listened to me."):
    source = SourceFactory(lab=lab, kind=kind, group=group, text=text)
    excerpt = ExcerptFactory(source=source, start=0, end=len(text))
    CodingFactory(excerpt=excerpt, code=code or CodeFactory(lab=lab))
    return excerpt


# Themes and areas


def test_the_team_makes_a_theme_from_codes_by_ticking_them(cast, client_for):
    listened = CodeFactory(lab=cast.lab, name="Being listened to")
    CodeFactory(lab=cast.lab, name="Waiting lists")
    client = client_for(cast.team)
    page = parse(client.get(f"{M}/themes/new/"))
    boxes = page.select("input[type=checkbox][name=codes]")
    assert [box["value"] for box in boxes] == [str(listened.pk), str(listened.pk + 1)]

    response = client.post(f"{M}/themes/new/", {"name": "  Being   believed ", "codes": [str(listened.pk)]})
    assert response.status_code == 302
    theme = cast.lab.themes.get()
    assert theme.name == "Being believed"
    assert list(theme.codes.all()) == [listened]


def test_a_theme_name_is_unique_in_the_lab_and_a_bad_choice_is_refused_keeping_what_was_typed(cast, client_for):
    ThemeFactory(lab=cast.lab, name="Being believed")
    other_labs_code = CodeFactory(lab=cast.other_lab)
    client = client_for(cast.team)
    page = parse(client.post(f"{M}/themes/new/", {"name": "being BELIEVED", "description": "Kept"}))
    assert "There is a theme with that name already." in errors_on(page)
    assert page.select_one("textarea[name=description]").text.strip() == "Kept"
    page = parse(client.post(f"{M}/themes/new/", {"name": "New", "codes": [str(other_labs_code.pk)]}))
    assert "Choose codes from the list" in errors_on(page)
    assert cast.lab.themes.count() == 1


def test_deleting_a_theme_keeps_its_codes_and_codings(cast, client_for):
    code = CodeFactory(lab=cast.lab)
    CodingFactory(code=code, excerpt=ExcerptFactory(source=SourceFactory(lab=cast.lab)))
    theme = ThemeFactory(lab=cast.lab)
    theme.codes.add(code)
    response = client_for(cast.team).post(f"{M}/themes/{theme.pk}/delete/")
    assert response.status_code == 302
    assert not cast.lab.themes.exists()
    assert code.codings.count() == 1


def test_making_sense_shows_areas_then_their_themes_then_codes_with_coding_counts(cast, client_for):
    sleep = CodeFactory(lab=cast.lab, name="Sleep")
    believed = CodeFactory(lab=cast.lab, name="Believed")
    CodeFactory(lab=cast.lab, name="Unplaced")
    for _ in range(3):
        CodingFactory(code=sleep, excerpt=ExcerptFactory(source=SourceFactory(lab=cast.lab)))
    theme = ThemeFactory(lab=cast.lab, name="Nights")
    theme.codes.add(sleep, believed)
    loose = ThemeFactory(lab=cast.lab, name="Loose theme")
    area = AreaFactory(lab=cast.lab, name="Living with pain")
    area.themes.add(theme)

    page = parse(client_for(cast.team).get(f"{M}/"))
    area_node = page.select_one(f"#area-{area.pk}")
    assert "Living with pain" in text_of(area_node.h2)
    assert text_of(area_node.select_one(f"#theme-{theme.pk} h3")) == "Nights (3 codings)"
    assert [text_of(li) for li in area_node.select(f"#theme-{theme.pk} ul li")] == [
        "Sleep: 3 codings",
        "Believed: 0 codings",
    ]
    assert page.select_one(f"#no-area #theme-{loose.pk}") is not None
    assert "Unplaced: 0 codings" in text_of(page.select_one("#codes-in-no-theme"))


@pytest.mark.parametrize("size", [1, 8])
def test_making_sense_runs_the_same_queries_however_many_themes(cast, client_for, django_assert_max_num_queries, size):
    client = client_for(cast.team)
    for _ in range(size):
        code = CodeFactory(lab=cast.lab)
        theme = ThemeFactory(lab=cast.lab)
        theme.codes.add(code)
        AreaFactory(lab=cast.lab).themes.add(theme)
    client.get(f"{M}/")
    with django_assert_max_num_queries(14):
        assert client.get(f"{M}/").status_code == 200


def test_an_area_groups_themes(cast, client_for):
    theme = ThemeFactory(lab=cast.lab, name="Being believed")
    client = client_for(cast.team)
    response = client.post(f"{M}/areas/new/", {"name": "The first appointment", "themes": [str(theme.pk)]})
    assert response.status_code == 302
    assert list(cast.lab.opportunity_areas.get().themes.all()) == [theme]


# Review and publication


def test_an_insight_starts_as_a_draft_and_its_author_cannot_review_it(cast, client_for):
    client = client_for(cast.team)
    response = client.post(f"{M}/insights/new/", {"statement": "People in pain want to be believed first."})
    insight = cast.lab.insights.get()
    assert response["Location"] == f"{M}/insights/{insight.pk}/support/"
    assert insight.status == Insight.Status.DRAFT and insight.created_by == cast.team

    page = parse(client.get(f"{M}/insights/{insight.pk}/"))
    assert "another member of the lab team must review it" in text_of(page.select_one("#review-refusal"))
    assert not page.select("input[name=action][value=review]")
    page = parse(client.post(f"{M}/insights/{insight.pk}/status/", {"action": "review"}, follow=True))
    assert "You wrote this insight, so another member of the lab team must review it" in text_of(page)
    insight.refresh_from_db()
    assert insight.status == Insight.Status.DRAFT


def test_a_second_team_member_reviews_then_anyone_in_the_team_publishes_and_every_step_is_recorded(
    cast, client_for, second_team
):
    insight = actions.create_insight(
        cast.lab, statement="Believed first.", detail="", themes=[], areas=[], by=cast.team
    )
    client = client_for(cast.team)
    # Publishing before review is refused with the reason.
    page = parse(client.post(f"{M}/insights/{insight.pk}/status/", {"action": "publish"}, follow=True))
    assert "must review this insight before it is published" in text_of(page)

    client = client_for(second_team)
    client.post(f"{M}/insights/{insight.pk}/status/", {"action": "review"})
    insight.refresh_from_db()
    assert (insight.status, insight.reviewed_by) == (Insight.Status.REVIEWED, second_team)

    client = client_for(cast.team)
    client.post(f"{M}/insights/{insight.pk}/status/", {"action": "publish"})
    insight.refresh_from_db()
    assert insight.status == Insight.Status.PUBLISHED and insight.published_at is not None

    client.post(f"{M}/insights/{insight.pk}/status/", {"action": "unpublish", "note": "A quote needs checking."})
    insight.refresh_from_db()
    assert insight.status == Insight.Status.REVIEWED
    assert [(e.action, e.from_status, e.to_status, e.actor, e.note) for e in insight.events.all()] == [
        ("created", "", "draft", cast.team, ""),
        ("reviewed", "draft", "reviewed", second_team, ""),
        ("published", "reviewed", "published", cast.team, ""),
        ("unpublished", "published", "reviewed", cast.team, "A quote needs checking."),
    ]
    history = text_of(parse(client.get(f"{M}/insights/{insight.pk}/")).select_one("#history"))
    assert "Reviewed by a second team member" in history and "Sam Second" in history
    assert "A quote needs checking." in history


def test_changing_a_reviewed_insights_words_sends_it_back_to_draft_and_a_published_one_cannot_change(
    cast, client_for, second_team
):
    insight = InsightFactory(lab=cast.lab, created_by=cast.team)
    actions.review_insight(insight, by=second_team)
    client = client_for(cast.team)
    client.post(f"{M}/insights/{insight.pk}/edit/", {"statement": "Believed, then treated."})
    insight.refresh_from_db()
    assert insight.status == Insight.Status.DRAFT and insight.reviewed_by is None
    assert insight.events.last().action == InsightEvent.Action.CHANGED_AFTER_REVIEW

    published = PublishedInsightFactory(lab=cast.lab, statement="As it was.")
    response = client.post(f"{M}/insights/{published.pk}/edit/", {"statement": "Sneaked in."})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.statement == "As it was."
    with pytest.raises(actions.InsightError):
        actions.update_insight(published, statement="x", detail="", themes=[], areas=[], by=cast.team)


def test_sending_back_records_the_note(cast, client_for, second_team):
    insight = InsightFactory(lab=cast.lab, created_by=cast.team)
    actions.review_insight(insight, by=second_team)
    client_for(second_team).post(
        f"{M}/insights/{insight.pk}/status/", {"action": "send_back", "note": "Say which study this rests on."}
    )
    insight.refresh_from_db()
    assert insight.status == Insight.Status.DRAFT
    assert insight.events.last().note == "Say which study this rests on."


def test_an_unknown_status_change_is_a_404_and_a_huge_note_is_refused(cast, client_for):
    insight = InsightFactory(lab=cast.lab, created_by=cast.team)
    client = client_for(cast.team)
    assert client.post(f"{M}/insights/{insight.pk}/status/", {"action": "delete_everything"}).status_code == 404
    page = parse(
        client.post(f"{M}/insights/{insight.pk}/status/", {"action": "send_back", "note": "x" * 3000}, follow=True)
    )
    assert "The note must be 2,000 characters or fewer" in text_of(page)
    assert insight.events.count() == 0


# What backs an insight


def test_the_team_adds_excerpts_library_items_and_approved_quotes_by_ticking_them(cast, client_for):
    code = CodeFactory(lab=cast.lab, name="Believed")
    excerpt = coded_excerpt(cast.lab, group="Lived experience", code=code)
    coded_excerpt(cast.lab, group="Professional")  # coded with another code
    item = EvidenceItemFactory(lab=cast.lab, title="Back pain and depression")
    EvidenceItemFactory(lab=cast.lab, title="Waiting submission", review=EvidenceItem.Review.WAITING)
    approved = QuoteFactory(lab=cast.lab, text="They believed me.")
    QuoteFactory(lab=cast.lab, status=Quote.Status.RAW, text="Raw words")
    QuoteFactory(lab=cast.lab, status=Quote.Status.WITHDRAWN, text="")
    QuoteFactory(lab=cast.other_lab, text="Another lab's quote")
    insight = InsightFactory(lab=cast.lab, created_by=cast.team)
    client = client_for(cast.team)
    url = f"{M}/insights/{insight.pk}/support/"

    page = parse(client.get(url, {"code": code.pk}))
    assert [box["value"] for box in page.select("input[name=excerpt-chosen]")] == [str(excerpt.pk)]
    assert [box["value"] for box in page.select("input[name=evidence_item-chosen]")] == [str(item.pk)]
    assert [box["value"] for box in page.select("input[name=quote-chosen]")] == [str(approved.pk)]

    client.post(url, {"kind": "excerpt", "excerpt-chosen": [str(excerpt.pk)]})
    client.post(url, {"kind": "evidence_item", "evidence_item-chosen": [str(item.pk)]})
    client.post(url, {"kind": "quote", "quote-chosen": [str(approved.pk)]})
    assert list(insight.excerpts.all()) == [excerpt]
    assert list(insight.evidence_items.all()) == [item]
    assert list(insight.quotes.all()) == [approved]

    page = parse(client.get(f"{M}/insights/{insight.pk}/"))
    assert text_of(page.select_one("#strength-summary")) == (
        "Backed by 1 excerpt from 1 respondent group, 1 research study and 1 quote."
    )


def test_a_raw_quote_or_another_labs_excerpt_cannot_be_added_even_by_a_forged_form(cast, client_for):
    raw = QuoteFactory(lab=cast.lab, status=Quote.Status.RAW)
    theirs = coded_excerpt(cast.other_lab)
    insight = InsightFactory(lab=cast.lab, created_by=cast.team)
    client = client_for(cast.team)
    url = f"{M}/insights/{insight.pk}/support/"
    page = parse(client.post(url, {"kind": "quote", "quote-chosen": [str(raw.pk)]}))
    assert "Choose from the list" in errors_on(page)
    page = parse(client.post(url, {"kind": "excerpt", "excerpt-chosen": [str(theirs.pk), "99999999999999999999"]}))
    assert "Choose from the list" in errors_on(page)
    assert not insight.quotes.exists() and not insight.excerpts.exists()
    with pytest.raises(actions.InsightError):
        actions.link_support(insight, quotes=[raw], by=cast.team)


def test_taking_something_off_a_reviewed_insight_sends_it_back_to_draft(cast, client_for, second_team):
    insight = InsightFactory(lab=cast.lab, created_by=cast.team)
    item = EvidenceItemFactory(lab=cast.lab)
    insight.evidence_items.add(item)
    actions.review_insight(insight, by=second_team)
    client_for(cast.team).post(f"{M}/insights/{insight.pk}/support/remove/", {"kind": "evidence_item", "pk": item.pk})
    insight.refresh_from_db()
    assert not insight.evidence_items.exists()
    assert insight.status == Insight.Status.DRAFT


# The public pages


def test_a_published_insight_shows_only_published_quotes_with_their_attribution(cast, client):
    insight = PublishedInsightFactory(lab=cast.lab, detail="We heard this **often**.<script>alert(1)</script>")
    published = QuoteFactory(lab=cast.lab, status=Quote.Status.PUBLISHED, text="They believed me at last.")
    approved = QuoteFactory(lab=cast.lab, status=Quote.Status.APPROVED, text="Approved, not yet published.")
    insight.quotes.add(published, approved)
    page = parse(client.get(f"{P}/{insight.pk}/"))
    quotes = page.select("#quotes li")
    assert [text_of(li.blockquote) for li in quotes] == ["“They believed me at last.”"]
    assert text_of(quotes[0].figcaption) == "Lab participant, lived experience, North West"
    assert "Approved, not yet published" not in text_of(page)
    detail = page.select_one("#insight-detail")
    assert detail.strong is not None and detail.script is None
    assert text_of(page.select_one("#strength-summary")) == "Backed by 1 quote."


def test_a_withdrawn_quote_disappears_from_a_published_insight_and_the_team_is_told(cast, client, client_for):
    insight = PublishedInsightFactory(lab=cast.lab)
    quote = QuoteFactory(lab=cast.lab, status=Quote.Status.PUBLISHED, text="Words to withdraw.")
    insight.quotes.add(quote)
    assert "Words to withdraw." in text_of(parse(client.get(f"{P}/{insight.pk}/")))
    # What quotes' withdraw_quotes does: the status changes and the words go at once.
    quote.status, quote.text, quote.withdrawn_at = Quote.Status.WITHDRAWN, "", timezone.now()
    quote.save()
    page = parse(client.get(f"{P}/{insight.pk}/"))
    assert page.select_one("#quotes") is None
    assert text_of(page.select_one("#strength-summary")) == "Not yet backed by any excerpts, library items or quotes."

    team_page = parse(client_for(cast.team).get(f"{M}/insights/{insight.pk}/"))
    assert "1 quote was withdrawn" in text_of(team_page.select_one("#withdrawn-quotes"))


def test_drafts_and_reviewed_insights_are_not_found_on_the_public_pages(cast, client_for):
    draft = InsightFactory(lab=cast.lab, statement="Draft words")
    reviewed = InsightFactory(lab=cast.lab, status=Insight.Status.REVIEWED, statement="Reviewed words")
    published = PublishedInsightFactory(lab=cast.other_lab)
    client = client_for(cast.team)
    assert client.get(f"{P}/{draft.pk}/").status_code == 404
    assert client.get(f"{P}/{reviewed.pk}/").status_code == 404
    assert client.get(f"{P}/{published.pk}/").status_code == 404  # another lab's
    page = parse(client.get(f"{P}/"))
    assert "The lab has not published any insights yet." in text_of(page.select_one("#no-insights"))


def test_evidence_is_cited_by_authors_year_and_title_with_a_doi_link_and_submissions_without_their_title(cast, client):
    insight = PublishedInsightFactory(lab=cast.lab)
    study = EvidenceItemFactory(
        lab=cast.lab, title="Pain and mood", authors=["Smith, J.", "Jones, K."], year=2020, doi="10.1000/xyz"
    )
    story = SubmissionFactory(lab=cast.lab, title="Jo's story from Leeds", review=EvidenceItem.Review.ACCEPTED)
    insight.evidence_items.add(study, story)
    citations = parse(client.get(f"{P}/{insight.pk}/")).select("#citations li")
    texts = sorted(" ".join(li.get_text().split()) for li in citations)
    assert texts == [
        "A lived-experience story sent to the lab",
        "Smith, J.; Jones, K. (2020). Pain and mood. doi:10.1000/xyz",
    ]
    doi = next(a for li in citations for a in li.select("a"))
    assert doi["href"] == "https://doi.org/10.1000/xyz"


@pytest.mark.parametrize("size", [2, 12])
def test_the_public_list_runs_the_same_queries_however_many_insights(cast, client, django_assert_max_num_queries, size):
    for _ in range(size):
        insight = PublishedInsightFactory(lab=cast.lab)
        insight.excerpts.add(coded_excerpt(cast.lab, group="Carer"))
        insight.evidence_items.add(EvidenceItemFactory(lab=cast.lab))
        insight.quotes.add(QuoteFactory(lab=cast.lab, status=Quote.Status.PUBLISHED))
    with django_assert_max_num_queries(10):
        page = parse(client.get(f"{P}/"))
    items = page.select("#insights > li")
    assert len(items) == size
    assert "Backed by 1 excerpt from 1 respondent group, 1 research study and 1 quote." in text_of(items[0])


@pytest.mark.parametrize("size", [2, 12])
def test_the_team_list_runs_the_same_queries_however_many_insights(
    cast, client_for, django_assert_max_num_queries, size
):
    client = client_for(cast.team)
    for _ in range(size):
        insight = InsightFactory(lab=cast.lab, created_by=cast.team)
        insight.quotes.add(QuoteFactory(lab=cast.lab))
    client.get(f"{M}/insights/")
    with django_assert_max_num_queries(12):
        page = parse(client.get(f"{M}/insights/"))
    assert len(page.select("#insights tbody tr")) == size


def test_the_lab_menu_offers_insights_to_everyone_once_one_is_published(cast, client):
    def menu():
        return [text_of(a) for a in parse(client.get("/labs/the-lab/posts/")).select("header nav a")]

    InsightFactory(lab=cast.lab)
    assert "Insights" not in menu()
    PublishedInsightFactory(lab=cast.lab)
    assert "Insights" in menu()


# Hostile input


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    statement=st.text(max_size=600),
    detail=st.text(max_size=300),
    name=st.text(max_size=250),
)
def test_free_text_in_the_forms_never_breaks_a_page(cast, client_for, statement, detail, name):
    client = client_for(cast.team)
    response = client.post(f"{M}/insights/new/", {"statement": statement, "detail": detail})
    assert response.status_code in (200, 302)
    response = client.post(f"{M}/themes/new/", {"name": name, "description": detail})
    assert response.status_code in (200, 302)
    response = client.get(f"{M}/insights/", {"status": name, "page": name})
    # An address holding a NUL gets the plain page that says so (core.middleware.refuse_unusable_addresses).
    assert response.status_code == (400 if "\x00" in name else 200)


def test_nul_bytes_and_huge_numbers_get_a_message_not_a_crash(cast, client_for):
    insight = InsightFactory(lab=cast.lab, created_by=cast.team)
    client = client_for(cast.team)
    page = parse(client.post(f"{M}/insights/new/", {"statement": "Bad\x00words"}))
    assert "Null characters are not allowed" in errors_on(page)
    url = f"{M}/insights/{insight.pk}/support/"
    page = parse(client.get(url, {"code": "9" * 30, "words": "pain " * 50}))
    assert "Choose a code from the list." in text_of(page.select_one("#filters"))
    assert "The search must be 200 characters or fewer" in text_of(page.select_one("#filters"))
    assert (
        client.post(f"{M}/insights/{insight.pk}/support/remove/", {"kind": "quote", "pk": "9" * 30}).status_code == 404
    )
    assert client.post(url, {"kind": "nonsense"}).status_code == 404
