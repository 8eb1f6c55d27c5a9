from hypothesis import given
from hypothesis import strategies as st

from carelab.lib.sentences import sentence_spans


def sentences(text):
    return [text[start:end] for start, end in sentence_spans(text)]


def test_a_text_is_split_at_full_stops_question_and_exclamation_marks():
    assert sentences("My GP listened. Nobody else did! Why? I don't know.") == [
        "My GP listened.",
        "Nobody else did!",
        "Why?",
        "I don't know.",
    ]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    assert sentences("I saw Dr. Patel and J. Smith, e.g. at the clinic. It helped.") == [
        "I saw Dr. Patel and J. Smith, e.g. at the clinic.",
        "It helped.",
    ]
    assert sentences("Things like yoga, e.g. Pilates. Then more.") == ["Things like yoga, e.g. Pilates.", "Then more."]


def test_a_full_stop_followed_by_lower_case_does_not_end_a_sentence():
    assert sentences("Walking, swimming etc. and talking. Then rest.") == [
        "Walking, swimming etc. and talking.",
        "Then rest.",
    ]


def test_line_breaks_end_a_sentence_even_without_punctuation():
    assert sentences("Walking\n- swimming\r\n\r\nTalking to my GP") == ["Walking", "- swimming", "Talking to my GP"]


def test_text_without_terminal_punctuation_is_one_sentence():
    assert sentences("  nothing really helped  ") == ["nothing really helped"]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    assert sentences('She said "rest." (It did not help.) Then I moved.') == [
        'She said "rest."',
        "(It did not help.)",
        "Then I moved.",
    ]


def test_decimal_numbers_and_empty_text():
    assert sentences("I slept 6.5 hours. Better.") == ["I slept 6.5 hours.", "Better."]
    assert sentence_spans("") == []
    assert sentence_spans(" \n\t ") == []


def test_offsets_count_code_points_not_utf16_units():
    text = "Pain 😣 again. Then 🙂 calm."
    assert sentence_spans(text) == [(0, 13), (14, 26)]
    assert sentences(text) == ["Pain 😣 again.", "Then 🙂 calm."]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\r\t…\"')e.gDr😣É")), max_size=80) | st.text(max_size=80))
def test_spans_are_in_order_never_empty_trimmed_and_cover_every_visible_character(text):
    spans = sentence_spans(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    visible = {index for index, character in enumerate(text) if not character.isspace()}
    assert visible <= covered
