"""Creating and editing campaigns, and their workflow (launch, close, cancel)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.actors import SYSTEM
from hamafza.network.models.campaigns import (
    Campaign,
    CampaignParticipation,
)
from hamafza.network.permissions.campaigns import (
    COUNTING,
    DRAFT_FIELDS,
    JOIN_ROLES,
    TRANSITIONS,
    can_edit,
    can_manage,
    can_view,
    owner_unit_ids,
)
from hamafza.network.services.campaigns._common import (
    MAX_EXTRA_HASHTAGS,
    StaleCampaign,
    _audit,
    _require,
    _user_or_none,
    campaign_url,
    clean_hashtag,
    hashtag_key,
)
from hamafza.network.services.campaigns.counting import campaign_recount
from hamafza.notifications.services import notify
from hamafza.org.models import Membership, Unit
from hamafza.org.permissions import UnitTree, access_for
from hamafza.strategy.models import Goal, KeyMessage, StrategyDocument

S = Campaign.Status
# A change to these counts the campaign's stories again.
RECOUNT_FIELDS = frozenset({"starts_on", "ends_on", "hashtag", "extra_hashtags"})


def _active_ids(model: type[Any], ids: Iterable[Any], path: str) -> list[int]:
    wanted = sorted({int(getattr(i, "pk", i)) for i in ids})
    found = model.objects.filter(
        pk__in=wanted, **{path: StrategyDocument.Status.ACTIVE}
    ).values_list("pk", flat=True)
    if set(found) != set(wanted):
        raise ValidationError(_("فقط هدف‌ها و پیام‌های کلیدی سند راهبردی فعال را می‌توان برگزید."))
    return wanted


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "title" in fields:
        cleaned["title"] = " ".join(str(fields["title"] or "").split())
        if not cleaned["title"]:
            errors["title"] = _("عنوان کارزار را بنویسید.")
        elif len(cleaned["title"]) > 300:
            errors["title"] = _("حداکثر ۳۰۰ نویسه.")
    if "summary" in fields:
        cleaned["summary"] = str(fields["summary"] or "").strip()
        if len(cleaned["summary"]) > 8000:
            errors["summary"] = _("شرح کارزار بیش از حد بلند است.")
    for name in ("starts_on", "ends_on"):
        if name in fields:
            if not isinstance(fields[name], date):
                errors[name] = _("تاریخ را وارد کنید.")
            cleaned[name] = fields[name]
    if "hashtag" in fields:
        cleaned["hashtag"] = clean_hashtag(fields["hashtag"])
        if not hashtag_key(cleaned["hashtag"]):
            errors["hashtag"] = _("هشتگ اصلی کارزار را بنویسید؛ خبرها با آن شمرده می‌شوند.")
        elif len(cleaned["hashtag"]) > 100:
            errors["hashtag"] = _("حداکثر ۱۰۰ نویسه.")
    if "extra_hashtags" in fields:
        extra = fields["extra_hashtags"] or []
        if isinstance(extra, str):
            extra = extra.replace("،", " ").replace(",", " ").split()
        tags = [clean_hashtag(t) for t in extra if hashtag_key(t)]
        cleaned["extra_hashtags"] = list(dict.fromkeys(t[:100] for t in tags))
        if len(cleaned["extra_hashtags"]) > MAX_EXTRA_HASHTAGS:
            errors["extra_hashtags"] = _("حداکثر ۱۰ هشتگ.")
    if "scope" in fields:
        cleaned["scope"] = fields["scope"]
        if cleaned["scope"] not in Campaign.Scope.values:
            errors["scope"] = _("دامنه واحدهای شرکت‌کننده نامعتبر است.")
    if errors:
        raise ValidationError(errors)
    if "goals" in fields:
        cleaned["goals"] = _active_ids(Goal, fields["goals"] or [], "document__status")
    if "key_messages" in fields:
        cleaned["key_messages"] = _active_ids(
            KeyMessage, fields["key_messages"] or [], "goal__document__status"
        )
    return cleaned


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد.")})
    if (ends_on - starts_on).days > 366:
        raise ValidationError({"ends_on": _("کارزار حداکثر یک سال است.")})


def _participant_ids(campaign: Campaign, scope: str, units: Iterable[Any]) -> set[int]:
    tree = UnitTree.load()
    active = set(Unit.objects.filter(is_active=True).values_list("pk", flat=True))
    below = tree.subtree(campaign.owner_unit_id) - {campaign.owner_unit_id}
    # HQ's own offices are the owner's side, not the network it calls on: invited only by name.
    network = {pk for pk in below if not tree.is_hq_side(pk)}
    if scope == Campaign.Scope.ALL:
        return network & active
    if scope == Campaign.Scope.CHILDREN:
        return set(tree.children.get(campaign.owner_unit_id, [])) & network & active
    chosen = {int(getattr(u, "pk", u)) for u in units}
    if not chosen:
        raise ValidationError({"units": _("دست‌کم یک واحد شرکت‌کننده برگزینید.")})
    if chosen - below:
        raise ValidationError(
            {"units": _("فقط واحدهای زیرمجموعه واحد برگزارکننده را می‌توان دعوت کرد.")}
        )
    if chosen - active:
        raise ValidationError({"units": _("واحد غیرفعال را نمی‌توان دعوت کرد.")})
    return chosen


def _set_participants(campaign: Campaign, unit_ids: set[int]) -> None:
    current = set(campaign.participations.values_list("unit_id", flat=True))
    campaign.participations.filter(unit_id__in=current - unit_ids).delete()
    CampaignParticipation.objects.bulk_create(
        [CampaignParticipation(campaign=campaign, unit_id=pk) for pk in sorted(unit_ids - current)]
    )


def campaign_snapshot(campaign: Campaign) -> dict[str, Any]:
    return {
        "title": campaign.title,
        "summary": campaign.summary,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "hashtag": campaign.hashtag,
        "extra_hashtags": list(campaign.extra_hashtags),
        "scope": campaign.scope,
        "goals": sorted(campaign.goals.values_list("pk", flat=True)),
        "key_messages": sorted(campaign.key_messages.values_list("pk", flat=True)),
        "units": sorted(campaign.participations.values_list("unit_id", flat=True)),
    }


def campaign_create(
    *,
    actor: Any,
    owner_unit: Unit,
    title: str,
    starts_on: date,
    ends_on: date,
    hashtag: str,
    summary: str = "",
    extra_hashtags: Iterable[str] | str = (),
    goals: Iterable[Goal | int] = (),
    key_messages: Iterable[KeyMessage | int] = (),
    scope: str = Campaign.Scope.CHILDREN,
    units: Iterable[Unit | int] = (),
) -> Campaign:
    """A new draft campaign of ``owner_unit`` with its invited units (``scope``: all units
    below the owner, the units one level below, or the ``units`` chosen among them)."""
    access = access_for(actor)
    _require(
        owner_unit.pk in owner_unit_ids(access),
        _("شما برای این واحد نمی‌توانید کارزار راه بیندازید."),
    )
    cleaned = _clean(
        {
            "title": title,
            "summary": summary,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "hashtag": hashtag,
            "extra_hashtags": extra_hashtags,
            "scope": scope,
            "goals": list(goals),
            "key_messages": list(key_messages),
        }
    )
    _check_dates(cleaned["starts_on"], cleaned["ends_on"])
    with transaction.atomic():
        campaign = Campaign.objects.create(
            owner_unit=owner_unit,
            created_by=_user_or_none(actor),
            **{k: v for k, v in cleaned.items() if k not in {"goals", "key_messages"}},
        )
        unit_ids = _participant_ids(campaign, cleaned["scope"], units)
        if not unit_ids:
            raise ValidationError({"units": _("زیر این واحد واحدی برای دعوت نیست.")})
        _set_participants(campaign, unit_ids)
        campaign.goals.set(cleaned["goals"])
        campaign.key_messages.set(cleaned["key_messages"])
        _audit(actor, "campaign.create", campaign, owner_unit, campaign.title)
    return campaign


def _locked(campaign: Campaign, version: int | None) -> Campaign:
    current = Campaign.objects.select_for_update().select_related("owner_unit").get(pk=campaign.pk)
    if version is not None and current.version != version:
        raise StaleCampaign(current)
    return current


def _check_running(current: Campaign, cleaned: dict[str, Any], units: Any) -> None:
    """What a running campaign refuses: another main hashtag, other units (they are invited
    one by one), an end before today, and moving a start that has come or into the past."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if "hashtag" in cleaned and cleaned["hashtag"] != current.hashtag:
        errors["hashtag"] = _("هشتگ اصلی کارزار در جریان تغییر نمی‌کند؛ هشتگ‌های دیگر را تغییر دهید.")
    invited = set(current.participations.values_list("unit_id", flat=True))
    if ("scope" in cleaned and cleaned["scope"] != current.scope) or (
        units is not None and {int(getattr(u, "pk", u)) for u in units} != invited
    ):
        errors["units"] = _("واحدهای کارزار در جریان با «دعوت واحدهای دیگر» تغییر می‌کنند.")
    starts_on = cleaned.get("starts_on", current.starts_on)
    if starts_on != current.starts_on:
        if current.starts_on <= today:
            errors["starts_on"] = _("کارزار آغاز شده است؛ تاریخ شروع آن دیگر تغییر نمی‌کند.")
        elif starts_on < today:
            errors["starts_on"] = _("تاریخ شروع نمی‌تواند پیش از امروز باشد.")
    ends_on = cleaned.get("ends_on", current.ends_on)
    if ends_on != current.ends_on and ends_on < today:
        errors["ends_on"] = _("تاریخ پایان نمی‌تواند پیش از امروز باشد.")
    if errors:
        raise ValidationError(errors)


def campaign_update(*, actor: Any, campaign: Campaign, version: int, **fields: Any) -> Campaign:
    """Change the campaign's fields (only those given) from ``version``. A draft changes every
    field, ``units`` with ``scope`` re-inviting. A running campaign changes all but its main
    hashtag, its units and a start that has come (``_check_running``); when its dates or
    hashtags change, its stories are counted again (``campaign_recount``: those now inside
    the dates count, those outside no longer; logged external outputs stay). One audit row
    with the changed fields; saving it unchanged changes nothing (not even the version)."""
    units = fields.pop("units", None)
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise ValidationError(_("فیلد ناشناخته: %(names)s") % {"names": ", ".join(sorted(unknown))})
    access = access_for(actor)
    cleaned = _clean(fields)
    with transaction.atomic():
        current = _locked(campaign, version)
        _require(can_edit(access, current), _("این کارزار دیگر ویرایش‌شدنی نیست."))
        running = current.status == S.LAUNCHED
        if running:
            _check_running(current, cleaned, units)
        before = campaign_snapshot(current)
        for name in ("title", "summary", "starts_on", "ends_on", "hashtag", "extra_hashtags"):
            if name in cleaned:
                setattr(current, name, cleaned[name])
        _check_dates(current.starts_on, current.ends_on)
        if not running and ("scope" in cleaned or units is not None):
            current.scope = cleaned.get("scope", current.scope)
            unit_ids = _participant_ids(current, current.scope, units or [])
            if not unit_ids:
                raise ValidationError({"units": _("زیر این واحد واحدی برای دعوت نیست.")})
            _set_participants(current, unit_ids)
        if "goals" in cleaned:
            current.goals.set(cleaned["goals"])
        if "key_messages" in cleaned:
            current.key_messages.set(cleaned["key_messages"])
        after = campaign_snapshot(current)
        changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if not changes:
            return current  # saved unchanged: no new version, no audit row
        current.version = F("version") + 1
        current.updated_at = timezone.now()
        current.save()
        current.refresh_from_db(fields=["version"])
        _audit(
            actor, "campaign.update", current, current.owner_unit, current.title, changes=changes
        )
        if current.status in COUNTING and changes.keys() & RECOUNT_FIELDS:
            campaign_recount(campaign=current)
    return current


def _invitees(campaign: Campaign, unit_ids: Iterable[int] | None = None) -> Any:
    """Heads and editors of the invited units (or of ``unit_ids`` among them): they decide to
    join."""
    memberships = Membership.objects.filter(
        unit__campaign_participations__campaign=campaign, role__in=JOIN_ROLES
    )
    if unit_ids is not None:
        memberships = memberships.filter(unit_id__in=list(unit_ids))
    user_ids = memberships.values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True)


def campaign_transition(
    *, actor: Any, campaign: Campaign, name: str, version: int | None = None, note: str = ""
) -> Campaign:
    """Move the campaign by ``name`` (``permissions.campaigns.TRANSITIONS``). Launching
    re-reads the invited units for the "all"/"one level" scopes, tells their heads and editors,
    and counts the stories already published within the dates."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(
            _("کار «%(name)s» در گردش کار کارزار تعریف نشده است.") % {"name": name}
        )
    access = access_for(actor)
    note = " ".join(str(note or "").split())[:2000]
    with transaction.atomic():
        current = _locked(campaign, version)
        _require(can_view(access, current) and can_manage(access, current))
        if current.status not in transition.sources:
            raise ValidationError(
                _("در وضعیت «%(status)s» نمی‌توان «%(action)s» کرد.")
                % {"status": current.get_status_display(), "action": transition.label}
            )
        if transition.needs_note and not note:
            raise ValidationError({"note": _("برای این کار توضیح بنویسید.")})
        now = timezone.now()
        if name == "launch":
            if current.ends_on < timezone.localdate():
                raise ValidationError(
                    {"ends_on": _("تاریخ پایان کارزار گذشته است؛ نخست تاریخ را اصلاح کنید.")}
                )
            if current.scope != Campaign.Scope.CHOSEN:
                _set_participants(current, _participant_ids(current, current.scope, []))
            if not current.participations.exists():
                raise ValidationError(_("کارزار واحد شرکت‌کننده‌ای ندارد."))
            current.launched_at = now
        if name in {"close", "cancel"}:
            current.closed_at = now
        previous = current.status
        current.status = transition.target
        current.version = F("version") + 1
        current.updated_at = now
        current.save()
        current.refresh_from_db(fields=["version"])
        _audit(
            actor,
            f"campaign.{name}",
            current,
            current.owner_unit,
            note or current.title,
            changes={"status": [previous, current.status]},
        )
        if name == "launch":
            notify(
                recipients=_invitees(current),
                kind="network.campaigns.launched",
                text=_("کارزار «%(title)s» آغاز شد؛ واحد شما دعوت شده است. #%(tag)s")
                % {"title": current.title, "tag": current.hashtag},
                url=campaign_url(current),
                actor=actor,
            )
            campaign_recount(campaign=current)
        elif name == "cancel" and previous == S.LAUNCHED:
            notify(
                recipients=_invitees(current),
                kind="network.campaigns.cancelled",
                text=_("کارزار «%(title)s» لغو شد: %(note)s")
                % {"title": current.title, "note": note},
                url=campaign_url(current),
                actor=actor,
            )
    return current


def campaigns_close_due(*, today: date | None = None) -> int:
    """Close every running campaign whose last day has passed (system work for the worker's
    daily sweep; idempotent). Returns how many were closed."""
    today = today or timezone.localdate()
    closed = 0
    for campaign in Campaign.objects.filter(status=S.LAUNCHED, ends_on__lt=today):
        campaign_transition(actor=SYSTEM, campaign=campaign, name="close")
        closed += 1
    return closed
