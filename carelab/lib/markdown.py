"""Markdown to safe HTML for text written by people (posts, policies, comments).

Markdown is parsed with raw HTML switched off, and the result is sanitised
again with an allow-list, so neither a script nor an event handler nor a
``javascript:`` link can reach a page.
"""

import nh3
from markdown_it import MarkdownIt

# What happens to HTML typed into Markdown, in the words form hints use: raw HTML is off, so the
# parser escapes it and the page shows the tags as the text that was typed.
HTML_HINT = "HTML is not used: any tags show as the text you typed."

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> str:
    """Render Markdown as sanitised HTML. Headings start at level 2: the page has the h1."""
    html = _parser.render(text)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="nofollow noopener noreferrer",
    )


def plain_text(text: str, limit: int | None = None) -> str:
    """The words of a Markdown text without markup, for summaries and feeds."""
    words = nh3.clean(_parser.render(text), tags=set()).split()
    result = " ".join(words)
    if limit is not None and len(result) > limit:
        result = result[: limit - 1].rsplit(" ", 1)[0] + "…"
    return result
