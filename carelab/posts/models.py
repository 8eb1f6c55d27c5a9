from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from carelab.labs.models import Lab

BODY_MAX_LENGTH = 20_000
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
# Paths in the posts URLs that a post's slug must not take.
RESERVED_SLUGS = frozenset({"team", "feed"})
IMAGE_ALT_REQUIRED = "Enter a description of the image for people who cannot see it"


class PostQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def published(self, now=None):
        """Published and due: a post with a future publish date stays hidden until then."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=now or timezone.now()).order_by(
            "-published_at"
        )

    def newest_first(self):
        """Undated drafts first (they are being written), then by publish date, newest first."""
        return self.order_by(models.F("published_at").desc(nulls_first=True), "-created_at", "-pk")


def _image_path(post: "Post", filename: str) -> str:
    """A random file name: the name on someone's computer can say more than they meant to publish."""
    return f"posts/{post.lab.slug}/{uuid4().hex}{PurePath(filename).suffix.lower()}"


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220)
    summary = models.CharField(max_length=300, help_text="One or two sentences shown in lists and feeds.")
    body = models.TextField(
        max_length=BODY_MAX_LENGTH,
        help_text="Markdown. Headings, lists, links, bold and italics are kept; HTML shows as typed, never used.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the post appears. Leave empty to publish now."
    )
    image = models.ImageField(
        upload_to=_image_path,
        blank=True,
        max_length=200,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS)],
    )
    image_alt = models.CharField(
        "image description",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it.",
    )
    comments_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["lab", "slug"], name="post_slug_unique_in_lab")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.lab.slug, self.slug])

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": IMAGE_ALT_REQUIRED})

    def is_visible(self, now=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )
