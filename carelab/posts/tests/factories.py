from datetime import timedelta
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from carelab.accounts.tests.factories import UserFactory
from carelab.labs.tests.factories import LabFactory
from carelab.posts.models import Post


class PostFactory(factory.django.DjangoModelFactory):
    """A published post, due yesterday. PostFactory(draft=True) or (scheduled=True) for the others."""

    class Meta:
        model = Post

    class Params:
        draft = factory.Trait(status=Post.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=7)))

    lab = factory.SubFactory(LabFactory)
    title = factory.Sequence(lambda n: f"Lab update {n}")
    slug = factory.LazyAttribute(lambda post: slugify(post.title))
    summary = "What we learnt from the launch survey."
    body = "We heard from **130 people**.\n\n## What next\n\n* Workshops\n* Interviews"
    author = factory.SubFactory(UserFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


def image_upload(name="photo.png", image_format="PNG", size=(40, 30), exif=None) -> SimpleUploadedFile:
    """A small real image, made with Pillow, as a browser would upload it."""
    buffer = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (0, 94, 184)).save(buffer, format=image_format, **options)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
