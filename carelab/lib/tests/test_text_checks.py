import pytest

from carelab.lib.text_checks import check_text, find_personal_data, find_risk_phrases, parse_phrases

PHRASES = parse_phrases("kill myself\n  Can't go on \n\nself-harm\n")


def test_phrases_are_one_a_line_trimmed_and_case_folded():
    assert PHRASES == ["kill myself", "can't go on", "self-harm"]


@pytest.mark.parametrize(
    "text",
    ["Some days I feel I can't go on.", "I CAN'T GO ON", "thinking about self-harm again", "I want to kill myself!"],
)
def test_risk_phrases_match_ignoring_case_and_punctuation(text):
    assert find_risk_phrases(text, PHRASES)


@pytest.mark.parametrize("text", ["The skill myself I learned", "I can go on", "selfharmony"])
def test_risk_phrases_only_match_whole_words(text):
    assert find_risk_phrases(text, PHRASES) == ()


@pytest.mark.parametrize(
    "text",
    ["call me on 07700 900123", "ring 07700900123", "+44 7700 900123", "landline 0161 496 0000", "020 7946 0000"],
)
def test_uk_phone_numbers_are_found(text):
    assert find_personal_data(text) == ("phone number",)


@pytest.mark.parametrize("text", ["email me at sam@example.org", "sam (at) example.org"])
def test_email_addresses_are_found(text):
    assert find_personal_data(text) == ("email address",)


@pytest.mark.parametrize("text", ["I waited 18 weeks", "In 2026 there were 130 branches", "Score 10 out of 10"])
def test_ordinary_numbers_are_not_personal_data(text):
    assert find_personal_data(text) == ()


def test_check_text_reports_both_kinds():
    findings = check_text("I can't go on, call 07700 900123", PHRASES)
    assert findings.has_risk and findings.has_personal_data
    assert findings.risk_phrases == ("can't go on",)
    assert not check_text("A kind comment", PHRASES).has_risk
