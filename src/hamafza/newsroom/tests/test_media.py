"""Story photos and attachments (newsroom.media): what is stored, what is stripped, what is
refused, and that every refusal leaves no row, no audit entry and no file behind."""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from hamafza.common.models import AuditEntry
from hamafza.newsroom import media
from hamafza.newsroom.models import Story, StoryAttachment, StoryPhoto
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.models import Role
from hamafza.org.tests.factories import MembershipFactory

S = Story.Status


@dataclass
class Desk:
    editor: Any
    story: Story


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def story(net: Any) -> Story:
    return StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)


@pytest.fixture
def desk(db: None) -> Desk:
    """One unit, its editor and a draft: enough for the tables of accepted and refused files,
    without building the whole network for each row."""
    editor = MembershipFactory.create(role=Role.EDITOR).user
    unit = editor.memberships.get().unit
    return Desk(editor=editor, story=StoryFactory.create(unit=unit, created_by=editor))


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def media_state(root: Path) -> dict[str, Any]:
    return {
        "photos": list(StoryPhoto.objects.order_by("pk").values()),
        "attachments": list(StoryAttachment.objects.order_by("pk").values()),
        "stories": list(Story.objects.order_by("pk").values("pk", "version", "updated_at")),
        "audit": AuditEntry.objects.count(),
        "files": files_under(root),
    }


@contextmanager
def refused(root: Path, exception: type[Exception], message: str = "") -> Iterator[Any]:
    """Assert the block raises ``exception`` (a ValidationError saying ``message``) and leaves
    rows, audit log and files unchanged."""
    before = media_state(root)
    with pytest.raises(exception) as caught:
        yield caught
    if message:
        assert isinstance(caught.value, ValidationError)
        assert message in " ".join(caught.value.messages)
    assert media_state(root) == before


# --- Building uploads ----------------------------------------------------------------------


def image_bytes(
    size: tuple[int, int] = (300, 200), fmt: str = "JPEG", mode: str = "RGB", **save: Any
) -> bytes:
    image = Image.new(mode, size, "red" if mode in ("RGB", "RGBA") else 128)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: where the photo was taken, with what, which way up."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (35.0, 41.0, 50.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (51.0, 25.0, 0.0)
    return exif


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height``: the size check must refuse it
    before decoding anything."""
    data = bytearray(image_bytes((1, 1), "PNG", mode="L"))
    data[16:24] = struct.pack(">II", width, height)  # IHDR width and height
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def zip_bytes(entries: dict[str, bytes], *, prefix: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    buffer.write(prefix)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
PPTX = zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
ODT = zip_bytes(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def stored(field_file: Any) -> Image.Image:
    with field_file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


# --- Photos --------------------------------------------------------------------------------


def test_a_photo_is_stored_with_its_renditions_and_an_audit_row(net, story, media_root):
    photo = media.story_photo_add(
        actor=net.tehran_reporter,
        story=story,
        image=upload(image_bytes((2600, 1300)), "عکس مراسم.jpg"),
        caption="  مراسم   روز جهانی معلولان ",
        credit="عکاس: مریم احمدی",
        alt_text="سالن همایش با حضور مددجویان و خانواده‌ها",
    )
    photo.refresh_from_db()
    assert photo.story == story
    assert photo.caption == "مراسم روز جهانی معلولان"
    assert photo.alt_text == "سالن همایش با حضور مددجویان و خانواده‌ها"
    assert (photo.width, photo.height) == (2400, 1200)
    sizes = {name: stored(getattr(photo, name)).size for name in ("image", "medium", "thumb")}
    assert sizes == {"image": (2400, 1200), "medium": (1200, 600), "thumb": (400, 200)}
    for name in ("image", "medium", "thumb"):
        field_file = getattr(photo, name)
        assert field_file.name.startswith(f"stories/{story.pk}/")
        assert field_file.name.endswith(".jpg")
        assert stored(field_file).format == "JPEG"
        # The uploaded name (Persian, maybe revealing) is not reused on disk.
        assert "مراسم" not in field_file.name
    assert len(files_under(media_root)) == 3
    entry = AuditEntry.objects.get(action="newsroom.story.photo_add")
    assert entry.actor == net.tehran_reporter
    assert entry.object_id == str(story.pk)
    assert entry.unit_id == net.tehran.pk
    # A photo is not a revision of the story's text: its version does not move.
    story.refresh_from_db()
    assert story.version == 1


def test_exif_with_the_gps_position_is_stripped_and_orientation_applied(net, story):
    original = image_bytes((60, 40), exif=camera_exif(orientation=6))
    with Image.open(io.BytesIO(original)) as source:  # the upload really carries them
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert source.getexif()[ExifTags.Base.Make] == "PhoneMaker"
    photo = media.story_photo_add(
        actor=net.tehran_reporter, story=story, image=upload(original), alt_text="تصویر"
    )
    for name in ("image", "medium", "thumb"):
        field_file = getattr(photo, name)
        image = stored(field_file)
        assert len(image.getexif()) == 0
        assert "exif" not in image.info
        assert "xmp" not in image.info
        with field_file.open("rb") as handle:
            raw = handle.read()
        assert b"Exif" not in raw
        assert b"PhoneMaker" not in raw
        # Orientation 6 means "turn 90°": the stored photo is upright, portrait.
        assert image.size == (40, 60)


def test_png_and_webp_are_accepted_and_transparency_is_flattened(net, story):
    png = media.story_photo_add(
        actor=net.tehran_reporter,
        story=story,
        image=upload(image_bytes((50, 50), "PNG", mode="RGBA"), "logo.png"),
        alt_text="نشان سازمان",
    )
    webp = media.story_photo_add(
        actor=net.tehran_reporter,
        story=story,
        image=upload(image_bytes((50, 30), "WEBP"), "banner.webp"),
        alt_text="بنر",
    )
    assert stored(png.image).mode == "RGB"
    assert stored(png.image).format == "JPEG"
    assert (webp.width, webp.height) == (50, 30)
    # Small photos are never enlarged; new photos go last.
    assert stored(webp.thumb).size == (50, 30)
    assert [p.pk for p in story.photos.all()] == [png.pk, webp.pk]
    assert (png.position, webp.position) == (0, 1)


def test_a_blank_alt_text_is_refused(net, story, media_root):
    with refused(media_root, ValidationError) as caught:
        media.story_photo_add(
            actor=net.tehran_reporter, story=story, image=upload(image_bytes()), alt_text="   "
        )
    assert "alt_text" in caught.value.message_dict
    assert "متن جایگزین" in caught.value.message_dict["alt_text"][0]


@pytest.mark.parametrize(
    ("field", "value"), [("alt_text", "ب" * 301), ("caption", "ز" * 501), ("credit", "ع" * 201)]
)
def test_overlong_texts_are_refused(net, story, media_root, field, value):
    texts = {"alt_text": "عکس", field: value}
    with refused(media_root, ValidationError) as caught:
        media.story_photo_add(
            actor=net.tehran_reporter, story=story, image=upload(image_bytes()), **texts
        )
    assert field in caught.value.message_dict


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (PDF, "photo.jpg"),  # not an image at all, whatever its name
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "x.svg"),
        (image_bytes((20, 20), "GIF", mode="P"), "anim.gif"),
        (image_bytes((20, 20), "BMP"), "scan.bmp"),
    ],
)
def test_only_jpeg_png_and_webp_are_accepted(desk, media_root, content, name):
    with refused(media_root, ValidationError, message="JPEG، PNG و WebP"):
        media.story_photo_add(
            actor=desk.editor, story=desk.story, image=upload(content, name), alt_text="عکس"
        )


@pytest.mark.parametrize(
    "content",
    [
        png_claiming(8_000, 8_000),  # 64 megapixels: over our limit
        png_claiming(10_000, 10_000),  # over Pillow's own decompression-bomb threshold
        png_claiming(30_000, 30_000),  # far over it
    ],
)
def test_huge_dimensions_are_refused_before_decoding(desk, media_root, content):
    assert len(content) < 100  # the file is tiny: only its header claims the size
    with refused(media_root, ValidationError, message="مگاپیکسل"):
        media.story_photo_add(
            actor=desk.editor, story=desk.story, image=upload(content, "x.png"), alt_text="x"
        )


def test_a_file_over_15_mb_is_refused(net, story, media_root):
    big = upload(b"\xff\xd8" + b"\0" * media.PHOTO_MAX_BYTES)
    with refused(media_root, ValidationError, message="مگابایت"):
        media.story_photo_add(actor=net.tehran_reporter, story=story, image=big, alt_text="x")


def test_a_damaged_photo_is_refused(net, story, media_root):
    damaged = image_bytes((400, 300))[:300]
    with refused(media_root, ValidationError, message="خراب"):
        media.story_photo_add(
            actor=net.tehran_reporter, story=story, image=upload(damaged), alt_text="x"
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("isfahan_editor", S.DRAFT),  # another unit's unpublished story
        ("tehran_viewer", S.DRAFT),  # sees it, may not write
        ("shemiranat_reporter", S.DRAFT),  # below the story's unit
        ("outsider", S.DRAFT),
        ("tehran_reporter", S.SUBMITTED),  # its author, once it went to the editors
        ("tehran_reporter", S.PUBLISHED),
        ("isfahan_editor", S.PUBLISHED),  # sees it, but edits only their own line's
    ],
)
def test_who_may_not_edit_the_story_may_not_add_photos(net, media_root, persona, status):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=status)
    with refused(media_root, PermissionDenied):
        media.story_photo_add(
            actor=getattr(net, persona), story=story, image=upload(image_bytes()), alt_text="x"
        )


def test_a_story_that_moved_on_is_checked_as_it_is_now(net, story, media_root):
    stale = Story.objects.get(pk=story.pk)  # what the reporter's page loaded
    Story.objects.filter(pk=story.pk).update(status=S.SUBMITTED)
    with refused(media_root, PermissionDenied):
        media.story_photo_add(
            actor=net.tehran_reporter, story=stale, image=upload(image_bytes()), alt_text="x"
        )


def test_editors_above_the_unit_may_add_photos_to_a_published_story(net, media_root):
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=S.PUBLISHED
    )
    photo = media.story_photo_add(
        actor=net.tehran_editor, story=story, image=upload(image_bytes()), alt_text="x"
    )
    assert photo.story == story


def test_a_failure_after_the_files_were_written_removes_them(net, story, media_root, monkeypatch):
    def broken_audit(**kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(media, "audit_log", broken_audit)
    with refused(media_root, RuntimeError):
        media.story_photo_add(
            actor=net.tehran_reporter, story=story, image=upload(image_bytes()), alt_text="x"
        )
    assert files_under(media_root) == []


def test_a_photo_is_deleted_with_its_files(
    net, story, media_root, django_capture_on_commit_callbacks
):
    photo = media.story_photo_add(
        actor=net.tehran_reporter, story=story, image=upload(image_bytes()), alt_text="x"
    )
    assert len(files_under(media_root)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        media.story_photo_delete(actor=net.tehran_editor, photo=photo)
    assert not StoryPhoto.objects.exists()
    assert files_under(media_root) == []
    entry = AuditEntry.objects.get(action="newsroom.story.photo_delete")
    assert entry.actor == net.tehran_editor
    assert entry.summary == "x"


@pytest.mark.parametrize("persona", ["isfahan_editor", "tehran_viewer", "shemiranat_reporter"])
def test_who_may_not_edit_the_story_may_not_delete_photos(net, story, media_root, persona):
    photo = media.story_photo_add(
        actor=net.tehran_reporter, story=story, image=upload(image_bytes()), alt_text="x"
    )
    with refused(media_root, PermissionDenied):
        media.story_photo_delete(actor=getattr(net, persona), photo=photo)


# --- Attachments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("گزارش عملکرد.pdf", PDF),
        ("صورت‌جلسه.docx", DOCX),
        ("آمار.xlsx", XLSX),
        ("ارائه.pptx", PPTX),
        ("متن.odt", ODT),
        ("عکس‌ها.zip", zip_bytes({"a.jpg": b"..."})),
        ("بیانیه.txt", "متن بیانیه به فارسی\n".encode()),
        ("قدیمی.txt", "خبر استان تهران".encode("cp1256")),
        ("utf16.txt", "سلام".encode("utf-16")),
        ("UPPER.PDF", PDF),
    ],
)
def test_allowed_attachments_are_stored(desk, name, content):
    story = desk.story
    attachment = media.story_attachment_add(
        actor=desk.editor, story=story, file=upload(content, name), title="سند"
    )
    attachment.refresh_from_db()
    assert attachment.title == "سند"
    assert attachment.size == len(content)
    stored_name = attachment.file.name or ""
    assert stored_name.startswith(f"stories/{story.pk}/files/")
    assert stored_name.endswith(Path(name).suffix.lower())
    with attachment.file.open("rb") as handle:
        assert handle.read() == content
    entry = AuditEntry.objects.get(action="newsroom.story.attachment_add")
    assert entry.summary == "سند"
    assert entry.actor == desk.editor
    assert entry.unit_id == story.unit_id
    story.refresh_from_db()
    assert story.version == 1


def test_a_blank_title_becomes_the_file_name(net, story):
    attachment = media.story_attachment_add(
        actor=net.tehran_reporter, story=story, file=upload(PDF, "گزارش سالانه ۱۴۰۳.pdf"), title=""
    )
    assert attachment.title == "گزارش سالانه ۱۴۰۳"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "پذیرفته نمی‌شود"),
        ("page.html", b"<script>alert(1)</script>", "پذیرفته نمی‌شود"),
        ("no-extension", PDF, "پذیرفته نمی‌شود"),
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "جور نیست"),  # a renamed executable
        ("letter.docx", zip_bytes({"a.txt": b"x"}), "جور نیست"),  # a ZIP, not a document
        ("letter.docx", PDF, "جور نیست"),
        ("sheet.xlsx", DOCX, "جور نیست"),
        ("text.odt", zip_bytes({"mimetype": b"application/epub+zip"}), "جور نیست"),
        ("bundle.zip", zip_bytes({"a": b"x"}, prefix=b"MZ\x90\x00" * 64), "جور نیست"),
        ("bundle.zip", b"PK\x03\x04 but not really an archive", "جور نیست"),
        ("notes.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "جور نیست"),
        ("empty.pdf", b"", "خالی"),
    ],
)
def test_other_types_and_mismatched_contents_are_refused(desk, media_root, name, content, message):
    with refused(media_root, ValidationError, message=message) as caught:
        media.story_attachment_add(
            actor=desk.editor, story=desk.story, file=upload(content, name), title="x"
        )
    assert "file" in caught.value.message_dict


def test_an_attachment_over_20_mb_is_refused(net, story, media_root):
    big = upload(b"%PDF-" + b"0" * media.ATTACHMENT_MAX_BYTES, "big.pdf")
    with refused(media_root, ValidationError, message="۲۰ مگابایت"):
        media.story_attachment_add(actor=net.tehran_reporter, story=story, file=big, title="x")


def test_an_overlong_title_is_refused(net, story, media_root):
    with refused(media_root, ValidationError) as caught:
        media.story_attachment_add(
            actor=net.tehran_reporter, story=story, file=upload(PDF, "a.pdf"), title="ع" * 201
        )
    assert "title" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["isfahan_editor", "tehran_viewer", "outsider"])
def test_who_may_not_edit_the_story_may_not_attach(net, story, media_root, persona):
    with refused(media_root, PermissionDenied):
        media.story_attachment_add(
            actor=getattr(net, persona), story=story, file=upload(PDF, "a.pdf"), title="x"
        )


def test_an_attachment_is_deleted_with_its_file(
    net, story, media_root, django_capture_on_commit_callbacks
):
    attachment = media.story_attachment_add(
        actor=net.tehran_reporter, story=story, file=upload(PDF, "a.pdf"), title="سند"
    )
    with refused(media_root, PermissionDenied):
        media.story_attachment_delete(actor=net.isfahan_editor, attachment=attachment)
    with django_capture_on_commit_callbacks(execute=True):
        media.story_attachment_delete(actor=net.tehran_reporter, attachment=attachment)
    assert not StoryAttachment.objects.exists()
    assert files_under(media_root) == []
    assert AuditEntry.objects.filter(action="newsroom.story.attachment_delete").count() == 1
