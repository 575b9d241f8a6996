"""The campaign's toolkit: message texts per channel, files with credit and consent, story
templates. Kept by the campaign's managers while it is a draft or runs."""

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from hamafza.network.models.campaigns import (
    Campaign,
    CampaignAsset,
    CampaignMessage,
    CampaignTemplate,
)
from hamafza.network.permissions.campaigns import (
    can_edit_toolkit,
)
from hamafza.network.services.campaigns._common import (
    ASSET_EXTENSIONS,
    ASSET_MAX_BYTES,
    _audit,
    _check_file,
    _require,
)
from hamafza.newsroom.models import Story
from hamafza.org.permissions import access_for
from hamafza.plans.models import Channel


def _toolkit_check(actor: Any, campaign: Campaign) -> Campaign:
    current = Campaign.objects.select_related("owner_unit").get(pk=campaign.pk)
    _require(
        can_edit_toolkit(access_for(actor), current),
        _("جعبه‌ابزار این کارزار را نمی‌توانید تغییر دهید."),
    )
    return current


def _next_position(items: Any) -> int:
    return (items.aggregate(top=models.Max("position"))["top"] or 0) + 1


def campaign_message_add(
    *, actor: Any, campaign: Campaign, channel: str, text: str
) -> CampaignMessage:
    text = str(text or "").strip()
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = _("مجرا را برگزینید.")
    if not text:
        errors["text"] = _("متن پیام را بنویسید.")
    elif len(text) > 4000:
        errors["text"] = _("حداکثر ۴۰۰۰ نویسه.")
    with transaction.atomic():
        current = _toolkit_check(actor, campaign)
        if errors:
            raise ValidationError(errors)
        message = CampaignMessage.objects.create(
            campaign=current, channel=channel, text=text, position=_next_position(current.messages)
        )
        _audit(actor, "message.add", current, current.owner_unit, text)
    return message


def campaign_asset_add(
    *,
    actor: Any,
    campaign: Campaign,
    title: str,
    file: UploadedFile,
    credit: str = "",
    consent: str,
) -> CampaignAsset:
    """A file of the toolkit. ``consent`` "missing" keeps it for reference only."""
    title = " ".join(str(title or "").split())[:200]
    credit = " ".join(str(credit or "").split())[:200]
    errors = {}
    if not title:
        errors["title"] = _("عنوان پرونده را بنویسید.")
    if consent not in CampaignAsset.Consent.values:
        errors["consent"] = _("وضعیت رضایت را روشن کنید.")
    with transaction.atomic():
        current = _toolkit_check(actor, campaign)
        if errors:
            raise ValidationError(errors)
        _check_file(file, extensions=ASSET_EXTENSIONS, max_bytes=ASSET_MAX_BYTES, field="file")
        asset = CampaignAsset(
            campaign=current,
            title=title,
            credit=credit,
            consent=consent,
            size=file.size or 0,
            position=_next_position(current.assets),
        )
        asset.file.save(PurePath(file.name or "file").name, file, save=False)
        asset.save()
        _audit(
            actor,
            "asset.add",
            current,
            current.owner_unit,
            title,
            changes={"consent": [None, consent]},
        )
    return asset


def campaign_template_add(
    *, actor: Any, campaign: Campaign, title: str, body: str, kind: str = Story.Kind.NEWS
) -> CampaignTemplate:
    title = " ".join(str(title or "").split())
    body = str(body or "").strip()
    errors = {}
    if not title or len(title) > 300:
        errors["title"] = _("عنوان الگو را بنویسید (حداکثر ۳۰۰ نویسه).")
    if not body or len(body) > 8000:
        errors["body"] = _("طرح خبر را بنویسید (حداکثر ۸۰۰۰ نویسه).")
    if kind not in Story.Kind.values:
        errors["kind"] = _("نوع خبر نامعتبر است.")
    with transaction.atomic():
        current = _toolkit_check(actor, campaign)
        if errors:
            raise ValidationError(errors)
        template = CampaignTemplate.objects.create(
            campaign=current,
            title=title,
            body=body,
            kind=kind,
            position=_next_position(current.templates),
        )
        _audit(actor, "template.add", current, current.owner_unit, title)
    return template


TOOLKIT_MODELS: dict[str, type[CampaignMessage | CampaignAsset | CampaignTemplate]] = {
    "message": CampaignMessage,
    "asset": CampaignAsset,
    "template": CampaignTemplate,
}


def campaign_toolkit_remove(*, actor: Any, campaign: Campaign, kind: str, item_id: int) -> None:
    model = TOOLKIT_MODELS.get(kind)
    if model is None:
        raise ValidationError(_("بخش ناشناخته جعبه‌ابزار."))
    with transaction.atomic():
        current = _toolkit_check(actor, campaign)
        item = model.objects.filter(campaign=current, pk=item_id).first()
        if item is None:
            raise ValidationError(_("این مورد دیگر در جعبه‌ابزار نیست."))
        summary = str(item)
        if isinstance(item, CampaignAsset) and item.file:
            name, storage = str(item.file.name), item.file.storage
            transaction.on_commit(lambda: storage.delete(name))
        item.delete()
        _audit(actor, f"{kind}.remove", current, current.owner_unit, summary)
