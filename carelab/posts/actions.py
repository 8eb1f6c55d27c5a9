"""Writes to posts that have side effects beyond the one row."""

from django.db import transaction

from carelab.posts.forms import PostForm
from carelab.posts.models import Post


def save_post(form: PostForm, *, author) -> Post:
    """Save a valid post form. A new post is credited to `author`.

    A replaced or removed image file is deleted once the change is committed, so
    pictures the team took down do not stay on the server.
    """
    old_image = form.original_image_name
    with transaction.atomic():
        post = form.save(commit=False)
        if post.pk is None:
            post.author = author
            post.save()
        else:
            post.save(update_fields=[*form.Meta.fields, "updated_at"])
        if old_image and post.image.name != old_image:
            storage = post.image.storage
            transaction.on_commit(lambda: storage.delete(old_image))
    return post
