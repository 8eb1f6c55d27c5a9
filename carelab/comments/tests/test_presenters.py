from carelab.accounts.tests.factories import UserFactory
from carelab.comments.models import Comment
from carelab.comments.presenters import CommentView, hold_reason_labels


def test_author_name_is_the_public_name_never_the_email(db):
    author = UserFactory(display_name="", email="private@example.org")
    assert CommentView(Comment(author=author, body="x")).author_name == "A CareLab member"
    assert CommentView(Comment(author=None, body="x")).author_name == "Former member"


def test_hidden_and_deleted_comments_show_placeholders_not_their_text():
    hidden = CommentView(Comment(body="secret", status=Comment.Status.HIDDEN))
    deleted = CommentView(Comment(body="gone", status=Comment.Status.DELETED))
    assert (hidden.placeholder, hidden.paragraphs) == ("This comment was hidden by the lab team", [])
    assert (deleted.placeholder, deleted.paragraphs) == ("This comment was deleted", [])
    assert hidden.body_paragraphs == [["secret"]]


def test_the_reason_is_for_the_author_and_the_team_only():
    comment = Comment(body="x", status=Comment.Status.REJECTED, decision_reason="Names a nurse.")
    assert CommentView(comment, viewer_is_author=True).reason_for_viewer == "Names a nurse."
    assert CommentView(comment, viewer_is_team=True).reason_for_viewer == "Names a nurse."
    assert CommentView(comment).reason_for_viewer == ""


def test_status_tags_and_notes():
    pending = CommentView(Comment(status=Comment.Status.PENDING), viewer_is_author=True)
    assert pending.status_tag == {"text": "Awaiting moderation", "classes": "nhsuk-tag--yellow"}
    assert pending.status_note.startswith("Only you can see this comment")
    assert CommentView(Comment(status=Comment.Status.APPROVED)).status_tag is None


def test_only_published_comments_can_be_replied_to_and_nobody_reports_their_own():
    published = Comment(status=Comment.Status.APPROVED)
    assert CommentView(published).can_reply and CommentView(published).can_report
    assert not CommentView(published, viewer_is_author=True).can_report
    assert not CommentView(Comment(status=Comment.Status.PENDING)).can_reply


def test_hold_reasons_have_plain_labels():
    comment = Comment(hold_reasons=["premoderation", "personal_data"])
    assert hold_reason_labels(comment) == ["All new comments are checked", "May contain personal data"]
