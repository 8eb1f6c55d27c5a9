"""Conditions and validations made without writing expressions, and read back from them.

The survey builder lets the lab team say "show this question when *pain_years* is at least 3"
or "the answer must be from 0 to 90" by choosing from lists. This module turns such a choice
into the XLSForm expression CareLab stores (and `carelab.lib.expressions` evaluates), and reads
an expression back into the choice when it has exactly that shape, so editing a question shows
its rule in the simple form again::

    >>> rule_expression(Rule("pain_years", Comparison.AT_LEAST, (3.0,)))
    '${pain_years} >= 3'
    >>> read_rule("${pain_years} >= 3")
    Rule(question='pain_years', comparison=<Comparison.AT_LEAST: 'at_least'>, values=(3.0,))

Both ways are exact: ``read_rule(rule_expression(rule)) == rule`` for every rule, and when
``read_rule(text)`` gives a rule, ``rule_expression`` of it parses to the same tree as ``text``
(only spacing and brackets may differ). Anything else, say a condition written by hand with
``or`` between two questions, reads as None: the builder then shows the expression as written,
and nothing is ever rewritten or lost. The same holds for `Limits` (a validation) with
`limits_expression` and `read_limits`.

Values are text (a choice's name, an ISO date such as '2024-01-31'), numbers (floats, written
without quotation marks) or `TODAY` (``today()``). A rule on several choices reads as XLSForm
people write it: "is any of" is ``${q} = 'a' or ${q} = 'b'``, "is none of" is
``${q} != 'a' and ${q} != 'b'``, "includes any of" is ``selected(${q}, 'a') or selected(${q}, 'b')``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from carelab.lib.expressions import (
    Call,
    Current,
    ExpressionError,
    Infix,
    Literal,
    Negate,
    Node,
    Reference,
    parse,
)

__all__ = [
    "TODAY",
    "Comparison",
    "Limits",
    "Measure",
    "Rule",
    "Today",
    "limits_expression",
    "read_limits",
    "read_rule",
    "rule_expression",
]


@dataclass(frozen=True)
class Today:
    """The date the answer is given, ``today()``."""

    def __repr__(self) -> str:
        return "TODAY"


TODAY = Today()

RuleValue = str | float | Today


class Comparison(StrEnum):
    IS = "is"
    """Equal to the value; with several values, equal to any of them."""
    IS_NOT = "is_not"
    """Not equal to the value; with several values, equal to none of them."""
    INCLUDES = "includes"
    """A multiple-choice answer includes the choice; with several, any of them."""
    INCLUDES_ALL = "includes_all"
    """A multiple-choice answer includes every one of two or more choices."""
    EXCLUDES = "excludes"
    """A multiple-choice answer includes none of the choices."""
    LESS = "less"
    AT_MOST = "at_most"
    MORE = "more"
    AT_LEAST = "at_least"
    BETWEEN = "between"
    """From the first value to the second, both included."""
    ANSWERED = "answered"
    NOT_ANSWERED = "not_answered"


_ORDERINGS = {Comparison.LESS: "<", Comparison.AT_MOST: "<=", Comparison.MORE: ">", Comparison.AT_LEAST: ">="}
_ORDERING_COMPARISONS = {operator: comparison for comparison, operator in _ORDERINGS.items()}
# As expressions.py reads ${name}: a letter or underscore, then letters, digits, '_', '-' and '.'.
_QUESTION_NAME = re.compile(r"[^\W\d][\w.-]*")
_SEVERAL_VALUES = {Comparison.IS, Comparison.IS_NOT, Comparison.INCLUDES, Comparison.EXCLUDES}


@dataclass(frozen=True)
class Rule:
    """One question compared with one or more values: a condition without the expression."""

    question: str
    comparison: Comparison
    values: tuple[RuleValue, ...] = ()

    def __post_init__(self) -> None:
        if not _QUESTION_NAME.fullmatch(self.question):
            raise ValueError(f"'{self.question}' is not a question name.")
        comparison, count = self.comparison, len(self.values)
        if comparison in (Comparison.ANSWERED, Comparison.NOT_ANSWERED):
            wanted = count == 0
        elif comparison is Comparison.BETWEEN:
            wanted = count == 2
        elif comparison is Comparison.INCLUDES_ALL:
            wanted = count >= 2
        elif comparison in _SEVERAL_VALUES:
            wanted = count >= 1
        else:
            wanted = count == 1
        if not wanted:
            raise ValueError(f"'{comparison}' cannot take {count} values.")
        if comparison in (Comparison.INCLUDES, Comparison.INCLUDES_ALL, Comparison.EXCLUDES) and not all(
            isinstance(value, str) for value in self.values
        ):
            raise ValueError("A multiple-choice answer is compared with the names of choices.")
        for value in self.values:
            _check_value(value)


class Measure(StrEnum):
    ANSWER = "answer"
    """The answer itself: a number or a date."""
    LENGTH = "length"
    """How many characters a text answer has."""
    COUNT = "count"
    """How many choices a multiple-choice answer has."""


@dataclass(frozen=True)
class Limits:
    """A validation: the lowest and highest allowed, either of which may be None (no limit)."""

    measure: Measure
    minimum: RuleValue | None = None
    maximum: RuleValue | None = None

    def __post_init__(self) -> None:
        if self.minimum is None and self.maximum is None:
            raise ValueError("A validation needs a lowest or a highest value.")
        for value in (self.minimum, self.maximum):
            if value is None:
                continue
            _check_value(value)
            if self.measure is not Measure.ANSWER and not (isinstance(value, float) and value.is_integer()):
                raise ValueError("A length or a count is a whole number.")


def _check_value(value: RuleValue) -> None:
    if isinstance(value, Today):
        return
    if isinstance(value, bool) or not isinstance(value, str | float):
        raise ValueError(f"A value is text or a number, not {value!r}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("A number must be finite.")
    if isinstance(value, str) and (not value or ("'" in value and '"' in value)):
        raise ValueError("Text must not be empty or hold both kinds of quotation mark.")


# -- Writing ---------------------------------------------------------------------------------------


def value_text(value: RuleValue) -> str:
    """A value as it is written in an expression: 'text', 3, 2.5 or today()."""
    if isinstance(value, Today):
        return "today()"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")  # never '1e-07', which expressions cannot read
    return f'"{value}"' if "'" in value else f"'{value}'"


def rule_expression(rule: Rule) -> str:
    """The XLSForm expression that says ``rule``."""
    subject = f"${{{rule.question}}}"
    values = [value_text(value) for value in rule.values]
    match rule.comparison:
        case Comparison.ANSWERED:
            return f"{subject} != ''"
        case Comparison.NOT_ANSWERED:
            return f"{subject} = ''"
        case Comparison.IS:
            return " or ".join(f"{subject} = {value}" for value in values)
        case Comparison.IS_NOT:
            return " and ".join(f"{subject} != {value}" for value in values)
        case Comparison.INCLUDES:
            return " or ".join(f"selected({subject}, {value})" for value in values)
        case Comparison.INCLUDES_ALL:
            return " and ".join(f"selected({subject}, {value})" for value in values)
        case Comparison.EXCLUDES:
            return " and ".join(f"not(selected({subject}, {value}))" for value in values)
        case Comparison.BETWEEN:
            return f"{subject} >= {values[0]} and {subject} <= {values[1]}"
    return f"{subject} {_ORDERINGS[rule.comparison]} {values[0]}"


def limits_expression(limits: Limits) -> str:
    """The XLSForm constraint that says ``limits``: ``.`` is the answer being checked."""
    subject = {Measure.ANSWER: ".", Measure.LENGTH: "string-length(.)", Measure.COUNT: "count-selected(.)"}[
        limits.measure
    ]
    parts = []
    if limits.minimum is not None:
        parts.append(f"{subject} >= {value_text(limits.minimum)}")
    if limits.maximum is not None:
        parts.append(f"{subject} <= {value_text(limits.maximum)}")
    return " and ".join(parts)


# -- Reading ---------------------------------------------------------------------------------------


def _tree(text: str) -> Node | None:
    if not text or not text.strip():
        return None
    try:
        return parse(text).root
    except ExpressionError:
        return None


def _value(node: Node) -> RuleValue | None:
    match node:
        case Literal(str() as text) if text and not ("'" in text and '"' in text):
            return text
        case Literal(float() as number):
            return number
        case Negate(Literal(float() as number)) if number != 0:
            return -number
        case Call("today", ()):
            return TODAY
    return None


def _comparison(node: Node) -> tuple[str, str, Node] | None:
    """``${name} <operator> value`` as (name, operator, value node)."""
    match node:
        case Infix((operator,), (Reference(name), value)):
            return name, operator, value
    return None


def _selected(node: Node) -> tuple[str, RuleValue | None] | None:
    match node:
        case Call("selected", (Reference(name), value)):
            return name, _value(value)
    return None


def _not_selected(node: Node) -> tuple[str, RuleValue | None] | None:
    match node:
        case Call("not", (inner,)):
            return _selected(inner)
    return None


def _same_question(pairs: list[tuple[str, RuleValue | None] | None]) -> tuple[str, tuple[RuleValue, ...]] | None:
    if not pairs or any(pair is None or pair[1] is None for pair in pairs):
        return None
    names = {pair[0] for pair in pairs}  # type: ignore[index]
    if len(names) != 1:
        return None
    return names.pop(), tuple(pair[1] for pair in pairs)  # type: ignore[index,misc]


def _chain(node: Node, joiner: str) -> list[Node]:
    match node:
        case Infix(operators, operands) if set(operators) == {joiner}:
            return list(operands)
    return [node]


def _equalities(nodes: list[Node], operator: str) -> tuple[str, tuple[RuleValue, ...]] | None:
    pairs: list[tuple[str, RuleValue | None] | None] = []
    for node in nodes:
        found = _comparison(node)
        pairs.append((found[0], _value(found[2])) if found and found[1] == operator else None)
    return _same_question(pairs)


def _read_rule(root: Node) -> Rule | None:
    found = _comparison(root)
    if found is not None:
        name, operator, value_node = found
        if value_node == Literal(""):
            if operator == "=":
                return Rule(name, Comparison.NOT_ANSWERED)
            if operator == "!=":
                return Rule(name, Comparison.ANSWERED)
            return None
        value = _value(value_node)
        if value is None:
            return None
        if operator in _ORDERING_COMPARISONS:
            return Rule(name, _ORDERING_COMPARISONS[operator], (value,))
        return Rule(name, Comparison.IS if operator == "=" else Comparison.IS_NOT, (value,))
    if (selection := _selected(root)) is not None:
        same = _same_question([selection])
        return Rule(same[0], Comparison.INCLUDES, same[1]) if same else None
    if (selection := _not_selected(root)) is not None:
        same = _same_question([selection])
        return Rule(same[0], Comparison.EXCLUDES, same[1]) if same else None
    either, both = _chain(root, "or"), _chain(root, "and")
    if len(either) > 1:
        if same := _equalities(either, "="):
            return Rule(same[0], Comparison.IS, same[1])
        if same := _same_question([_selected(node) for node in either]):
            return Rule(same[0], Comparison.INCLUDES, same[1])
        return None
    if len(both) > 1:
        if same := _equalities(both, "!="):
            return Rule(same[0], Comparison.IS_NOT, same[1])
        if same := _same_question([_selected(node) for node in both]):
            return Rule(same[0], Comparison.INCLUDES_ALL, same[1])
        if same := _same_question([_not_selected(node) for node in both]):
            return Rule(same[0], Comparison.EXCLUDES, same[1])
        if len(both) == 2:
            low, high = _comparison(both[0]), _comparison(both[1])
            if low and high and low[0] == high[0] and (low[1], high[1]) == (">=", "<="):
                bounds = (_value(low[2]), _value(high[2]))
                if None not in bounds:
                    return Rule(low[0], Comparison.BETWEEN, bounds)  # type: ignore[arg-type]
    return None


def read_rule(text: str) -> Rule | None:
    """The rule ``text`` says, or None when it is empty or not exactly the shape a rule is written in."""
    root = _tree(text)
    if root is None:
        return None
    try:
        rule = _read_rule(root)
    except ValueError:  # a shape a Rule refuses, such as selected() with a number
        return None
    # Belt and braces: a rule is only ever read back when writing it gives the same expression.
    if rule is None or _tree(rule_expression(rule)) != root:
        return None
    return rule


def _limit(node: Node, operator: str) -> tuple[Measure, RuleValue | None] | None:
    match node:
        case Infix((found,), (subject, value)) if found == operator:
            match subject:
                case Current():
                    return Measure.ANSWER, _value(value)
                case Call("string-length", (Current(),)):
                    return Measure.LENGTH, _value(value)
                case Call("count-selected", (Current(),)):
                    return Measure.COUNT, _value(value)
    return None


def read_limits(text: str) -> Limits | None:
    """The limits a constraint says, or None when it is empty or not exactly in their shape."""
    root = _tree(text)
    if root is None:
        return None
    parts = _chain(root, "and")
    limits: Limits | None = None
    try:
        if len(parts) == 1:
            if (low := _limit(parts[0], ">=")) and low[1] is not None:
                limits = Limits(low[0], minimum=low[1])
            elif (high := _limit(parts[0], "<=")) and high[1] is not None:
                limits = Limits(high[0], maximum=high[1])
        elif len(parts) == 2:
            low, high = _limit(parts[0], ">="), _limit(parts[1], "<=")
            if low and high and low[0] == high[0] and low[1] is not None and high[1] is not None:
                limits = Limits(low[0], minimum=low[1], maximum=high[1])
    except ValueError:  # a length or count that is not a whole number
        return None
    if limits is None or _tree(limits_expression(limits)) != root:
        return None
    return limits
