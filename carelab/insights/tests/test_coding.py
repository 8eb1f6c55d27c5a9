"""Coding (issue 10, section 2): coders, the codebook, sources and coding, through the pages."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.core.tests.html import parse, text_of
from carelab.events.tests.factories import EventFactory
from carelab.evidence.models import Attachment, EvidenceItem
from carelab.insights import actions_coding as actions
from carelab.insights.models import Code, Coder, Coding, Excerpt, Memo, Source
from carelab.insights.tests.factories_coding import (
    CodeFactory,
    CoderFactory,
    CodingFactory,
    ExcerptFactory,
    SourceFactory,
)
from carelab.lib.sentences import sentence_spans
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response, seed_responses

P = "/labs/the-lab/insights/coding"


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    seed_response(survey, {"what_helped": "My GP listened. Walking helped.", "lives_with_pain": "yes"})
    seed_response(survey, {"what_helped": "  ", "lives_with_pain": "no"})
    seed_response(survey, {"what_helped": "Talking to Dr. Khan\r\nand my physio", "lives_with_pain": "no"})
    seed_response(survey, {"lives_with_pain": "yes"})
    return survey


@pytest.fixture
def coder(cast):
    """The cast participant, invited by the team to code."""
    CoderFactory(lab=cast.lab, user=cast.participant, invited_by=cast.team)
    return cast.participant


def messages_on(page):
    return text_of(page.select_one(".nhsuk-error-summary")) if page.select_one(".nhsuk-error-summary") else ""


# Sources


def test_the_team_adds_a_survey_questions_answers_grouped_by_a_choice_question(survey, cast, client_for):
    client = client_for(cast.team)
    response = client.post(
        f"{P}/sources/add/",
        {
            "add": "survey",
            "survey-question": f"{survey.pk}:what_helped",
            "survey-group_by": f"{survey.pk}:lives_with_pain",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{P}/questions/{survey.pk}/what_helped/"
    sources = list(cast.lab.coding_sources.order_by("pk"))
    assert [(s.kind, s.text, s.group, s.question) for s in sources] == [
        ("survey_answer", "My GP listened. Walking helped.", "Yes", "what_helped"),
        # Line breaks as the browser reads them, so offsets agree (decision 0031).
        ("survey_answer", "Talking to Dr. Khan\nand my physio", "No", "what_helped"),
    ]
    assert sources[0].name == f"Response {sources[0].survey_response.reference}, question what_helped"
    assert all(source.guid for source in sources)


def test_adding_the_same_question_again_adds_only_new_answers(survey, cast):
    assert actions.add_survey_answers(cast.lab, survey, "what_helped") == 2
    assert actions.add_survey_answers(cast.lab, survey, "what_helped") == 0
    seed_response(survey, {"what_helped": "Swimming"})
    assert actions.add_survey_answers(cast.lab, survey, "what_helped") == 1
    assert cast.lab.coding_sources.count() == 3


def test_only_text_questions_and_choice_groupings_of_the_same_survey_are_accepted(survey, cast, client_for):
    other = SurveyFactory(lab=cast.lab, slug="other")
    client = client_for(cast.team)
    page = parse(
        client.post(
            f"{P}/sources/add/",
            {
                "add": "survey",
                "survey-question": f"{survey.pk}:what_helped",
                "survey-group_by": f"{other.pk}:lives_with_pain",
            },
        )
    )
    assert "Choose a question of the same survey" in messages_on(page)
    page = parse(client.post(f"{P}/sources/add/", {"add": "survey", "survey-question": f"{survey.pk}:lives_with_pain"}))
    assert "Select a valid choice" in messages_on(page)
    with pytest.raises(actions.CodingError):
        actions.add_survey_answers(cast.lab, survey, "lives_with_pain")
    assert not cast.lab.coding_sources.exists()


def test_the_team_adds_evidence_stories_attachments_and_event_notes(cast, client_for):
    lab = cast.lab
    study = EvidenceItem.objects.create(lab=lab, title="A study", abstract="It found things.", notes="Read it.")
    story = EvidenceItem.objects.create(lab=lab, title="My story", kind=EvidenceItem.Kind.STORY, abstract="I hurt.")
    attachment = Attachment.objects.create(
        item=study, file="a.txt", original_name="a.txt", content_type="text/plain", size=3, extracted_text="Full text."
    )
    event = EventFactory(lab=lab, title="Workshop", notes="We talked.", outputs="A map.")
    client = client_for(cast.team)
    for add, pk in [("evidence", study.pk), ("evidence", story.pk), ("attachment", attachment.pk), ("event", event.pk)]:
        response = client.post(f"{P}/sources/add/", {"add": add, f"{add}-choice": pk})
        assert response.status_code == 302, add
    assert [(s.kind, s.name, s.text) for s in lab.coding_sources.order_by("pk")] == [
        ("evidence_item", "A study", "It found things.\n\nRead it."),
        ("story", "My story", "I hurt."),
        ("attachment", "a.txt (A study)", "Full text."),
        ("event_notes", "Workshop: notes and outputs", "We talked.\n\nA map."),
    ]
    # Each can be added once: it is no longer offered.
    page = parse(client.get(f"{P}/sources/add/"))
    assert page.select_one("#evidence-choice") is None


def test_sources_are_listed_paged_and_filtered(survey, cast, coder, client_for):
    actions.add_survey_answers(cast.lab, survey, "what_helped")
    item = SourceFactory(lab=cast.lab, name="An evidence item")
    code = CodeFactory(lab=cast.lab)
    actions.code_span(item, 0, 5, [code], coder)
    client = client_for(coder)
    page = parse(client.get(f"{P}/sources/"))
    assert len(page.select("#sources tbody tr")) == 3
    page = parse(client.get(f"{P}/sources/", {"kind": "survey_answer"}))
    assert len(page.select("#sources tbody tr")) == 2
    page = parse(client.get(f"{P}/sources/", {"uncoded": "on"}))
    assert "An evidence item" not in text_of(page.select_one("#sources"))
    page = parse(client.get(f"{P}/sources/", {"question": f"{survey.pk}:what_helped"}))
    assert len(page.select("#sources tbody tr")) == 2
    # Not "Delete" for a coder: only the team deletes sources.
    assert "Delete" not in text_of(page.select_one("#sources"))


def test_the_sources_list_stays_flat_in_queries(cast, client_for, django_assert_max_num_queries):
    Source.objects.bulk_create(
        SourceFactory.build(lab=cast.lab, name=f"Source {n}", guid=__import__("uuid").uuid4()) for n in range(120)
    )
    client = client_for(cast.team)
    with django_assert_max_num_queries(20):
        response = client.get(f"{P}/sources/", {"page": 2})
    assert len(parse(response).select("#sources tbody tr")) == 50


# Coders


def test_the_team_invites_a_coder_from_the_labs_people_or_by_email_and_removes_them(cast, client_for):
    client = client_for(cast.team)
    page = parse(client.get(f"{P}/coders/"))
    offered = [option["value"] for option in page.select("#id_person option") if option["value"]]
    assert offered == sorted([str(cast.member.pk), str(cast.participant.pk)], key=lambda pk: offered.index(pk))
    assert str(cast.team.pk) not in offered
    assert client.post(f"{P}/coders/", {"person": cast.participant.pk}).status_code == 302
    assert client.post(f"{P}/coders/", {"email": "OTHER-team@example.org"}).status_code == 302
    assert set(cast.lab.coders.values_list("user", flat=True)) == {cast.participant.pk, cast.other_team.pk}
    page = parse(client.post(f"{P}/coders/", {"email": "nobody@example.org"}))
    assert "no CareLab account" in messages_on(page)
    assert parse(client.post(f"{P}/coders/", {"email": "nobody@example.org"})).select_one("#id_email")["value"] == (
        "nobody@example.org"
    )
    page = parse(client.post(f"{P}/coders/", {"email": "team@example.org"}))
    assert "lab team" in messages_on(page)
    page = parse(client.post(f"{P}/coders/", {}))
    assert "Choose a person or enter an e-mail address" in messages_on(page)
    coder = Coder.objects.get(user=cast.participant)
    assert client.post(f"{P}/coders/{coder.pk}/remove/").status_code == 302
    assert not Coder.objects.filter(user=cast.participant).exists()


def test_a_coder_sees_the_coding_pages_but_not_the_teams(cast, coder, client_for):
    source = SourceFactory(lab=cast.lab)
    client = client_for(coder)
    for path in ["/", "/sources/", "/codebook/", f"/sources/{source.pk}/"]:
        assert client.get(f"{P}{path}").status_code == 200, path
    for path in ["/coders/", "/codebook/new/", "/sources/add/", f"/sources/{source.pk}/delete/"]:
        assert client.get(f"{P}{path}").status_code == 403, path
    # The lab menu offers them Coding.
    page = parse(client.get(f"{P}/"))
    assert "Coding" in [text_of(a) for a in page.select("header nav a")]
    # A coder of this lab is nobody in another lab.
    assert client.get("/labs/other-lab/insights/coding/").status_code == 403


# The codebook


def test_the_team_builds_a_hierarchical_codebook(cast, client_for):
    client = client_for(cast.team)
    client.post(f"{P}/codebook/new/", {"name": "Care", "description": "Anything about care."})
    care = Code.objects.get(name="Care")
    client.post(f"{P}/codebook/new/", {"name": "  Being   listened to ", "parent": care.pk})
    client.post(f"{P}/codebook/new/", {"name": "Waiting", "parent": care.pk})
    listened = Code.objects.get(name="Being listened to")
    assert listened.parent == care and listened.guid and listened.created_by == cast.team
    page = parse(client.post(f"{P}/codebook/new/", {"name": "waiting", "parent": care.pk}))
    assert "same place already" in messages_on(page)
    # Reorder: Waiting moves above Being listened to.
    client.post(f"{P}/codebook/{Code.objects.get(name='Waiting').pk}/move/", {"direction": "up"})
    page = parse(client.get(f"{P}/codebook/"))
    names = [text_of(h2).split(" (")[0] for h2 in page.select("#codebook h2")]
    assert names == ["Care", "Level 2: Waiting", "Level 2: Being listened to"]
    # Rename and move to the top; a code cannot go under its own code.
    page = parse(client.get(f"{P}/codebook/{care.pk}/"))
    assert str(listened.pk) not in [option["value"] for option in page.select("#id_parent option")]
    client.post(f"{P}/codebook/{listened.pk}/", {"name": "Listened to", "description": "", "parent": ""})
    listened.refresh_from_db()
    assert (listened.name, listened.parent) == ("Listened to", None)
    with pytest.raises(actions.CodingError):
        actions.update_code(care, name="Care", description="", parent=Code.objects.get(name="Waiting"))


def test_deleting_a_code_says_how_many_codings_go(cast, client_for):
    code = CodeFactory(lab=cast.lab, name="Pain")
    child = CodeFactory(lab=cast.lab, name="Sleep", parent=code)
    CodingFactory(code=code, excerpt__source__lab=cast.lab)
    CodingFactory(code=child, excerpt__source__lab=cast.lab)
    client = client_for(cast.team)
    page = parse(client.get(f"{P}/codebook/{code.pk}/delete/"))
    assert text_of(page.select_one("#what-goes")).startswith("2 codings go with it, by every coder, and the 1 code")
    client.post(f"{P}/codebook/{code.pk}/delete/")
    assert not Code.objects.exists() and not Coding.objects.exists()
    assert not Excerpt.objects.exists()  # nothing rests on them any more


def test_memos_on_codes_sources_and_excerpts(cast, coder, client_for):
    code = CodeFactory(lab=cast.lab)
    excerpt = ExcerptFactory(source__lab=cast.lab)
    client = client_for(coder)
    for on in [f"code:{code.pk}", f"source:{excerpt.source_id}", f"excerpt:{excerpt.pk}"]:
        assert client.post(f"{P}/memos/new/", {"on": on, "text": f"About {on}"}).status_code == 302
    assert Memo.objects.filter(author=coder).count() == 3
    assert "About code" in text_of(parse(client.get(f"{P}/codebook/")).select_one("#codebook"))
    other_lab_code = CodeFactory(lab=cast.other_lab)
    assert client.post(f"{P}/memos/new/", {"on": f"code:{other_lab_code.pk}", "text": "x"}).status_code == 404
    memo = Memo.objects.get(code=code)
    # Only its author or the lab team deletes a memo.
    assert client_for(cast.team).post(f"{P}/memos/{memo.pk}/delete/").status_code == 302
    assert not Memo.objects.filter(pk=memo.pk).exists()


# Coding


def test_coding_by_sentence_without_javascript(survey, cast, coder, client_for):
    actions.add_survey_answers(cast.lab, survey, "what_helped")
    care, walk = CodeFactory(lab=cast.lab, name="Care"), CodeFactory(lab=cast.lab, name="Exercise")
    source = cast.lab.coding_sources.order_by("pk").first()
    client = client_for(coder)
    path = f"{P}/questions/{survey.pk}/what_helped/"
    page = parse(client.get(path))
    form = page.select_one("#sentence-form")
    legends = [text_of(legend) for legend in page.select(f"#source-{source.pk} .carelab-sentence legend")]
    assert legends == ["My GP listened.", "Walking helped."]
    first, second = sentence_spans(source.text)
    boxes = page.select(f"input[form=sentence-form][name=codes-{source.pk}-{first[0]}-{first[1]}]")
    assert [box["value"] for box in boxes] == [str(care.pk), str(walk.pk)]
    assert form is not None
    data = {
        "mode": "sentences",
        "next": path,
        "offered": [care.pk, walk.pk],
        "source": [s.pk for s in cast.lab.coding_sources.all()],
        "sentence": [f"{source.pk}:{first[0]}:{first[1]}", f"{source.pk}:{second[0]}:{second[1]}"],
        f"codes-{source.pk}-{first[0]}-{first[1]}": [care.pk],
        f"codes-{source.pk}-{second[0]}-{second[1]}": [care.pk, walk.pk],
    }
    assert client.post(f"{P}/code/", data)["Location"] == path
    coded = sorted((c.excerpt.text, c.code.name) for c in Coding.objects.filter(coder=coder))
    assert coded == [("My GP listened.", "Care"), ("Walking helped.", "Care"), ("Walking helped.", "Exercise")]
    # Unticking removes; the boxes show what was saved.
    data[f"codes-{source.pk}-{second[0]}-{second[1]}"] = [walk.pk]
    client.post(f"{P}/code/", data)
    assert Coding.objects.filter(coder=coder).count() == 2
    page = parse(client.get(path))
    assert page.select_one(f"#s{source.pk}-{second[0]}-{second[1]}-{walk.pk}").has_attr("checked")
    assert not page.select_one(f"#s{source.pk}-{second[0]}-{second[1]}-{care.pk}").has_attr("checked")
    # The coded parts are highlighted with a text label, not colour alone.
    labels = [text_of(label) for label in page.select(f"#source-{source.pk}-text [data-label]")]
    assert labels == ["[1: Care]", "[2: Exercise]"]


def test_sentences_or_codes_that_are_not_on_the_page_are_ignored(cast, coder, client_for):
    source = SourceFactory(lab=cast.lab)
    code = CodeFactory(lab=cast.lab)
    other = CodeFactory(lab=cast.other_lab)
    data = {
        "mode": "sentences",
        "source": [source.pk],
        "offered": [code.pk, other.pk],
        "sentence": [f"{source.pk}:0:5", f"{source.pk}:x:1", "9999999999999:0:1"],
        f"codes-{source.pk}-0-5": [code.pk],
    }
    assert client_for(coder).post(f"{P}/code/", data).status_code == 302
    assert not Coding.objects.exists()


def test_coding_a_selected_span_with_several_codes(cast, coder, client_for):
    source = SourceFactory(lab=cast.lab, text="Pain 😣 all day. Then calm.")
    pain, mood = CodeFactory(lab=cast.lab, name="Pain"), CodeFactory(lab=cast.lab, name="Mood")
    client = client_for(coder)
    data = {"mode": "span", "source": source.pk, "start": 5, "end": 15, "codes": [pain.pk, mood.pk]}
    client.post(f"{P}/code/", data)
    excerpt = Excerpt.objects.get()
    assert excerpt.text == "😣 all day."
    # A second coder on the same span shares the excerpt (decision 0031) with their own codings.
    client_for(cast.team).post(f"{P}/code/", {**data, "codes": [pain.pk]})
    assert Excerpt.objects.count() == 1
    assert sorted(Coding.objects.values_list("coder", "code__name")) == sorted(
        [(coder.pk, "Pain"), (coder.pk, "Mood"), (cast.team.pk, "Pain")]
    )


def test_a_coder_sees_and_removes_only_their_own_codings_and_the_team_sees_everyones(cast, coder, client_for):
    source = SourceFactory(lab=cast.lab)
    code = CodeFactory(lab=cast.lab, name="Care")
    mine = actions.code_span(source, 0, 21, [code], coder).codings.get()
    theirs = actions.code_span(source, 22, 51, [code], cast.team).codings.get()
    client = client_for(coder)
    page = parse(client.get(f"{P}/sources/{source.pk}/"))
    assert [text_of(item.p) for item in page.select(".carelab-excerpts__item")] == ["[1] “My GP listened to me.”"]
    assert client.post(f"{P}/codings/{theirs.pk}/remove/").status_code == 404
    page = parse(client_for(cast.team).get(f"{P}/sources/{source.pk}/"))
    assert len(page.select(".carelab-excerpts__item")) == 2
    assert "by Pat Participant" in text_of(page.select_one(".carelab-excerpts"))
    assert client.post(f"{P}/codings/{mine.pk}/remove/").status_code == 302
    assert list(Coding.objects.all()) == [theirs]
    assert Excerpt.objects.count() == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.one_of(st.integers(), st.text(max_size=30)),
    end=st.one_of(st.integers(), st.text(max_size=30)),
    source=st.one_of(st.integers(), st.text(max_size=10)),
)
def test_hostile_span_offsets_get_a_message_never_a_crash(cast, client, start, end, source):
    code, _ = Code.objects.get_or_create(lab=cast.lab, name="Any", defaults={"guid": __import__("uuid").uuid4()})
    client.force_login(cast.team)
    response = client.post(
        f"{P}/code/", {"mode": "span", "source": source, "start": start, "end": end, "codes": [code.pk]}
    )
    assert response.status_code == 302


def test_a_question_with_5000_answers_stays_paged_and_flat_in_queries(cast, client_for, django_assert_max_num_queries):
    survey = SurveyFactory(lab=cast.lab, slug="big")
    seed_responses(survey, [{"what_helped": f"Answer {n}. It helped a bit."} for n in range(5000)])
    assert actions.add_survey_answers(cast.lab, survey, "what_helped") == 5000
    codes = [CodeFactory(lab=cast.lab, name=name) for name in ("Care", "Pain", "Sleep")]
    team = cast.team
    for source in cast.lab.coding_sources.order_by("pk")[:40]:
        actions.code_span(source, 0, 9, codes, team)
    client = client_for(team)
    with django_assert_max_num_queries(50):
        response = client.get(f"{P}/questions/{survey.pk}/what_helped/", {"page": 2})
    page = parse(response)
    assert len(page.select(".carelab-source")) == 20
    assert len(page.select(".carelab-excerpts__item")) == 20
    with django_assert_max_num_queries(50):
        response = client.get(f"{P}/questions/{survey.pk}/what_helped/", {"page": 250})
    assert len(parse(response).select(".carelab-source")) == 20
