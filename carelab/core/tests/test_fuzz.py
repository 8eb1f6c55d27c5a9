"""Property-based: random text, numbers and dates sent to every page and form never give a 500.

Walks the permission walk's table (same cast, same objects, made once for the module) as the lab
team and as a lab participant. For each page it GETs with random query parameters; then, for up to
three `<form method="post">` on the page (different ones each example), it POSTs random values for
the form's own fields (the CSRF token and a button's value kept). Where a form is accepted it follows
the redirect and fuzzes the next page's form, moving on with the page's own values when the random
ones are refused, so journeys (a survey's start, then each of its pages) are walked too.

Each example draws a mode, the kind of trouble its values bring: NUL characters; huge numbers and
20-digit years; odd Unicode and long text; anything of the wrong type. Half the time a single field
is awkward and the others sensible, so the awkward value gets past the other fields' checks.

Deterministic (`derandomize=True`) and bounded: four examples per page and person.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.core.tests import test_permission_walk as walk
from carelab.core.tests.html import parse

WALK = walk.WALK
# The walk's world: its cast and objects, made once for this module too.
walk_world, cast, objects = walk.walk_world, walk.cast, walk.objects

FUZZ = settings(
    max_examples=4,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
ROLES = ("team", "participant")
# How many accepted forms in a row the fuzz follows (a survey: start, then its pages).
JOURNEY_STEPS = 5
FORMS_PER_PAGE = 3
# Pages the fuzz leaves alone: signing out would end every later request's session, and deleting the
# account the same; both are covered by their own tests.
SKIPPED_ACTIONS = re.compile(r"^/accounts/(logout|delete)/")
COMMON_QUERY_KEYS = (
    "page",
    "q",
    "return",
    "contact",
    "kind",
    "status",
    "submitted_from",
    "submitted_to",
    "where",
    "by",
    "parent",
    "language",
)

awkward_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(["\x00", "a\x00b", "\ud7ff", "\u202e", "\ufeff", "🙂" * 3, " ", "%00", "<script>", "' OR 1=1 --"]),
    st.text(alphabet="x\x00", min_size=1, max_size=5),
    st.just("x" * 5000),
)
huge_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.just("9" * 5000),
)
odd_date = st.one_of(
    st.just("12345678901234567890"),
    st.just("12345678901234567890-01-01"),
    st.just("0000-00-00"),
    st.just("2026-02-30"),
    st.dates().map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
any_value = st.one_of(awkward_text, huge_number, odd_date, st.just(""))
with_nul = awkward_text.map(lambda text: f"{text}\x00{text}")

# Each example of a page draws one mode, a kind of trouble for all its fields at once:
# (values for text boxes, values for number and date boxes).
MODES = {
    "NUL characters": (with_nul, st.sampled_from(["1\x00", "\x00", "2026\x00"])),
    "huge numbers and 20-digit years": (
        st.one_of(huge_number, odd_date),
        st.one_of(st.just("12345678901234567890"), huge_number, odd_date),
    ),
    "odd unicode and long text": (awkward_text, awkward_text),
    "anything, of the wrong type": (any_value, any_value),
}


def forms_on(html: bytes | str, page_path: str) -> list[dict]:
    """Each `<form method="post">`: where it goes, its fields (name → kind, options, value), its buttons."""
    found = []
    for form in parse(html if isinstance(html, str) else html.decode()).select("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urljoin(page_path, form.get("action") or page_path)
        fields: dict[str, dict] = {}
        buttons = []
        for element in form.select("input[name], textarea[name], select[name], button[name]"):
            name = element["name"]
            kind = element.get("type", element.name).lower() if element.name == "input" else element.name
            if element.name == "button" or kind == "submit":
                buttons.append((name, element.get("value", "")))
                continue
            numeric = kind in ("number", "date") or element.get("inputmode") in ("numeric", "decimal")
            entry = fields.setdefault(
                name, {"kind": kind, "options": [], "value": element.get("value", ""), "numeric": numeric}
            )
            if element.name == "select":
                entry["options"] += [option.get("value", option.get_text()) for option in element.select("option")]
            elif kind in ("radio", "checkbox"):
                entry["options"].append(element.get("value", "on"))
        found.append({"action": action, "fields": fields, "buttons": buttons})
    return found


@st.composite
def form_data(draw, form: dict, mode: str) -> tuple[dict, dict]:
    """Values for each field: as the page offered it (so journeys can move on), one of its options, or awkward."""
    data: dict = {}
    files: dict = {}
    # Half the time one field is awkward and the rest sensible, so that it gets past the others' checks
    # to where it is used; otherwise every field is drawn on its own.
    names = [name for name in form["fields"] if name != "csrfmiddlewaretoken"]
    one_awkward = draw(st.booleans())
    focus = draw(st.sampled_from(names)) if names and one_awkward else None
    for name, field in form["fields"].items():
        kind, options = field["kind"], field["options"]
        if name == "csrfmiddlewaretoken":
            data[name] = field["value"]
            continue
        if kind == "file":
            suffix = draw(st.sampled_from([".xlsx", ".csv", ".md", ".txt", ""]))
            content = draw(st.one_of(st.binary(max_size=200), awkward_text.map(lambda t: t.encode("utf-8", "replace"))))
            files[name] = SimpleUploadedFile(f"upload{suffix}", content)
            continue
        if focus is not None:
            choice = "awkward" if name == focus else "sensible"
        else:
            choice = draw(st.sampled_from(["sensible", "options", "awkward"] if options else ["sensible", "awkward"]))
        if choice == "sensible":
            data[name] = sensible_value(name, field)
        elif choice == "options":
            data[name] = draw(st.lists(st.sampled_from(options), max_size=3, unique=True))
        else:
            text_values, number_values = MODES[mode]
            data[name] = draw(number_values if field["numeric"] else text_values)
    if form["buttons"]:
        name, value = draw(st.sampled_from(form["buttons"]))
        data.setdefault(name, value)
    return data, files


@st.composite
def query(draw, mode: str) -> dict:
    text_values, number_values = MODES[mode]
    keys = st.one_of(st.sampled_from(COMMON_QUERY_KEYS), awkward_text.filter(bool))
    values = st.one_of(text_values, number_values)
    return draw(st.dictionaries(keys, st.one_of(values, st.lists(values, max_size=2)), min_size=1, max_size=4))


def sensible_value(name: str, field: dict):
    """What a person might well enter: the page's own value or option, a small number, this year."""
    if field["options"]:
        return field["options"] if field["kind"] == "checkbox" else field["options"][0]
    if field["kind"] == "email":
        return "fuzz@example.org"
    if field["numeric"] and not field["value"]:
        return "2024" if name.endswith("year") else "1"
    return field["value"]


def offered_values(form: dict) -> dict:
    """The form as the page drew it: its values, every checkbox ticked, the first radio and option chosen."""
    values = {}
    for name, field in form["fields"].items():
        if field["kind"] == "email":
            values[name] = field["value"] or "fuzz@example.org"
        elif field["kind"] != "file":
            options = field["options"]
            values[name] = options if field["kind"] == "checkbox" else options[:1] if options else field["value"]
    if form["buttons"]:
        values.setdefault(*form["buttons"][0])
    return values


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, what


def local(location: str) -> str | None:
    parts = urlsplit(location)
    return None if parts.netloc else parts.path


def fuzz_forms(client, data, mode: str, html, path: str, depth: int = 0) -> None:
    """POST each form on the page; where one is accepted, follow on to the next page and fuzz its form too."""
    forms = forms_on(html, path)
    # A builder page has a form for every move and delete button: a few of them, different ones each time.
    chosen = data.draw(st.permutations(forms))[: 1 if depth else FORMS_PER_PAGE] if len(forms) > 1 else forms
    for form in chosen:
        if SKIPPED_ACTIONS.match(form["action"]):
            continue
        fields, files = data.draw(form_data(form, mode))
        response = client.post(form["action"], {**fields, **files})
        assert_no_server_error(response, f"POST {form['action']} {fields!r}")
        if response.status_code not in (301, 302, 303):
            # If the random values were refused, move on with the values the page offered.
            response = client.post(form["action"], offered_values(form))
            assert_no_server_error(response, f"POST {form['action']} as offered")
        target = local(response.get("Location", "")) if response.status_code in (301, 302, 303) else None
        if depth < JOURNEY_STEPS and target and not SKIPPED_ACTIONS.match(target):
            followed = client.get(target)
            assert_no_server_error(followed, f"GET {target} after POST {form['action']}")
            if followed.status_code == 200 and "html" in followed.get("Content-Type", ""):
                fuzz_forms(client, data, mode, followed.content, target, depth + 1)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(WALK))
def test_random_query_parameters_and_form_values_never_cause_a_server_error(cast, objects, client, role, name):
    path = WALK[name][0].format(**objects)
    client.force_login(cast.person(role))
    page = client.get(path)
    assert_no_server_error(page, f"GET {path}")
    html = page.content if page.status_code == 200 and "html" in page.get("Content-Type", "") else b""

    @FUZZ
    @given(data=st.data())
    def fuzz(data):
        mode = data.draw(st.sampled_from(list(MODES)))
        response = client.get(path, data.draw(query(mode)))
        assert_no_server_error(response, f"GET {path} with {response.wsgi_request.GET!r} ({mode})")
        fuzz_forms(client, data, mode, html, path)

    fuzz()
