"""What the campaign services share: errors, audit, file checks and hashtag matching."""

from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log
from hamafza.common.persian import to_ascii_digits
from hamafza.network.models.campaigns import (
    Campaign,
    CampaignOutput,
)
from hamafza.org.models import Unit

S = Campaign.Status
K = CampaignOutput.Kind

ASSET_MAX_BYTES = 50 * 1024 * 1024
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
ASSET_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".pdf", ".mp4", ".mp3", ".zip", ".docx", ".pptx",
     ".txt"}
)  # fmt: skip
EVIDENCE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp", ".pdf"})
_MAGIC = {
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".pdf": (b"%PDF-",),
    ".gif": (b"GIF8",),
    ".webp": (b"RIFF",),
    ".zip": (b"PK",),
    ".docx": (b"PK",),
    ".pptx": (b"PK",),
}
MAX_EXTRA_HASHTAGS = 10


class StaleCampaign(Exception):
    """The campaign changed since the caller read it; ``current`` is the campaign now."""

    def __init__(self, current: Campaign) -> None:
        super().__init__(_("این کارزار پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد."))
        self.current = current


def _require(condition: bool, message: str | None = None) -> None:
    if not condition:
        raise PermissionDenied(message or _("شما اجازه این کار را ندارید."))


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor: Any, action: str, obj: models.Model, unit: Unit, summary: str, **kw: Any) -> None:
    audit_log(
        actor=_user_or_none(actor),
        action=f"network.campaigns.{action}",
        obj=obj,
        unit=unit,
        summary=summary[:300],
        **kw,
    )


def campaign_url(campaign: Campaign) -> str:
    return reverse("network:campaign_detail", args=[campaign.pk])


# --- Hashtags -------------------------------------------------------------------------------

_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})


def hashtag_key(text: str) -> str:
    """How a hashtag and a tag are compared: without "#", digits, Arabic letter forms, case,
    and the difference between a space, a ZWNJ and an underscore."""
    value = to_ascii_digits(str(text or "")).translate(_ARABIC_TO_PERSIAN).strip().lstrip("#")
    for joiner in ("\u200c", "_", "-"):
        value = value.replace(joiner, " ")
    return " ".join(value.split()).casefold()


def clean_hashtag(text: str) -> str:
    """The hashtag as stored: no "#", single spaces turned into "_" (as people type them)."""
    value = " ".join(to_ascii_digits(str(text or "")).strip().lstrip("#").split())
    return value.replace(" ", "_")


def _check_file(
    upload: UploadedFile, *, extensions: frozenset[str], max_bytes: int, field: str
) -> None:
    if not upload or not upload.size:
        raise ValidationError({field: _("پرونده خالی است.")})
    if upload.size > max_bytes:
        raise ValidationError(
            {
                field: _("حداکثر اندازه پرونده %(mb)s مگابایت است.")
                % {"mb": max_bytes // (1024 * 1024)}
            }
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in extensions:
        raise ValidationError(
            {
                field: _("این نوع پرونده پذیرفته نمی‌شود (%(types)s).")
                % {"types": "، ".join(sorted(e[1:] for e in extensions))}
            }
        )
    magic = _MAGIC.get(extension)
    if magic:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(m) for m in magic):
            raise ValidationError({field: _("محتوای پرونده با نوع آن نمی‌خواند.")})
