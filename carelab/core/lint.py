"""CareLab's own checks of its code's shape, run by `make lint` (`python -m carelab.core.lint`).

They read the source with `ast` and import nothing from Django or CareLab, so they run in a moment.

- Views never query a model directly (STYLE.md, "Gatekeepers"): no `<Model>.objects` in a view module.
  Lab data is reached through the app's access.py gatekeepers, QuerySet methods on a related manager
  (`lab.posts.published()`), or a queries/presenters module.
- Apps import only from the layers below them (`LAYERS`, docs/architecture.md, "Layers"), and
  carelab/lib imports no Django. Tests and migrations are not checked.
"""

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CARELAB = Path(__file__).resolve().parent.parent
ROOT = CARELAB.parent

# Functions that may still query models in a view module, each with why. Only ever shrink this list.
VIEW_QUERY_EXEMPTIONS: set[tuple[str, str]] = set()


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def source_files(pattern: str) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(CARELAB.glob(pattern)):
        parts = path.relative_to(CARELAB).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def view_modules() -> Iterator[tuple[str, ast.Module]]:
    yield from source_files("*/views.py")
    yield from source_files("*/views_*.py")
    yield from source_files("*/views/*.py")


def _enclosing_functions(tree: ast.Module) -> dict[ast.AST, str]:
    """Each node mapped to the name of the top-level function or class it sits in."""
    owner = {}
    for top in tree.body:
        name = getattr(top, "name", "")
        for node in ast.walk(top):
            owner[node] = name
    return owner


def model_queries_in_views() -> list[Problem]:
    """Every `<Capitalised>.objects` in a view module that is not exempt."""
    problems = []
    for path, tree in view_modules():
        owner = _enclosing_functions(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and isinstance(node.value, ast.Name)
                and node.value.id[:1].isupper()
                and (path, owner.get(node, "")) not in VIEW_QUERY_EXEMPTIONS
            ):
                problems.append(
                    Problem(
                        path,
                        node.lineno,
                        f"{node.value.id}.objects in a view: fetch through the app's access.py gatekeepers, "
                        "QuerySet methods or a queries module (STYLE.md, Gatekeepers)",
                    )
                )
    return problems


# The app layers, lowest first (docs/architecture.md, "Layers"). An app imports only apps in lower
# layers; apps in one layer do not import each other. `lib` imports no Django either.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"lib"}),  # pure Python: no Django, no CareLab app
    frozenset({"core"}),  # what every app shares: forms, presenters, e-mail, "Your data", retention
    frozenset({"labs"}),  # labs, memberships and the one rule for who may do what in a lab
    frozenset({"accounts"}),  # the person: profile, sign-in, two-factor rule
    frozenset({"safeguarding"}),  # the check of a person's words, and the flags it raises
    frozenset({"posts", "organisations"}),
    frozenset({"participants", "evidence"}),  # naming organisations; from organisations
    frozenset({"updates", "connect", "events", "surveys"}),  # updates and connect are for participants
    frozenset({"insights"}),  # codes survey answers, evidence and event notes
    frozenset({"ideas"}),  # "How might we …?", tied back to insights and areas of opportunity
    frozenset({"comments"}),  # on posts and on ideas
    frozenset({"improvement"}),  # test teams, driver diagrams, PDSA cycles, measures, learning
    frozenset({"demo"}),  # loads every app's demo data
    frozenset({"home"}),  # the lab home, labs index and team dashboard gather every app
    frozenset({"config"}),  # settings and URLs: may import anything
)

# Modules allowed to import an app above their own, each with why ("*": any app).
IMPORT_EXCEPTIONS: dict[str, tuple[frozenset[str], str]] = {
    "carelab/accounts/actions.py": (frozenset({"*"}), "deleting an account removes the person's records in every app"),
    "carelab/accounts/erasure.py": (frozenset({"*"}), "erasure scrubs the person's identifiers from every app"),
    "carelab/accounts/adapter.py": (
        frozenset({"participants"}),
        "after signing in, a person goes back to the application they started signed out",
    ),
    "carelab/posts/views.py": (frozenset({"comments"}), "a post's page shows its comments under it"),
    "carelab/ideas/views.py": (frozenset({"comments"}), "an idea's page shows its comments under it"),
    "carelab/organisations/views.py": (
        frozenset({"participants"}),
        "an organisation's page lists the participants from it, with the directory's own rule",
    ),
    "carelab/participants/actions.py": (
        frozenset({"updates"}),
        "withdrawing or giving the contact consent on an application stops or starts update e-mails at once",
    ),
    "carelab/surveys/actions/changing.py": (
        frozenset({"insights"}),
        "deleting a response or withdrawing consent to be quoted withdraws its quotes everywhere at once",
    ),
    "carelab/evidence/actions_library.py": (
        frozenset({"insights"}),
        "deleting a library item withdraws the quotes taken from it everywhere at once",
    ),
    "carelab/evidence/actions_submissions.py": (
        frozenset({"insights"}),
        "withdrawing consent to be quoted, or deleting a submission, withdraws its quotes everywhere at once",
    ),
    "carelab/accounts/views.py": (
        frozenset({"participants"}),
        "the person's profile links each application they sent",
    ),
}


def _layer_of(app: str) -> int | None:
    return next((number for number, layer in enumerate(LAYERS) if app in layer), None)


def _imported_modules(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def import_layer_problems() -> list[Problem]:
    """Every import of an app from the same or a higher layer, and every Django import in lib."""
    problems = []
    for path, tree in source_files("*/**/*.py"):
        app = path.split("/")[1]
        layer = _layer_of(app)
        if layer is None:
            problems.append(Problem(path, 1, f"the app {app!r} has no layer: add it to LAYERS in carelab/core/lint.py"))
            continue
        allowed, _why = IMPORT_EXCEPTIONS.get(path, (frozenset(), ""))
        for line, module in _imported_modules(tree):
            top = module.split(".")[0]
            if app == "lib" and top == "django":
                problems.append(Problem(path, line, f"lib imports Django ({module}): carelab/lib is pure Python"))
            if top != "carelab" or module.count(".") == 0:
                continue
            other = module.split(".")[1]
            if other == app or "*" in allowed or other in allowed:
                continue
            other_layer = _layer_of(other)
            if other_layer is not None and other_layer >= layer:
                problems.append(
                    Problem(path, line, f"{app} imports {other}, which is not in a lower layer (docs/architecture.md)")
                )
    return problems


def main() -> int:
    problems = sorted(model_queries_in_views() + import_layer_problems())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
