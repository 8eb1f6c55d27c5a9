"""Live conditions (carelab/static/carelab/conditions.mjs) in a real browser.

The parity tests run the module's evaluator over a table of expressions and answers and compare
every result with the server's evaluator (carelab/lib/expressions.py). The journeys show that
questions appear and disappear as people answer with JavaScript on, that with it off every
question is shown and the server drops answers that do not apply, and that the two agree.
"""

import json
import re
from datetime import date

import pytest
from django.templatetags.static import static
from django.utils import timezone
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.core.tests.html import parse as parse_html
from carelab.lib.expressions import _LEVELS, FUNCTIONS, parse, to_text  # _LEVELS: every operator the parser knows
from carelab.lib.survey_definition import (
    Choice,
    ChoiceList,
    Question,
    QuestionKind,
    Scale,
    Section,
    SurveyDefinition,
    definition_to_dict,
)
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

browser = pytest.mark.browser

TODAY = date(2026, 3, 1)
HUGE_NUMBER_TEXT = "1" + "0" * 400  # reads as an infinite number

# (expression, answers, current): answers as they are stored (JSON), `current` as `.` in a constraint.
CASES = [
    # -- Equality: text, numbers that look alike, empty answers, booleans
    ("${a} = 'yes'", {"a": "yes"}, None),
    ("${a} = 'yes'", {"a": "no"}, None),
    ("${a} = 'yes'", {}, None),
    ("${a} = 'yes'", {"a": None}, None),
    ("${a} = ''", {}, None),
    ("${a} = ''", {"a": []}, None),
    ("${a} != ''", {"a": "x"}, None),
    ("${a} != 'yes'", {}, None),
    ("${n} = 18", {"n": "18"}, None),
    ("${n} = 18", {"n": 18}, None),
    ("${n} = 18", {"n": 18.0}, None),
    ("${n} = 18", {"n": " 18.0 "}, None),
    ("${n} = 18", {"n": "018"}, None),
    ("${n} = 18", {"n": "eighteen"}, None),
    ("${n} = '18'", {"n": 18}, None),
    ("${n} = 5", {"n": "\u00855\u0085"}, None),  # Python's whitespace includes U+0085 ...
    ("${n} = 5", {"n": "\ufeff5"}, None),  # ... but not U+FEFF, which JavaScript's \s does
    ("${a} = ${b}", {}, None),
    ("${a} = ${b}", {"a": "x", "b": "x"}, None),
    ("${b} = true()", {"b": True}, None),
    ("${b} = true()", {"b": False}, None),
    ("${b} = true()", {"b": "yes"}, None),
    ("${b} = true()", {"b": ""}, None),
    ("true() = 'false'", {}, None),
    ("false() = 0", {}, None),
    ("${m} = 'a b'", {"m": ["a", "b"]}, None),
    # -- Ordering: numbers, text (by code point), dates as text, unanswered and mixed never ordered
    ("${n} > 17", {"n": "18"}, None),
    ("${n} > 17", {"n": 17.5}, None),
    ("${n} >= 18", {"n": "18"}, None),
    ("${n} < 18", {"n": "-3"}, None),
    ("${n} <= 18", {"n": "18.000001"}, None),
    ("${n} > 17", {}, None),
    ("${n} > 17", {"n": "abc"}, None),
    ("${n} < 17", {"n": "abc"}, None),
    ("'10' < '9'", {}, None),
    ("'10' < 'x'", {}, None),
    ("'apple' < 'banana'", {}, None),
    ("'Zebra' < 'apple'", {}, None),
    ("${a} > ${b}", {"a": "\U0001f600", "b": "\ufffd"}, None),  # above U+FFFF: code points, not UTF-16
    ("${a} < ${b}", {"a": "ab", "b": "abc"}, None),
    ("${d} < '2020-06-01'", {"d": "2019-12-31"}, None),
    ("${d} >= today()", {"d": "2026-03-01"}, None),
    ("${d} < today()", {"d": "2026-03-02"}, None),
    ("true() > 0", {}, None),
    ("true() < 'abc'", {}, None),
    ("${b} > false()", {"b": "2026-01-01"}, None),
    ("-1 < 0", {}, None),
    ("1 < 2 = true()", {}, None),
    # -- and, or, not(), boolean()
    ("${a} = 'yes' and ${b} = 'no'", {"a": "yes", "b": "no"}, None),
    ("${a} = 'yes' and ${b} = 'no'", {"a": "yes"}, None),
    ("${a} = 'yes' or ${b} = 'no' or ${c} = 'x'", {"c": "x"}, None),
    ("${a} = 'yes' and ${b} = 'no' or ${c} = 'x'", {"a": "yes", "b": "no"}, None),
    ("${a} = 'yes' and (${b} = 'no' or ${c} = 'x')", {"a": "yes", "c": "y"}, None),
    ("not(${a})", {}, None),
    ("not(${a})", {"a": "anything"}, None),
    ("not(0)", {}, None),
    ("not('0')", {}, None),
    ("not(${a} = 'yes')", {"a": "yes"}, None),
    ("boolean('0')", {}, None),
    ("boolean(0)", {}, None),
    ("boolean(${m})", {"m": []}, None),
    ("boolean(${m})", {"m": ["a"]}, None),
    ("${a} and 1", {"a": "x"}, None),
    # -- Arithmetic: numbers, text, booleans, dates as days, no value instead of NaN or Infinity
    ("${a} + ${b}", {"a": "2", "b": "3"}, None),
    ("${a} + 1", {"a": "2.5"}, None),
    ("${a} + 1", {}, None),
    ("${a} * 2", {"a": "abc"}, None),
    ("${a} - ${b}", {"a": True, "b": False}, None),
    ("10 div 4", {}, None),
    ("10 div 0", {}, None),
    ("10 mod 0", {}, None),
    ("-7 mod 3", {}, None),
    ("7 mod -3", {}, None),
    ("5.5 mod 2", {}, None),
    ("0.1 + 0.2", {}, None),
    ("1 div 3", {}, None),
    ("2 + 3 * 4 - 6 div 2", {}, None),
    ("(2 + 3) * 4", {}, None),
    ("0.0000001 * 1", {}, None),
    ("${a} * 1", {"a": 1.5e-7}, None),
    ("${a} * 1", {"a": 123456789012.5}, None),
    ("${a} + 0", {"a": 12345678901234567}, None),
    ("${a} * 10", {"a": 1e308}, None),
    ("1 div 0.0000000001 * ${a}", {"a": 1e300}, None),
    ("${a} + 0", {"a": "1e3"}, None),
    ("${a} + 0", {"a": "\u0663"}, None),  # an Arabic-Indic three is not a number here
    ("${d} - '2020-01-01'", {"d": "2020-03-01"}, None),
    ("today() - ${dob}", {"dob": "1990-05-17"}, None),
    ("'2020-02-30' + 0", {}, None),
    ("'2024-02-29' + 0", {}, None),
    ("'0000-01-01' + 0", {}, None),
    ("'0099-03-01' + 0", {}, None),
    ("'0001-01-01' + 0", {}, None),
    ("${m} + 1", {"m": ["5"]}, None),
    ("${m} + 1", {"m": ["1", "2"]}, None),
    ("-${n}", {"n": "4"}, None),
    ("--${n}", {"n": "4"}, None),
    ("-'abc'", {}, None),
    ("-${n}", {}, None),
    ("0 * -1", {}, None),
    # -- selected() and count-selected(): lists, space-separated text, empty, numbers
    ("selected(${m}, 'a')", {"m": ["a", "b"]}, None),
    ("selected(${m}, 'c')", {"m": ["a", "b"]}, None),
    ("selected(${m}, 'b')", {"m": "a b"}, None),
    ("selected(${m}, 'b')", {"m": "  a   b  "}, None),
    ("selected(${m}, ' a ')", {"m": ["a"]}, None),
    ("selected(${m}, 'a')", {"m": []}, None),
    ("selected(${m}, 'a')", {}, None),
    ("selected(${m}, 1)", {"m": ["1", "2"]}, None),
    ("selected(${m}, 1)", {"m": [1, 2]}, None),
    ("selected(${m}, 'b')", {"m": "a\u00a0b"}, None),
    ("selected(${m}, 'b')", {"m": "a\ufeffb"}, None),
    ("selected(${m}, 'a b')", {"m": ["a b"]}, None),
    ("count-selected(${m})", {"m": ["a", "b", "c"]}, None),
    ("count-selected(${m})", {"m": "a b"}, None),
    ("count-selected(${m})", {"m": ["a", "", None]}, None),
    ("count-selected(${m})", {}, None),
    ("count-selected(${m}) > 1", {"m": ["a", "b"]}, None),
    ("count-selected(${m}) >= 2 or selected(${m}, 'other')", {"m": ["other"]}, None),
    # -- string-length() and other text functions
    ("string-length(${t})", {"t": "hello"}, None),
    ("string-length(${t})", {}, None),
    ("string-length(${t})", {"t": "\U0001f600\U0001f600"}, None),  # two code points, four UTF-16 units
    ("string-length(${t})", {"t": 3.5}, None),
    ("string-length(${t})", {"t": True}, None),
    ("string-length(${t}) <= 200", {"t": "x" * 201}, None),
    ("string(${n})", {"n": 7.25}, None),
    ("string(1 div 4)", {}, None),
    ("string(true())", {}, None),
    ("concat(${a}, '-', 3, true(), ${m})", {"a": "x", "m": ["p", "q"]}, None),
    ("contains(${t}, 'pain')", {"t": "back pain"}, None),
    ("contains(${t}, '')", {}, None),
    ("starts-with(${t}, 'back')", {"t": "back pain"}, None),
    ("ends-with(${t}, 'ache')", {"t": "back pain"}, None),
    # -- number(), int(), round()
    ("number('  12  ')", {}, None),
    ("number('1e3')", {}, None),
    ("number(true())", {}, None),
    ("number(${d})", {"d": "1970-01-02"}, None),
    ("number('.5')", {}, None),
    ("number('5.')", {}, None),
    ("number('+5')", {}, None),
    ("int(3.7)", {}, None),
    ("int(-3.7)", {}, None),
    ("int(-0.5)", {}, None),
    ("int('abc')", {}, None),
    ("round(2.675, 2)", {}, None),
    ("round(1.005, 2)", {}, None),
    ("round(-2.5)", {}, None),
    ("round(0.5)", {}, None),
    ("round(-0.4)", {}, None),
    ("round(1234.5, -2)", {}, None),
    ("round(${n}, 1)", {"n": "3.14159"}, None),
    ("round(${n}, 3)", {"n": 0.00012345}, None),
    ("round(${n}, 25)", {"n": 1.5e-7}, None),
    ("round('abc')", {}, None),
    ("round(2.5, 'x')", {}, None),
    ("round(${n})", {"n": HUGE_NUMBER_TEXT}, None),
    # -- if(), coalesce(), today()
    ("if(${n} >= 3, 'yes', 'no')", {"n": 5}, None),
    ("if(${n} >= 3, 'yes', 'no')", {}, None),
    ("if(${a}, 1, 2) + 1", {"a": "x"}, None),
    ("coalesce(${a}, 'none')", {}, None),
    ("coalesce(${a}, 'none')", {"a": "given"}, None),
    ("coalesce(${m}, 'none')", {"m": []}, None),
    ("today()", {}, None),
    ("today() = '2026-03-01'", {}, None),
    # -- `.` as a constraint uses it
    (". >= 0 and . <= 90", {}, 50),
    (". >= 0 and . <= 90", {}, "100"),
    (". >= 0 and . <= 90", {}, ""),
    ("string-length(.) <= 5", {}, "hello!"),
    (". <= today()", {}, "2026-02-28"),
]

# Expressions on which the server's evaluator raises: the server then shows the question, and so
# must the script.
REFUSED = [
    ("${n} mod 2", {"n": HUGE_NUMBER_TEXT}, TODAY),
    ("today() = ''", {}, None),
]

_EVALUATE = """async ([url, cases]) => {
  const conditions = await import(url);
  return cases.map(([tree, answers, current, today]) => {
    try {
      const value = conditions.evaluate(JSON.parse(tree), JSON.parse(answers), {current: JSON.parse(current), today});
      return {
        understood: true,
        kind: Array.isArray(value) ? "selection" : typeof value,
        value,
        text: conditions.toText(value),
        bool: conditions.toBoolean(value),
      };
    } catch (error) {
      return {understood: false, notUnderstood: error instanceof conditions.NotUnderstood, error: String(error)};
    }
  });
}"""


def kind_of(value) -> str:
    return {str: "string", float: "number", bool: "boolean", tuple: "selection"}[type(value)]


def evaluate_in_browser(page, cases):
    """Each case as the module evaluates it: [(expression, answers, current, today)] -> results."""
    page.goto("/help-now/")
    axe_check(page)
    payload = [
        [
            json.dumps(parse(text).as_tree()),
            json.dumps(answers),
            json.dumps(current),
            today.isoformat() if today else "",
        ]
        for text, answers, current, today in cases
    ]
    return page.evaluate(_EVALUATE, [static("carelab/conditions.mjs"), payload])


@browser
def test_the_script_evaluates_every_case_exactly_as_the_server_does(page, db):
    results = evaluate_in_browser(page, [(text, answers, current, TODAY) for text, answers, current in CASES])

    differences = []
    for (text, answers, current), result in zip(CASES, results, strict=True):
        expected = parse(text).evaluate(answers, current=current, today=TODAY)
        if not result["understood"]:
            differences.append(f"{text} with {answers!r}: the script did not understand it ({result['error']})")
            continue
        got_value = tuple(result["value"]) if result["kind"] == "selection" else result["value"]
        same = (
            result["kind"] == kind_of(expected)
            and got_value == expected
            and result["text"] == to_text(expected)
            and result["bool"] == parse(text).evaluate_bool(answers, current=current, today=TODAY)
        )
        if not same:
            differences.append(
                f"{text} with {answers!r} (current {current!r}): server {expected!r} ({to_text(expected)!r}), "
                f"script {result['value']!r} ({result['text']!r}, {result['kind']})"
            )
    assert not differences, "\n".join(differences)


def test_the_cases_cover_every_operator_and_function_the_parser_accepts():
    seen_operators, seen_functions = set(), set()

    def walk(node):
        if node[0] == "infix":
            seen_operators.update(node[1])
            for operand in node[2]:
                walk(operand)
        elif node[0] == "call":
            seen_functions.add(node[1])
            for argument in node[2]:
                walk(argument)
        elif node[0] == "negate":
            walk(node[1])

    for text, _answers, _current in CASES:
        walk(parse(text).as_tree())
    assert seen_operators == set().union(*_LEVELS)
    assert seen_functions == set(FUNCTIONS)


@browser
def test_where_the_server_cannot_evaluate_the_script_leaves_the_question_to_the_server(page, db):
    for text, answers, today in REFUSED:
        with pytest.raises(ValueError):
            parse(text).evaluate(answers, today=today)
    results = evaluate_in_browser(page, [(text, answers, None, today) for text, answers, today in REFUSED])
    assert [result["notUnderstood"] for result in results] == [True] * len(REFUSED), results


@browser
def test_the_script_refuses_what_it_does_not_know_rather_than_guess(page, db):
    page.goto("/help-now/")
    axe_check(page)
    results = page.evaluate(
        """async (url) => {
          const conditions = await import(url);
          const trees = [
            ["call", "regex", [["string", "a"], ["string", "a"]]],
            ["call", "not", []],
            ["lookup", "a"],
            ["infix", ["^"], [["number", 2], ["number", 3]]],
            "${a} = 'yes'",
          ];
          return trees.map(tree => {
            try { conditions.evaluate(tree, {}); return "evaluated"; }
            catch (error) { return error instanceof conditions.NotUnderstood ? "refused" : String(error); }
          });
        }""",
        static("carelab/conditions.mjs"),
    )
    assert results == ["refused"] * 5


# -- What the page carries ------------------------------------------------------------------------


def answer_the_first_pages(client, survey):
    url = survey.get_absolute_url()
    client.post(url, {"take_part": "on", "health_data": "on"})
    client.post(f"{url}section/1/", {})
    client.post(
        f"{url}section/2/",
        {"roles": ["professional"], "lives_with_pain": "yes", "pain_years": "4", "age_band": "35_54"},
    )
    return url


def test_a_page_with_conditions_carries_their_trees_and_only_the_saved_answers_they_need(client, db):
    survey = SurveyFactory(slug="launch")
    url = answer_the_first_pages(client, survey)

    page = parse_html(client.get(f"{url}section/3/"))
    form = page.select_one("form[data-carelab-conditions]")
    config = json.loads(form["data-carelab-conditions"])
    # pain_today's condition needs lives_with_pain; nothing else saved so far goes into the page.
    assert config["saved"] == {"lives_with_pain": "yes"}
    assert config["today"] == timezone.localdate().isoformat()
    assert config["calculated"] == ["long_term_pain"]
    questions = [json.loads(element["data-carelab-question"]) for element in page.select("[data-carelab-question]")]
    assert {"answers": {"pain_today": "one"}, "relevant": parse("${lives_with_pain} = 'yes'").as_tree()} in [
        {**question, "relevant": tuple_tree(question["relevant"])} for question in questions
    ]
    assert {"listened_to": "one", "joined_up": "one", "knew_where": "one"} in [q["answers"] for q in questions]
    assert page.select_one("script[src$='carelab/conditions.mjs']") is not None


def test_a_page_without_conditions_carries_no_script_and_no_answers(client, db):
    survey = SurveyFactory(slug="launch")
    url = answer_the_first_pages(client, survey)
    client.post(f"{url}section/3/", {})

    page = parse_html(client.get(f"{url}section/4/"))  # the PHQ-8 page
    assert page.select("[data-carelab-conditions], [data-carelab-question]") == []
    assert page.select_one("script[src$='carelab/conditions.mjs']") is None


def tuple_tree(node):
    """A tree read from JSON, with lists turned back into the tuples as_tree() gives."""
    return tuple(tuple_tree(item) for item in node) if isinstance(node, list) else node


# -- Journeys -------------------------------------------------------------------------------------


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def save_and_continue(page):
    follow(page.get_by_role("button", name="Save and continue"))
    axe_check(page)


def start_survey(page, survey):
    page.goto(survey.get_absolute_url())
    axe_check(page)
    page.get_by_label(re.compile("I want to take part")).check()
    page.get_by_label(re.compile("I agree that my answers")).check()
    follow(page.get_by_role("button", name="Start now"))
    axe_check(page)


def question_group(page, label):
    """The form group of the question with this label or legend (text box, radios or checkboxes)."""
    return page.locator("[data-carelab-question]").filter(has_text=label)


PAIN_YEARS = "For how many years have you had this pain?"
FIRST_HELP = "When did you first ask for help with your pain?"


@browser
def test_with_javascript_choosing_yes_reveals_the_follow_up_and_no_hides_it_again(page, db):
    survey = SurveyFactory(slug="launch")
    start_survey(page, survey)
    save_and_continue(page)  # the welcome page
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    pain = page.get_by_role("group", name="Do you live with persistent back or neck pain?")

    # Nothing answered yet: the questions that need a yes are hidden, and their inputs switched off.
    expect(question_group(page, PAIN_YEARS)).to_be_hidden()
    expect(question_group(page, FIRST_HELP)).to_be_hidden()
    expect(page.locator("input[name=pain_years]")).to_be_disabled()

    pain.get_by_label("Yes").check()
    expect(question_group(page, PAIN_YEARS)).to_be_visible()
    expect(question_group(page, FIRST_HELP)).to_be_visible()
    expect(page.get_by_label(PAIN_YEARS)).to_be_enabled()
    axe_check(page)
    page.get_by_label(PAIN_YEARS).fill("4")

    pain.get_by_label("No").check()
    expect(question_group(page, PAIN_YEARS)).to_be_hidden()
    expect(question_group(page, FIRST_HELP)).to_be_hidden()
    axe_check(page)

    # Back to yes: what was typed is still there.
    pain.get_by_label("Yes").check()
    expect(page.get_by_label(PAIN_YEARS)).to_have_value("4")

    # A mistake comes back from the server with the follow-up shown, and its error.
    page.get_by_label("I work in health or care").check()
    page.get_by_label(PAIN_YEARS).fill("four")
    save_and_continue(page)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a whole number, like 12")
    expect(question_group(page, PAIN_YEARS)).to_be_visible()
    expect(page.get_by_label(PAIN_YEARS)).to_have_value("four")

    # No, with the years still typed in: the page saves and the years are not kept.
    page.get_by_role("group", name="Do you live with persistent back or neck pain?").get_by_label("No").check()
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your experience")
    answers = SurveyResponse.objects.get().answers
    assert answers["lives_with_pain"] == "no"
    assert "pain_years" not in answers
    # The next page's question that needs a yes is not even sent.
    expect(page.get_by_role("group", name="How bad is your pain today?")).to_have_count(0)


@browser
def test_without_javascript_every_question_is_shown_and_the_server_drops_what_does_not_apply(page_without_js, db):
    page = page_without_js
    survey = SurveyFactory(slug="launch")
    start_survey(page, survey)
    save_and_continue(page)
    expect(page.locator("script[src*='conditions']")).to_have_count(1)  # sent, but not run

    expect(page.get_by_label(PAIN_YEARS)).to_be_visible()
    expect(page.get_by_label(PAIN_YEARS)).to_be_enabled()
    expect(page.get_by_role("group", name=FIRST_HELP)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Answers to questions that do not apply to you are not kept.")

    page.get_by_label("I work in health or care").check()
    page.get_by_role("group", name="Do you live with persistent back or neck pain?").get_by_label("No").check()
    page.get_by_label(PAIN_YEARS).fill("4")
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your experience")
    answers = SurveyResponse.objects.get().answers
    assert answers["lives_with_pain"] == "no"
    assert "pain_years" not in answers


def symptoms_survey():
    """One page whose conditions depend on each other: a required follow-up, and a follow-up to that."""
    definition = SurveyDefinition(
        title="Symptoms",
        id_string="symptoms",
        sections=(
            Section(
                name="symptoms_page",
                title="Your symptoms",
                questions=(
                    Question(
                        QuestionKind.MULTIPLE_CHOICE,
                        "symptoms",
                        "Which of these do you have?",
                        choices_list="symptoms",
                        other_option=True,
                    ),
                    Question(
                        QuestionKind.SCALE,
                        "pain_score",
                        "How bad is the pain?",
                        required=True,
                        relevant="selected(${symptoms}, 'pain')",
                        scale=Scale(0, 10, "No pain", "Worst pain"),
                    ),
                    Question(
                        QuestionKind.LONG_TEXT,
                        "pain_story",
                        "Tell us about the pain",
                        relevant="${pain_score} >= 7",
                    ),
                    Question(
                        QuestionKind.INFORMATION,
                        "several",
                        "You chose more than one: thank you for telling us about each.",
                        relevant="count-selected(${symptoms}) > 1",
                    ),
                    Question(
                        QuestionKind.SHORT_TEXT,
                        "other_detail",
                        "What else would you like us to know about it?",
                        relevant="string-length(${symptoms_other}) > 0",
                    ),
                ),
            ),
            Section(name="end", title="Anything else", questions=(Question(QuestionKind.LONG_TEXT, "more", "More"),)),
        ),
        choice_lists=(ChoiceList("symptoms", (Choice("pain", "Pain"), Choice("low_mood", "Low mood"))),),
    )
    return SurveyFactory(slug="symptoms", title="Symptoms", definition=definition_to_dict(definition))


@browser
def test_follow_ups_of_follow_ups_hide_together_and_a_hidden_required_question_does_not_stop_anyone(page, db):
    survey = symptoms_survey()
    start_survey(page, survey)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your symptoms")
    score = page.get_by_role("group", name="How bad is the pain?")
    story = question_group(page, "Tell us about the pain")
    several = question_group(page, "You chose more than one")
    other_detail = question_group(page, "What else would you like us to know")
    for hidden in (score, story, several, other_detail):
        expect(hidden).to_be_hidden()

    page.get_by_label("Pain", exact=True).check()
    expect(score).to_be_visible()
    expect(story).to_be_hidden()
    score.get_by_label("8", exact=True).check()
    expect(story).to_be_visible()
    page.get_by_label("Tell us about the pain").fill("It wakes me at night.")
    page.get_by_label("Low mood").check()
    expect(several).to_be_visible()
    page.get_by_label("Other, please say").check()
    expect(other_detail).to_be_hidden()
    page.get_by_role("textbox", name="Please say").fill("Tiredness")
    expect(other_detail).to_be_visible()
    axe_check(page)

    # Unticking pain hides the score, and with it the story that depended on the score.
    page.get_by_label("Pain", exact=True).uncheck()
    expect(score).to_be_hidden()
    expect(story).to_be_hidden()
    expect(several).to_be_visible()
    # Unticking "Other" hides the box and so the question about it.
    page.get_by_label("Other, please say").uncheck()
    expect(other_detail).to_be_hidden()
    axe_check(page)

    # The score is required but hidden: the page saves, and the server keeps only what applies.
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Anything else")
    answers = SurveyResponse.objects.get().answers
    assert answers == {"symptoms": ["low_mood"]}


@browser
def test_without_javascript_the_required_follow_up_is_asked_only_when_its_condition_holds(page_without_js, db):
    page = page_without_js
    survey = symptoms_survey()
    start_survey(page, survey)
    page.get_by_label("Pain", exact=True).check()
    save_and_continue(page)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select an answer to ‘How bad is the pain?’")
    page.get_by_label("Pain", exact=True).uncheck()
    page.get_by_label("Low mood").check()
    page.get_by_label("Tell us about the pain").fill("Not sent on")
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Anything else")
    assert SurveyResponse.objects.get().answers == {"symptoms": ["low_mood"]}
