"""The strength-of-evidence summary of an insight (carelab/lib/evidence_strength.py)."""

from hypothesis import given
from hypothesis import strategies as st

from carelab.lib.evidence_strength import ExcerptFact, strength_of_evidence


def test_the_summary_counts_excerpts_respondent_groups_and_library_items_by_kind():
    excerpts = [ExcerptFact(source=n, source_kind="survey_answer", group=g) for n, g in enumerate("ABCABCABCABC")]
    strength = strength_of_evidence(excerpts=excerpts, evidence_kinds=["study", "study"])
    assert strength.summary == "Backed by 12 excerpts from 3 respondent groups and 2 research studies."
    assert strength.groups == ("A", "B", "C")
    assert strength.sources == 12
    assert strength.evidence_by_kind == (("study", 2),)


def test_sources_are_counted_once_each_by_kind():
    excerpts = [
        ExcerptFact(source=1, source_kind="survey_answer"),
        ExcerptFact(source=1, source_kind="survey_answer"),
        ExcerptFact(source=2, source_kind="evidence_item"),
        ExcerptFact(source=3, source_kind="evidence_item"),
        ExcerptFact(source=4, source_kind="evidence_item"),
    ]
    strength = strength_of_evidence(excerpts=excerpts)
    assert strength.excerpts == 5
    assert strength.sources == 4
    assert strength.sources_by_kind == (("evidence_item", 3), ("survey_answer", 1))
    # No respondent group is known, so the summary says how many sources instead.
    assert strength.summary == "Backed by 5 excerpts from 4 sources."


def test_one_of_each_is_said_in_the_singular_and_quotes_add_their_groups():
    strength = strength_of_evidence(
        excerpts=[ExcerptFact(source="s", source_kind="story", group="Lived experience")],
        evidence_kinds=["review", "practice"],
        quote_groups=["  lived   EXPERIENCE ", "Professional", ""],
    )
    assert strength.groups == ("Lived experience", "Professional")
    assert strength.summary == (
        "Backed by 1 excerpt from 2 respondent groups, 1 review, 1 practice example and 3 quotes."
    )


def test_library_kinds_come_most_first_then_in_the_librarys_order():
    strength = strength_of_evidence(evidence_kinds=["other", "story", "study", "story", "mystery"])
    assert [kind for kind, _ in strength.evidence_by_kind] == ["story", "study", "other", "mystery"]
    assert strength.summary == (
        "Backed by 2 lived-experience stories, 1 research study, 1 other library item and 1 library item."
    )


def test_nothing_behind_an_insight_is_said_plainly():
    strength = strength_of_evidence()
    assert strength.is_empty
    assert strength.summary == "Not yet backed by any excerpts, library items or quotes."


@given(
    st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["survey_answer", "story"]), st.text(max_size=8))),
    st.lists(st.sampled_from(["study", "review", "other", "odd"])),
    st.lists(st.text(max_size=8)),
)
def test_the_counts_always_add_up(excerpt_rows, kinds, quote_groups):
    excerpts = [ExcerptFact(source=(kind, n), source_kind=kind, group=group) for n, kind, group in excerpt_rows]
    strength = strength_of_evidence(excerpts=excerpts, evidence_kinds=kinds, quote_groups=quote_groups)
    assert strength.excerpts == len(excerpt_rows)
    assert sum(number for _, number in strength.sources_by_kind) == strength.sources
    assert sum(number for _, number in strength.evidence_by_kind) == strength.evidence_items == len(kinds)
    assert strength.quotes == len(quote_groups)
    assert len(strength.groups) == len({" ".join(g.split()).casefold() for g in strength.groups})
    assert strength.summary.endswith(".")
