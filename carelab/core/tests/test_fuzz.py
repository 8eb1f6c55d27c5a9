"""Property-based: random text, numbers and dates sent to every page and form never give a 500.

Walks the permission walk's table (same cast, same objects, made once for the module) as the lab
team and as a lab participant. For each page it GETs with random query parameters; then, for each
`<form method="post">` on the page, it POSTs random values for the form's own fields (hidden ones,
the CSRF token and the buttons' values included), and follows one redirect to fuzz the next form
too, so multi-page journeys (answering a survey) are reached. Values are drawn to break things:
NUL and other control characters, odd Unicode, very long text, huge and negative numbers,
20-digit years, wrong types, and uploads that are not what their names say.

Deterministic (`derandomize=True`) and bounded: a few examples per page, so the whole module takes
well under a minute on two cores.
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
    max_examples=3,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
ROLES = ("team", "participant")
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
            entry = fields.setdefault(name, {"kind": kind, "options": [], "value": element.get("value", "")})
            if element.name == "select":
                entry["options"] += [option.get("value", option.get_text()) for option in element.select("option")]
            elif kind in ("radio", "checkbox"):
                entry["options"].append(element.get("value", "on"))
        found.append({"action": action, "fields": fields, "buttons": buttons})
    return found


@st.composite
def form_data(draw, form: dict) -> tuple[dict, dict]:
    data: dict = {}
    files: dict = {}
    for name, field in form["fields"].items():
        kind = field["kind"]
        if name == "csrfmiddlewaretoken":
            data[name] = field["value"]
        elif kind == "file":
            suffix = draw(st.sampled_from([".xlsx", ".csv", ".md", ".txt", ""]))
            content = draw(st.one_of(st.binary(max_size=200), awkward_text.map(lambda t: t.encode("utf-8", "replace"))))
            files[name] = SimpleUploadedFile(f"upload{suffix}", content)
        elif field["options"] and draw(st.booleans()):
            data[name] = draw(st.lists(st.sampled_from(field["options"]), max_size=3, unique=True))
        elif kind == "hidden" and draw(st.booleans()):
            data[name] = field["value"]
        else:
            data[name] = draw(any_value)
    if form["buttons"]:
        name, value = draw(st.sampled_from(form["buttons"]))
        data.setdefault(name, value)
    return data, files


@st.composite
def query(draw, page_path: str) -> dict:
    keys = st.one_of(st.sampled_from(COMMON_QUERY_KEYS), awkward_text.filter(bool))
    return draw(st.dictionaries(keys, st.one_of(any_value, st.lists(any_value, max_size=2)), max_size=4))


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, what


def local(location: str) -> str | None:
    parts = urlsplit(location)
    return None if parts.netloc else parts.path


def fuzz_forms(client, data, html, path: str, depth: int = 0) -> None:
    for form in forms_on(html, path):
        if SKIPPED_ACTIONS.match(form["action"]):
            continue
        fields, files = data.draw(form_data(form))
        response = client.post(form["action"], {**fields, **files})
        assert_no_server_error(response, f"POST {form['action']} {fields!r}")
        target = local(response.get("Location", "")) if response.status_code in (301, 302, 303) else None
        if depth == 0 and target and not SKIPPED_ACTIONS.match(target):
            followed = client.get(target)
            assert_no_server_error(followed, f"GET {target} after POST {form['action']}")
            if followed.status_code == 200 and "html" in followed.get("Content-Type", ""):
                fuzz_forms(client, data, followed.content, target, depth + 1)


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
        response = client.get(path, data.draw(query(path)))
        assert_no_server_error(response, f"GET {path} with {response.wsgi_request.GET!r}")
        fuzz_forms(client, data, html, path)

    fuzz()
