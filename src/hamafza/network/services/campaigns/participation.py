"""Taking part: the managers invite more units to a running campaign (or take one off), units
join, plan local activities, log external outputs and link stories."""

from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.network.models.campaigns import (
    Campaign,
    CampaignLocalActivity,
    CampaignOutput,
    CampaignParticipation,
    CampaignStoryLink,
)
from hamafza.network.permissions.campaigns import (
    can_invite,
    can_join,
    can_remove_output,
    can_view,
    can_write_for,
    invitable_unit_ids,
)
from hamafza.network.services.campaigns._common import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    _audit,
    _check_file,
    _require,
    _user_or_none,
    campaign_url,
)
from hamafza.network.services.campaigns.counting import campaign_recount, campaign_story_sync
from hamafza.network.services.campaigns.lifecycle import _invitees
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.notifications.services import notify
from hamafza.org.models import Unit
from hamafza.org.permissions import access_for
from hamafza.plans.models import Channel

K = CampaignOutput.Kind


def _participation(campaign: Campaign, unit: Unit | int) -> CampaignParticipation:
    unit_id = int(getattr(unit, "pk", unit))
    found = (
        CampaignParticipation.objects.select_for_update()
        .select_related("unit")
        .filter(campaign=campaign, unit_id=unit_id)
        .first()
    )
    if found is None:
        raise PermissionDenied(_("این واحد به این کارزار دعوت نشده است."))
    return found


def _managed(actor: Any, campaign: Campaign) -> Campaign:
    """The running campaign, locked, if ``actor`` may invite units to it (else 403)."""
    current = Campaign.objects.select_for_update().select_related("owner_unit").get(pk=campaign.pk)
    access = access_for(actor)
    _require(
        can_view(access, current) and can_invite(access, current),
        _("شما نمی‌توانید واحدهای این کارزار را تغییر دهید."),
    )
    return current


def campaign_invite(
    *, actor: Any, campaign: Campaign, units: Iterable[Unit | int]
) -> list[CampaignParticipation]:
    """Invite more ``units`` to the running campaign (its managers act; active units it may
    invite, ``permissions.campaigns.invitable_unit_ids``). Units already invited are not
    invited again; the new ones' heads and editors are told once, and their stories already
    published within the dates are counted. Returns the new participations."""
    wanted = {int(getattr(unit, "pk", unit)) for unit in units}
    with transaction.atomic():
        current = _managed(actor, campaign)
        if not wanted:
            raise ValidationError({"units": _("دست‌کم یک واحد برای دعوت برگزینید.")})
        if wanted - invitable_unit_ids(access_for(actor), current.owner_unit_id):
            raise ValidationError(
                {"units": _("فقط واحدهای زیرمجموعه واحد برگزارکننده را می‌توان دعوت کرد.")}
            )
        if Unit.objects.filter(pk__in=wanted, is_active=False).exists():
            raise ValidationError({"units": _("واحد غیرفعال را نمی‌توان دعوت کرد.")})
        new = wanted - set(current.participations.values_list("unit_id", flat=True))
        if not new:
            raise ValidationError({"units": _("این واحدها پیش‌تر دعوت شده‌اند.")})
        added = [
            CampaignParticipation.objects.create(campaign=current, unit=unit)
            for unit in Unit.objects.filter(pk__in=new).order_by("pk")
        ]
        for participation in added:
            _audit(
                actor,
                "participation.invite",
                current,
                participation.unit,
                current.title,
                changes={"unit": [None, participation.unit.slug]},
            )
        notify(
            recipients=_invitees(current, new),
            kind="network.campaigns.invited",
            text=_("واحد شما به کارزار در جریان «%(title)s» دعوت شد. #%(tag)s")
            % {"title": current.title, "tag": current.hashtag},
            url=campaign_url(current),
            actor=actor,
        )
        campaign_recount(campaign=current)
    return added


def campaign_participant_remove(*, actor: Any, campaign: Campaign, unit: Unit | int) -> None:
    """Take an invited unit off the running campaign (invited by mistake). Refused once the
    unit has outputs for it (they are the campaign's record) and for its last unit; the
    unit's planned local activities go with it."""
    with transaction.atomic():
        current = _managed(actor, campaign)
        participation = _participation(current, unit)
        if CampaignOutput.objects.filter(campaign=current, unit_id=participation.unit_id).exists():
            raise ValidationError(
                _("واحد «%(unit)s» برای این کارزار برونداد دارد و نمی‌توان آن را کنار گذاشت.")
                % {"unit": participation.unit.name}
            )
        if not current.participations.exclude(pk=participation.pk).exists():
            raise ValidationError(_("کارزار دست‌کم یک واحد شرکت‌کننده می‌خواهد."))
        participation.delete()
        _audit(
            actor,
            "participation.remove",
            current,
            participation.unit,
            current.title,
            changes={"unit": [participation.unit.slug, None]},
        )


def campaign_join(*, actor: Any, campaign: Campaign, unit: Unit) -> CampaignParticipation:
    """The invited ``unit`` joins (its head or editor acts). Joining twice changes nothing."""
    access = access_for(actor)
    with transaction.atomic():
        current = Campaign.objects.select_related("owner_unit").get(pk=campaign.pk)
        participation = _participation(current, unit)
        _require(
            can_join(access, current, participation.unit_id),
            _("شما نمی‌توانید این واحد را در این کارزار شرکت دهید."),
        )
        if participation.joined_at is not None:
            return participation
        participation.joined_at = timezone.now()
        participation.joined_by = _user_or_none(actor)
        participation.save(update_fields=["joined_at", "joined_by"])
        _audit(actor, "participation.join", current, participation.unit, current.title)
    return participation


def campaign_activity_add(
    *,
    actor: Any,
    campaign: Campaign,
    unit: Unit,
    title: str,
    date: date,
    channel: str,
    note: str = "",
) -> CampaignLocalActivity:
    """A local activity the unit plans for the campaign (it must have joined)."""
    access = access_for(actor)
    title = " ".join(str(title or "").split())
    note = str(note or "").strip()
    errors = {}
    if not title or len(title) > 300:
        errors["title"] = _("عنوان فعالیت را بنویسید (حداکثر ۳۰۰ نویسه).")
    if channel not in Channel.values:
        errors["channel"] = _("مجرا را برگزینید.")
    if not isinstance(date, type(timezone.localdate())):
        errors["date"] = _("تاریخ را وارد کنید.")
    if len(note) > 2000:
        errors["note"] = _("حداکثر ۲۰۰۰ نویسه.")
    with transaction.atomic():
        current = Campaign.objects.select_related("owner_unit").get(pk=campaign.pk)
        participation = _participation(current, unit)
        _require(can_write_for(access, current, participation.unit_id))
        if errors:
            raise ValidationError(errors)
        if participation.joined_at is None:
            raise ValidationError(_("نخست واحد باید به کارزار بپیوندد."))
        if not current.starts_on <= date <= current.ends_on:
            raise ValidationError({"date": _("تاریخ فعالیت باید در بازه کارزار باشد.")})
        activity = CampaignLocalActivity.objects.create(
            participation=participation,
            title=title,
            date=date,
            channel=channel,
            note=note,
            created_by=_user_or_none(actor),
        )
        _audit(actor, "activity.add", current, participation.unit, title)
    return activity


def campaign_output_log(
    *,
    actor: Any,
    campaign: Campaign,
    unit: Unit,
    url: str,
    occurred_on: date,
    channel: str = Channel.SOCIAL,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> CampaignOutput:
    """An external post (on a social network, a partner's site…) with its link and evidence
    (a screenshot or a file), logged by the unit's writers."""
    access = access_for(actor)
    url = str(url or "").strip()
    note = " ".join(str(note or "").split())
    errors = {}
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = _("نشانی کامل انتشار را وارد کنید (با http:// یا https://).")
    if len(url) > 1000:
        errors["url"] = _("نشانی بیش از حد بلند است.")
    if channel not in Channel.values:
        errors["channel"] = _("مجرا را برگزینید.")
    if not isinstance(occurred_on, date):
        errors["occurred_on"] = _("تاریخ را وارد کنید.")
    if len(note) > 500:
        errors["note"] = _("حداکثر ۵۰۰ نویسه.")
    with transaction.atomic():
        current = Campaign.objects.select_related("owner_unit").get(pk=campaign.pk)
        participation = _participation(current, unit)
        _require(can_write_for(access, current, participation.unit_id))
        if errors:
            raise ValidationError(errors)
        if not current.starts_on <= occurred_on <= min(current.ends_on, timezone.localdate()):
            raise ValidationError(
                {"occurred_on": _("تاریخ انتشار باید در بازه کارزار و نه در آینده باشد.")}
            )
        if evidence is None:
            raise ValidationError(
                {"evidence": _("مستند انتشار (تصویر صفحه یا پرونده) را پیوست کنید.")}
            )
        _check_file(
            evidence, extensions=EVIDENCE_EXTENSIONS, max_bytes=EVIDENCE_MAX_BYTES, field="evidence"
        )
        output = CampaignOutput(
            campaign=current,
            unit=participation.unit,
            kind=K.EXTERNAL,
            url=url,
            channel=channel,
            note=note,
            occurred_at=timezone.make_aware(datetime.combine(occurred_on, time(12))),
            created_by=_user_or_none(actor),
        )
        output.evidence.save(PurePath(evidence.name or "evidence").name, evidence, save=False)
        output.save()
        _audit(actor, "output.log", current, participation.unit, url)
    return output


def campaign_output_remove(*, actor: Any, output: CampaignOutput) -> None:
    access = access_for(actor)
    with transaction.atomic():
        current = (
            CampaignOutput.objects.select_related("campaign", "unit").filter(pk=output.pk).first()
        )
        if current is None:
            raise ValidationError(_("این برونداد دیگر ثبت نیست."))
        _require(can_remove_output(access, current), _("این برونداد را نمی‌توانید حذف کنید."))
        if current.evidence:
            name, storage = str(current.evidence.name), current.evidence.storage
            transaction.on_commit(lambda: storage.delete(name))
        current.delete()
        _audit(actor, "output.remove", current.campaign, current.unit, current.url)


def campaign_story_link(*, actor: Any, campaign: Campaign, story: Story) -> CampaignStoryLink:
    """Tie a story of a participating unit to the campaign by hand (for a story published
    without the hashtag). Its writers act; the story is counted at once if it qualifies."""
    access = access_for(actor)
    with transaction.atomic():
        current = Campaign.objects.select_related("owner_unit").get(pk=campaign.pk)
        participation = _participation(current, story.unit_id)
        _require(can_write_for(access, current, participation.unit_id))
        link, created = CampaignStoryLink.objects.get_or_create(
            campaign=current, story=story, defaults={"linked_by": _user_or_none(actor)}
        )
        if created:
            _audit(actor, "story.link", current, participation.unit, story.headline)
        campaign_story_sync(story=story)
        for republication in Story.objects.filter(origin=story, status__in=PUBLIC_STATUSES):
            campaign_story_sync(story=republication)
    return link


def campaign_story_unlink(*, actor: Any, campaign: Campaign, story: Story) -> bool:
    """Undo a hand-made link (a story tied by mistake). The story then counts only if it
    carries the hashtag. Returns whether it still counts."""
    access = access_for(actor)
    with transaction.atomic():
        current = Campaign.objects.select_related("owner_unit").get(pk=campaign.pk)
        link = CampaignStoryLink.objects.filter(campaign=current, story=story).first()
        if link is None:
            raise ValidationError(_("این خبر با دست به این کارزار پیوند نخورده است."))
        _require(can_write_for(access, current, story.unit_id))
        link.delete()
        _audit(actor, "story.unlink", current, story.unit, story.headline)
        campaign_story_sync(story=story)
        for republication in Story.objects.filter(origin=story, status__in=PUBLIC_STATUSES):
            campaign_story_sync(story=republication)
        return CampaignOutput.objects.filter(campaign=current, story=story).exists()
