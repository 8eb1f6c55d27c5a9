"""CareLab's own checks of its code's shape, run by `make lint` (`python -m carelab.core.lint`).

They read the source with `ast` and import nothing from Django or CareLab, so they run in a moment.

- Views never query a model directly (STYLE.md, "Gatekeepers"): no `<Model>.objects` in a view module.
  Lab data is reached through the app's access.py gatekeepers, QuerySet methods on a related manager
  (`lab.posts.published()`), or a queries/presenters module.
- Apps import only from the layers below them (docs/architecture.md, "Layers").
"""

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CARELAB = Path(__file__).resolve().parent.parent
ROOT = CARELAB.parent

# Functions that may still query models in a view module, each with why. Only ever shrink this list.
VIEW_QUERY_EXEMPTIONS = {
    # The labnav helper moves these to the new carelab/home app (issue 9), whose queries module
    # takes them; the lead removes these three lines when merging that move.
    ("carelab/labs/views.py", "home"),
    ("carelab/labs/views.py", "lab_home"),
    ("carelab/labs/views.py", "team_dashboard"),
}


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


def main() -> int:
    problems = sorted(model_queries_in_views())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
