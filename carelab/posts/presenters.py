"""Display values for posts pages, kept out of templates so they can be tested."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page
from django.utils import timezone

from carelab.config.jinja2 import format_date
from carelab.posts.models import Post


@dataclass(frozen=True)
class PostStatus:
    """Where a post stands for the lab team: 'draft', 'scheduled' or 'published'."""

    key: str
    tag_text: str
    tag_colour: str
    notice: str  # shown on the post's page to the team while the public cannot see it

    @classmethod
    def of(cls, post: Post, now: datetime | None = None) -> "PostStatus":
        now = now or timezone.now()
        if post.status == Post.Status.DRAFT:
            return cls("draft", "Draft", "grey", "Draft – only the lab team can see this")
        if post.published_at and post.published_at > now:
            when = format_date(post.published_at, "datetime")
            return cls(
                "scheduled",
                "Scheduled",
                "blue",
                f"Scheduled for {when} – only the lab team can see this until then",
            )
        return cls("published", "Published", "green", "")


def pagination(page: Page, path: str, window: int = 1) -> dict | None:
    """Parameters for the NHS.UK pagination component, or None when everything fits on one page.

    Shows the first and last pages, the current page and `window` pages either side of it,
    with an ellipsis for each gap.
    """
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None

    def href(number: int) -> str:
        return path if number == 1 else f"{path}?page={number}"

    shown = {1, paginator.num_pages, *range(page.number - window, page.number + window + 1)}
    items: list[dict] = []
    previous = 0
    for number in sorted(n for n in shown if 1 <= n <= paginator.num_pages):
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
        previous = number
    params: dict = {"items": items}
    if page.has_previous():
        params["previous"] = {"href": href(page.previous_page_number())}
    if page.has_next():
        params["next"] = {"href": href(page.next_page_number())}
    return params
