"""Writing and editing posts through the team's form."""

from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from carelab.core.tests.html import parse, text_of
from carelab.posts.forms import IMAGE_NOT_KEPT
from carelab.posts.models import IMAGE_ALT_REQUIRED, Post
from carelab.posts.tests.factories import PostFactory, image_upload
from carelab.posts.tests.test_pages import NASTY_BODY, NASTY_TITLE, assert_nothing_runs

CREATE = "/labs/the-lab/posts/team/new/"


@pytest.fixture
def media(tmp_path, settings):
    """Uploads go to a temporary folder that pytest removes, never to the shared test media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def team_client(cast, client_for):
    return client_for(cast.team)


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def valid_form(**changes) -> dict:
    return {
        "title": "What we heard in September",
        "slug": "",
        "summary": "A summary of the first month.",
        "body": "We **listened**.",
        "status": "published",
        "published_at": "",
        "image_alt": "",
        **changes,
    }


def errors_on(response) -> dict[str, str]:
    """The error summary's messages, keyed by the field each one links to."""
    page = parse(response)
    return {link["href"].lstrip("#"): text_of(link) for link in page.select(".nhsuk-error-summary a")}


def test_the_lab_team_publishes_a_post_and_is_its_author(cast, team_client):
    response = team_client.post(CREATE, valid_form())
    post = Post.objects.get()
    assert response.status_code == 302
    assert response.url == "/labs/the-lab/posts/what-we-heard-in-september/"
    assert post.lab == cast.lab and post.author == cast.team
    assert post.status == Post.Status.PUBLISHED
    assert post.published_at is not None and post.published_at <= timezone.now()
    page = parse(team_client.get(response.url))
    assert "Post published." in text_of(page.select_one(".nhsuk-notification-banner"))


def test_a_draft_keeps_no_publish_date_and_is_hidden(cast, team_client, client):
    team_client.post(CREATE, valid_form(status="draft"))
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT and post.published_at is None
    team_client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_post_with_a_later_publish_date_is_scheduled(cast, team_client):
    team_client.post(CREATE, valid_form(published_at="2099-01-02T09:30"))
    post = Post.objects.get()
    assert timezone.localtime(post.published_at).strftime("%Y-%m-%d %H:%M") == "2099-01-02 09:30"
    assert not post.is_visible()


def test_the_slug_is_made_from_the_title_and_kept_unique_in_the_lab(cast, team_client):
    PostFactory(lab=cast.lab, slug="update")
    PostFactory(lab=cast.other_lab, slug="update-2")
    team_client.post(CREATE, valid_form(title="Update!"))
    assert Post.objects.for_lab(cast.lab).filter(slug="update-2").exists()


@pytest.mark.parametrize("title", ["Team", "feed", "!!!"])
def test_a_title_that_would_clash_with_the_pages_gets_a_safe_slug(cast, team_client, title):
    response = team_client.post(CREATE, valid_form(title=title))
    post = Post.objects.get()
    assert post.slug not in {"team", "feed", ""}
    assert team_client.get(response.url).status_code == 200


def test_a_slug_already_taken_in_the_lab_is_refused_clearly(cast, team_client):
    PostFactory(lab=cast.lab, slug="taken")
    response = team_client.post(CREATE, valid_form(slug="taken"))
    assert response.status_code == 200
    assert errors_on(response) == {
        "id_slug": "Another post in this lab already uses this web address. Choose a different one"
    }
    assert Post.objects.count() == 1


@pytest.mark.parametrize("slug", ["team", "feed"])
def test_a_slug_the_pages_use_is_refused(cast, team_client, slug):
    response = team_client.post(CREATE, valid_form(slug=slug))
    assert "id_slug" in errors_on(response)
    assert not Post.objects.exists()


def test_the_form_shows_every_problem_and_keeps_what_was_typed(cast, team_client):
    response = team_client.post(CREATE, valid_form(title="", body="", summary="Kept summary", status=""))
    assert errors_on(response) == {
        "id_title": "Enter a title",
        "id_body": "Enter the text of the post",
        "id_status": "Select who can see this post",
    }
    page = parse(response)
    assert text_of(page.select_one("title")).startswith("Error:")
    assert page.select_one("#id_summary").get_text() == "Kept summary"
    assert page.select_one("form")["enctype"] == "multipart/form-data"
    assert page.select_one("form").has_attr("novalidate")
    assert not Post.objects.exists()


def test_a_body_over_20000_characters_is_refused_and_kept(cast, team_client):
    too_long = "a" * 20_001
    response = team_client.post(CREATE, valid_form(body=too_long))
    assert errors_on(response) == {"id_body": "Post must be 20,000 characters or fewer. It has 20001 characters"}
    assert parse(response).select_one("#id_body").get_text() == too_long
    assert not Post.objects.exists()


def test_a_body_of_exactly_20000_characters_is_accepted(cast, team_client):
    team_client.post(CREATE, valid_form(body="a" * 20_000))
    assert len(Post.objects.get().body) == 20_000


def test_the_body_box_counts_characters(cast, team_client):
    count = parse(team_client.get(CREATE)).select_one("[data-module=nhsuk-character-count]:has(#id_body)")
    assert count["data-maxlength"] == "20000"


def test_html_typed_into_the_form_is_stored_as_typed_and_never_runs(cast, team_client, client):
    team_client.post(CREATE, valid_form(title=NASTY_TITLE, summary="Summary <b>x</b>", body=NASTY_BODY))
    post = Post.objects.get()
    assert post.title == NASTY_TITLE and post.body == NASTY_BODY
    team_client.logout()
    page = parse(client.get(post.get_absolute_url()))
    assert_nothing_runs(page)
    assert text_of(page.select_one("h1")) == NASTY_TITLE


def test_the_body_hint_says_what_really_happens_to_html(cast, team_client, client):
    hint = text_of(parse(team_client.get(CREATE)).select_one("#id_body-hint"))
    assert "HTML is not used: any tags show as the text you typed." in hint
    assert "removed" not in hint
    team_client.post(CREATE, valid_form(body="Some <b>bold</b> words"))
    page = parse(client.get(Post.objects.get().get_absolute_url()))
    assert "Some <b>bold</b> words" in text_of(page.select_one("main"))
    assert page.select_one("main b") is None


def test_the_edit_form_shows_the_post_and_saves_changes(cast, team_client):
    post = PostFactory(lab=cast.lab, title="Before", slug="before", author=cast.admin, draft=True)
    url = f"/labs/the-lab/posts/team/{post.pk}/edit/"
    page = parse(team_client.get(url))
    assert page.select_one("#id_title")["value"] == "Before"
    assert page.select_one("#id_status").has_attr("checked")

    response = team_client.post(url, valid_form(title="After", slug="before", status="published"))
    post.refresh_from_db()
    assert response.url == "/labs/the-lab/posts/before/"
    assert post.title == "After" and post.status == Post.Status.PUBLISHED and post.is_visible()
    assert post.author == cast.admin  # editing does not change who wrote it


def test_editing_keeps_a_post_its_own_slug(cast, team_client):
    post = PostFactory(lab=cast.lab, slug="mine")
    team_client.post(f"/labs/the-lab/posts/team/{post.pk}/edit/", valid_form(slug="mine"))
    post.refresh_from_db()
    assert post.slug == "mine"


def test_an_existing_publish_date_is_shown_ready_to_edit(cast, team_client):
    when = timezone.make_aware(timezone.datetime(2026, 9, 3, 14, 5))
    post = PostFactory(lab=cast.lab, published_at=when)
    page = parse(team_client.get(f"/labs/the-lab/posts/team/{post.pk}/edit/"))
    assert page.select_one("#id_published_at")["value"] == "2026-09-03T14:05"
    assert page.select_one("#id_published_at")["type"] == "datetime-local"


# Images


def test_a_post_can_have_an_image_with_a_description(cast, team_client, client, media):
    team_client.post(CREATE, valid_form(image=image_upload(), image_alt="A blue square"))
    post = Post.objects.get()
    assert post.image.name.startswith("posts/the-lab/") and post.image.name.endswith(".png")
    assert "photo" not in post.image.name  # the uploaded file name is not published
    assert len(stored_files(media)) == 1
    img = parse(client.get(post.get_absolute_url())).select_one("#post img")
    assert img["src"] == post.image.url and img["alt"] == "A blue square"


def test_an_image_without_a_description_is_refused_and_nothing_is_stored(cast, team_client, media):
    response = team_client.post(CREATE, valid_form(image=image_upload()))
    assert errors_on(response) == {"id_image": IMAGE_NOT_KEPT, "id_image_alt": IMAGE_ALT_REQUIRED}
    assert not Post.objects.exists()
    assert stored_files(media) == []
    page = parse(response)
    assert page.select_one("#id_title")["value"] == "What we heard in September"


def test_a_file_that_is_not_an_image_is_refused(cast, team_client, media):
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)></svg>", content_type="image/png")
    response = team_client.post(CREATE, valid_form(image=fake, image_alt="x"))
    assert errors_on(response) == {"id_image": "The selected file must be a JPG, PNG, WEBP or GIF image"}
    assert stored_files(media) == []


def test_an_image_format_we_do_not_accept_is_refused(cast, team_client, media):
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="TIFF")
    tiff = SimpleUploadedFile("scan.tiff", buffer.getvalue(), content_type="image/tiff")
    response = team_client.post(CREATE, valid_form(image=tiff, image_alt="A scan"))
    assert errors_on(response) == {"id_image": "The selected file must be a JPG, PNG, WEBP or GIF image"}
    assert stored_files(media) == []


def test_an_image_over_5_mb_is_refused(cast, team_client, media):
    big = image_upload()
    big.file.seek(0, 2)
    big.file.write(b"\0" * (5 * 1024 * 1024))
    big.size = big.file.tell()
    big.file.seek(0)
    response = team_client.post(CREATE, valid_form(image=big, image_alt="x"))
    assert errors_on(response) == {"id_image": "The selected file must be smaller than 5 MB"}
    assert stored_files(media) == []


def test_where_a_photo_was_taken_is_removed_before_it_is_stored(cast, team_client, media):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    team_client.post(CREATE, valid_form(image=image_upload("me.jpg", "JPEG", exif=exif), image_alt="A photo"))
    with Image.open(Post.objects.get().image.path) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}


def test_an_existing_image_needs_its_description_kept(cast, team_client, media):
    team_client.post(CREATE, valid_form(image=image_upload(), image_alt="A blue square"))
    post = Post.objects.get()
    response = team_client.post(f"/labs/the-lab/posts/team/{post.pk}/edit/", valid_form(slug=post.slug))
    assert errors_on(response) == {"id_image_alt": IMAGE_ALT_REQUIRED}
    page = parse(response)
    assert page.select_one("#current-image img")["src"] == post.image.url


def test_removing_the_image_deletes_the_file(cast, team_client, media, django_capture_on_commit_callbacks):
    team_client.post(CREATE, valid_form(image=image_upload(), image_alt="A blue square"))
    post = Post.objects.get()
    edit = f"/labs/the-lab/posts/team/{post.pk}/edit/"
    assert parse(team_client.get(edit)).select_one("input[name=remove_image]")
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(edit, valid_form(slug=post.slug, remove_image="on"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert not post.image
    assert stored_files(media) == []


def test_choosing_a_new_image_replaces_the_old_file(cast, team_client, media, django_capture_on_commit_callbacks):
    team_client.post(CREATE, valid_form(image=image_upload(), image_alt="First"))
    post = Post.objects.get()
    first_name = post.image.name
    with django_capture_on_commit_callbacks(execute=True):
        team_client.post(
            f"/labs/the-lab/posts/team/{post.pk}/edit/",
            valid_form(slug=post.slug, image=image_upload("second.gif", "GIF"), image_alt="Second"),
        )
    post.refresh_from_db()
    assert post.image.name != first_name and post.image.name.endswith(".gif")
    assert [path.name for path in stored_files(media)] == [Path(post.image.name).name]


def test_the_remove_image_box_only_appears_when_there_is_an_image(cast, team_client):
    post = PostFactory(lab=cast.lab)
    page = parse(team_client.get(f"/labs/the-lab/posts/team/{post.pk}/edit/"))
    assert page.select_one("input[name=remove_image]") is None


def test_a_scheduled_post_published_later_keeps_its_date(cast, team_client):
    later = timezone.now() + timedelta(days=3)
    post = PostFactory(lab=cast.lab, published_at=later)
    stamp = timezone.localtime(later).strftime("%Y-%m-%dT%H:%M")
    team_client.post(f"/labs/the-lab/posts/team/{post.pk}/edit/", valid_form(slug=post.slug, published_at=stamp))
    post.refresh_from_db()
    assert timezone.localtime(post.published_at).strftime("%Y-%m-%dT%H:%M") == stamp


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("2031-03-30T01:30", "The clocks go forward at 1am on 30 March 2031, so 1:30am does not exist that day."),
        ("2031-10-26T01:15", "The clocks go back at 2am on 26 October 2031, so 1:15am happens twice that day."),
    ],
)
def test_a_publish_time_in_an_hour_the_clocks_skip_or_repeat_is_refused_as_events_refuse_it(
    cast, team_client, typed, problem
):
    errors = errors_on(team_client.post(CREATE, valid_form(published_at=typed)))
    assert errors["id_published_at"] == f"{problem} Choose a time before 1am or from 2am"
    assert not Post.objects.exists()


def test_a_publish_time_either_side_of_the_autumn_change_is_kept_as_typed(cast, team_client):
    team_client.post(CREATE, valid_form(published_at="2031-10-26T02:00"))
    assert Post.objects.get().published_at == datetime(2031, 10, 26, 2, 0, tzinfo=UTC)
