from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.comments import actions
from carelab.comments.access import (
    comments_in_lab,
    current_policy,
    get_comment_for_team,
    get_comment_to_report,
    get_idea_for_comments,
    get_post_for_comments,
    get_published_comment,
    get_report_for_team,
    policy_versions,
    reports_in_lab,
)
from carelab.comments.forms import PolicyForm, ReasonForm, ReportForm
from carelab.comments.models import Comment
from carelab.comments.presenters import CommentView, hold_reason_labels, risk_finding
from carelab.comments.threads import (
    CRISIS_SESSION_KEY,
    accepted_policy_ids,
    closed_message,
    comment_form_for,
    create_url,
    crisis_key,
)
from carelab.core.redirects import next_or
from carelab.labs.access import get_lab, lab_team_required
from carelab.safeguarding.access import flag_for_source_or_none
from carelab.safeguarding.models import SafeguardingFlag, flag_for_source

# Writing comments


@require_http_methods(["GET", "POST"])
def create(request, slug, post_id):
    """The comment form on a page of its own: where the section's form posts, and where errors show."""
    lab = get_lab(slug)
    return _comment_form_page(request, lab, get_post_for_comments(lab, post_id))


@require_http_methods(["GET", "POST"])
def create_on_idea(request, slug, idea_id):
    """The same form for a comment on an idea: moderated exactly as comments on posts are."""
    lab = get_lab(slug)
    return _comment_form_page(request, lab, get_idea_for_comments(lab, idea_id))


def _comment_form_page(request, lab, subject):
    policy = current_policy(lab)
    closed = closed_message(subject, policy)
    parent = _parent_or_404(subject, request.POST.get("parent") or request.GET.get("parent"))
    accepted = accepted_policy_ids(request.user, lab)
    form = None
    if not closed:
        form = comment_form_for(
            policy,
            accepted,
            request.POST if request.method == "POST" else None,
            initial={"parent": parent.pk if parent else None},
        )

    if request.method == "POST" and form is not None and form.is_valid():
        try:
            comment = actions.submit_comment(
                author=request.user,
                **{subject._meta.model_name: subject},
                body=form.cleaned_data["body"],
                parent_id=form.cleaned_data["parent"],
                accepting=form.accepting,
            )
        except actions.CommentActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return _after_submit(request, subject, comment)

    return render(
        request,
        "comments/create.jinja",
        {
            "lab": lab,
            "subject": subject,
            "subject_kind": subject._meta.verbose_name,
            "form_action": create_url(subject),
            "form": form,
            "policy": policy,
            "closed_message": closed,
            "parent": CommentView(parent) if parent else None,
            "accepted_earlier_version": bool(form and form.policy_to_accept and accepted),
        },
    )


def _parent_or_404(subject, parent_id: str | None) -> Comment | None:
    if not parent_id:
        return None
    if not (parent_id.isascii() and parent_id.isdigit() and len(parent_id) <= 18):  # "²" is a digit to isdigit()
        raise Http404("No such comment.")
    return get_published_comment(subject, int(parent_id))


def _after_submit(request, subject, comment: Comment):
    anchor = f"comment-{comment.pk}"
    if comment.status == Comment.Status.PENDING:
        messages.success(request, "Thank you. Your comment will appear once the lab team has checked it.")
    else:
        messages.success(request, "Thank you. Your comment is published.")
    if comment.risk_level:
        # Shown on the page they land on, after the redirect: never instead of saving.
        request.session[CRISIS_SESSION_KEY] = crisis_key(subject)
        anchor = "help-now"
    return redirect(f"{subject.get_absolute_url()}#{anchor}")


@require_http_methods(["GET", "POST"])
def report(request, slug, pk):
    lab = get_lab(slug)
    comment = get_comment_to_report(lab, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_comment(comment=comment, reporter=request.user, reason=form.cleaned_data["reason"])
        except actions.CommentActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Thank you. The lab team will look at this comment.")
            return redirect(f"{comment.subject.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "comments/report.jinja", {"lab": lab, "comment": CommentView(comment), "form": form})


# The policy


@login_not_required
@require_safe
def policy(request, slug):
    lab = get_lab(slug)
    versions = list(policy_versions(lab).published())
    return render(
        request,
        "comments/policy.jinja",
        {"lab": lab, "policy": versions[0] if versions else None, "earlier": versions[1:]},
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def policy_edit(request, slug):
    lab = request.lab
    current = current_policy(lab)
    form = PolicyForm(request.POST or None, initial={"body": current.body if current else ""})
    if request.method == "POST" and form.is_valid():
        published = actions.publish_policy(lab=lab, author=request.user, **form.cleaned_data)
        messages.success(
            request, f"Version {published.version} of the comments policy is published. People will agree to it again."
        )
        return redirect("comments:policy", slug=lab.slug)
    versions = policy_versions(lab).select_related("created_by")
    return render(request, "comments/policy_edit.jinja", {"lab": lab, "form": form, "versions": versions})


# Moderation


@lab_team_required
@require_safe
def queue(request, slug):
    held = comments_in_lab(request.lab).for_queue()
    comments = [
        {
            "view": CommentView(comment, viewer_is_team=True),
            "hold_reasons": hold_reason_labels(comment),
            "risk": risk_finding(comment),
        }
        for comment in held.annotate(safeguarding_flag_id=flag_for_source(SafeguardingFlag.Source.COMMENT))
    ]
    return render(request, "comments/queue.jinja", {"lab": request.lab, "items": comments, "reject_form": ReasonForm()})


@lab_team_required
@require_POST
def approve(request, slug, pk):
    comment = get_comment_for_team(request, pk)
    try:
        actions.approve_comment(comment=comment, moderator=request.user)
    except actions.CommentActionRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, f"Comment by {CommentView(comment).author_name} approved and published.")
    return redirect(next_or(request, reverse("comments:queue", args=[slug])))


def _reason_view(request, slug, pk, *, action, template_context: dict, done_message: str, default_next: str):
    comment = get_comment_for_team(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(comment=comment, moderator=request.user, reason=form.cleaned_data["reason"])
        except actions.CommentActionRefused as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(request, done_message)
        return redirect(next_or(request, default_next))
    return render(
        request,
        "comments/reason.jinja",
        {
            "lab": request.lab,
            "comment": CommentView(comment, viewer_is_team=True),
            "form": form,
            "next": next_or(request, default_next),
            **template_context,
        },
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def reject(request, slug, pk):
    return _reason_view(
        request,
        slug,
        pk,
        action=actions.reject_comment,
        template_context={"heading": "Do not publish this comment", "button_text": "Do not publish"},
        done_message="Comment not published. We will e-mail the author your reason.",
        default_next=reverse("comments:queue", args=[slug]),
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def hide(request, slug, pk):
    return _reason_view(
        request,
        slug,
        pk,
        action=actions.hide_comment,
        template_context={"heading": "Hide this comment", "button_text": "Hide comment"},
        done_message="Comment hidden. Its replies stay. We will e-mail the author your reason.",
        default_next=reverse("comments:history", args=[slug, pk]),
    )


@lab_team_required
@require_POST
def restore(request, slug, pk):
    comment = get_comment_for_team(request, pk)
    try:
        actions.restore_comment(comment=comment, moderator=request.user)
    except actions.CommentActionRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, "Comment restored and published again.")
    return redirect(next_or(request, reverse("comments:history", args=[slug, pk])))


@lab_team_required
@require_safe
def history(request, slug, pk):
    comment = get_comment_for_team(request, pk)
    events = comment.events.select_related("actor")
    return render(
        request,
        "comments/history.jinja",
        {
            "lab": request.lab,
            "comment": CommentView(comment, viewer_is_team=True),
            "hold_reasons": hold_reason_labels(comment),
            "risk": risk_finding(comment),
            "events": events,
            "flag": flag_for_source_or_none(request.lab, SafeguardingFlag.Source.COMMENT, comment.pk),
        },
    )


@lab_team_required
@require_safe
def reports(request, slug):
    open_reports = [
        {"report": item, "view": CommentView(item.comment, viewer_is_team=True)}
        for item in reports_in_lab(request.lab).for_review()
    ]
    return render(
        request, "comments/reports.jinja", {"lab": request.lab, "items": open_reports, "hide_form": ReasonForm()}
    )


@lab_team_required
@require_POST
def report_dismiss(request, slug, pk):
    item = get_report_for_team(request, pk)
    try:
        actions.dismiss_report(report=item, moderator=request.user)
    except actions.CommentActionRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, "Report dismissed. The comment stays published.")
    return redirect(next_or(request, reverse("comments:reports", args=[slug])))
