"""What CareLab's Content-Security-Policy would refuse in a page, found in its HTML without a browser.

A browser with JavaScript on reports each refusal as a console error, and the browser tests fail on
those; but most browser journeys run with JavaScript off only (decision 0044), so the permission walk
reads every page it reaches with this instead. The policy (core/middleware.py) allows scripts, styles,
fonts and forms from CareLab itself only, images from CareLab or `data:`, and no plugins.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

# Script types a browser does not run (data blocks), which the policy therefore never refuses.
_DATA_BLOCKS = {"application/json", "application/ld+json", "importmap", "speculationrules"}
_JAVASCRIPT_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


def _elsewhere(url: str) -> bool:
    """Whether `url` points at another site (an absolute or scheme-relative address with a host)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc)


class _Refusals(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inline_script_at: tuple[int, int] | None = None
        self._inline_script_text = ""

    def _note(self, what: str) -> None:
        line, _ = self.getpos()
        self.found.append(f"line {line}: {what}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self._note(f"<{tag} {name}=…>: an event-handler attribute (script-src 'self')")
            elif name == "style":
                self._note(f"<{tag} style=…>: an inline style (style-src 'self')")
            elif name in _JAVASCRIPT_URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self._note(f"<{tag} {name}=\"javascript:…\">: a javascript: address (script-src 'self')")
        if tag == "script":
            source = attributes.get("src")
            if source is None and (attributes.get("type") or "").lower() not in _DATA_BLOCKS:
                self._inline_script_at = self.getpos()
                self._inline_script_text = ""
            elif source and _elsewhere(source):
                self._note(f"<script src={source!r}>: a script from another site (script-src 'self')")
        elif tag == "style":
            self._note("<style>: an inline style sheet (style-src 'self')")
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").lower().split():
            if _elsewhere(attributes.get("href") or ""):
                self._note(f"<link href={attributes['href']!r}>: a style sheet from another site (style-src 'self')")
        elif tag in {"img", "source", "video", "audio", "track", "iframe", "frame"}:
            source = attributes.get("src") or ""
            if _elsewhere(source):
                self._note(f"<{tag} src={source!r}>: loaded from another site (default-src 'self')")
        elif tag in {"object", "embed", "applet"}:
            self._note(f"<{tag}>: a plug-in (object-src 'none')")
        elif tag == "form" and _elsewhere(attributes.get("action") or ""):
            self._note(f"<form action={attributes['action']!r}>: a form sent to another site (form-action 'self')")
        elif tag == "base" and _elsewhere(attributes.get("href") or ""):
            self._note(f"<base href={attributes['href']!r}>: another site's base address (base-uri 'self')")

    def handle_data(self, data):
        if self._inline_script_at is not None:
            self._inline_script_text += data

    def handle_endtag(self, tag):
        if tag == "script" and self._inline_script_at is not None:
            if self._inline_script_text.strip():
                line, _ = self._inline_script_at
                self.found.append(f"line {line}: <script> with code in the page: an inline script (script-src 'self')")
            self._inline_script_at = None


def csp_refusals(html: str) -> list[str]:
    """Each thing in the page that the policy would refuse, with its line; empty when there is none."""
    parser = _Refusals()
    parser.feed(html)
    parser.close()
    return parser.found
