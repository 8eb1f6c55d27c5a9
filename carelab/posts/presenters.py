"""Display values for posts pages, kept out of templates so they can be tested."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from carelab.core.presenters import format_date
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
