"""Posts a person wrote for a lab, for "Your data" (carelab/core/your_data.py)."""

from carelab.core.your_data import Privacy, Section
from carelab.posts.models import Post


def sections(user) -> list[Section]:
    posts = Post.objects.filter(author=user).select_related("lab").order_by("created_at", "pk")
    return [
        Section(
            key="posts",
            title="Posts you wrote",
            on_deletion=(
                "Kept for the lab's records without your name: each post stays on the lab's pages, with no author."
            ),
            kept_after_deletion=True,
            records=[
                [
                    ("Lab", post.lab.title),
                    ("Title", post.title),
                    ("Summary", post.summary),
                    ("Status", post.get_status_display()),
                    ("Published", post.published_at),
                    ("Written", post.created_at),
                    ("Last changed", post.updated_at),
                ]
                for post in posts
            ],
        )
    ]


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("posts",),
            title="Posts written by the lab team",
            held="Each post a lab-team member wrote, with their name as its author.",
            why="To share the lab's news and learning. This is in the lab's legitimate interests.",
            who_sees="Everyone, once a post is published; drafts only the lab team.",
            kept_for=(
                "As long as the lab keeps the post. If the author deletes their account, the post stays without a name."
            ),
            your_choices=(
                "Edit the posts you wrote while you are in the lab team. Deleting your account removes your name."
            ),
        )
    ]
