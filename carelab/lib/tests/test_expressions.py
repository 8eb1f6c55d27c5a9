import builtins
import json
import random
import string
from datetime import date, datetime
from decimal import Decimal

import pytest

from carelab.lib.expressions import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    calculate,
    is_relevant,
    parse,
    satisfies_constraint,
    to_text,
)

TODAY = date(2025, 3, 14)


def value(text, answers=None, current=None, today=TODAY):
    return parse(text).evaluate(answers or {}, current=current, today=today)


def truth(text, answers=None, current=None, today=TODAY):
    return parse(text).evaluate_bool(answers or {}, current=current, today=today)


def error(text):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    return caught.value


# --- Examples from the XLSForm and ODK documentation --------------------------------------


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("${age} >= 18 and ${consent} = 'yes'", {"age": "18", "consent": "yes"}, True),
        ("${age} >= 18 and ${consent} = 'yes'", {"age": "17", "consent": "yes"}, False),
        ("${age} >= 18 and ${consent} = 'yes'", {"age": 40, "consent": "no"}, False),
        ("selected(${symptoms}, 'pain')", {"symptoms": "sleep pain"}, True),
        ("selected(${symptoms}, 'pain')", {"symptoms": ["sleep"]}, False),
        ("count-selected(${x}) <= 3", {"x": "a b c"}, True),
        ("count-selected(${x}) <= 3", {"x": ["a", "b", "c", "d"]}, False),
        ("${lived_experience} = 'yes' or ${role} = 'carer'", {"lived_experience": "no", "role": "carer"}, True),
        ("not(${role} = 'professional')", {"role": "carer"}, True),
        ("${pain} > 5", {"pain": "7"}, True),
    ],
)
def test_xlsform_documentation_examples_evaluate_as_odk_would(text, answers, expected):
    assert truth(text, answers) is expected


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        ("string-length(.) <= 500", "x" * 500, True),
        ("string-length(.) <= 500", "x" * 501, False),
        (". >= 0 and . <= 10", "0", True),
        (". >= 0 and . <= 10", "10", True),
        (". >= 0 and . <= 10", "10.5", False),
        (". >= 0 and . <= 10", "-1", False),
        (". >= 0 and . <= 10", 7, True),
    ],
)
def test_constraints_read_the_dot_as_the_answer_being_checked(text, current, expected):
    assert truth(text, current=current) is expected


# --- Literals, references and the current value -------------------------------------------


def test_text_may_be_in_single_or_double_quotation_marks():
    assert value("'it is'") == "it is"
    assert value('"it\'s"') == "it's"


def test_numbers_may_be_whole_or_decimal_and_are_read_as_numbers():
    assert value("42") == 42.0
    assert value("2.5") == 2.5
    assert value(".5") == 0.5
    assert value("3.") == 3.0


def test_a_reference_reads_the_answer_with_that_name():
    assert value("${name}", {"name": "Sam"}) == "Sam"


@pytest.mark.parametrize("answers", [{}, {"q": None}, {"q": ""}, {"q": []}])
def test_an_unanswered_question_equals_the_empty_text(answers):
    assert truth("${q} = ''", answers) is True
    assert truth("${q} != ''", answers) is False
    assert truth("${q}", answers) is False


def test_an_answered_question_does_not_equal_the_empty_text():
    assert truth("${q} = ''", {"q": "0"}) is False


def test_the_dot_is_empty_when_no_current_answer_is_given():
    assert value(".") == ""


# --- Comparison ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 = 1", True),
        ("1 = 2", False),
        ("1 != 2", True),
        ("2 != 2", False),
        ("1 < 2", True),
        ("2 < 2", False),
        ("2 <= 2", True),
        ("3 <= 2", False),
        ("3 > 2", True),
        ("2 > 2", False),
        ("2 >= 2", True),
        ("1 >= 2", False),
    ],
)
def test_every_comparison_operator(text, expected):
    assert value(text) is expected


def test_numbers_compare_as_numbers_when_both_sides_look_like_numbers():
    assert truth("${a} = 18", {"a": "18.0"}) is True
    assert truth("${a} = ${b}", {"a": "18", "b": " 18.00 "}) is True
    # As text "9" > "10"; as numbers it is not.
    assert truth("${a} > ${b}", {"a": "9", "b": "10"}) is False
    assert truth("${a} < 10", {"a": "-3"}) is True


def test_words_compare_as_text_and_case_matters():
    assert truth("${a} = 'Yes'", {"a": "yes"}) is False
    assert truth("'apple' < 'banana'") is True


def test_iso_dates_order_as_dates_against_each_other_and_today():
    assert truth("${dob} < today()", {"dob": date(1990, 5, 1)}) is True
    assert truth("${dob} > '2025-03-13'", {"dob": "2025-03-14"}) is True
    assert truth("${start} <= ${end}", {"start": "2025-01-31", "end": "2025-02-01"}) is True


@pytest.mark.parametrize("text", ["${q} < 18", "${q} <= 18", "${q} > 18", "${q} >= 18", "${q} < 'abc'"])
def test_ordering_against_an_unanswered_question_is_false(text):
    assert truth(text) is False


def test_ordering_a_number_against_words_is_false_both_ways():
    assert truth("'abc' < 5") is False
    assert truth("'abc' >= 5") is False


def test_a_boolean_on_either_side_makes_equality_compare_truth_values():
    assert truth("true() = 'yes'") is True
    assert truth("false() = ''") is True
    assert truth("${consent} = true()", {"consent": True}) is True
    assert truth("${consent} = true()", {"consent": False}) is False


def test_booleans_order_as_one_and_zero():
    assert truth("true() > false()") is True
    assert truth("true() >= 2") is False


def test_a_selection_compares_as_its_space_separated_text():
    assert truth("${s} = 'a b'", {"s": ["a", "b"]}) is True
    assert truth("${s} = 'a'", {"s": ["a", "b"]}) is False


# --- Arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 + 3", 5.0),
        ("2 - 3", -1.0),
        ("2 * 3", 6.0),
        ("7 div 2", 3.5),
        ("7 mod 3", 1.0),
        ("-7 mod 3", -1.0),
        ("7 mod -3", 1.0),
        ("-4", -4.0),
        ("--4", 4.0),
        ("5 mod-1", 0.0),
    ],
)
def test_every_arithmetic_operator(text, expected):
    assert value(text) == expected


def test_answers_that_look_like_numbers_take_part_in_arithmetic():
    assert value("${a} + ${b}", {"a": "2", "b": 3}) == 5.0
    assert value("${a} * 2", {"a": Decimal("1.5")}) == 3.0


@pytest.mark.parametrize("text", ["1 div 0", "1 mod 0", "0 div 0", "'abc' + 1", "${q} + 1", "-'abc'", "1 div 0 + 1"])
def test_arithmetic_without_a_sensible_number_gives_no_value(text):
    assert value(text) == ""


def test_a_condition_built_on_no_value_is_false():
    assert truth("1 div 0 > 0") is False
    assert truth("1 div 0 < 0") is False
    assert truth("1 div 0") is False


def test_overflow_gives_no_value_rather_than_infinity():
    huge = "9" * 300
    assert value(f"{huge} * {huge} * {huge}") == ""


def test_dates_count_as_days_in_arithmetic():
    assert value("today() - ${dob}", {"dob": "2025-03-01"}) == 13.0
    assert value("int((today() - ${dob}) div 365.25)", {"dob": date(1990, 3, 15)}) == 34.0


def test_an_impossible_date_is_not_a_number():
    assert value("'2025-02-30' + 1") == ""


# --- Precedence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("10 - 4 - 3", 3.0),
        ("24 div 4 div 2", 3.0),
        ("2 * 3 mod 4", 2.0),
        ("-2 * 3", -6.0),
        ("1 + 2 = 3", True),
        ("1 < 2 = 2 > 1", True),
        ("true() or false() and false()", True),
        ("(true() or false()) and false()", False),
        ("not(true()) or true()", True),
        ("not(true() or true())", False),
        ("1 = 1 and 2 = 3 or 4 = 4", True),
        ("1 = 1 and (2 = 3 or 4 = 5)", False),
    ],
)
def test_operators_bind_as_in_xpath(text, expected):
    assert value(text) == expected


class RecordingAnswers(dict):
    """Answers that remember which questions were read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read = []

    def get(self, key, default=None):
        self.read.append(key)
        return super().get(key, default)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${a} = 'x' and ${never} = 1", False),
        ("${a} = 'y' or ${never} = 1", True),
        ("if(${a} = 'y', 'shown', ${never})", "shown"),
        ("coalesce(${a}, ${never})", "y"),
    ],
)
def test_and_or_if_and_coalesce_read_only_what_they_need(text, expected):
    answers = RecordingAnswers(a="y", never="1")
    assert value(text, answers) == expected
    assert answers.read == ["a"]


def test_a_long_flat_chain_does_not_nest_deeply():
    total = "+".join(f"${{q{number}}}" for number in range(200))
    assert parse(total).evaluate({f"q{number}": 1 for number in range(200)}) == 200.0
    alternatives = " or ".join(f"${{q}}='{number}'" for number in range(120))
    assert is_relevant(alternatives, {"q": "119"}) is True


# --- Functions ----------------------------------------------------------------------------


FUNCTION_CASES = [
    ("not(${q})", {}, True),
    ("not('x')", {}, False),
    ("selected(${s}, 'b')", {"s": ("a", "b")}, True),
    ("selected(${s}, 'b')", {"s": "a b"}, True),
    ("selected(${s}, 'b')", {"s": {"b", "c"}}, True),
    ("selected(${s}, 'ab')", {"s": "a b"}, False),
    ("selected(${s}, ' b ')", {"s": "a b"}, True),
    ("selected(${s}, 'b')", {}, False),
    ("count-selected(${s})", {"s": ["a", "b", "c"]}, 3.0),
    ("count-selected(${s})", {"s": "  a   b  "}, 2.0),
    ("count-selected(${s})", {}, 0.0),
    ("string-length(${t})", {"t": "héllo"}, 5.0),
    ("string-length(${t})", {}, 0.0),
    ("string-length(12.50)", {}, 4.0),
    ("if(${a} > 1, 'big', 'small')", {"a": "2"}, "big"),
    ("if(${a} > 1, 'big', 'small')", {"a": "1"}, "small"),
    ("true()", {}, True),
    ("false()", {}, False),
    ("number('  3.25 ')", {}, 3.25),
    ("number('three')", {}, ""),
    ("number(true())", {}, 1.0),
    ("int(7.9)", {}, 7.0),
    ("int(-7.9)", {}, -7.0),
    ("int('x')", {}, ""),
    ("round(2.5)", {}, 3.0),
    ("round(-2.5)", {}, -3.0),
    ("round(2.4)", {}, 2.0),
    ("round(3.14159, 2)", {}, 3.14),
    ("round(2.675, 2)", {}, 2.68),
    ("round(1234, -2)", {}, 1200.0),
    ("round(1.5, 'x')", {}, ""),
    ("concat('a', 1, true(), ${s})", {"s": ["x", "y"]}, "a1truex y"),
    ("concat(${q})", {}, ""),
    ("contains('back pain', 'pain')", {}, True),
    ("contains('back pain', 'neck')", {}, False),
    ("starts-with('back pain', 'back')", {}, True),
    ("starts-with('back pain', 'pain')", {}, False),
    ("ends-with('back pain', 'pain')", {}, True),
    ("ends-with('back pain', 'back')", {}, False),
    ("coalesce(${a}, ${b})", {"b": "fallback"}, "fallback"),
    ("coalesce(${a}, ${b})", {"a": "first", "b": "fallback"}, "first"),
    ("string(2.0)", {}, "2"),
    ("boolean('')", {}, False),
    ("boolean(0)", {}, False),
    ("boolean('0')", {}, True),
    ("today()", {}, "2025-03-14"),
]


@pytest.mark.parametrize(("text", "answers", "expected"), FUNCTION_CASES)
def test_every_function(text, answers, expected):
    assert value(text, answers) == expected


def test_every_function_in_the_table_has_a_test_above():
    tested = {text.split("(")[0] for text, _, _ in FUNCTION_CASES}
    assert set(FUNCTIONS) <= tested


def test_today_is_passed_in_and_never_read_from_a_clock():
    assert value("today()", today=date(2000, 1, 1)) == "2000-01-01"
    assert value("today()", today=datetime(2000, 1, 1, 23, 59)) == "2000-01-01"
    with pytest.raises(ValueError, match="today"):
        parse("today() > ${d}").evaluate({})


# --- Answers of every shape ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (18, "18"),
        (2.50, "2.5"),
        (Decimal("0.10"), "0.1"),
        (1e-7, "0.0000001"),
        (float("nan"), ""),
        (10**400, ""),
        (date(2025, 1, 2), "2025-01-02"),
        (["a", "b"], "a b"),
        (["a", None, ""], "a"),
    ],
)
def test_answers_are_read_as_the_text_an_xform_would_store(answer, expected):
    assert calculate("${q}", {"q": answer}) == expected


def test_a_boolean_answer_stays_a_boolean():
    assert truth("${q}", {"q": False}) is False
    assert truth("${q}", {"q": True}) is True


@pytest.mark.parametrize(
    ("result", "expected"),
    [(3.0, "3"), (-0.0, "0"), (0.25, "0.25"), (True, "true"), (False, "false"), (("a", "b"), "a b"), ("x", "x")],
)
def test_to_text_follows_xpath_string_conversion(result, expected):
    assert to_text(result) == expected


# --- The convenience functions ------------------------------------------------------------


@pytest.mark.parametrize("condition", ["", "   ", None])
def test_a_question_without_a_condition_is_relevant(condition):
    assert is_relevant(condition, {}) is True


def test_is_relevant_follows_the_condition():
    assert is_relevant("${q} = 'yes'", {"q": "yes"}) is True
    assert is_relevant("${q} = 'yes'", {"q": "no"}) is False


def test_a_blank_answer_is_not_checked_against_the_constraint():
    assert satisfies_constraint(". > 10", "", {}) is True
    assert satisfies_constraint(". > 10", None, {}) is True
    assert satisfies_constraint(". > 10", [], {}) is True


def test_constraints_compare_the_answer_with_other_answers():
    assert satisfies_constraint(". <= ${total}", "3", {"total": "5"}) is True
    assert satisfies_constraint(". <= ${total}", "6", {"total": "5"}) is False
    assert satisfies_constraint("", "anything", {}) is True


def test_calculate_gives_the_text_to_store():
    assert calculate("${a} + ${b}", {"a": "1", "b": "2"}) == "3"
    assert calculate("${a} div ${b}", {"a": "1", "b": "0"}) == ""
    assert calculate("", {}) == ""


# --- What a parsed expression tells you ---------------------------------------------------


def test_references_are_the_question_names_used():
    expression = parse("${a} = 1 and (selected(${b}, 'x') or ${a} > ${c.d-e})")
    assert expression.references == frozenset({"a", "b", "c.d-e"})
    assert parse("1 + 1").references == frozenset()


def test_uses_current_value_is_true_only_when_the_dot_appears():
    assert parse(". > 1").uses_current_value is True
    assert parse("string-length(.) < 5").uses_current_value is True
    assert parse("${a} > .5").uses_current_value is False


def test_uses_today_is_true_only_when_today_appears():
    assert parse("today() > ${d}").uses_today is True
    assert parse("${d} > '2025-01-01'").uses_today is False


def test_parsing_is_cached_and_expressions_are_hashable():
    assert parse("${a} = 1") is parse("${a} = 1")
    assert len({parse("${a} = 1"), parse("${a}  =  1")}) == 2


def test_the_tree_is_plain_data_ready_for_json():
    tree = parse("-${a} + 2 >= 3 and selected(., 'x')").as_tree()
    assert tree == (
        "infix",
        ("and",),
        (
            (
                "infix",
                (">=",),
                (("infix", ("+",), (("negate", ("ref", "a")), ("number", 2.0))), ("number", 3.0)),
            ),
            ("call", "selected", (("current",), ("string", "x"))),
        ),
    )
    assert json.loads(json.dumps(tree))[0] == "infix"


def test_question_names_may_use_letters_digits_underscores_hyphens_and_full_stops():
    assert parse("${_q1.a-b} + ${café}").references == frozenset({"_q1.a-b", "café"})


# --- Errors, with where they are ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("", 1, "empty"),
        ("   ", 1, "empty"),
        ("${q} = 'yes", 8, "not closed"),
        ('${q} = "yes', 8, "not closed"),
        ("${q} = ‘yes’", 8, "Curly"),
        ("frobnicate(${q})", 1, "frobnicate"),
        ("1 + Selected(${q}, 'a')", 5, "Selected"),
        ("(${a} = 1", 10, "')' is missing for the '(' at character 1"),
        ("not(${a} = 1", 13, "')' is missing"),
        ("selected(${a}, 'x' 'y')", 20, "Expected ')'"),
        ("${a} = 1)", 9, "Unexpected ')'"),
        ("${a} 'yes'", 6, "Unexpected the text 'yes'"),
        ("${a} = ", 8, "incomplete"),
        ("= 1", 1, "value was expected"),
        ("selected(${a})", 1, "selected() needs exactly 2 arguments, but has 1"),
        ("not()", 1, "not() needs exactly 1 argument, but has 0"),
        ("true(1)", 1, "true() needs no arguments, but has 1"),
        ("round(1, 2, 3)", 1, "round() needs 1 or 2 arguments, but has 3"),
        ("concat()", 1, "concat() needs at least 1 argument"),
        ("${a} = yes", 8, "write ${yes}"),
        ("not ${a}", 1, "write not(…)"),
        ("and ${a}", 1, "'and' needs a value before it"),
        ("${a} = 1 # comment", 10, "'#' is not understood"),
        ("${a", 1, "not closed"),
        ("${}", 1, "name is missing"),
        ("${ a }", 1, "not a question name"),
        ("${1a}", 1, "not a question name"),
        ("..", 2, "Unexpected '.'"),
        ("1" * 400, 1, "too large"),
    ],
)
def test_malformed_expressions_say_what_is_wrong_and_where(text, position, words):
    problem = error(text)
    assert words in problem.message
    assert problem.position == position
    assert f"(at character {position})" in str(problem)


def test_an_expression_error_is_a_value_error():
    assert issubclass(ExpressionError, ValueError)


def test_parse_refuses_what_is_not_text():
    with pytest.raises(TypeError):
        parse(42)


# --- Hostile input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("__import__('os').system('touch /tmp/pwned')", "__import__"),
        ("eval('1')", "eval"),
        ("open('/etc/passwd')", "open"),
        ("${a}.__class__", "Unexpected '.'"),
        ("().__class__.__bases__", "value was expected"),
        ("lambda: 1", "':' is not understood"),
        ("lambda x", "'lambda' is not understood"),
        ("[x for x in ()]", "'[' is not understood"),
        ("1; import os", "';' is not understood"),
        ("${a'); import os; ('}", "not a question name"),
        ("${../secret}", "not a question name"),
        ("${a}${b}", "Unexpected ${b}"),
        ("'a' 'b'", "Unexpected the text 'b'"),
        ("1 ** 2", "value was expected"),
        ("regex(., '(a+)+$')", "no function called 'regex()'"),
        ("jr:choice-name(${a}, '${a}')", "':' is not understood"),
    ],
)
def test_hostile_expressions_are_rejected_before_anything_runs(text, words):
    assert words in error(text).message


def test_an_expression_longer_than_the_limit_is_refused_before_it_is_read():
    assert parse("1" + " " * (MAX_LENGTH - 1)).evaluate({}) == 1.0
    problem = error("(" * (MAX_LENGTH + 1))
    assert "too long" in problem.message
    assert problem.position == MAX_LENGTH + 1


@pytest.mark.parametrize(
    "text",
    [
        "(" * 500 + "1" + ")" * 500,
        "(" * 500,
        "-" * 500 + "1",
        "not(" * 200 + "1" + ")" * 200,
        "concat(" * 250,
        "if(" * 500,
    ],
)
def test_deep_nesting_is_refused_cleanly(text):
    assert "nested too deeply" in error(text).message


def test_nesting_up_to_the_limit_parses_and_evaluates():
    depth = MAX_DEPTH - 1
    assert value("(" * depth + "1" + ")" * depth) == 1.0
    assert value("not(" * depth + "1" + ")" * depth) is (depth % 2 == 0)
    assert "nested too deeply" in error("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH).message


def test_nothing_is_passed_to_pythons_eval_exec_or_compile(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("the expression language must not use eval, exec or compile")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    expression = parse("if(${a} > 1 and selected(${b}, 'x'), concat('n', round(${a} div 3, 2)), 'none') != 'x'")
    assert expression.evaluate_bool({"a": "7", "b": "x y"}) is True


_VOCABULARY = [
    *"()(),.-+*=<>",
    "!=",
    "<=",
    ">=",
    " and ",
    " or ",
    " div ",
    " mod ",
    "${a}",
    "${b}",
    "${c}",
    "'yes'",
    "''",
    '"2025-01-01"',
    "0",
    "1",
    "2.5",
    "99999999999999999999",
    *(f"{name}(" for name in FUNCTIONS),
    "foo(",
    "${",
    "}",
    "'",
]
_ANSWERS = {"a": "3", "b": ["x", "yes"], "c": date(2024, 2, 29)}


def test_random_printable_text_only_ever_raises_expression_error():
    generator = random.Random(20250314)
    for _ in range(4000):
        text = "".join(generator.choice(string.printable) for _ in range(generator.randint(0, 200)))
        try:
            expression = parse(text)
        except ExpressionError:
            continue
        expression.evaluate(_ANSWERS, current="2", today=TODAY)


def test_random_token_soup_fails_with_a_position_inside_the_text_or_evaluates():
    generator = random.Random(8)
    for _ in range(4000):
        text = "".join(generator.choice(_VOCABULARY) for _ in range(generator.randint(1, 40)))
        try:
            expression = parse(text)
        except ExpressionError as problem:
            assert 1 <= problem.position <= len(text) + 1
            continue
        expression.evaluate(_ANSWERS, current="2", today=TODAY)


_OPERATORS = ["or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod"]
_LEAVES = ["${a}", "${b}", "${c}", "${unanswered}", ".", "0", "1", "2.5", "'yes'", "''", "'2025-01-01'", "'x y'"]


def _random_expression(generator, depth=0):
    choice = generator.random()
    if depth > 6 or choice < 0.35:
        return generator.choice(_LEAVES)
    if choice < 0.65:
        operator = generator.choice(_OPERATORS)
        return f"{_random_expression(generator, depth + 1)} {operator} {_random_expression(generator, depth + 1)}"
    if choice < 0.7:
        return f"-{_random_expression(generator, depth + 1)}"
    if choice < 0.8:
        return f"({_random_expression(generator, depth + 1)})"
    name = generator.choice(sorted(FUNCTIONS))
    fewest, most = FUNCTIONS[name]
    count = generator.randint(fewest, fewest + 2 if most is None else most)
    arguments = ", ".join(_random_expression(generator, depth + 1) for _ in range(count))
    return f"{name}({arguments})"


def test_every_well_formed_expression_evaluates_to_a_value_without_raising():
    generator = random.Random(2025)
    for _ in range(3000):
        text = _random_expression(generator)
        expression = parse(text)
        result = expression.evaluate(_ANSWERS, current="2", today=TODAY)
        assert isinstance(result, str | float | bool | tuple), text
        assert result == result, text  # never NaN
        assert isinstance(expression.evaluate_bool({}, today=TODAY), bool)
        assert json.loads(json.dumps(expression.as_tree()))
