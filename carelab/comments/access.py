"""Gatekeepers for comments: the only way views reach a post, idea, comment or report in a lab."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from carelab.comments.models import Comment, CommentPolicy, Report, on_subject
from carelab.ideas.models import Idea
from carelab.labs.models import Lab
from carelab.posts.models import Post


def get_post_for_comments(lab: Lab, post_id: int) -> Post:
    """A published post of this lab, or 404."""
    return get_object_or_404(Post.objects.for_lab(lab).published().select_related("lab"), pk=post_id)


def get_idea_for_comments(lab: Lab, idea_id: int) -> Idea:
    """A published idea of this lab, or 404."""
    return get_object_or_404(Idea.objects.for_lab(lab).published().select_related("lab"), pk=idea_id)


def get_published_comment(subject: Post | Idea, pk: int) -> Comment:
    """A published comment on this post or idea (to reply to), or 404."""
    return get_object_or_404(Comment.objects.approved().filter(on_subject(subject)).select_related("author"), pk=pk)


def get_comment_to_report(lab: Lab, pk: int) -> Comment:
    """A published comment on a published post or a published idea of this lab, or 404."""
    posts = Post.objects.for_lab(lab).published()
    ideas = Idea.objects.for_lab(lab).published()
    return get_object_or_404(
        Comment.objects.approved()
        .with_subject()
        .select_related("author")
        .filter(Q(post__in=posts) | Q(idea__in=ideas)),
        pk=pk,
    )


def get_comment_for_team(request, pk: int) -> Comment:
    """A comment in the lab that `lab_team_required` put on the request; another lab's comment is a 404."""
    return get_object_or_404(Comment.objects.for_lab(request.lab).with_subject().select_related("author"), pk=pk)


def get_report_for_team(request, pk: int) -> Report:
    return get_object_or_404(Report.objects.for_lab(request.lab).select_related("comment"), pk=pk)


def current_policy(lab: Lab) -> CommentPolicy | None:
    """The lab's comments policy in force: its newest published version, or None."""
    return CommentPolicy.objects.current_for(lab)


def policy_versions(lab: Lab):
    """Every version of the lab's comments policy, newest first."""
    return CommentPolicy.objects.for_lab(lab)


def comments_in_lab(lab: Lab):
    """Comments on the lab's posts and ideas, for the lab team's pages."""
    return Comment.objects.for_lab(lab)


def reports_in_lab(lab: Lab):
    """Reports of comments on the lab's posts and ideas, for the lab team's pages."""
    return Report.objects.for_lab(lab)
