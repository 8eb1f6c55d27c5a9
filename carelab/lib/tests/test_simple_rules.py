"""Conditions and validations chosen from lists, written as expressions and read back."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib.expressions import is_relevant, parse, satisfies_constraint
from carelab.lib.simple_rules import (
    TODAY,
    Comparison,
    Limits,
    Measure,
    Rule,
    limits_expression,
    read_limits,
    read_rule,
    rule_expression,
)

# -- Writing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expression"),
    [
        (Rule("lives_with_pain", Comparison.IS, ("yes",)), "${lives_with_pain} = 'yes'"),
        (Rule("lives_with_pain", Comparison.IS_NOT, ("no",)), "${lives_with_pain} != 'no'"),
        (Rule("where", Comparison.IS, ("back", "neck")), "${where} = 'back' or ${where} = 'neck'"),
        (Rule("where", Comparison.IS_NOT, ("back", "neck")), "${where} != 'back' and ${where} != 'neck'"),
        (Rule("helps", Comparison.INCLUDES, ("walking",)), "selected(${helps}, 'walking')"),
        (
            Rule("helps", Comparison.INCLUDES, ("walking", "yoga")),
            "selected(${helps}, 'walking') or selected(${helps}, 'yoga')",
        ),
        (
            Rule("helps", Comparison.INCLUDES_ALL, ("walking", "yoga")),
            "selected(${helps}, 'walking') and selected(${helps}, 'yoga')",
        ),
        (Rule("helps", Comparison.EXCLUDES, ("walking",)), "not(selected(${helps}, 'walking'))"),
        (Rule("pain_years", Comparison.AT_LEAST, (3.0,)), "${pain_years} >= 3"),
        (Rule("pain_years", Comparison.LESS, (2.5,)), "${pain_years} < 2.5"),
        (Rule("pain_years", Comparison.MORE, (-1.0,)), "${pain_years} > -1"),
        (Rule("pain_years", Comparison.BETWEEN, (1.0, 5.0)), "${pain_years} >= 1 and ${pain_years} <= 5"),
        (Rule("started", Comparison.AT_MOST, ("2024-01-31",)), "${started} <= '2024-01-31'"),
        (Rule("started", Comparison.LESS, (TODAY,)), "${started} < today()"),
        (Rule("town", Comparison.IS, ("King's Lynn",)), '${town} = "King\'s Lynn"'),
        (Rule("town", Comparison.ANSWERED), "${town} != ''"),
        (Rule("town", Comparison.NOT_ANSWERED), "${town} = ''"),
        (Rule("tiny", Comparison.IS, (0.0000001,)), "${tiny} = 0.0000001"),
    ],
)
def test_a_rule_is_written_as_the_expression_people_would_write_and_read_back(rule, expression):
    assert rule_expression(rule) == expression
    assert read_rule(expression) == rule


@pytest.mark.parametrize(
    ("limits", "expression"),
    [
        (Limits(Measure.ANSWER, 0.0, 90.0), ". >= 0 and . <= 90"),
        (Limits(Measure.ANSWER, minimum=18.0), ". >= 18"),
        (Limits(Measure.ANSWER, maximum=TODAY), ". <= today()"),
        (Limits(Measure.ANSWER, "2020-01-01", TODAY), ". >= '2020-01-01' and . <= today()"),
        (Limits(Measure.LENGTH, maximum=500.0), "string-length(.) <= 500"),
        (Limits(Measure.LENGTH, 10.0, 500.0), "string-length(.) >= 10 and string-length(.) <= 500"),
        (Limits(Measure.COUNT, maximum=3.0), "count-selected(.) <= 3"),
    ],
)
def test_limits_are_written_as_a_constraint_and_read_back(limits, expression):
    assert limits_expression(limits) == expression
    assert read_limits(expression) == limits


def test_spacing_and_brackets_do_not_stop_a_rule_being_read():
    assert read_rule("  (${a}>=1)and(${a} <= 5.0) ") == Rule("a", Comparison.BETWEEN, (1.0, 5.0))
    assert read_limits("(. >= 0) and (.<=10)") == Limits(Measure.ANSWER, 0.0, 10.0)


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "   ",
        "${a} = 'yes' or ${b} = 'yes'",  # two questions
        "${a} = 'yes' and ${a} = 'no'",  # not a shape the lists make
        "${a} <= 5 and ${a} >= 1",  # between written the other way round
        "${a} > 1 and ${a} < 5",
        "${a} = ${b}",
        "'yes' = ${a}",
        "${a} = 'x' or selected(${a}, 'y')",
        "selected(${a}, 3)",
        "selected(${a}, '')",
        "not(${a} = 'yes')",
        "${a} = --3",
        "${a} = 1 + 2",
        "count-selected(${a}) > 2",
        "${a} > ''",
        "${a} = 'yes' = 'no'",
        "this is not an expression (",
    ],
)
def test_an_expression_the_lists_cannot_say_is_not_read_as_a_rule(expression):
    assert read_rule(expression) is None


@pytest.mark.parametrize(
    "expression",
    [
        "",
        ". > 0",
        ". <= 90 and . >= 0",
        ". >= 0 and string-length(.) <= 90",
        "string-length(.) <= 2.5",
        ". >= 1 and . <= 2 and . <= 3",
        "regex(., '[0-9]+')",
        "${other} >= 3",
    ],
)
def test_a_constraint_the_lists_cannot_say_is_not_read_as_limits(expression):
    assert read_limits(expression) is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: Rule("a", Comparison.BETWEEN, (1.0,)),
        lambda: Rule("a", Comparison.ANSWERED, ("x",)),
        lambda: Rule("a", Comparison.IS, ()),
        lambda: Rule("a", Comparison.INCLUDES_ALL, ("x",)),
        lambda: Rule("a", Comparison.INCLUDES, (3.0,)),
        lambda: Rule("a", Comparison.IS, ("",)),
        lambda: Rule("a", Comparison.IS, ('it\'s "this"',)),
        lambda: Rule("a", Comparison.IS, (float("inf"),)),
        lambda: Rule("not a name", Comparison.ANSWERED),
        lambda: Limits(Measure.ANSWER),
        lambda: Limits(Measure.LENGTH, maximum=2.5),
    ],
)
def test_a_rule_that_could_not_be_written_is_refused_when_made(make):
    with pytest.raises(ValueError):
        make()


def test_what_a_rule_says_is_what_the_expression_does():
    condition = rule_expression(Rule("where", Comparison.IS, ("back", "neck")))
    assert is_relevant(condition, {"where": "neck"}) and not is_relevant(condition, {"where": "knee"})
    condition = rule_expression(Rule("helps", Comparison.EXCLUDES, ("walking", "yoga")))
    assert is_relevant(condition, {"helps": ["rest"]}) and not is_relevant(condition, {"helps": ["rest", "yoga"]})
    condition = rule_expression(Rule("years", Comparison.BETWEEN, (1.0, 5.0)))
    assert [is_relevant(condition, {"years": n}) for n in (0, 1, 5, 6)] == [False, True, True, False]
    condition = rule_expression(Rule("years", Comparison.NOT_ANSWERED))
    assert is_relevant(condition, {}) and not is_relevant(condition, {"years": 0})
    constraint = limits_expression(Limits(Measure.LENGTH, maximum=3.0))
    assert satisfies_constraint(constraint, "abc", {}) and not satisfies_constraint(constraint, "abcd", {})


# -- Round trips -----------------------------------------------------------------------------------

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,20}", fullmatch=True)
texts = st.text(min_size=1, max_size=20).filter(lambda text: not ("'" in text and '"' in text))
numbers = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
values = st.one_of(texts, numbers, st.just(TODAY))


@st.composite
def rules(draw):
    comparison = draw(st.sampled_from(Comparison))
    if comparison in (Comparison.ANSWERED, Comparison.NOT_ANSWERED):
        chosen = ()
    elif comparison is Comparison.BETWEEN:
        chosen = tuple(draw(st.lists(values, min_size=2, max_size=2)))
    elif comparison in (Comparison.INCLUDES, Comparison.INCLUDES_ALL, Comparison.EXCLUDES):
        fewest = 2 if comparison is Comparison.INCLUDES_ALL else 1
        chosen = tuple(draw(st.lists(texts, min_size=fewest, max_size=5)))
    elif comparison in (Comparison.IS, Comparison.IS_NOT):
        chosen = tuple(draw(st.lists(values, min_size=1, max_size=5)))
    else:
        chosen = (draw(values),)
    return Rule(draw(names), comparison, chosen)


@st.composite
def limits(draw):
    measure = draw(st.sampled_from(Measure))
    bound = values if measure is Measure.ANSWER else st.integers(0, 10**6).map(float)
    minimum, maximum = draw(st.one_of(st.none(), bound)), draw(st.one_of(st.none(), bound))
    if minimum is None and maximum is None:
        minimum = draw(bound)
    return Limits(measure, minimum, maximum)


@settings(max_examples=300)
@given(rules())
def test_any_rule_written_as_an_expression_reads_back_as_the_same_rule(rule):
    expression = rule_expression(rule)
    assert parse(expression)  # the evaluator reads what the builder writes
    assert read_rule(expression) == rule


@settings(max_examples=200)
@given(limits())
def test_any_limits_written_as_a_constraint_read_back_as_the_same_limits(limits):
    expression = limits_expression(limits)
    assert parse(expression).uses_current_value
    assert read_limits(expression) == limits


expression_parts = st.sampled_from(
    ["${a}", "${b}", ".", "'x'", "''", "3", "-2", "today()", "selected(${a}, 'x')", "string-length(.)",
     "count-selected(.)", "not(", ")", "(", " = ", " != ", " >= ", " <= ", " < ", " > ", " and ", " or ", ", "]
)  # fmt: skip


@settings(max_examples=500)
@given(st.lists(expression_parts, max_size=12).map("".join))
def test_an_expression_is_read_as_a_rule_only_when_the_rule_writes_the_same_expression(text):
    rule = read_rule(text)
    if rule is not None:
        assert parse(rule_expression(rule)).root == parse(text).root
    found = read_limits(text)
    if found is not None:
        assert parse(limits_expression(found)).root == parse(text).root
