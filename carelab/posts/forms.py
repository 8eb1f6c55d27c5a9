from io import BytesIO

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageOps

from carelab.core.forms import UKDateTimeField
from carelab.labs.models import Lab
from carelab.lib.markdown import HTML_HINT
from carelab.posts.models import BODY_MAX_LENGTH, RESERVED_SLUGS, Post

IMAGE_MAX_BYTES = 5 * 1024 * 1024
# Pillow's name for each format we accept, and the file extension we store it under.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
IMAGE_NOT_KEPT = "Choose the image again. Files are not kept when something on the page needs correcting"


def image_without_metadata(upload: UploadedFile) -> ContentFile:
    """The picture alone: photos can carry where and when they were taken, which a post should not publish.

    Still images are saved afresh without their metadata, turned the right way up first.
    Animated images are kept as they are.
    """
    upload.seek(0)
    with Image.open(upload) as picture:
        image_format = picture.format
        extension = IMAGE_FORMATS[image_format]
        if getattr(picture, "is_animated", False) or image_format == "GIF":
            upload.seek(0)
            return ContentFile(upload.read(), name=f"image.{extension}")
        upright = ImageOps.exif_transpose(picture)
        options = {"icc_profile": picture.info.get("icc_profile")} if picture.info.get("icc_profile") else {}
        if image_format in {"JPEG", "WEBP"}:
            options["quality"] = 90
        if image_format == "JPEG" and upright.mode not in {"RGB", "L", "CMYK"}:
            upright = upright.convert("RGB")
        output = BytesIO()
        upright.save(output, format=image_format, **options)
    return ContentFile(output.getvalue(), name=f"image.{extension}")


class PostForm(forms.ModelForm):
    """The lab team's form for writing and editing a post."""

    slug = forms.SlugField(
        label="Web address (optional)",
        required=False,
        max_length=220,
        help_text=(
            "The last part of the post's web address. Use lower-case letters, numbers and hyphens. "
            "Leave empty to make one from the title."
        ),
        error_messages={"invalid": "Web address must only include lower-case letters, numbers and hyphens"},
    )
    published_at = UKDateTimeField(
        label="Publish date and time (optional)",
        required=False,
        help_text="Leave empty to publish straight away. A post with a later date stays hidden until then.",
        error_messages={"invalid": "Enter the publish date and time as a real date and time, or leave it empty"},
    )
    image = forms.ImageField(
        label="Choose an image (optional)",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text="A JPG, PNG, WEBP or GIF file smaller than 5 MB.",
        error_messages={
            "invalid_image": "The selected file must be a JPG, PNG, WEBP or GIF image",
            "invalid": "The selected file must be a JPG, PNG, WEBP or GIF image",
            "empty": "The selected file is empty",
        },
    )
    remove_image = forms.BooleanField(label="Remove the image", required=False)

    class Meta:
        model = Post
        fields = ["title", "slug", "summary", "body", "status", "published_at", "image", "image_alt"]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "body": "Post",
            "status": "Who can see this post?",
            "image_alt": "Image description",
        }
        help_texts = {
            "summary": "One or two sentences, shown in lists of posts and in the feed.",
            "body": (
                "You can use Markdown: ## for a heading, * for a list, **bold**, *italics* and [links](https://…). "
                f"{HTML_HINT}"
            ),
            "image_alt": (
                "Describe what the image shows for people who cannot see it. Needed when the post has an image."
            ),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 20}),
            "status": forms.RadioSelect,
        }
        error_messages = {
            "title": {
                "required": "Enter a title",
                "max_length": "Title must be 200 characters or fewer",
            },
            "summary": {
                "required": "Enter a summary",
                "max_length": "Summary must be 300 characters or fewer",
            },
            "body": {
                "required": "Enter the text of the post",
                "max_length": (
                    f"Post must be {BODY_MAX_LENGTH:,} characters or fewer. It has %(show_value)d characters"
                ),
            },
            "status": {"required": "Select who can see this post"},
            "image_alt": {"max_length": "Image description must be 250 characters or fewer"},
        }

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.instance.lab = lab
        self.original_image_name = self.instance.image.name or ""
        self.fields["status"].choices = [
            (Post.Status.DRAFT, "Draft – only the lab team can see it"),
            (Post.Status.PUBLISHED, "Published – anyone can read it from the publish date"),
        ]
        if not self.original_image_name:
            del self.fields["remove_image"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):
            return image  # nothing new was chosen: keep what the post has
        if image.size > IMAGE_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        if getattr(image, "image", None) is None or image.image.format not in IMAGE_FORMATS:
            raise forms.ValidationError("The selected file must be a JPG, PNG, WEBP or GIF image")
        return image_without_metadata(image)

    def clean(self):
        data = super().clean()
        self._clean_slug(data)
        if data.get("status") == Post.Status.PUBLISHED and not data.get("published_at") and "published_at" in data:
            data["published_at"] = timezone.now()
        if data.get("remove_image") and not isinstance(data.get("image"), ContentFile):
            data["image"] = False  # clears the field when the form is saved
        return data

    def full_clean(self):
        super().full_clean()
        # A browser cannot fill a file box in again, so a chosen image is lost when the page comes back.
        if self.is_bound and self._errors and self.files.get("image") and "image" not in self._errors:
            self.add_error("image", IMAGE_NOT_KEPT)

    def _clean_slug(self, data: dict) -> None:
        if "slug" not in data:
            return  # the slug itself was not valid; its error is already shown
        others = Post.objects.for_lab(self.lab).exclude(pk=self.instance.pk)
        slug = data["slug"].lower()
        if slug:
            if slug in RESERVED_SLUGS:
                self.add_error("slug", f"Web address cannot be “{slug}”. Choose a different one")
            elif others.filter(slug=slug).exists():
                self.add_error("slug", "Another post in this lab already uses this web address. Choose a different one")
            else:
                data["slug"] = slug
            return
        if data.get("title"):
            data["slug"] = _unique_slug(data["title"], others)

    @property
    def has_image(self) -> bool:
        return bool(self.original_image_name)

    @property
    def original_image_url(self) -> str:
        """The post's saved image, even while the form holds a new choice or a removal."""
        return self.instance.image.storage.url(self.original_image_name) if self.original_image_name else ""


def _unique_slug(title: str, others) -> str:
    """A slug from the title that no other post of the lab uses: 'title', then 'title-2', 'title-3'…"""
    base = slugify(title)[:200].strip("-") or "post"
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
