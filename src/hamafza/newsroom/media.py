"""A story's photos and attachments: the only place they are added or removed.

Whoever may edit the story (``permissions.can_edit``) may add and remove them. Each function
checks that first, validates the upload completely in memory, and only then writes files and
one row with one audit entry in a transaction; a refusal (``PermissionDenied``, or a
``ValidationError`` with a Persian message keyed by field) leaves no row and no file behind.
Photos and attachments are not part of the story's revisions, so they do not bump its version.

Photos: JPEG, PNG or WebP, at most 15 MB and 60 megapixels. They are decoded and re-encoded,
never stored as uploaded: the camera's orientation is applied and everything else the file
carried (EXIF with GPS position and device, XMP, comments) is dropped; transparency is
flattened on white. Three JPEG renditions are kept: the photo itself at most 2400 px on its
long side, ``medium`` (1200 px) and ``thumb`` (400 px); smaller photos are never enlarged.

Attachments: PDF, DOCX, XLSX, PPTX, ODT, ZIP or TXT, at most 20 MB, recognised by extension
*and* content (a renamed executable is refused).
"""

import io
import secrets
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, BinaryIO, cast

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hamafza.common.audit import audit_log
from hamafza.newsroom.models import Story, StoryAttachment, StoryPhoto
from hamafza.newsroom.permissions import can_edit
from hamafza.newsroom.signals import story_changed_on_commit
from hamafza.org.permissions import access_for

PHOTO_MAX_BYTES = 15 * 1024 * 1024
PHOTO_MAX_PIXELS = 60_000_000
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Rendition:
    field: str  # the StoryPhoto field it is stored in
    max_side: int
    quality: int
    suffix: str


RENDITIONS = (
    Rendition("image", 2400, 88, ""),
    Rendition("medium", 1200, 85, "-1200"),
    Rendition("thumb", 400, 80, "-400"),
)


def _normalise(text: str) -> str:
    return " ".join(str(text or "").split())


def _check_length(errors: dict[str, str], field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[field] = _("حداکثر %(limit)s نویسه.") % {"limit": limit}


def _locked_story(story: Story) -> Story:
    """The story as it is now, locked until the transaction ends (it may have moved on)."""
    return Story.objects.select_for_update(of=("self",)).select_related("unit").get(pk=story.pk)


def _require_edit(actor: Any, story: Story) -> None:
    if not can_edit(access_for(actor), actor, story):
        raise PermissionDenied(_("شما اجازه تغییر عکس‌ها و پیوست‌های این خبر را ندارید."))


def _delete_after_commit(files: Sequence[FieldFile]) -> None:
    """Remove the files once the row that pointed at them is gone for good."""
    names = [(f.storage, f.name) for f in files if f.name]

    def delete() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def _saving_files[T](save: Callable[[list[FieldFile]], T]) -> T:
    """Run ``save``, which stores files (appending each to the list it is given) and rows;
    if it fails, delete the files it had stored, so a failure leaves nothing on disk."""
    stored: list[FieldFile] = []
    try:
        return save(stored)
    except BaseException:
        for field_file in stored:
            if field_file.name:
                field_file.storage.delete(field_file.name)
        raise


# --- Photos --------------------------------------------------------------------------------


def _decoded_photo(upload: UploadedFile) -> Image.Image:
    """The uploaded photo as a fresh RGB image, upright, carrying no metadata at all."""
    if upload.size is None or upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"image": _("حجم عکس بیش از ۱۵ مگابایت است.")})
    too_big = ValidationError(
        {"image": _("ابعاد عکس بیش از ۶۰ مگاپیکسل است؛ عکس را کوچک‌تر کنید و دوباره بفرستید.")}
    )
    upload.seek(0)
    try:
        with Image.open(upload, formats=PHOTO_FORMATS) as opened:
            if opened.width * opened.height > PHOTO_MAX_PIXELS:
                raise too_big
            opened.load()
            upright = ImageOps.exif_transpose(opened)
            if upright.mode.startswith("I"):
                # 16-bit greyscale (scans): scale to 8 bits, or converting clips it to white.
                upright = upright.convert("I").point(lambda value: value * (1 / 256)).convert("L")
            has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
                upright.mode == "P" and "transparency" in upright.info
            )
            source = upright.convert("RGBA" if has_alpha else "RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_big from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            {"image": _("فقط عکس‌های JPEG، PNG و WebP پذیرفته می‌شوند.")}
        ) from error
    except (OSError, SyntaxError, ValueError, TypeError) as error:
        raise ValidationError({"image": _("پرونده عکس خراب است یا خوانده نمی‌شود.")}) from error
    # A new image holds pixels only: nothing of the original file's metadata can survive.
    clean = Image.new("RGB", source.size, "white")
    clean.paste(source, mask=source.getchannel("A") if has_alpha else None)
    return clean


def _jpeg(image: Image.Image, rendition: Rendition) -> tuple[bytes, tuple[int, int]]:
    """The rendition's JPEG file and its size."""
    resized = image.copy()
    resized.thumbnail((rendition.max_side, rendition.max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    resized.save(buffer, "JPEG", quality=rendition.quality, optimize=True, progressive=True)
    return buffer.getvalue(), resized.size


def story_photo_add(
    *,
    actor: Any,
    story: Story,
    image: UploadedFile,
    caption: str = "",
    credit: str = "",
    alt_text: str,
) -> StoryPhoto:
    """Add a photo to the end of the story's photos, with its renditions."""
    _require_edit(actor, story)
    caption, credit, alt_text = _normalise(caption), _normalise(credit), _normalise(alt_text)
    errors: dict[str, str] = {}
    if not alt_text:
        errors["alt_text"] = _(
            "متن جایگزین عکس را بنویسید: آنچه در عکس دیده می‌شود، برای کسی که آن را نمی‌بیند."
        )
    _check_length(errors, "alt_text", alt_text, 300)
    _check_length(errors, "caption", caption, 500)
    _check_length(errors, "credit", credit, 200)
    if errors:
        raise ValidationError(errors)
    decoded = _decoded_photo(image)
    encoded = {r.field: _jpeg(decoded, r) for r in RENDITIONS}
    stem = secrets.token_hex(8)

    def save(stored: list[FieldFile]) -> StoryPhoto:
        with transaction.atomic():
            current = _locked_story(story)
            _require_edit(actor, current)
            last = current.photos.aggregate(last=Max("position"))["last"]
            photo = StoryPhoto(
                story=current,
                caption=caption,
                credit=credit,
                alt_text=alt_text,
                position=0 if last is None else last + 1,
            )
            for rendition in RENDITIONS:
                field_file = getattr(photo, rendition.field)
                content, _size = encoded[rendition.field]
                field_file.save(f"{stem}{rendition.suffix}.jpg", ContentFile(content), save=False)
                stored.append(field_file)
            photo.width, photo.height = encoded["image"][1]
            photo.save()
            story_changed_on_commit(
                current, action="newsroom.story.photo_add", was_public=current.is_public
            )
            audit_log(
                actor=actor,
                action="newsroom.story.photo_add",
                obj=current,
                unit=current.unit,
                summary=alt_text,
                changes={"photos": [None, photo.image.name]},
            )
            return photo

    return _saving_files(save)


def story_photo_delete(*, actor: Any, photo: StoryPhoto) -> None:
    """Remove a photo and, once that is committed, its files."""
    with transaction.atomic():
        story = _locked_story(photo.story)
        _require_edit(actor, story)
        photo = StoryPhoto.objects.get(pk=photo.pk, story=story)
        files = [photo.image, photo.medium, photo.thumb]
        story_changed_on_commit(
            story, action="newsroom.story.photo_delete", was_public=story.is_public
        )
        audit_log(
            actor=actor,
            action="newsroom.story.photo_delete",
            obj=story,
            unit=story.unit,
            summary=photo.alt_text,
            changes={"photos": [photo.image.name, None]},
        )
        photo.delete()
        _delete_after_commit(files)


# --- Attachments ---------------------------------------------------------------------------


ZIP_MAGIC = b"PK\x03\x04"


def _zip_holding(*names: str) -> Callable[[BinaryIO], bool]:
    """A check for a ZIP archive (starting as one: not an executable with an archive appended)
    that holds ``names``, as every Office Open XML document does."""

    def check(content: BinaryIO) -> bool:
        if content.read(4) != ZIP_MAGIC:
            return False
        with zipfile.ZipFile(content) as archive:
            listed = set(archive.namelist())
        return bool(listed) and set(names) <= listed

    return check


def _is_odt(content: BinaryIO) -> bool:
    if content.read(4) != ZIP_MAGIC:
        return False
    with zipfile.ZipFile(content) as archive, archive.open("mimetype") as member:
        return member.read(100) == b"application/vnd.oasis.opendocument.text"


def _is_text(content: BinaryIO) -> bool:
    if content.read(2) in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark
        return True
    content.seek(0)
    # UTF-8 or a legacy code page (Windows-1256): text either way never holds a NUL byte.
    return all(b"\x00" not in chunk for chunk in iter(lambda: content.read(1 << 16), b""))


ATTACHMENT_CHECKS: dict[str, Callable[[BinaryIO], bool]] = {
    ".pdf": lambda content: content.read(5) == b"%PDF-",
    ".zip": _zip_holding(),
    ".docx": _zip_holding("[Content_Types].xml", "word/document.xml"),
    ".xlsx": _zip_holding("[Content_Types].xml", "xl/workbook.xml"),
    ".pptx": _zip_holding("[Content_Types].xml", "ppt/presentation.xml"),
    ".odt": _is_odt,
    ".txt": _is_text,
}


def attachment_extension(upload: UploadedFile) -> str:
    """The upload's type (its lower-case extension) once its content is seen to match. Public:
    other apps' attachments (directives' files) are checked by the same rules."""
    if not upload.size:
        raise ValidationError({"file": _("پرونده خالی است.")})
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("حداکثر اندازه پیوست ۲۰ مگابایت است.")})
    extension = PurePath(upload.name or "").suffix.lower()
    check = ATTACHMENT_CHECKS.get(extension)
    if check is None:
        raise ValidationError(
            {
                "file": _(
                    "این نوع پرونده پذیرفته نمی‌شود. پیوست می‌تواند PDF، Word (DOCX)، "
                    "Excel (XLSX)، PowerPoint (PPTX)، OpenDocument (ODT)، ZIP یا متن ساده "
                    "(TXT) باشد."
                )
            }
        )
    upload.seek(0)
    try:
        matches = upload.file is not None and check(cast(BinaryIO, upload.file))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError):
        matches = False
    except (RuntimeError, NotImplementedError):  # an encrypted or exotic archive
        matches = False
    finally:
        upload.seek(0)
    if not matches:
        raise ValidationError(
            {
                "file": _(
                    "محتوای پرونده با پسوند «%(extension)s» جور نیست؛ شاید پرونده خراب است "
                    "یا پسوندش عوض شده است."
                )
                % {"extension": extension}
            }
        )
    return extension


def attachment_stored_name(upload_name: str, extension: str) -> str:
    try:
        stem = get_valid_filename(PurePath(upload_name).stem)[:80]
    except SuspiciousFileOperation:
        stem = ""
    return f"{stem or 'attachment'}{extension}"


def story_attachment_add(
    *, actor: Any, story: Story, file: UploadedFile, title: str
) -> StoryAttachment:
    """Attach a document to the story. A blank ``title`` becomes the file's name."""
    _require_edit(actor, story)
    upload_name = PurePath(file.name or "").name
    title = _normalise(title) or _normalise(PurePath(upload_name).stem)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("عنوان پیوست را بنویسید.")
    _check_length(errors, "title", title, 200)
    if errors:
        raise ValidationError(errors)
    extension = attachment_extension(file)
    size = file.size or 0

    def save(stored: list[FieldFile]) -> StoryAttachment:
        with transaction.atomic():
            current = _locked_story(story)
            _require_edit(actor, current)
            attachment = StoryAttachment(story=current, title=title, size=size)
            file.seek(0)
            attachment.file.save(attachment_stored_name(upload_name, extension), file, save=False)
            stored.append(attachment.file)
            attachment.save()
            story_changed_on_commit(
                current, action="newsroom.story.attachment_add", was_public=current.is_public
            )
            audit_log(
                actor=actor,
                action="newsroom.story.attachment_add",
                obj=current,
                unit=current.unit,
                summary=title,
                changes={"attachments": [None, attachment.file.name]},
            )
            return attachment

    return _saving_files(save)


def story_attachment_delete(*, actor: Any, attachment: StoryAttachment) -> None:
    """Remove an attachment and, once that is committed, its file."""
    with transaction.atomic():
        story = _locked_story(attachment.story)
        _require_edit(actor, story)
        attachment = StoryAttachment.objects.get(pk=attachment.pk, story=story)
        story_changed_on_commit(
            story, action="newsroom.story.attachment_delete", was_public=story.is_public
        )
        audit_log(
            actor=actor,
            action="newsroom.story.attachment_delete",
            obj=story,
            unit=story.unit,
            summary=attachment.title,
            changes={"attachments": [attachment.file.name, None]},
        )
        file = attachment.file
        attachment.delete()
        _delete_after_commit([file])
