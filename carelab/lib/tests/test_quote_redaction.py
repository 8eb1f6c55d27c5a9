"""Suggested redactions for quotes (issue 10, section 5): what they find, what they leave, and their shape."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib.quote_redaction import (
    ADDRESS,
    EMAIL,
    NAME,
    NHS_NUMBER,
    ORGANISATION,
    OTHER,
    PHONE,
    PLACE,
    REPLACEMENTS,
    RedactionError,
    Suggestion,
    apply_redactions,
    combine,
    phrase_spans,
    suggest_redactions,
)
from carelab.lib.text_checks import nhs_number_is_valid


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.kind) for s in suggest_redactions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Patel listened to me.", [("Patel", NAME)]),
        ("Then Mrs. O’Brien rang.", [("O’Brien", NAME)]),
        ("Sarah Jones rang me back.", [("Sarah Jones", NAME)]),
        ("I told Will about it.", [("Will", NAME)]),
        ("My neighbour Kwabena helped.", [("Kwabena", NAME)]),
        ("I live in Leeds.", [("Leeds", PLACE)]),
        ("We moved to Newcastle upon Tyne last year.", [("Newcastle upon Tyne", PLACE)]),
        ("We met at Greenside every week.", [("Greenside", PLACE)]),
        ("The Elm Tree Surgery was kind.", [("Elm Tree Surgery", ORGANISATION)]),
        ("Leeds Teaching Hospitals NHS Trust helped.", [("Leeds Teaching Hospitals NHS Trust", ORGANISATION)]),
        ("I studied at the University of Leeds.", [("University of Leeds", ORGANISATION)]),
        ("Leeds Mind ran a group.", [("Leeds Mind", ORGANISATION)]),
        ("Ring 07700 900123 or 0113 496 0000.", [("07700 900123", PHONE), ("0113 496 0000", PHONE)]),
        ("Write to jo.bloggs@example.com please.", [("jo.bloggs@example.com", EMAIL)]),
        ("My number is 943 476 5919.", [("943 476 5919", NHS_NUMBER)]),
        ("It was 9434765919 on the letter.", [("9434765919", NHS_NUMBER)]),
        ("I live at 12 Acacia Avenue now.", [("12 Acacia Avenue", ADDRESS)]),
    ],
)
def test_each_kind_is_suggested(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The NHS is stretched and my GP Surgery is busy.",
        "Since June, on Monday at Christmas I felt tired.",
        "In May the pain was worse. I saw my GP.",
        "The Samaritans and Mind were good to me.",
        "Walking helps. Talking helps. Nothing else does.",
        "I waited 18 weeks and scored 14 on the PHQ-9.",
        "My number was 943 476 5918 on one letter.",  # fails the modulus-11 check
        "I'm Really Tired of it all.",
        "[name] from [organisation] in [place] rang [phone number].",
    ],
)
def test_ordinary_words_and_placeholders_are_left_alone(text):
    assert found(text) == []


def test_applying_replaces_each_span_with_its_kinds_placeholder():
    text = "Dr Patel at the Elm Tree Surgery in Leeds rang 07700 900123."
    assert apply_redactions(text, suggest_redactions(text)) == (
        "Dr [name] at the [organisation] in [place] rang [phone number]."
    )


def test_words_the_team_types_are_found_as_whole_words_ignoring_case():
    text = "The Red Lion cafe; red lions; THE RED LION."
    spans = phrase_spans(text, ["red lion", "  "])
    assert [text[s.start : s.end] for s in spans] == ["Red Lion", "RED LION"]
    assert {s.kind for s in spans} == {OTHER}


def test_spans_that_overlap_or_leave_the_text_are_refused():
    with pytest.raises(RedactionError):
        apply_redactions("abcdef", [Suggestion(0, 3, NAME), Suggestion(2, 4, NAME)])
    with pytest.raises(RedactionError):
        apply_redactions("abc", [Suggestion(1, 9, NAME)])
    with pytest.raises(RedactionError):
        apply_redactions("abc", [Suggestion(0, 1, "secret")])


def test_combining_keeps_the_earlier_groups_span_where_two_overlap():
    chosen = (Suggestion(0, 5, NAME),)
    typed = (Suggestion(3, 8, OTHER), Suggestion(10, 12, OTHER))
    assert combine(chosen, typed) == (Suggestion(0, 5, NAME), Suggestion(10, 12, OTHER))


# Properties

_VOCABULARY = (
    "I the my GP Dr Patel Sarah in Leeds at Greenside NHS Trust University of Surgery Mind was kind and "
    "rang 07700 900123 jo@example.com 943 476 5919 . , ! ? \n Will May June Monday Christmas [name] é Zoë"
)
_words = st.sampled_from(_VOCABULARY.split(" "))
_texts = st.one_of(st.text(max_size=300), st.lists(_words, max_size=60).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_suggestions_are_in_order_inside_the_text_never_empty_and_never_overlapping(text):
    spans = suggest_redactions(text)
    position = 0
    for span in spans:
        assert position <= span.start < span.end <= len(text)
        assert span.kind in REPLACEMENTS
        position = span.end


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_applying_changes_only_the_spans(text):
    spans = suggest_redactions(text)
    redacted = apply_redactions(text, spans)
    removed = sum(span.end - span.start for span in spans)
    added = sum(len(span.replacement) for span in spans)
    assert len(redacted) == len(text) - removed + added
    assert apply_redactions(text, ()) == text


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_suggesting_again_on_redacted_text_never_touches_a_placeholder(text):
    redacted = apply_redactions(text, suggest_redactions(text))
    for span in suggest_redactions(redacted):
        piece = redacted[span.start : span.end]
        assert all(placeholder not in piece for placeholder in REPLACEMENTS.values())


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999), st.sampled_from(["", " "]))
def test_a_valid_nhs_number_is_found_spaced_or_not_and_an_invalid_one_never_is(nine, gap):
    digits = f"{nine:09d}"
    for last in "0123456789":
        number = digits + last
        written = f"{number[:3]}{gap}{number[3:6]}{gap}{number[6:]}"
        kinds = [kind for piece, kind in found(f"My NHS number is {written} thanks") if piece == written]
        if nhs_number_is_valid(number):
            assert NHS_NUMBER in kinds or PHONE in kinds
        else:
            assert NHS_NUMBER not in kinds


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[a-z]{1,10}(\.[a-z]{1,8})?@[a-z]{2,10}\.(com|org|co\.uk)", fullmatch=True))
def test_an_email_address_is_found_whole(address):
    assert (address, EMAIL) in found(f"Write to {address} please.")
