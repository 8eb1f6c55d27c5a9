"""Gatekeepers for comments: the only way views reach a post, comment or report in a lab."""

from django.shortcuts import get_object_or_404

from carelab.comments.models import Comment, CommentPolicy, Report
from carelab.labs.models import Lab
from carelab.posts.models import Post


def get_post_for_comments(lab: Lab, post_id: int) -> Post:
    """A published post of this lab, or 404."""
    return get_object_or_404(Post.objects.for_lab(lab).published().select_related("lab"), pk=post_id)


def get_published_comment(post: Post, pk: int) -> Comment:
    """A published comment on this post (to reply to), or 404."""
    return get_object_or_404(Comment.objects.approved().select_related("author"), post=post, pk=pk)


def get_comment_to_report(lab: Lab, pk: int) -> Comment:
    """A published comment on a published post of this lab, or 404."""
    posts = Post.objects.for_lab(lab).published()
    return get_object_or_404(
        Comment.objects.approved().select_related("author", "post", "post__lab"), post__in=posts, pk=pk
    )


def get_comment_for_team(request, pk: int) -> Comment:
    """A comment in the lab that `lab_team_required` put on the request; another lab's comment is a 404."""
    return get_object_or_404(Comment.objects.for_lab(request.lab).select_related("post", "post__lab", "author"), pk=pk)


def get_report_for_team(request, pk: int) -> Report:
    return get_object_or_404(Report.objects.for_lab(request.lab).select_related("comment"), pk=pk)


def current_policy(lab: Lab) -> CommentPolicy | None:
    """The lab's comments policy in force: its newest published version, or None."""
    return CommentPolicy.objects.current_for(lab)


def policy_versions(lab: Lab):
    """Every version of the lab's comments policy, newest first."""
    return CommentPolicy.objects.for_lab(lab)


def comments_in_lab(lab: Lab):
    """Comments on the lab's posts, for the lab team's pages."""
    return Comment.objects.for_lab(lab)


def reports_in_lab(lab: Lab):
    """Reports of comments on the lab's posts, for the lab team's pages."""
    return Report.objects.for_lab(lab)
