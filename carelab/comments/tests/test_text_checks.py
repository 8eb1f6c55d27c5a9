"""carelab.lib.text_checks: the checks that hold free text for a person to review."""

import pytest

from carelab.lib.text_checks import find_personal_data, find_risk_phrases, parse_phrases

# A lab's own list, as a lab team might write it.
PHRASES = parse_phrases(
    "kill myself\nend my life\nend it all\nsuicide\nsuicidal\nwant to die\nbetter off dead\nself harm\n"
    "self-harm\nhurt myself\noverdose\nno reason to live\ncan't go on"
)


def test_phrases_are_one_a_line_trimmed_and_case_folded():
    assert parse_phrases("  Kill Myself \n\n\tOVERDOSE\n") == ["kill myself", "overdose"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Some nights I want to die.", ("want to die",)),
        ("SUICIDAL thoughts, again", ("suicidal",)),
        ("I can’t go on like this", ("can't go on",)),
        ("I feel like I could end\nit all", ("end it all",)),
        ("thinking about self-harm", ("self harm", "self-harm")),
        ("I took an overdose; then I want to die", ("want to die", "overdose")),
    ],
)
def test_risk_phrases_are_found_whatever_the_case_punctuation_or_line_breaks(text, found):
    assert set(find_risk_phrases(text, PHRASES)) == set(found)


def test_a_phrase_joined_to_another_word_by_a_hyphen_is_still_found():
    # Cautious on purpose: a false alarm costs a moderator a minute.
    assert find_risk_phrases("The suicide-prevention charity ran a workshop", PHRASES) == ("suicide",)


@pytest.mark.parametrize(
    "text",
    [
        "The physio said to pace myself and it helped.",
        "A killjoy of a day, but I'm okay.",
        "Posture matters: my endit app tracks it.",
        "",
    ],
)
def test_ordinary_text_trips_no_risk_phrase(text):
    assert find_risk_phrases(text, PHRASES) == ()


def test_blank_phrases_never_match():
    assert find_risk_phrases("anything at all", ["", "  "]) == ()


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Call me on 07700 900123", ("phone number",)),
        ("Ring 07700900123 after six", ("phone number",)),
        ("My landline is 020 7946 0018.", ("phone number",)),
        ("+44 7700 900 123 is my mobile", ("phone number",)),
        ("Write to pat.smith@example.org", ("email address",)),
        ("pat (at) example.org or 01632 960001", ("email address", "phone number")),
    ],
)
def test_phone_numbers_and_email_addresses_are_found(text, kinds):
    assert find_personal_data(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "About 1 in 4 people experience a mental health problem each year.",
        "It started in 2019 and got worse by 2021.",
        "Text SHOUT to 85258.",
        "Samaritans: 116 123",
        "@physio_team on social media",
    ],
)
def test_figures_and_helpline_numbers_are_not_personal_data(text):
    assert find_personal_data(text) == ()
