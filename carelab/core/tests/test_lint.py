"""`make lint`'s own checks (carelab/core/lint.py): each finds what it should, and the code passes them."""

import pytest

from carelab.core import lint


def test_no_view_module_queries_a_model_directly():
    assert [str(problem) for problem in lint.model_queries_in_views()] == []


@pytest.fixture
def fake_carelab(tmp_path, monkeypatch):
    """A carelab folder of our own, so the checks can be shown what they must refuse."""
    root = tmp_path / "carelab"
    monkeypatch.setattr(lint, "CARELAB", root)
    monkeypatch.setattr(lint, "ROOT", tmp_path)

    def write(path: str, text: str):
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text)

    return write


def test_a_model_query_in_a_views_module_or_package_is_refused(fake_carelab):
    fake_carelab("posts/views.py", "def post_list(request):\n    return Post.objects.all()\n")
    fake_carelab("posts/views_drafts.py", "def drafts(request):\n    return Post.objects.all()\n")
    fake_carelab("surveys/views/results.py", "x = 1\n\n\ndef page(request):\n    ExportAudit.objects.create()\n")
    problems = [(problem.path, problem.line) for problem in lint.model_queries_in_views()]
    assert problems == [
        ("carelab/posts/views.py", 2),
        ("carelab/posts/views_drafts.py", 2),
        ("carelab/surveys/views/results.py", 5),
    ]


def test_related_managers_gatekeepers_and_other_modules_pass(fake_carelab):
    fake_carelab("posts/views.py", "def post_list(request, lab):\n    return lab.posts.published(), posts.objects\n")
    fake_carelab("posts/access.py", "def get_post(lab):\n    return Post.objects.get(lab=lab)\n")
    fake_carelab("posts/tests/test_views.py", "Post.objects.all()\n")
    assert lint.model_queries_in_views() == []


def test_the_command_fails_and_names_each_place(fake_carelab, capsys):
    fake_carelab("posts/views.py", "def post_list(request):\n    return Post.objects.all()\n")
    assert lint.main() == 1
    assert capsys.readouterr().out.startswith("carelab/posts/views.py:2: Post.objects in a view")


def test_every_app_imports_only_from_the_layers_below_it():
    assert [str(problem) for problem in lint.import_layer_problems()] == []


def test_every_app_has_a_layer_and_the_layers_do_not_overlap():
    apps = {path.name for path in lint.CARELAB.iterdir() if (path / "__init__.py").exists()}
    named = [app for layer in lint.LAYERS for app in layer]
    assert len(named) == len(set(named))
    assert apps <= set(named)


def test_an_import_from_a_higher_or_the_same_layer_is_refused(fake_carelab):
    fake_carelab("core/views.py", "from carelab.accounts.models import User\nfrom carelab.lib import clock\n")
    fake_carelab("posts/models.py", "from carelab.labs.models import Lab\n")
    fake_carelab("comments/presenters.py", "def f():\n    from carelab.improvement import presenters\n")
    fake_carelab("comments/tests/test_x.py", "from carelab.demo import load\n")
    problems = sorted((problem.path, problem.line) for problem in lint.import_layer_problems())
    assert problems == [("carelab/comments/presenters.py", 2), ("carelab/core/views.py", 1)]


def test_lib_may_not_import_django_or_any_app(fake_carelab):
    fake_carelab("lib/sums.py", "import django.db\nfrom carelab.core import forms\nfrom carelab.lib import risk\n")
    problems = sorted((problem.line, problem.message.split(" (")[0]) for problem in lint.import_layer_problems())
    assert problems == [(1, "lib imports Django"), (2, "lib imports core, which is not in a lower layer")]


def test_an_app_with_no_layer_is_named(fake_carelab):
    fake_carelab("gadgets/views.py", "x = 1\n")
    assert "has no layer" in str(lint.import_layer_problems()[0])


def test_a_listed_exception_may_import_upwards_and_nothing_else_may(fake_carelab):
    fake_carelab("posts/views.py", "from carelab.comments.threads import comment_section_context\n")
    fake_carelab("posts/forms.py", "from carelab.comments.models import Comment\n")
    assert [problem.path for problem in lint.import_layer_problems()] == ["carelab/posts/forms.py"]
