from datetime import timedelta

from django.utils import timezone

from carelab.accounts.models import User
from carelab.comments.models import Comment
from carelab.posts.models import Post


def seed_comments(approved: int) -> str:
    """Add `approved` approved comments (a third of them replies) to the demo launch post; return its path."""
    post = Post.objects.get(slug="launching-the-pain-and-mental-health-lab")
    authors = [
        User.objects.get_or_create(email=f"bench{n}@example.org", defaults={"display_name": f"Bench {n}"})[0]
        for n in range(20)
    ]
    now = timezone.now()
    parents = Comment.objects.bulk_create(
        Comment(
            post=post,
            author=authors[n % 20],
            body=f"Benchmark comment {n}. " * 5,
            status=Comment.Status.APPROVED,
            created_at=now - timedelta(minutes=approved - n),
        )
        for n in range(approved - approved // 3)
    )
    Comment.objects.bulk_create(
        Comment(
            post=post,
            parent=parents[n],
            author=authors[(n + 1) % 20],
            body=f"Benchmark reply {n}.",
            status=Comment.Status.APPROVED,
        )
        for n in range(approved // 3)
    )
    return post.get_absolute_url()
