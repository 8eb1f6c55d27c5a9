"""The display helpers every app shares: British dates and typed text as paragraphs."""

from datetime import UTC, date, datetime

from carelab.core.presenters import format_date, paragraphs


def test_blank_lines_split_paragraphs_and_single_breaks_are_kept():
    assert paragraphs("One\ntwo\r\n\r\nThree\n\n\n\nFour  ") == [["One", "two"], ["Three"], ["Four"]]


def test_empty_text_has_no_paragraphs():
    assert paragraphs("") == []
    assert paragraphs("\n\n  \n\n") == []


def test_typed_html_stays_text_for_the_template_to_escape():
    assert paragraphs("<b>bold</b>\n<script>x</script>") == [["<b>bold</b>", "<script>x</script>"]]


def test_a_date_is_written_in_british_words():
    assert format_date(date(2026, 9, 3)) == "3 September 2026"
    assert format_date(None) == ""


def test_a_moment_is_shown_in_uk_time_either_side_of_the_clock_change():
    summer = datetime(2026, 9, 3, 13, 5, tzinfo=UTC)
    winter = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
    assert format_date(summer, "datetime") == "3 September 2026 at 2:05pm"
    assert format_date(winter, "datetime") == "3 December 2026 at 12:30am"
    assert format_date(summer) == "3 September 2026"
