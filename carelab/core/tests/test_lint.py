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
    fake_carelab("surveys/views/results.py", "x = 1\n\n\ndef page(request):\n    ExportAudit.objects.create()\n")
    problems = [(problem.path, problem.line) for problem in lint.model_queries_in_views()]
    assert problems == [("carelab/posts/views.py", 2), ("carelab/surveys/views/results.py", 5)]


def test_related_managers_gatekeepers_and_other_modules_pass(fake_carelab):
    fake_carelab("posts/views.py", "def post_list(request, lab):\n    return lab.posts.published(), posts.objects\n")
    fake_carelab("posts/access.py", "def get_post(lab):\n    return Post.objects.get(lab=lab)\n")
    fake_carelab("posts/tests/test_views.py", "Post.objects.all()\n")
    assert lint.model_queries_in_views() == []


def test_the_command_fails_and_names_each_place(fake_carelab, capsys):
    fake_carelab("posts/views.py", "def post_list(request):\n    return Post.objects.all()\n")
    assert lint.main() == 1
    assert capsys.readouterr().out.startswith("carelab/posts/views.py:2: Post.objects in a view")
