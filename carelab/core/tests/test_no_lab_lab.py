"""Labs' titles end in "lab" ("Pain and mental health lab"), so no page may add another: "… lab lab team".

The demo lab's pages are walked, following links from the home page and the lab's pages, as the lab
team, a participant and a visitor, and every page's text is read.
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.test import Client

from carelab.accounts.models import User
from carelab.core.tests.html import parse

LAB_LAB = re.compile(r"\blab\s+lab\b", re.IGNORECASE)
MOST_PAGES = 150
# Elements whose words read as one piece of text. A page's text as a whole would join, say, a heading
# ending "… lab" to a link starting "Lab team" below it.
TEXT_BLOCKS = "title, h1, h2, h3, h4, p, li, dt, dd, th, td, label, legend, caption, summary, button, a, option"
SKIPPED = ("/accounts/logout/", "/admin/", "/static/")


def pages_walked(client: Client, start: list[str], limit: int = MOST_PAGES):
    """Each HTML page reachable by a link from `start`, once, with its parsed text."""
    seen, queue = set(start), deque(start)
    while queue and len(seen) <= limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = parse(response)
        yield path, page
        for link in page.select("a[href]"):
            parts = urlsplit(link["href"])
            target = parts.path
            if parts.netloc or not target.startswith("/") or target.startswith(SKIPPED):
                continue
            if parts.query:
                target += "?" + parts.query
            if target not in seen:
                seen.add(target)
                queue.append(target)


@pytest.mark.parametrize("email", ["team@example.org", "participant@example.org", None])
def test_no_page_of_the_demo_lab_says_lab_lab(demo_lab, db, email):
    assert demo_lab.title.lower().endswith(" lab")
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    start = ["/", demo_lab.get_absolute_url()]
    walked = 0
    for path, page in pages_walked(client, start):
        walked += 1
        for block in page.select(TEXT_BLOCKS):
            if block.name in ("li", "dd", "td") and block.find(["p", "ul", "ol", "dl", "div", "table"]):
                continue  # its own blocks are read one by one
            text = " ".join(block.get_text("").split())
            assert not LAB_LAB.search(text), f"{path}: {text!r}"
    assert walked > 10
