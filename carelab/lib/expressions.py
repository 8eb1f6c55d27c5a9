"""XLSForm expressions (`relevant`, `constraint`, `calculation`) parsed and evaluated safely.

The language is the subset of XPath 1.0 that XLSForm and ODK forms use::

    ${age} >= 18 and ${consent} = 'yes'
    selected(${symptoms}, 'pain') or count-selected(${symptoms}) > 3
    string-length(.) <= 500

A hand-written tokeniser and recursive-descent parser turn the text into an immutable,
hashable tree; a small evaluator walks that tree over a mapping of answers. Nothing is
ever passed to Python's ``eval``, ``exec`` or ``compile``, there is no attribute access,
and input length and nesting depth are bounded, so an expression typed by anyone cannot
run code or exhaust the server. Every problem in the text is an :class:`ExpressionError`
naming what is wrong and the 1-based character position where it was found.

Semantics, where XLSForm leaves a choice (the tests document each):

- An unanswered question (missing, ``None``, ``''`` or an empty selection) has the value
  ``''``, so ``${q} = ''`` is true when ``q`` was not answered.
- ``=`` and ``!=`` compare numerically when both sides look like numbers (``'18'`` and
  ``18.0`` are equal), otherwise as text; if either side is a boolean, both are compared
  as booleans (XPath's rule).
- ``<``, ``<=``, ``>``, ``>=`` compare numerically when both sides look like numbers and as
  text when neither does (so ISO dates such as ``today()`` and a date answer order
  correctly); with an unanswered side, or a number against words, they are false, as
  XPath's NaN comparisons are.
- Arithmetic that has no sensible number (division or ``mod`` by zero, words, overflow)
  gives "no value", ``''``, rather than XPath's Infinity or NaN: a condition built on it is
  false and a calculation built on it is blank. ISO dates count as days since 1970-01-01 in
  arithmetic, as in ODK, so ``today() - ${date_of_birth}`` is an age in days.
- ``and`` and ``or`` short-circuit, as do ``if()`` and ``coalesce()``.
- Multiple-choice answers may be a sequence of choice names or one space-separated string
  (as XLSForm stores them); ``selected()`` and ``count-selected()`` accept both, and
  elsewhere a selection reads as its space-separated text.
- Answers that are Python booleans stay booleans; numbers, decimals and dates are read as
  their text, as an XForm stores every answer.

Not supported (each gives a clear error when parsing): paths other than ``.``, ``regex()``
(a pattern typed into a form could take the server down), ``jr:`` and other prefixed
functions, and question names containing a colon.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache
from operator import ge, gt, le, lt

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Call",
    "Current",
    "Expression",
    "ExpressionError",
    "FUNCTIONS",
    "Infix",
    "Literal",
    "Negate",
    "Node",
    "Reference",
    "Value",
    "calculate",
    "is_relevant",
    "parse",
    "satisfies_constraint",
    "to_text",
]

MAX_LENGTH = 2_000
"""The longest expression accepted, in characters."""

MAX_DEPTH = 32
"""How deeply brackets, function calls and minus signs may nest."""

Value = str | float | bool | tuple[str, ...]
"""What an expression evaluates to: text, a finite number, a boolean, or a selection."""


class ExpressionError(ValueError):
    """An expression that cannot be understood, with the 1-based position of the problem."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message, position)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return f"{self.message} (at character {self.position})"


# --- The tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: str | float


@dataclass(frozen=True)
class Reference:
    name: str


@dataclass(frozen=True)
class Current:
    """``.``: the answer being checked by a constraint."""


@dataclass(frozen=True)
class Negate:
    operand: Node


@dataclass(frozen=True)
class Infix:
    """Operands joined by operators of one precedence level, applied left to right.

    A flat chain rather than nested pairs, so a long sum or a long list of ``or``
    alternatives does not make a deep tree.
    """

    operators: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Call:
    function: str
    arguments: tuple[Node, ...]


Node = Literal | Reference | Current | Negate | Infix | Call

# Function name -> (fewest arguments, most arguments or None for any number).
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "boolean": (1, 1),
    "coalesce": (2, 2),
    "concat": (1, None),
    "contains": (2, 2),
    "count-selected": (1, 1),
    "ends-with": (2, 2),
    "false": (0, 0),
    "if": (3, 3),
    "int": (1, 1),
    "not": (1, 1),
    "number": (1, 1),
    "round": (1, 2),
    "selected": (2, 2),
    "starts-with": (2, 2),
    "string": (1, 1),
    "string-length": (1, 1),
    "today": (0, 0),
    "true": (0, 0),
}

# Lowest precedence first. `or`, `and`, `div` and `mod` are words; the rest are symbols.
_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"or"}),
    frozenset({"and"}),
    frozenset({"=", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "div", "mod"}),
)


@dataclass(frozen=True)
class Expression:
    """A parsed expression: the text, its tree, and what it depends on."""

    text: str
    root: Node
    references: frozenset[str]
    """The question names used as ``${name}``."""
    uses_current_value: bool
    """Whether ``.`` appears, as it does in a constraint."""
    uses_today: bool
    """Whether ``today()`` appears, so :meth:`evaluate` needs ``today``."""

    def evaluate(self, answers: Mapping[str, object], current: object = None, today: date | None = None) -> Value:
        """The value of the expression given the answers so far.

        ``current`` is the answer ``.`` stands for; ``today`` is the date ``today()`` gives
        (the caller supplies it so that evaluation is pure). Never raises for any answers.
        """
        if self.uses_today and today is None:
            raise ValueError("This expression uses today(): pass today= to evaluate it.")
        if isinstance(today, datetime):
            today = today.date()
        return _Evaluator(answers, _answer_value(current), today).value(self.root)

    def evaluate_bool(self, answers: Mapping[str, object], current: object = None, today: date | None = None) -> bool:
        """The value as XPath's ``boolean()`` reads it: '' and 0 are false, other text true."""
        return _boolean(self.evaluate(answers, current, today))

    def as_tree(self) -> tuple:
        """The tree as nested tuples of strings and numbers, ready for JSON.

        ``("string", text)``, ``("number", n)``, ``("ref", name)``, ``("current",)``,
        ``("negate", tree)``, ``("infix", (operator, ...), (tree, ...))`` applied left to
        right, and ``("call", name, (tree, ...))``.
        """
        return _tree(self.root)


# --- Public helpers ------------------------------------------------------------------------


def parse(text: str) -> Expression:
    """Parse an XLSForm expression, or raise :class:`ExpressionError` saying where it is wrong."""
    if not isinstance(text, str):
        raise TypeError(f"An expression is text, not {type(text).__name__}.")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"The expression is too long: it has {len(text):,} characters and the most allowed is {MAX_LENGTH:,}.",
            MAX_LENGTH + 1,
        )
    return _parse_cached(text)


def is_relevant(expression: str | None, answers: Mapping[str, object], today: date | None = None) -> bool:
    """Whether a question with this ``relevant`` condition is shown. No condition means shown."""
    if not expression or not expression.strip():
        return True
    return parse(expression).evaluate_bool(answers, today=today)


def satisfies_constraint(
    expression: str | None, answer: object, answers: Mapping[str, object], today: date | None = None
) -> bool:
    """Whether an answer meets a ``constraint``, in which ``.`` is the answer.

    As in ODK, a blank answer is not checked (whether it may be blank is ``required``'s job),
    and no constraint means any answer is fine.
    """
    if not expression or not expression.strip() or _answer_value(answer) in ("", ()):
        return True
    return parse(expression).evaluate_bool(answers, current=answer, today=today)


def calculate(expression: str | None, answers: Mapping[str, object], today: date | None = None) -> str:
    """The result of a ``calculation``, as the text an XForm would store ('' for no value)."""
    if not expression or not expression.strip():
        return _NO_VALUE
    return to_text(parse(expression).evaluate(answers, today=today))


def to_text(value: Value) -> str:
    """XPath's ``string()``: 3.0 is '3', true is 'true', a selection is its names with spaces."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, tuple):
        return " ".join(value)
    return value


# --- Tokeniser -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "string", "ref", "symbol", "word" or "end"
    text: str
    position: int  # 1-based

    def describe(self) -> str:
        if self.kind == "end":
            return "the end of the expression"
        if self.kind == "string":
            return f"the text {self.text}"
        if self.kind == "number":
            return f"the number {self.text}"
        if self.kind == "ref":
            return f"${{{self.text}}}"
        return f"'{self.text}'"


_WHITESPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_SYMBOL = re.compile(r"<=|>=|!=|[=<>+\-*(),.]")
# Words may contain hyphens (count-selected) but a hyphen must be followed by a letter,
# so `5 mod-1` is still `5 mod -1`.
_WORD = re.compile(r"[^\W\d]\w*(?:-[^\W\d]\w*)*")
# XLSForm names: a letter or underscore, then letters, digits, underscores, hyphens, full stops.
_QUESTION_NAME = re.compile(r"[^\W\d][\w.-]*")
_CURLY_QUOTES = "\u2018\u2019\u201c\u201d"


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(text):
        position = index + 1
        if match := _WHITESPACE.match(text, index):
            index = match.end()
            continue
        if text.startswith("${", index):
            close = text.find("}", index + 2)
            if close == -1:
                raise ExpressionError("The question reference is not closed: a '}' is missing.", position)
            name = text[index + 2 : close]
            if not name.strip():
                raise ExpressionError("A question name is missing between '${' and '}'.", position)
            if not _QUESTION_NAME.fullmatch(name):
                raise ExpressionError(
                    f"'{name}' is not a question name: names start with a letter or '_' and contain only "
                    "letters, digits, '_', '-' and '.'.",
                    position,
                )
            tokens.append(_Token("ref", name, position))
            index = close + 1
            continue
        for kind, pattern in (("number", _NUMBER), ("string", _STRING), ("symbol", _SYMBOL), ("word", _WORD)):
            if match := pattern.match(text, index):
                tokens.append(_Token(kind, match.group(), position))
                index = match.end()
                break
        else:
            character = text[index]
            if character in "'\"":
                raise ExpressionError(f"This text is not closed: a {character} is missing at its end.", position)
            if character in _CURLY_QUOTES:
                raise ExpressionError("Curly quotation marks are not understood: use straight ones, ' or \".", position)
            raise ExpressionError(f"'{character}' is not understood here.", position)
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


# --- Parser --------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenise(text)
        self.index = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at_operator(self, operators: frozenset[str]) -> bool:
        return self.token.kind in ("symbol", "word") and self.token.text in operators

    def parse(self) -> Node:
        if self.token.kind == "end":
            raise ExpressionError("The expression is empty.", 1)
        node = self.expression(depth=1)
        if self.token.kind != "end":
            raise ExpressionError(
                f"Unexpected {self.token.describe()}: is an operator missing before it?", self.token.position
            )
        return node

    def expression(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"The expression is nested too deeply: at most {MAX_DEPTH} levels are allowed.", self.token.position
            )
        return self.infix(0, depth)

    def infix(self, level: int, depth: int) -> Node:
        if level == len(_LEVELS):
            return self.unary(depth)
        operators: list[str] = []
        operands = [self.infix(level + 1, depth)]
        while self.at_operator(_LEVELS[level]):
            operators.append(self.advance().text)
            operands.append(self.infix(level + 1, depth))
        if not operators:
            return operands[0]
        return Infix(tuple(operators), tuple(operands))

    def unary(self, depth: int) -> Node:
        minus_signs = []
        while self.token.kind == "symbol" and self.token.text == "-":
            depth += 1
            if depth > MAX_DEPTH:
                raise ExpressionError(
                    f"The expression is nested too deeply: at most {MAX_DEPTH} levels are allowed.",
                    self.token.position,
                )
            minus_signs.append(self.advance())
        node = self.primary(depth)
        for _ in minus_signs:
            node = Negate(node)
        return node

    def primary(self, depth: int) -> Node:
        token = self.token
        if token.kind == "number":
            self.advance()
            number = float(token.text)
            if not math.isfinite(number):
                raise ExpressionError("This number is too large.", token.position)
            return Literal(number)
        if token.kind == "string":
            self.advance()
            return Literal(token.text[1:-1])
        if token.kind == "ref":
            self.advance()
            return Reference(token.text)
        if token.kind == "symbol" and token.text == ".":
            self.advance()
            return Current()
        if token.kind == "symbol" and token.text == "(":
            self.advance()
            node = self.expression(depth + 1)
            self.expect_closing_bracket(token)
            return node
        if token.kind == "word":
            return self.call(depth)
        if token.kind == "end":
            raise ExpressionError("The expression is incomplete: a value is missing at the end.", token.position)
        raise ExpressionError(f"Unexpected {token.describe()}: a value was expected here.", token.position)

    def call(self, depth: int) -> Node:
        name_token = self.advance()
        name = name_token.text
        if not (self.token.kind == "symbol" and self.token.text == "("):
            if name in ("and", "or", "div", "mod"):
                raise ExpressionError(f"'{name}' needs a value before it.", name_token.position)
            if name in FUNCTIONS:
                raise ExpressionError(f"'{name}' is a function: write {name}(…).", name_token.position)
            raise ExpressionError(
                f"The word '{name}' is not understood: to use the answer to a question, write ${{{name}}}; "
                f"for text, put it in quotation marks, '{name}'.",
                name_token.position,
            )
        if name not in FUNCTIONS:
            raise ExpressionError(f"There is no function called '{name}()'.", name_token.position)
        opening = self.advance()
        arguments: list[Node] = []
        if not (self.token.kind == "symbol" and self.token.text == ")"):
            arguments.append(self.expression(depth + 1))
            while self.token.kind == "symbol" and self.token.text == ",":
                self.advance()
                arguments.append(self.expression(depth + 1))
        self.expect_closing_bracket(opening, f" after the arguments of {name}()")
        fewest, most = FUNCTIONS[name]
        if len(arguments) < fewest or (most is not None and len(arguments) > most):
            raise ExpressionError(
                f"{name}() needs {_count_words(fewest, most)}, but has {len(arguments)}.", name_token.position
            )
        return Call(name, tuple(arguments))

    def expect_closing_bracket(self, opening: _Token, where: str = "") -> None:
        if self.token.kind == "symbol" and self.token.text == ")":
            self.advance()
            return
        if self.token.kind == "end":
            raise ExpressionError(
                f"A closing bracket ')' is missing for the '(' at character {opening.position}.", self.token.position
            )
        raise ExpressionError(f"Expected ')'{where}, found {self.token.describe()}.", self.token.position)


def _count_words(fewest: int, most: int | None) -> str:
    def arguments(n: int) -> str:
        return f"{n} argument" if n == 1 else f"{n} arguments"

    if most is None:
        return f"at least {arguments(fewest)}"
    if fewest == most:
        return "no arguments" if fewest == 0 else f"exactly {arguments(fewest)}"
    return f"{fewest} or {arguments(most)}"


@lru_cache(maxsize=2048)
def _parse_cached(text: str) -> Expression:
    root = _Parser(text).parse()
    references: set[str] = set()
    functions: set[str] = set()
    uses_current = False
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        match node:
            case Reference(name):
                references.add(name)
            case Current():
                uses_current = True
            case Negate(operand):
                stack.append(operand)
            case Infix(_, operands):
                stack.extend(operands)
            case Call(function, arguments):
                functions.add(function)
                stack.extend(arguments)
    return Expression(text, root, frozenset(references), uses_current, "today" in functions)


def _tree(node: Node) -> tuple:
    match node:
        case Literal(str() as text):
            return ("string", text)
        case Literal(number):
            return ("number", number)
        case Reference(name):
            return ("ref", name)
        case Current():
            return ("current",)
        case Negate(operand):
            return ("negate", _tree(operand))
        case Infix(operators, operands):
            return ("infix", operators, tuple(_tree(operand) for operand in operands))
        case Call(function, arguments):
            return ("call", function, tuple(_tree(argument) for argument in arguments))
    raise TypeError(f"Not an expression node: {node!r}")


# --- Values --------------------------------------------------------------------------------

_NUMERIC_TEXT = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")
_ISO_DATE = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*")
_EPOCH = date(1970, 1, 1)
_NO_VALUE = ""


def _number_text(number: float) -> str:
    if not math.isfinite(number):
        return _NO_VALUE
    if number.is_integer():
        return str(int(number))
    return format(Decimal(repr(number)), "f")  # never '1e-07'


def _answer_value(raw: object) -> Value:
    """An answer as the evaluator sees it: text, a boolean, or a selection of choice names."""
    if raw is None:
        return _NO_VALUE
    if isinstance(raw, bool | str):
        return raw
    if isinstance(raw, int) and abs(raw) < 10**15:
        return str(raw)
    if isinstance(raw, int | float | Decimal):
        try:
            return _number_text(float(raw))
        except (OverflowError, ValueError):
            return _NO_VALUE
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, list | tuple):
        return tuple(text for item in raw if (text := to_text(_answer_value(item))))
    if isinstance(raw, set | frozenset):
        return tuple(sorted(text for item in raw if (text := to_text(_answer_value(item)))))
    return str(raw)


def _boolean(value: Value) -> bool:
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    return bool(value)


def _number(value: Value) -> float:
    """XPath's ``number()``, plus ISO dates as days since 1970. NaN when there is none."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    text = to_text(value)
    if _NUMERIC_TEXT.fullmatch(text):
        return float(text)
    if match := _ISO_DATE.fullmatch(text):
        try:
            return float((date(*map(int, match.groups())) - _EPOCH).days)
        except ValueError:
            return math.nan
    return math.nan


def _numeric(value: Value) -> float | None:
    """The number a value stands for, if it looks like one (dates do not, here)."""
    if isinstance(value, float):
        return value
    text = to_text(value)
    if _NUMERIC_TEXT.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else None
    return None


def _finite_or_no_value(number: float) -> Value:
    return number if math.isfinite(number) else _NO_VALUE


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return _boolean(left) == _boolean(right)
    left_number, right_number = _numeric(left), _numeric(right)
    if left_number is not None and right_number is not None:
        return left_number == right_number
    return to_text(left) == to_text(right)


_ORDERINGS = {"<": lt, "<=": le, ">": gt, ">=": ge}


def _compare(comparison: str, left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        left_key: float | str = _number(left)
        right_key: float | str = _number(right)
    else:
        left_number, right_number = _numeric(left), _numeric(right)
        left_text, right_text = to_text(left), to_text(right)
        if left_number is not None and right_number is not None:
            left_key, right_key = left_number, right_number
        elif left_number is None and right_number is None and left_text and right_text:
            left_key, right_key = left_text, right_text
        else:
            return False  # unanswered, or a number against words: XPath's NaN is never ordered
    return _ORDERINGS[comparison](left_key, right_key)


def _arithmetic(operator: str, left: Value, right: Value) -> Value:
    a, b = _number(left), _number(right)
    if math.isnan(a) or math.isnan(b):
        return _NO_VALUE
    match operator:
        case "+":
            result = a + b
        case "-":
            result = a - b
        case "*":
            result = a * b
        case "div":
            if b == 0:
                return _NO_VALUE
            result = a / b
        case _:  # mod: the sign follows the dividend, as in XPath
            if b == 0:
                return _NO_VALUE
            result = math.fmod(a, b)
    return _finite_or_no_value(result)


def _selection(value: Value) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    return tuple(to_text(value).split())


def _round(number: float, digits: float) -> Value:
    if math.isnan(number) or math.isnan(digits):
        return _NO_VALUE
    places = max(-20, min(20, int(digits)))
    try:
        rounded = Decimal(repr(number)).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=Context(prec=400)
        )
    except InvalidOperation:
        return number
    return _finite_or_no_value(float(rounded))


class _Evaluator:
    def __init__(self, answers: Mapping[str, object], current: Value, today: date | None) -> None:
        self.answers = answers
        self.current = current
        self.today = today

    def value(self, node: Node) -> Value:
        match node:
            case Literal(value):
                return value
            case Reference(name):
                return _answer_value(self.answers.get(name))
            case Current():
                return self.current
            case Negate(operand):
                return _finite_or_no_value(-_number(self.value(operand)))
            case Infix(operators, operands):
                return self.infix(operators, operands)
            case Call(function, arguments):
                return self.call(function, arguments)
        raise TypeError(f"Not an expression node: {node!r}")

    def infix(self, operators: tuple[str, ...], operands: tuple[Node, ...]) -> Value:
        # One precedence level per chain, so an `and` chain holds only `and`s.
        if operators[0] == "and":
            return all(_boolean(self.value(operand)) for operand in operands)
        if operators[0] == "or":
            return any(_boolean(self.value(operand)) for operand in operands)
        result = self.value(operands[0])
        for operator, operand in zip(operators, operands[1:], strict=True):
            right = self.value(operand)
            if operator == "=":
                result = _equal(result, right)
            elif operator == "!=":
                result = not _equal(result, right)
            elif operator in ("<", "<=", ">", ">="):
                result = _compare(operator, result, right)
            else:
                result = _arithmetic(operator, result, right)
        return result

    def call(self, function: str, arguments: tuple[Node, ...]) -> Value:
        # Lazy functions first: only the branch needed is evaluated.
        if function == "if":
            condition, when_true, when_false = arguments
            return self.value(when_true if _boolean(self.value(condition)) else when_false)
        if function == "coalesce":
            first = self.value(arguments[0])
            return first if to_text(first) else self.value(arguments[1])
        values = [self.value(argument) for argument in arguments]
        match function:
            case "not":
                return not _boolean(values[0])
            case "boolean":
                return _boolean(values[0])
            case "true":
                return True
            case "false":
                return False
            case "selected":
                return to_text(values[1]).strip() in _selection(values[0])
            case "count-selected":
                return float(len(_selection(values[0])))
            case "string-length":
                return float(len(to_text(values[0])))
            case "string":
                return to_text(values[0])
            case "number":
                return _finite_or_no_value(_number(values[0]))
            case "int":
                number = _number(values[0])
                return float(math.trunc(number)) if math.isfinite(number) else _NO_VALUE
            case "round":
                return _round(_number(values[0]), _number(values[1]) if len(values) > 1 else 0.0)
            case "concat":
                return "".join(to_text(value) for value in values)
            case "contains":
                return to_text(values[1]) in to_text(values[0])
            case "starts-with":
                return to_text(values[0]).startswith(to_text(values[1]))
            case "ends-with":
                return to_text(values[0]).endswith(to_text(values[1]))
            case "today":
                return self.today.isoformat() if self.today else _NO_VALUE
        raise TypeError(f"No evaluator for {function}()")


# --- Choice filters (XLSForm's choice_filter: cascading selects) ----------------------------------

CHOICE_COLUMN_PREFIX = "carelab-choice."
"""How a choice's own column is named inside a parsed choice filter: ``country`` becomes
``${carelab-choice.country}``. No XLSForm question can be called this: pyxform's names have no
hyphen before a full stop in practice, and CareLab's importer checks every reference."""

_FILTER_PIECE = re.compile(
    r"""(?P<string>'[^']*'|"[^"]*")|(?P<ref>\$\{[^}]*\})|(?P<number>[0-9]+(?:\.[0-9]*)?)"""
    r"""|(?P<word>[^\W\d]\w*(?:-[^\W\d]\w*)*)(?P<call>\s*\()?|(?P<other>.)""",
    re.DOTALL,
)
_OPERATOR_WORDS = frozenset({"and", "or", "div", "mod"})


@dataclass(frozen=True)
class ChoiceFilter:
    """A parsed ``choice_filter``: which choices of a list are offered, given the answers so far.

    In XLSForm a bare word in a choice filter is a column of the choices sheet (``name``,
    ``label`` or an extra column such as ``country``), and ``${name}`` is an answer, as usual::

        country = ${country}
        selected(${regions}, region) and name != 'none'
    """

    expression: Expression
    columns: frozenset[str]
    """The choices sheet's columns the filter uses."""

    @property
    def references(self) -> frozenset[str]:
        """The answers the filter uses."""
        return frozenset(name for name in self.expression.references if not name.startswith(CHOICE_COLUMN_PREFIX))

    def keeps(self, choice_values: Mapping[str, str], answers: Mapping[str, object], today: date | None = None) -> bool:
        """Whether a choice with these column values (name, label, extra columns) is offered."""
        values = dict(answers)
        values.update({CHOICE_COLUMN_PREFIX + column: choice_values.get(column, "") for column in self.columns})
        return self.expression.evaluate_bool(values, today=today)


def parse_choice_filter(text: str, columns: frozenset[str] | set[str]) -> ChoiceFilter:
    """Parse a ``choice_filter`` whose bare words are the choices sheet's ``columns``.

    Raises :class:`ExpressionError` for a word that is not a column, or anything `parse` refuses.
    """
    if not isinstance(text, str):
        raise TypeError(f"A choice filter is text, not {type(text).__name__}.")
    if len(text) > MAX_LENGTH:
        parse(text)  # raises the usual "too long" error
    pieces: list[str] = []
    used: set[str] = set()
    for match in _FILTER_PIECE.finditer(text):
        word = match["word"]
        if word is None or match["call"] is not None or word in _OPERATOR_WORDS:
            pieces.append(match.group())
            continue
        if word not in columns:
            known = ", ".join(sorted(columns))
            raise ExpressionError(
                f"The word '{word}' is not a column of this choice list (it has {known}); to use the answer "
                f"to a question, write ${{{word}}}",
                match.start() + 1,
            )
        used.add(word)
        pieces.append(f"${{{CHOICE_COLUMN_PREFIX}{word}}}")
    return ChoiceFilter(parse("".join(pieces)), frozenset(used))
