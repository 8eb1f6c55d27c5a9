"""The free-text reader's presenters: answers with suspected personal data marked or removed."""

from carelab.core.tests.html import parse, text_of
from carelab.lib.text_checks import find_personal_data_spans
from carelab.surveys.presenters import marked_answer, redacted_answer


def test_each_suspected_piece_is_marked_with_its_kind_and_the_rest_is_left_alone():
    text = "Ring 07700 900123 or write to jo@example.org"
    html = parse(str(marked_answer(text, find_personal_data_spans(text))))
    assert [text_of(mark) for mark in html.select("mark")] == [
        "Suspected phone number: 07700 900123",
        "Suspected email address: jo@example.org",
    ]
    assert html.get_text() == (
        "Ring Suspected phone number: 07700 900123 or write to Suspected email address: jo@example.org"
    )


def test_marked_answers_escape_what_people_wrote_and_keep_their_line_breaks():
    text = "<script>alert(1)</script>\nmy name is <b>Jo</b>"
    html = str(marked_answer(text, find_personal_data_spans(text)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html
    assert html.count("<br>") == 1


def test_an_answer_without_personal_data_is_just_escaped():
    assert str(marked_answer("a < b\nc", ())) == "a &lt; b<br>c"
    assert str(redacted_answer("a < b", ())) == "a &lt; b"


def test_redacted_answers_replace_each_piece_with_its_kind():
    text = "DOB 12/03/1985, <i>postcode</i> M1 1AE"
    html = parse(str(redacted_answer(text, find_personal_data_spans(text))))
    assert html.get_text() == "DOB [date of birth removed], <i>postcode</i> [postcode removed]"
    assert [text_of(node) for node in html.select(".carelab-redacted")] == [
        "[date of birth removed]",
        "[postcode removed]",
    ]
