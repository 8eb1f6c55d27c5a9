from carelab.lib.markdown import plain_text, render_markdown


def test_markdown_keeps_headings_lists_links_and_emphasis():
    html = render_markdown("# Title\n\n- **one**\n- [two](https://example.org)")
    assert "<h2>Title</h2>" in html
    assert "<strong>one</strong>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">two</a>' in html


def test_raw_html_and_scripts_never_survive():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)"> <b onclick="x()">hi</b>')
    assert "<script" not in html
    assert "<img" not in html
    assert "<b" not in html


def test_javascript_links_are_removed():
    html = render_markdown("[click](javascript:alert(1)) and [data](data:text/html;base64,xyz)")
    assert "<a" not in html  # left as harmless text, never as a link


def test_plain_text_strips_markup_and_shortens_on_a_word():
    assert plain_text("**Bold** and _soft_") == "Bold and soft"
    assert plain_text("one two three four", limit=10) == "one two…"
