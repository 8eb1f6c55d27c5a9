"""Markdown as the plain text of an e-mail or a calendar file: readable, with no markup left."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib.markdown import markdown_to_text, render_markdown

SITE = "http://127.0.0.1:8123"


def test_emphasis_and_headings_lose_their_markup():
    text = markdown_to_text("# A workshop\n\nWe are **very** glad you are *here* and __so__ are `they`.")
    assert text == "A workshop\n\nWe are very glad you are here and so are they."


def test_a_link_reads_as_its_words_then_its_address():
    assert markdown_to_text("See [the plan](https://example.org/plan).") == "See the plan (https://example.org/plan)."


def test_a_link_whose_words_are_its_address_is_written_once():
    assert markdown_to_text("<https://example.org> and [https://a.org](https://a.org)") == (
        "https://example.org and https://a.org"
    )


def test_a_link_to_a_path_is_made_absolute_from_the_site_address():
    assert markdown_to_text("The [survey](/labs/pain/surveys/) is open.", base_url=SITE) == (
        f"The survey ({SITE}/labs/pain/surveys/) is open."
    )


def test_a_relative_link_without_a_site_address_keeps_only_its_words():
    assert markdown_to_text("The [survey](/labs/pain/) is open.") == "The survey is open."


def test_mail_and_phone_links_show_the_address_without_the_scheme():
    assert markdown_to_text("[Write to us](mailto:lab@example.org) or [call](tel:01234567890)") == (
        "Write to us (lab@example.org) or call (01234567890)"
    )


def test_a_link_of_another_scheme_keeps_its_words_and_loses_its_address():
    assert markdown_to_text("[files](ftp://example.org/x)") == "files"


def test_lists_keep_their_bullets_and_numbers_and_nesting():
    source = "- one\n- two\n  - under two\n\n3. third\n4. fourth"
    assert markdown_to_text(source) == "- one\n- two\n  - under two\n\n3. third\n4. fourth"


def test_a_list_item_over_several_lines_hangs_under_its_marker():
    assert markdown_to_text("1. first line\n   second line") == "1. first line\n   second line"


def test_quotes_code_rules_and_tables_stay_readable():
    source = "> said once\n>\n> said twice\n\n    code\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert markdown_to_text(source) == "> said once\n>\n> said twice\n\n    code\n\n* * *\n\na | b\n1 | 2"


def test_raw_html_is_shown_as_the_text_it_is_and_entities_are_decoded():
    assert markdown_to_text("<b>hi</b> fish &amp; chips") == "<b>hi</b> fish & chips"


def test_an_image_becomes_its_description():
    assert markdown_to_text("![A map of the venue](/map.png)") == "A map of the venue"


def test_render_markdown_makes_relative_links_absolute_only_when_asked():
    assert 'href="/labs/"' in render_markdown("[lab](/labs/)")
    assert f'href="{SITE}/labs/"' in render_markdown("[lab](/labs/)", base_url=SITE)
    assert f'href="{SITE}/labs/#x"' in render_markdown("[lab](/labs/#x)", base_url=SITE + "/")


markdownish = st.text(
    alphabet=st.sampled_from(list("ab \n*_[]()<>!#>-+`|:/.\\&;1~\t\r\x00é")) | st.characters(), max_size=300
)


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_any_text_becomes_plain_text_without_error_or_blank_line_runs(source):
    text = markdown_to_text(source, base_url=SITE)
    assert "\n\n\n" not in text
    assert text == text.strip("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))


@settings(max_examples=200, deadline=None)
@given(
    words=st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=20),
    scheme=st.sampled_from(["javascript", "vbscript", "data", "file", "ftp", "JaVaScRiPt"]),
)
def test_a_link_with_an_unsafe_scheme_never_shows_as_an_address(words, scheme):
    text = markdown_to_text(f"[{words}]({scheme}:alert(1))", base_url=SITE)
    assert f"{words} ({scheme}:" not in text  # left as the text written, or the words alone


@settings(max_examples=200, deadline=None)
@given(
    words=st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=40).filter(str.strip),
    path=st.from_regex(r"/([a-z0-9_-][a-z0-9/_-]{0,30})?", fullmatch=True),
)
def test_every_link_in_the_text_is_absolute(words, path):
    text = markdown_to_text(f"Read [{words}]({path}) now", base_url=SITE)
    addresses = re.findall(r"\(([^()\s]*)\)", text)
    assert addresses and all(address.startswith(SITE + "/") for address in addresses)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=30))
def test_strong_and_emphasised_words_keep_no_asterisks(word):
    assert markdown_to_text(f"**{word}** and *{word}*") == f"{word} and {word}"
