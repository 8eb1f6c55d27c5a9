"""Issue 12, speed near the stack's limit (decision 0043): what is made once and kept never crosses people
or pages, and never shows anything out of date."""

import pytest
from django import forms
from django.template import engines
from django.urls import NoReverseMatch, reverse
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


def test_a_kept_address_is_the_one_reverse_gives_for_each_set_of_arguments():
    url = engines["jinja2"].env.globals["url"]
    for _ in range(2):  # the second time from what was kept
        assert url("labs:home", "first-lab") == reverse("labs:home", args=["first-lab"])
        assert url("labs:home", "second-lab") == reverse("labs:home", args=["second-lab"])
        assert url("labs:home", slug="third-lab") == reverse("labs:home", kwargs={"slug": "third-lab"})
        assert url("help_now") == reverse("help_now")


def test_an_address_that_cannot_be_made_fails_every_time_not_only_the_first():
    url = engines["jinja2"].env.globals["url"]
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            url("labs:home")


class Choices(forms.Form):
    colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")])
    sizes = forms.MultipleChoiceField(choices=[("s", "Small"), ("l", "Large")], widget=forms.CheckboxSelectMultiple)


def test_a_kept_list_of_choices_shows_each_persons_own_choice_and_errors():
    form_field = engines["jinja2"].env.globals["form_field"]

    def shown(data):
        form = Choices(data)
        form.is_valid()
        return parse(str(form_field(form["colour"]))), parse(str(form_field(form["sizes"])))

    for _ in range(2):  # the second time from what was kept
        red_select, small_boxes = shown({"colour": "red", "sizes": ["s"]})
        blue_select, large_boxes = shown({"colour": "blue", "sizes": ["l"]})
        wrong_select, no_boxes = shown({"colour": "green"})

        assert red_select.select_one("option[selected]")["value"] == "red"
        assert blue_select.select_one("option[selected]")["value"] == "blue"
        assert [box["value"] for box in small_boxes.select("input[checked]")] == ["s"]
        assert [box["value"] for box in large_boxes.select("input[checked]")] == ["l"]
        assert "Select a valid choice" in wrong_select.text and "Select a valid choice" not in red_select.text
        assert "required" in no_boxes.text.lower() and not no_boxes.select("input[checked]")
