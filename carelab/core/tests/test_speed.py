"""Issue 12, speed near the stack's limit (decision 0043): what is made once and kept never crosses people
or pages, and never shows anything out of date."""

from django.template import engines
from markupsafe import Markup

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of


def header_of(response) -> str:
    return text_of(parse(response).select_one("header"))


def test_each_signed_in_person_sees_their_own_name_in_the_header(client, db):
    ada, bo = UserFactory(display_name="Ada Arden"), UserFactory(display_name="Bo Birch")

    client.force_login(ada)
    as_ada = header_of(client.get("/help-now/"))
    client.force_login(bo)
    as_bo = header_of(client.get("/help-now/"))

    assert "Ada Arden" in as_ada and "Bo Birch" not in as_ada
    assert "Bo Birch" in as_bo and "Ada Arden" not in as_bo


def test_the_header_sign_in_link_comes_back_to_each_page_it_is_on(client, db):
    links = {}
    for path in ["/help-now/", "/privacy/", "/help-now/"]:
        page = parse(client.get(path))
        links[path] = [a["href"] for a in page.select("header a") if text_of(a) == "Sign in"]

    assert links == {
        "/help-now/": ["/accounts/login/?next=%2Fhelp-now%2F"],
        "/privacy/": ["/accounts/login/?next=%2Fprivacy%2F"],
    }


def test_a_kept_component_tells_safe_html_from_text_that_looks_like_html():
    remembered = engines["jinja2"].env.globals["remembered_component"]
    meta = "<b>CareLab</b>"

    as_text = remembered("footer", {"meta": {"text": meta}})
    as_html = remembered("footer", {"meta": {"text": Markup(meta)}})

    assert "&lt;b&gt;CareLab" in as_text
    assert "<b>CareLab</b>" in as_html
