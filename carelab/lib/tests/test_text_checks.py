from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib.text_checks import (
    MAX_CHECKED_LENGTH,
    PERSONAL_DATA_KINDS,
    PersonalDataSpan,
    find_personal_data,
    find_personal_data_spans,
    find_risk_phrases,
    nhs_number_is_valid,
    parse_phrases,
    redact_personal_data,
)

PHRASES = parse_phrases("kill myself\n  Can't go on \n\nself-harm\n")


def found(text: str) -> list[tuple[str, str]]:
    """What was found, as (the text of the span, its kind)."""
    return [(text[span.start : span.end], span.kind) for span in find_personal_data_spans(text)]


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


def test_the_kind_names_are_the_seven_shown_to_the_lab_team():
    assert PERSONAL_DATA_KINDS == (
        "phone number",
        "email address",
        "NHS number",
        "postcode",
        "street address",
        "name",
        "date of birth",
    )


# -- Phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("call me on 07700 900123", "07700 900123"),
        ("ring 07700900123 after six", "07700900123"),
        ("07700 900 123", "07700 900 123"),
        ("my mobile: 07700-900-123.", "07700-900-123"),
        ("07700.900.123", "07700.900.123"),
        ("landline 0161 496 0000", "0161 496 0000"),
        ("020 7946 0000", "020 7946 0000"),
        ("office (020) 7946 0018, ask for me", "(020) 7946 0018"),
        ("(01632) 960 001", "(01632) 960 001"),
        ("+44 7700 900123", "+44 7700 900123"),
        ("+44 7700-900-123", "+44 7700-900-123"),
        ("+447700900123", "+447700900123"),
        ("+44 (0)20 7946 0018", "+44 (0)20 7946 0018"),
        ("+44 (0) 7700 900123", "+44 (0) 7700 900123"),
        ("(+44) 7700 900123", "(+44) 7700 900123"),
        ("0044 7700 900123", "0044 7700 900123"),
        ("0 7 7 0 0 9 0 0 1 2 3", "0 7 7 0 0 9 0 0 1 2 3"),
        ("text O77OO 9OO123 any time", "O77OO 9OO123"),
        ("0300 123 3393", "0300 123 3393"),
        ("Irish cousin +353 1 234 5678", "+353 1 234 5678"),
        ("in the US +1 212 555 0100", "+1 212 555 0100"),
    ],
)
def test_phone_numbers_are_found_in_all_their_forms_and_the_span_is_exactly_the_number(text, number):
    assert found(text) == [(number, "phone number")]


def test_two_phone_numbers_in_a_row_stay_two():
    assert found("07700 900123 01614960000") == [("07700 900123", "phone number"), ("01614960000", "phone number")]


def test_the_span_of_a_phone_number_has_no_trailing_space():
    assert found("call 07700 900123 tonight") == [("07700 900123", "phone number")]


# -- E-mail addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("email me at sam@example.org.", "sam@example.org"),
        ("Write to pat.smith+lab@mail.example.co.uk today", "pat.smith+lab@mail.example.co.uk"),
        ("jo.bloggs at gmail dot com", "jo.bloggs at gmail dot com"),
        ("name at provider dot co dot uk", "name at provider dot co dot uk"),
        ("jo [at] example [dot] org", "jo [at] example [dot] org"),
        ("jo(at)example.org", "jo(at)example.org"),
        ("sam (at) example.org", "sam (at) example.org"),
        ("JO AT HOTMAIL DOT CO DOT UK", "JO AT HOTMAIL DOT CO DOT UK"),
        ("jo.bloggs at gmail.com", "jo.bloggs at gmail.com"),
        ("jo {at} example {dot} com", "jo {at} example {dot} com"),
    ],
)
def test_email_addresses_are_found_written_out_or_disguised(text, address):
    assert found(text) == [(address, "email address")]


# -- NHS numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["NHS no 943 476 5919", "9434765919", "my number is 943-476-5919"])
def test_nhs_numbers_with_a_good_check_digit_are_found(text):
    assert find_personal_data(text) == ("NHS number",)


def test_the_nhs_check_digit_is_modulus_11():
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("1234567890")  # check digit would be 10: never issued
    assert not nhs_number_is_valid("943476591")


@pytest.mark.parametrize("text", ["reference 943 476 5918", "order 1234567890", "9434765910"])
def test_ten_digit_numbers_failing_the_nhs_check_are_not_flagged(text):
    assert find_personal_data(text) == ()


# -- Postcodes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("I live in M1 1AE", "M1 1AE"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("near b338th", "b338th"),
        ("postcode ls2 9jt.", "ls2 9jt"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
    ],
)
def test_full_uk_postcodes_are_found_in_any_case_with_or_without_a_space(text, postcode):
    assert found(text) == [(postcode, "postcode")]


@pytest.mark.parametrize("text", ["I live in M1", "the LS2 area", "Birmingham B33", "vitamin B12 3rd dose"])
def test_an_outward_code_alone_is_not_a_postcode(text):
    assert find_personal_data(text) == ()


# -- Street addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("I live at 12 Acacia Avenue", "12 Acacia Avenue"),
        ("Flat 3, 45 High Street, Leeds", "Flat 3, 45 High Street"),
        ("14a Mill Lane.", "14a Mill Lane"),
        ("come to 7 St John's Road", "7 St John's Road"),
        ("2 Lower Bank Close", "2 Lower Bank Close"),
        ("at 101 Cherry Tree Drive", "101 Cherry Tree Drive"),
    ],
)
def test_street_addresses_are_found(text, address):
    assert found(text) == [(address, "street address")]


# -- Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hello, my name is Jo Bloggs and I have back pain", "Jo Bloggs"),
        ("my name is jo", "jo"),
        ("My name's Priya.", "Priya"),
        ("Name: Sam O'Neill", "Sam O'Neill"),
        ("I'm Jo Bloggs, a carer", "Jo Bloggs"),
        ("I am Aisha Khan", "Aisha Khan"),
        ("You can call me Jo", "Jo"),
        ("this is Sarah Jones from the group", "Sarah Jones"),
        ("It helped a lot.\nThanks, Jo Bloggs", "Jo Bloggs"),
        ("Best wishes\nJo", "Jo"),
        ("Kind regards,\nMary-Jane Smith", "Mary-Jane Smith"),
    ],
)
def test_names_people_give_are_found(text, name):
    assert found(text) == [(name, "name")]


@pytest.mark.parametrize(
    "text",
    [
        "I'm Very Tired",
        "I am Still Waiting For Help",
        "This is Really Hard",
        "It's Long Covid, they think",
        "my name is not important",
        "call me on Monday",
        "Thanks for listening",
        "Thank you, Doctor",
        "Call me Crazy",
        "I'm Not Sure",
    ],
)
def test_capitalised_words_that_are_not_names_are_not_flagged(text):
    assert find_personal_data(text) == ()


# -- Dates of birth -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 12/03/1985", "12/03/1985"),
        ("d.o.b. 12.3.85", "12.3.85"),
        ("I was born on 3 March 1985", "3 March 1985"),
        ("born on the 3rd of March 1985", "3rd of March 1985"),
        ("date of birth: 1985-03-12", "1985-03-12"),
        ("my birthday is 12th March 1985", "12th March 1985"),
        ("Born March 3, 1985", "March 3, 1985"),
    ],
)
def test_dates_of_birth_are_found_and_only_the_date_is_marked(text, date):
    assert found(text) == [(date, "date of birth")]


# -- What is not personal data ------------------------------------------------------------------

NOT_PERSONAL_DATA = [
    "I waited 18 weeks for physio and another 52 weeks for the pain clinic.",
    "My PHQ-9 score was 14 and my GAD-7 score was 12.",
    "Pain is 7/10 most days, 9/10 on bad days.",
    "I take 100mg sertraline and 30mg codeine, 2 x 500mg paracetamol at 07:30 and 19:30.",
    "Appointment at 10:30 on 12/03/2024, then again on 1 April 2024.",
    "I am 45 years old and have had back pain since 2015.",
    "It cost £1,250 for private physio, about £60 a session.",
    "About 1 in 4 people experience a mental health problem each year.",
    "Over 50% of the time I sleep 5-6 hours; 12.5% of nights none.",
    "Back pain got worse in 2019-2020 and again 2022 to 2024.",
    "On a 0-10 scale I would say 8.",
    "Samaritans 116 123, text SHOUT to 85258, or call 111 and choose option 2. In an emergency 999.",
    "My referral reference is 1234567890.",
    "I walk 3 miles a day along the canal.",
    "Mum was born in 1950 and has arthritis too.",
    "I was born with scoliosis.",
    "The waiting list was 26 weeks in March 2024.",
    "Dose went from 50 to 100 mg on 01.02.2024.",
    "I'm Very Tired of Being Told to Wait.",
    "My GP practice is on Acacia Avenue.",
    "@physio_team on social media helped.",
    "I met them at work. Then it got better.",
    "Week 3: 2 sessions, 45 minutes each.",
    "Lost 3.5 stone in 18 months, now 11 st 4 lb.",
    "Vitamin D3 1000 IU daily and vitamin B12 3rd dose due.",
    "",
]


@pytest.mark.parametrize("text", NOT_PERSONAL_DATA)
def test_ordinary_sentences_about_pain_waiting_scores_and_medication_are_not_flagged(text):
    assert found(text) == []


# -- Kinds, spans and redaction -----------------------------------------------------------------


def test_kinds_are_listed_once_each_in_the_order_they_first_appear():
    text = "Jo at jo@example.org, 07700 900123, M1 1AE, or jo2@example.org. DOB 1/2/1980"
    assert find_personal_data(text) == ("email address", "phone number", "postcode", "date of birth")


def test_redaction_replaces_each_span_with_its_kind():
    text = "my name is Jo Bloggs, ring 07700 900123 or write to 12 Acacia Avenue, M1 1AE."
    assert redact_personal_data(text) == (
        "my name is [name removed], ring [phone number removed] or write to "
        "[street address removed], [postcode removed]."
    )


def test_redaction_can_use_spans_already_found():
    text = "ring 07700 900123"
    spans = find_personal_data_spans(text)
    assert redact_personal_data(text, spans) == "ring [phone number removed]"
    assert redact_personal_data(text, ()) == text


# -- Properties ---------------------------------------------------------------------------------

# Text built from the pieces personal data is made of, so the patterns are exercised hard.
PIECES = st.sampled_from(
    ["0", "7", "+44", "(", ")", " ", "-", ".", "@", " at ", " dot ", "O", "M1", "1AE", "Street", "Acacia",
     "12", "my name is ", "I'm ", "Jo", "Bloggs", "DOB ", "3 March ", "1985", "\n", "Thanks, ", "\x00", "é"]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_spans_are_in_bounds_ordered_and_never_overlap(text):
    spans = find_personal_data_spans(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert span.kind in PERSONAL_DATA_KINDS
        assert text[span.start] == text[span.start].strip() and text[span.end - 1] == text[span.end - 1].strip()
        previous_end = span.end
    assert find_personal_data(text) == tuple(dict.fromkeys(span.kind for span in spans))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_redacted_text_holds_none_of_the_personal_data_found(text):
    spans = find_personal_data_spans(text)
    redacted = redact_personal_data(text, spans)
    # What is left is the text between the spans, with a placeholder where each span was.
    between = [text[a.end : b.start] for a, b in pairwise((PersonalDataSpan(0, 0, ""), *spans))]
    assert (
        redacted
        == "".join(piece + f"[{span.kind} removed]" for piece, span in zip(between, spans, strict=True))
        + text[spans[-1].end if spans else 0 :]
    )
    for span in spans:
        piece = text[span.start : span.end]
        if piece not in "\x00".join(between) + text[spans[-1].end :]:  # unless it also occurs unflagged
            assert piece not in redacted.replace(f"[{span.kind} removed]", "\x01")


def test_nul_bytes_and_odd_characters_are_fine():
    assert found("ring\x0007700 900123\x00 or \ufeffjo@example.org") == [
        ("07700 900123", "phone number"),
        ("jo@example.org", "email address"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "0 " * 200_000,
        "1" * 500_000,
        "a@" * 100_000,
        "my name is " * 50_000,
        "Aa " * 150_000,
        "12 " + "Acacia " * 100_000,
        "jo at " * 80_000,
    ],
    ids=["spaced-zeros", "digits", "at-signs", "name-leads", "capitalised-words", "street-words", "at-words"],
)
def test_huge_and_pathological_text_is_checked_without_trouble(text):
    spans = find_personal_data_spans(text)
    assert all(span.end <= MAX_CHECKED_LENGTH for span in spans)


def test_only_the_first_part_of_an_enormous_text_is_checked():
    text = "x" * MAX_CHECKED_LENGTH + " 07700 900123"
    assert find_personal_data(text) == ()
    assert find_personal_data(text[-20:]) == ("phone number",)
