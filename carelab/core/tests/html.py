"""Parse responses so tests assert on structure, not on template names or raw strings."""

from bs4 import BeautifulSoup


def parse(response_or_html) -> BeautifulSoup:
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    return BeautifulSoup(html, "html.parser")


def text_of(node) -> str:
    """The visible text of a node with white space folded."""
    return " ".join(node.get_text(" ").split()) if node is not None else ""
