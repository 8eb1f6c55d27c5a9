from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carelab.comments.threads import comment_section_context
from carelab.core.page_cache import public_page
from carelab.core.pagination import pagination
from carelab.labs.access import get_lab, is_lab_team, lab_team_required
from carelab.posts.access import get_post_for_reader, get_post_for_team
from carelab.posts.actions import save_post
from carelab.posts.feeds import LabPostsFeed
from carelab.posts.forms import PostForm
from carelab.posts.presenters import PostStatus

POSTS_PER_PAGE = 10
TEAM_POSTS_PER_PAGE = 25

post_feed = login_not_required(LabPostsFeed())


@login_not_required
def post_list(request, slug):
    lab = get_lab(slug)
    posts = lab.posts.published().select_related("author")
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "posts/list.jinja",
        {"lab": lab, "page": page, "page_links": pagination(page, request.path)},
    )


@login_not_required
@public_page
def post_detail(request, slug, post_slug):
    lab = get_lab(slug)
    post = get_post_for_reader(request, lab, post_slug)
    context = {
        "lab": lab,
        "post": post,
        "status": PostStatus.of(post),
        "is_team": is_lab_team(request.user, lab),
    }
    context.update(comment_section_context(request, post))
    return render(request, "posts/detail.jinja", context)


@lab_team_required
def team_list(request, slug):
    lab = request.lab
    posts = lab.posts.newest_first()
    page = Paginator(posts, TEAM_POSTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(post, PostStatus.of(post)) for post in page]
    return render(
        request,
        "posts/team_list.jinja",
        {"lab": lab, "page": page, "rows": rows, "page_links": pagination(page, request.path)},
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def post_create(request, slug):
    form = PostForm(request.POST or None, request.FILES or None, lab=request.lab)
    return _post_form_page(request, form)


@lab_team_required
@require_http_methods(["GET", "POST"])
def post_edit(request, slug, pk):
    post = get_post_for_team(request, pk)
    form = PostForm(request.POST or None, request.FILES or None, instance=post, lab=request.lab)
    return _post_form_page(request, form)


def _post_form_page(request, form: PostForm):
    if request.method == "POST" and form.is_valid():
        post = save_post(form, author=request.user)
        status = PostStatus.of(post)
        if status.key == "published":
            messages.success(request, "Post published.")
        else:
            messages.success(request, f"Post saved. {status.notice}.")
        return redirect("posts:detail", request.lab.slug, post.slug)
    return render(
        request,
        "posts/form.jinja",
        {"lab": request.lab, "form": form, "heading": "Edit post" if form.instance.pk else "Write a post"},
    )
