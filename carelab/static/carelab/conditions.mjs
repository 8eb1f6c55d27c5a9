/**
 * Live conditions on a survey page: questions whose condition (XLSForm `relevant`) is false are hidden
 * as the person answers, and shown again when it becomes true.
 *
 * This is a convenience only. Without it every question on the page is shown, and the server settles
 * everything when the page is saved (carelab/surveys/runtime.py): it keeps answers only to
 * questions whose condition holds. So this script never decides anything the server does not:
 *
 * - It evaluates the trees that carelab/lib/expressions.py parsed (`Expression.as_tree()`), with the
 *   same semantics as that module's evaluator; the parity tests in
 *   carelab/surveys/tests/test_conditions_live_browser.py compare the two case by case.
 * - Anything it does not understand (a function or node it does not know, a calculation on this page,
 *   a reference to a question later on this page, a case where Python raises) leaves the question shown.
 * - Inputs of a hidden question are disabled, so they are not sent, cannot fail validation, and cannot
 *   make the server show a question that this page hides.
 *
 * The server writes what the script needs into data attributes (escaped by Jinja), read as JSON:
 * `data-carelab-conditions` on the form ({today, saved, page, calculated}) and
 * `data-carelab-question` on each question's form group ({answers: {name: reading}, relevant: tree}).
 *
 * No eval and no new Function: the Content-Security-Policy forbids them, and a tree needs neither.
 */

/** Thrown for anything the evaluator does not understand; the question is then left shown. */
export class NotUnderstood extends Error {}

// Python's whitespace (str.isspace, and \s in its regular expressions), which differs a little from
// JavaScript's: it includes U+001C to U+001F and U+0085, and not U+FEFF.
const SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const NUMERIC_TEXT = new RegExp(`^[${SPACE}]*(-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))[${SPACE}]*$`);
const ISO_DATE = new RegExp(`^[${SPACE}]*([0-9]{4})-([0-9]{2})-([0-9]{2})[${SPACE}]*$`);
const SPACE_RUN = new RegExp(`[${SPACE}]+`);
const EDGE_SPACE = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");
const NO_VALUE = "";
const DAY = 86_400_000;

// -- Values --------------------------------------------------------------------------------------
// A value is text (string), a finite number, a boolean, or a selection (an array of choice names).

/** Python's str.strip(). */
export function strip(text) {
  return text.replace(EDGE_SPACE, "");
}

/** A number as text: 3 is "3", never "3.0" and never in exponent form (Python's _number_text). */
export function numberText(number) {
  if (!Number.isFinite(number)) return NO_VALUE;
  if (Number.isInteger(number)) return BigInt(number).toString();
  // Both languages give the shortest digits that read back as the same number; Python then writes
  // them without an exponent, so 1.5e-7 is "0.00000015".
  const { negative, digits, exponent } = decimalParts(number);
  const sign = negative ? "-" : "";
  const point = digits.length + exponent;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The shortest decimal digits of a finite number: (-1)^negative × digits × 10^exponent. */
function decimalParts(number) {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(number)));
  const fraction = match[2] || "";
  return {
    negative: number < 0 || Object.is(number, -0),
    digits: (match[1] + fraction).replace(/^0+(?=\d)/, ""),
    exponent: Number(match[3] || 0) - fraction.length,
  };
}

/** An answer as stored (JSON) as the evaluator sees it (Python's _answer_value). */
export function answerValue(raw) {
  if (raw === null || raw === undefined) return NO_VALUE;
  if (typeof raw === "string" || typeof raw === "boolean") return raw;
  // Python keeps whole numbers below 10^15 as their digits and reads others as floats; for numbers
  // that came through JSON both give the same text.
  if (typeof raw === "number") return numberText(raw);
  if (Array.isArray(raw)) return raw.map((item) => toText(answerValue(item))).filter((text) => text !== "");
  throw new NotUnderstood(`an answer of type ${typeof raw}`);
}

/** XPath's string(): 3 is "3", true is "true", a selection is its names with spaces between. */
export function toText(value) {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberText(value);
  if (Array.isArray(value)) return value.join(" ");
  return value;
}

/** XPath's boolean(): "" and 0 are false, other text is true, an empty selection is false. */
export function toBoolean(value) {
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "boolean") return value;
  return value.length > 0;
}

/** XPath's number(), plus ISO dates as days since 1970-01-01 (as ODK does); NaN when there is none. */
function toNumber(value) {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  const text = toText(value);
  let match = NUMERIC_TEXT.exec(text);
  if (match) return Number(match[1]);
  match = ISO_DATE.exec(text);
  if (match) return daysSince1970(Number(match[1]), Number(match[2]), Number(match[3]));
  return NaN;
}

function daysSince1970(year, month, day) {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays[month - 1]) return NaN;
  const when = new Date(0);
  when.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0 to 99 as 1900 to 1999
  return when.getTime() / DAY;
}

/** The number a value stands for if it looks like one (dates do not, here); null otherwise. */
function numeric(value) {
  if (typeof value === "number") return value;
  const match = NUMERIC_TEXT.exec(toText(value));
  if (!match) return null;
  const number = Number(match[1]);
  return Number.isFinite(number) ? number : null;
}

function finiteOrNoValue(number) {
  return Number.isFinite(number) ? number : NO_VALUE;
}

function equal(left, right) {
  if (typeof left === "boolean" || typeof right === "boolean") return toBoolean(left) === toBoolean(right);
  const leftNumber = numeric(left);
  const rightNumber = numeric(right);
  if (leftNumber !== null && rightNumber !== null) return leftNumber === rightNumber;
  return toText(left) === toText(right);
}

/** Python orders text by code point; JavaScript's < orders by UTF-16 unit, which differs above U+FFFF. */
function codePointOrder(left, right) {
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const a = left.codePointAt(i);
    const b = right.codePointAt(j);
    if (a !== b) return a < b ? -1 : 1;
    i += a > 0xffff ? 2 : 1;
    j += b > 0xffff ? 2 : 1;
  }
  return (i < left.length ? 1 : 0) - (j < right.length ? 1 : 0);
}

const ORDERINGS = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

function compare(operator, left, right) {
  const ordered = ORDERINGS[operator];
  if (typeof left === "boolean" || typeof right === "boolean") return ordered(toNumber(left), toNumber(right));
  const leftNumber = numeric(left);
  const rightNumber = numeric(right);
  if (leftNumber !== null && rightNumber !== null) return ordered(leftNumber, rightNumber);
  const leftText = toText(left);
  const rightText = toText(right);
  if (leftNumber === null && rightNumber === null && leftText && rightText) {
    return ordered(codePointOrder(leftText, rightText), 0);
  }
  return false; // unanswered, or a number against words: XPath's NaN is never ordered
}

function arithmetic(operator, left, right) {
  const a = toNumber(left);
  const b = toNumber(right);
  if (Number.isNaN(a) || Number.isNaN(b)) return NO_VALUE;
  switch (operator) {
    case "+":
      return finiteOrNoValue(a + b);
    case "-":
      return finiteOrNoValue(a - b);
    case "*":
      return finiteOrNoValue(a * b);
    case "div":
      return b === 0 ? NO_VALUE : finiteOrNoValue(a / b);
    case "mod":
      if (b === 0) return NO_VALUE;
      // Python's math.fmod raises for an infinite dividend, and the server then shows the question.
      if (!Number.isFinite(a)) throw new NotUnderstood("mod of an infinite number");
      return finiteOrNoValue(a % b); // the sign follows the dividend, as fmod's does
    default:
      throw new NotUnderstood(`the operator ${operator}`);
  }
}

function selection(value) {
  if (Array.isArray(value)) return value;
  return toText(value)
    .split(SPACE_RUN)
    .filter((name) => name !== "");
}

/** round(): half away from zero, on the number's shortest decimal digits (so 2.675 rounds to 2.68). */
function round(number, digits) {
  if (Number.isNaN(number) || Number.isNaN(digits)) return NO_VALUE;
  if (!Number.isFinite(digits)) throw new NotUnderstood("round() to an infinite number of places");
  const places = Math.max(-20, Math.min(20, Math.trunc(digits)));
  if (!Number.isFinite(number)) return number; // Python's Decimal refuses, and the number is kept
  const { negative, digits: text, exponent } = decimalParts(number);
  const target = -places;
  if (exponent >= target) return finiteOrNoValue(number);
  const scale = 10n ** BigInt(target - exponent);
  const coefficient = BigInt(text);
  let rounded = coefficient / scale;
  if (2n * (coefficient % scale) >= scale) rounded += 1n;
  return finiteOrNoValue(Number(`${negative ? "-" : ""}${rounded}e${target}`));
}

// -- The evaluator -------------------------------------------------------------------------------

const ARITY = {
  boolean: [1, 1],
  coalesce: [2, 2],
  concat: [1, Infinity],
  contains: [2, 2],
  "count-selected": [1, 1],
  "ends-with": [2, 2],
  false: [0, 0],
  if: [3, 3],
  int: [1, 1],
  not: [1, 1],
  number: [1, 1],
  round: [1, 2],
  selected: [2, 2],
  "starts-with": [2, 2],
  string: [1, 1],
  "string-length": [1, 1],
  today: [0, 0],
  true: [0, 0],
};

class Evaluator {
  constructor(lookup, current, today) {
    this.lookup = lookup;
    this.current = current;
    this.today = today;
  }

  value(node) {
    if (!Array.isArray(node)) throw new NotUnderstood("a node that is not a list");
    switch (node[0]) {
      case "string":
        if (typeof node[1] !== "string") throw new NotUnderstood("a string node");
        return node[1];
      case "number":
        if (typeof node[1] !== "number" || !Number.isFinite(node[1])) throw new NotUnderstood("a number node");
        return node[1];
      case "ref":
        return answerValue(this.lookup(String(node[1])));
      case "current":
        return this.current;
      case "negate":
        return finiteOrNoValue(-toNumber(this.value(node[1])));
      case "infix":
        return this.infix(node[1], node[2]);
      case "call":
        return this.call(node[1], node[2]);
      default:
        throw new NotUnderstood(`the node ${node[0]}`);
    }
  }

  infix(operators, operands) {
    if (!Array.isArray(operators) || !Array.isArray(operands) || operands.length !== operators.length + 1) {
      throw new NotUnderstood("an infix node");
    }
    // One precedence level per chain, so an `and` chain holds only `and`s.
    if (operators[0] === "and") return operands.every((operand) => toBoolean(this.value(operand)));
    if (operators[0] === "or") return operands.some((operand) => toBoolean(this.value(operand)));
    let result = this.value(operands[0]);
    operators.forEach((operator, index) => {
      const right = this.value(operands[index + 1]);
      if (operator === "=") result = equal(result, right);
      else if (operator === "!=") result = !equal(result, right);
      else if (operator in ORDERINGS) result = compare(operator, result, right);
      else result = arithmetic(operator, result, right);
    });
    return result;
  }

  call(name, args) {
    const arity = Object.hasOwn(ARITY, name) ? ARITY[name] : null;
    if (!arity || !Array.isArray(args) || args.length < arity[0] || args.length > arity[1]) {
      throw new NotUnderstood(`the function ${name}()`);
    }
    // Lazy functions first: only the branch needed is evaluated.
    if (name === "if") return this.value(toBoolean(this.value(args[0])) ? args[1] : args[2]);
    if (name === "coalesce") {
      const first = this.value(args[0]);
      return toText(first) ? first : this.value(args[1]);
    }
    const values = args.map((argument) => this.value(argument));
    switch (name) {
      case "not":
        return !toBoolean(values[0]);
      case "boolean":
        return toBoolean(values[0]);
      case "true":
        return true;
      case "false":
        return false;
      case "selected":
        return selection(values[0]).includes(strip(toText(values[1])));
      case "count-selected":
        return selection(values[0]).length;
      case "string-length":
        return Array.from(toText(values[0])).length; // code points, as Python's len()
      case "string":
        return toText(values[0]);
      case "number":
        return finiteOrNoValue(toNumber(values[0]));
      case "int": {
        const number = toNumber(values[0]);
        return Number.isFinite(number) ? Math.trunc(number) || 0 : NO_VALUE; // || 0: Python has no -0 integer
      }
      case "round":
        return round(toNumber(values[0]), values.length > 1 ? toNumber(values[1]) : 0);
      case "concat":
        return values.map(toText).join("");
      case "contains":
        return toText(values[0]).includes(toText(values[1]));
      case "starts-with":
        return toText(values[0]).startsWith(toText(values[1]));
      case "ends-with":
        return toText(values[0]).endsWith(toText(values[1]));
      case "today":
        if (!this.today) throw new NotUnderstood("today() without today's date");
        return this.today;
      default:
        throw new NotUnderstood(`the function ${name}()`);
    }
  }
}

function lookupIn(answers) {
  if (typeof answers === "function") return answers;
  if (answers instanceof Map) return (name) => answers.get(name);
  return (name) => (answers && Object.hasOwn(answers, name) ? answers[name] : null);
}

/**
 * The value of an expression tree, given the answers (a Map, an object, or a function of a name).
 * `current` is the answer `.` stands for; `today` is today's ISO date. Throws NotUnderstood.
 */
export function evaluate(tree, answers, { current = null, today = "" } = {}) {
  return new Evaluator(lookupIn(answers), answerValue(current), today).value(tree);
}

/** The value of an expression tree as a condition: true or false. Throws NotUnderstood. */
export function evaluateBool(tree, answers, options = {}) {
  return toBoolean(evaluate(tree, answers, options));
}

// -- Reading the page ----------------------------------------------------------------------------
// Each reading mirrors how SectionForm._read_field reads what the browser posts.

/** Stands for an answer the script cannot read exactly as the server would. */
const UNREADABLE = Symbol("unreadable");

const WHOLE_NUMBER = /^[+-]?[0-9]{1,12}$/;
const DECIMAL = /^[+-]?(?:[0-9]{1,12}(?:\.[0-9]{0,6})?|\.[0-9]{1,6})$/;
const PYTHON_INT = /^[+-]?[0-9]+(?:_[0-9]+)*$/;
const OTHER_DIGITS = /[^\P{Nd}0-9]/u; // digits Python reads and JavaScript does not, such as ٣

function controls(form, name) {
  const found = form.elements.namedItem(name);
  if (!found) return [];
  return found instanceof Element ? [found] : Array.from(found);
}

/** What the browser would post for a field: CRLF line breaks, as forms send them. */
function postedText(form, name) {
  const [control] = controls(form, name);
  return control ? control.value.replace(/\r\n|\r|\n/g, "\r\n") : "";
}

function checked(form, name) {
  return controls(form, name)
    .filter((control) => control.checked)
    .map((control) => control.value);
}

function numberOrText(text, pattern) {
  if (!text) return null;
  if (OTHER_DIGITS.test(text)) return UNREADABLE;
  return pattern.test(text) ? numberText(Number(text)) : text;
}

function pythonInt(text) {
  if (OTHER_DIGITS.test(text)) return UNREADABLE;
  return PYTHON_INT.test(text) ? Number(text.replaceAll("_", "")) : null;
}

function readDate(form, name) {
  const parts = ["day", "month", "year"].map((part) => strip(postedText(form, `${name}-${part}`)));
  if (parts.some((part) => !part)) return null;
  const [day, month, year] = parts.map(pythonInt);
  if ([day, month, year].includes(UNREADABLE)) return UNREADABLE;
  if (day === null || month === null || year === null || year < 1000) return null;
  if (!Number.isFinite(daysSince1970(year, month, day)) || year > 9999) return null;
  const two = (number) => String(number).padStart(2, "0");
  return `${year}-${two(month)}-${two(day)}`;
}

function readAnswer(form, name, reading) {
  if (reading === "text") return strip(postedText(form, name)) || null;
  if (reading === "one") return checked(form, name).at(-1) || null;
  if (reading === "select") return postedText(form, name) || null; // a drop-down list (appearance minimal)
  if (reading === "many") return checked(form, name).length ? checked(form, name) : null;
  if (reading === "whole") return numberOrText(strip(postedText(form, name)).replaceAll(",", ""), WHOLE_NUMBER);
  if (reading === "decimal") return numberOrText(strip(postedText(form, name)).replaceAll(",", ""), DECIMAL);
  if (reading === "date") return readDate(form, name);
  if (reading.startsWith("other:")) {
    const text = strip(postedText(form, name));
    return text && checked(form, reading.slice("other:".length)).includes("other") ? text : null;
  }
  return UNREADABLE;
}

function readJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Show or hide the form's questions now, in page order, as the server would keep their answers. */
function update(form, config, questions, disabledHere) {
  const page = new Set(config.page || []);
  const known = new Map(Object.entries(config.saved || {}));
  // A name on this page is settled once its question has been passed; until then (a calculation, or
  // a question further down) its value is not known here.
  const settled = new Set(page);
  for (const name of config.calculated || []) settled.delete(name);
  for (const question of questions) for (const name of Object.keys(question.answers)) settled.delete(name);
  const lookup = (name) => {
    if (page.has(name) && !settled.has(name)) throw new NotUnderstood(`${name} is not settled yet`);
    const value = known.has(name) ? known.get(name) : null;
    if (value === UNREADABLE) throw new NotUnderstood(`${name} cannot be read here`);
    return value;
  };
  for (const question of questions) {
    let shown = true;
    if (question.relevant !== null) {
      try {
        shown = evaluateBool(question.relevant, lookup, { today: config.today });
      } catch (error) {
        if (!(error instanceof NotUnderstood)) throw error;
      }
    }
    setShown(question.element, shown, disabledHere);
    for (const [name, reading] of Object.entries(question.answers)) {
      settled.add(name);
      if (shown) known.set(name, readAnswer(form, name, reading));
    }
  }
}

function setShown(element, shown, disabledHere) {
  element.hidden = !shown;
  for (const control of element.querySelectorAll("input, select, textarea, button")) {
    if (!shown && !control.disabled) {
      control.disabled = true;
      disabledHere.add(control);
    } else if (shown && disabledHere.has(control)) {
      control.disabled = false;
      disabledHere.delete(control);
    }
  }
}

/** Start showing and hiding a survey page's questions as they are answered. */
export function enhance(form) {
  const config = readJson(form.dataset.carelabConditions);
  if (!config) return;
  const questions = [];
  for (const element of form.querySelectorAll("[data-carelab-question]")) {
    const question = readJson(element.dataset.carelabQuestion);
    if (!question || typeof question.answers !== "object") return; // leave the whole page to the server
    questions.push({ element, answers: question.answers || {}, relevant: question.relevant ?? null });
  }
  const disabledHere = new Set();
  const refresh = () => update(form, config, questions, disabledHere);
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  // Coming back with the browser's Back button can bring back answers without any input event.
  window.addEventListener("pageshow", refresh);
  refresh();
}

for (const form of document.querySelectorAll("form[data-carelab-conditions]")) enhance(form);
