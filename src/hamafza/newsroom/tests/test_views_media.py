"""Photos and attachments from the story page: added and removed by those who may edit the
story; refusals change nothing."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hamafza.newsroom.models import Story, StoryAttachment, StoryPhoto
from hamafza.newsroom.tests.factories import StoryFactory, unchanged

S = Story.Status


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(name: str = "photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")


@pytest.fixture
def draft(net):
    return StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)


def add_photo(client, story, **fields):
    data = {"photo-image": jpeg(), "photo-alt_text": "کودکان در کلاس", **fields}
    return client.post(reverse("newsroom:story_photo_add", args=[story.pk]), data)


def test_the_author_adds_and_removes_a_photo(client, net, draft):
    client.force_login(net.tehran_reporter)
    response = add_photo(client, draft, **{"photo-caption": "کلاس", "photo-credit": "روابط عمومی"})
    assert response.status_code == 302
    photo = StoryPhoto.objects.get(story=draft)
    assert photo.alt_text == "کودکان در کلاس"
    html = client.get(reverse("newsroom:story", args=[draft.pk])).content.decode()
    assert 'alt="کودکان در کلاس"' in html
    preview = client.get(reverse("newsroom:story_preview", args=[draft.pk])).content.decode()
    assert photo.medium.url in preview
    response = client.post(reverse("newsroom:story_photo_delete", args=[draft.pk, photo.pk]))
    assert response.status_code == 302
    assert not StoryPhoto.objects.exists()


def test_a_photo_without_alt_text_is_refused_with_the_reason(client, net, draft):
    client.force_login(net.tehran_reporter)
    with unchanged():
        response = add_photo(client, draft, **{"photo-alt_text": ""})
    assert response.status_code == 400
    assert not StoryPhoto.objects.exists()
    assert "عکس افزوده نشد" in response.content.decode()


def test_a_file_that_is_not_a_photo_is_refused(client, net, draft):
    client.force_login(net.tehran_reporter)
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    with unchanged():
        response = add_photo(client, draft, **{"photo-image": fake})
    assert response.status_code == 400
    assert "فقط عکس‌های JPEG، PNG و WebP پذیرفته می‌شوند." in response.content.decode()


def test_attachments_are_added_and_removed(client, net, draft):
    client.force_login(net.tehran_editor)
    response = client.post(
        reverse("newsroom:story_attachment_add", args=[draft.pk]),
        {"attachment-file": pdf(), "attachment-title": "گزارش کامل"},
    )
    assert response.status_code == 302
    attachment = StoryAttachment.objects.get(story=draft)
    assert attachment.title == "گزارش کامل"
    url = reverse("newsroom:story_attachment_delete", args=[draft.pk, attachment.pk])
    assert client.post(url).status_code == 302
    assert not StoryAttachment.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("tehran_viewer", S.DRAFT, 403),
        ("tehran_reporter", S.SUBMITTED, 403),
        ("isfahan_editor", S.DRAFT, 404),
        ("isfahan_editor", S.PUBLISHED, 403),
    ],
)
def test_media_changes_refused(client, net, persona, status, expected):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    photo = StoryPhoto.objects.create(
        story=story, image="stories/x.jpg", alt_text="الف", width=1, height=1
    )
    attachment = StoryAttachment.objects.create(story=story, file="stories/x.pdf", title="ب")
    client.force_login(getattr(net, persona))
    with unchanged():
        assert add_photo(client, story).status_code == expected
        response = client.post(
            reverse("newsroom:story_attachment_add", args=[story.pk]),
            {"attachment-file": pdf(), "attachment-title": "پ"},
        )
        assert response.status_code == expected
        url = reverse("newsroom:story_photo_delete", args=[story.pk, photo.pk])
        assert client.post(url).status_code == expected
        url = reverse("newsroom:story_attachment_delete", args=[story.pk, attachment.pk])
        assert client.post(url).status_code == expected
    assert StoryPhoto.objects.count() == 1
    assert StoryAttachment.objects.count() == 1


def test_a_photo_of_another_story_is_404(client, net, draft):
    other = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)
    photo = StoryPhoto.objects.create(
        story=other, image="stories/x.jpg", alt_text="الف", width=1, height=1
    )
    client.force_login(net.tehran_reporter)
    url = reverse("newsroom:story_photo_delete", args=[draft.pk, photo.pk])
    assert client.post(url).status_code == 404
    assert StoryPhoto.objects.filter(pk=photo.pk).exists()
