"""The check that reads a page's HTML for what the Content-Security-Policy would refuse."""

import pytest

from carelab.core.tests.csp import csp_refusals

CLEAN = """<!DOCTYPE html>
<html lang="en"><head>
  <link rel="stylesheet" href="/static/vendor/nhsuk-frontend/nhsuk-frontend.min.css">
  <script type="module" src="/static/carelab/init.mjs"></script>
  <script type="application/json" id="rules">{"a": 1}</script>
</head><body>
  <a href="https://www.samaritans.org/">Samaritans</a>
  <img src="/static/carelab/logo.svg" alt=""><img src="data:image/png;base64,AAAA" alt="">
  <form method="post" action="/labs/the-lab/comments/"><button>Send</button></form>
  <p class="nhsuk-body">Inline words are fine, <em>styled by classes</em>.</p>
  <script></script>
</body></html>"""


def test_a_page_with_nothing_the_policy_refuses_has_no_refusals():
    assert csp_refusals(CLEAN) == []


@pytest.mark.parametrize(
    ("html", "said"),
    [
        ("<script>alert(1)</script>", "an inline script"),
        ("<button onclick='go()'>Go</button>", "event-handler attribute"),
        ('<p style="color: red">Hi</p>', "an inline style"),
        ("<svg><rect style='fill: red'/></svg>", "an inline style"),
        ("<style>p { color: red }</style>", "an inline style sheet"),
        ('<a href="javascript:go()">Go</a>', "a javascript: address"),
        ('<script src="https://cdn.example.com/x.js"></script>', "a script from another site"),
        ('<script src="//cdn.example.com/x.js"></script>', "a script from another site"),
        ('<link rel="stylesheet" href="https://fonts.example.com/f.css">', "a style sheet from another site"),
        ('<img src="https://tracker.example.com/p.gif" alt="">', "loaded from another site"),
        ('<iframe src="https://video.example.com/"></iframe>', "loaded from another site"),
        ('<object data="/x.swf"></object>', "a plug-in"),
        ('<form action="https://elsewhere.example.com/"></form>', "a form sent to another site"),
        ('<base href="https://elsewhere.example.com/">', "another site's base address"),
    ],
)
def test_each_thing_the_policy_refuses_is_found_with_its_line(html, said):
    (refusal,) = csp_refusals(CLEAN.replace("<p class", f"{html}\n<p class"))
    assert said in refusal
    assert refusal.startswith("line 10:")
