"""Markdown to safe HTML for text written by people (posts, policies, comments), and to plain text
for e-mails and calendar files.

Markdown is parsed with raw HTML switched off, and the result is sanitised
again with an allow-list, so neither a script nor an event handler nor a
``javascript:`` link can reach a page.
"""

import re
from urllib.parse import urljoin

import nh3
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

# What happens to HTML typed into Markdown, in the words form hints use: raw HTML is off, so the
# parser escapes it and the page shows the tags as the text that was typed.
HTML_HINT = "HTML is not used: any tags show as the text you typed."

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str, *, base_url: str | None = None) -> str:
    """Render Markdown as sanitised HTML. Headings start at level 2: the page has the h1.

    With `base_url` (for e-mails, which have no page to resolve "/labs/…" against), every
    relative link is made absolute from it.
    """
    html = _parser.render(text)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="nofollow noopener noreferrer",
        url_relative=("rewrite_with_base", base_url.rstrip("/") + "/") if base_url else "pass_through",
    )


def plain_text(text: str, limit: int | None = None) -> str:
    """The words of a Markdown text without markup, for summaries and feeds."""
    words = nh3.clean(_parser.render(text), tags=set()).split()
    result = " ".join(words)
    if limit is not None and len(result) > limit:
        result = result[: limit - 1].rsplit(" ", 1)[0] + "…"
    return result


# Plain text for e-mails and calendar files


_LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_BULLET = "- "
_RULE = "* * *"


def markdown_to_text(text: str, *, base_url: str = "") -> str:
    """Markdown as plain text a person reads in an e-mail or a calendar: no markup characters left.

    Emphasis loses its asterisks, ``[words](https://…)`` becomes ``words (https://…)``, lists keep
    "- " or their numbers (nested lists are indented), quotes keep "> " and code is indented.
    A link to a path ("/labs/…") is made absolute from `base_url`; a link whose scheme is not
    http, https, mailto or tel keeps its words and loses its address. Raw HTML is shown as the
    text it is, since the parser has HTML switched off.
    """
    root = SyntaxTreeNode(_parser.parse(text))
    plain = _blocks(root.children, base_url, separator="\n\n")
    lines = [line.rstrip() for line in plain.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _blocks(nodes, base_url: str, separator: str) -> str:
    return separator.join(part for part in (_block(node, base_url) for node in nodes) if part)


def _block(node, base_url: str) -> str:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return _inline_of(node, base_url)
    if kind in ("bullet_list", "ordered_list"):
        number = int(node.attrs.get("start", 1) or 1) if kind == "ordered_list" else 0
        tight = any(child.type == "paragraph" and child.hidden for item in node.children for child in item.children)
        items = []
        for offset, item in enumerate(node.children):
            marker = f"{number + offset}. " if kind == "ordered_list" else _BULLET
            body = _blocks(item.children, base_url, separator="\n" if tight else "\n\n")
            items.append(_hang(marker, body))
        return "\n".join(items)
    if kind == "blockquote":
        body = _blocks(node.children, base_url, separator="\n\n")
        return "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))
    if kind in ("code_block", "fence"):
        return "\n".join(f"    {line}" if line else "" for line in node.content.rstrip("\n").split("\n"))
    if kind == "hr":
        return _RULE
    if kind == "table":
        rows = [row for section in node.children for row in section.children]
        return "\n".join(" | ".join(_inline_of(cell, base_url) for cell in row.children) for row in rows)
    if kind == "html_block":
        return node.content.strip("\n")
    return _blocks(node.children, base_url, separator="\n\n")


def _hang(marker: str, body: str) -> str:
    """A list item: the marker before its first line, and its other lines indented to match."""
    indent = " " * len(marker)
    first, *rest = body.split("\n") if body else [""]
    return "\n".join([marker + first, *(indent + line if line else "" for line in rest)])


def _inline_of(node, base_url: str) -> str:
    inline = node.children[0] if node.children and node.children[0].type == "inline" else None
    return _inlines(inline.children, base_url) if inline is not None else ""


def _inlines(nodes, base_url: str) -> str:
    return "".join(_inline(node, base_url) for node in nodes)


def _inline(node, base_url: str) -> str:
    kind = node.type
    if kind in ("text", "code_inline", "html_inline"):
        return node.content
    if kind in ("softbreak", "hardbreak"):
        return "\n"
    if kind == "link":
        return _link(_inlines(node.children, base_url), str(node.attrs.get("href", "")), base_url)
    if kind == "image":
        return _inlines(node.children, base_url)  # its description; pictures are not sent
    return _inlines(node.children, base_url)


def _link(words: str, href: str, base_url: str) -> str:
    address = _absolute(href, base_url)
    if not address:
        return words
    shown = address.removeprefix("mailto:").removeprefix("tel:")
    if not words.strip():
        return shown
    if words.strip() in (address, shown):
        return words
    return f"{words} ({shown})"


def _absolute(href: str, base_url: str) -> str:
    """The link's address as a reader can follow it, or '' when it should not be offered."""
    href = href.strip()
    if href.lower().startswith(_LINK_SCHEMES):
        return href
    if _SCHEME.match(href) or not base_url:
        return ""  # another scheme, or a relative link with nothing to resolve it against
    return urljoin(base_url.rstrip("/") + "/", href)


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
