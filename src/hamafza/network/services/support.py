"""Every change to support requests and their offers. Each function takes the acting user,
checks ``network.permissions.support``, runs in one transaction, writes one audit row per
change (``network.support.*``) and notifies the people concerned inside that transaction.
Refusals raise ``PermissionDenied``, bad input ``ValidationError``, a change made from an
out-of-date copy of the request ``StaleSupportRequest``; in every case nothing changes.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log, diff_fields
from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.network.permissions.support import (
    LIVE_OFFERS,
    PENDING_OFFERS,
    REQUESTER_ROLES,
    TRANSITIONS,
    can_confirm,
    can_edit,
    can_manage,
    can_offer_more,
    can_respond,
    can_set_credits,
    can_transition,
    can_withdraw,
    request_unit_ids,
)
from hamafza.network.selectors.support import Candidate, support_candidates
from hamafza.newsroom.models import Story
from hamafza.notifications.services import notify
from hamafza.org.models import Skill, Unit
from hamafza.org.permissions import access_for

S = SupportRequest.Status
O = SupportOffer.Status  # noqa: E741

MAX_PEOPLE = 20
# How many practitioners a new request is offered to at once: enough that some answer, few
# enough that the nearest are asked first (the unit offers it to more when they decline).
FIRST_BATCH_MIN = 3
FIRST_BATCH_PER_PERSON = 2
MAX_OFFERS_AT_ONCE = 30


class StaleSupportRequest(Exception):
    """The request changed since the caller read it; ``current`` is the request now."""

    def __init__(self, current: SupportRequest) -> None:
        super().__init__(_("این درخواست پس از باز کردن شما تغییر کرده است؛ کاری انجام نشد."))
        self.current = current


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor: Any, action: str, obj: Any, unit: Unit, summary: str, **kw: Any) -> None:
    audit_log(
        actor=actor,
        action=f"network.support.{action}",
        obj=obj,
        unit=unit,
        summary=summary[:300],
        **kw,
    )


def request_url(request: SupportRequest) -> str:
    return reverse("network:support_detail", args=[request.pk])


def _writers_of(request: SupportRequest) -> list[Any]:
    """Who hears about answers on the requesting unit's side: its writers and the asker."""
    users = list(
        get_user_model()
        .objects.filter(memberships__unit_id=request.unit_id, memberships__role__in=REQUESTER_ROLES)
        .distinct()
    )
    if request.created_by is not None:
        users.append(request.created_by)
    return users


def _locked(request: SupportRequest, version: int | None) -> SupportRequest:
    current = (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "skill", "created_by")
        .get(pk=request.pk)
    )
    if version is not None and current.version != version:
        raise StaleSupportRequest(current)
    return current


def _touch(request: SupportRequest, *fields: str) -> None:
    request.version = F("version") + 1
    request.updated_at = timezone.now()
    request.save(update_fields=["version", "updated_at", *fields])
    request.refresh_from_db(fields=["version"])


# --- Creating a request --------------------------------------------------------------------


def _clean(
    *, title: str, place: str, description: str, starts_at: Any, hours: Any, people_needed: Any
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        "title": " ".join(str(title or "").split()),
        "place": " ".join(str(place or "").split()),
        "description": str(description or "").strip(),
    }
    if not cleaned["title"]:
        errors["title"] = _("بنویسید چه کمکی لازم است.")
    elif len(cleaned["title"]) > 200:
        errors["title"] = _("حداکثر ۲۰۰ نویسه.")
    if not cleaned["place"]:
        errors["place"] = _("محل را بنویسید.")
    elif len(cleaned["place"]) > 300:
        errors["place"] = _("حداکثر ۳۰۰ نویسه.")
    if len(cleaned["description"]) > 4000:
        errors["description"] = _("شرح بیش از حد بلند است.")
    if not isinstance(starts_at, datetime) or timezone.is_naive(starts_at):
        errors["starts_at"] = _("تاریخ و ساعت را وارد کنید.")
    elif starts_at < timezone.now() - timedelta(hours=1):
        errors["starts_at"] = _("این زمان گذشته است.")
    cleaned["starts_at"] = starts_at
    for name, low, high, message in (
        ("hours", 1, 72, _("مدت باید میان ۱ تا ۷۲ ساعت باشد.")),
        ("people_needed", 1, MAX_PEOPLE, _("شمار نفرات باید میان ۱ تا ۲۰ باشد.")),
    ):
        value = hours if name == "hours" else people_needed
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors[name] = message
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def support_request_create(
    *,
    actor: Any,
    unit: Unit,
    skill: Skill,
    title: str,
    place: str,
    starts_at: datetime,
    hours: int = 2,
    people_needed: int = 1,
    description: str = "",
    offer_count: int | None = None,
) -> SupportRequest:
    """A new open request of ``unit``, offered at once to the nearest practitioners with the
    skill (``offer_count`` of them; by default ``max(3, 2 × people_needed)``)."""
    access = access_for(actor)
    _require(
        unit.pk in request_unit_ids(access) and unit.is_active,
        _("شما برای این واحد نمی‌توانید درخواست پشتیبانی ثبت کنید."),
    )
    cleaned = _clean(
        title=title,
        place=place,
        description=description,
        starts_at=starts_at,
        hours=hours,
        people_needed=people_needed,
    )
    if not isinstance(skill, Skill):
        raise ValidationError({"skill": _("مهارت لازم را انتخاب کنید.")})
    with transaction.atomic():
        request = SupportRequest.objects.create(
            unit=unit, skill=skill, created_by=_user_or_none(actor), **cleaned
        )
        _audit(
            actor,
            "request.create",
            request,
            unit,
            request.title,
            changes={"status": [None, request.status]},
        )
        count = offer_count
        if count is None:
            count = max(FIRST_BATCH_MIN, FIRST_BATCH_PER_PERSON * request.people_needed)
        _offer(request, support_candidates(request)[: max(0, count)], actor)
    return request


EDITABLE_FIELDS = ("title", "description", "place", "starts_at", "hours", "people_needed")


def support_request_snapshot(request: SupportRequest) -> dict[str, Any]:
    return {
        "title": request.title,
        "description": request.description,
        "place": request.place,
        "starts_at": request.starts_at.isoformat(),
        "hours": request.hours,
        "people_needed": request.people_needed,
    }


def support_request_update(
    *, actor: Any, request: SupportRequest, version: int, **fields: Any
) -> SupportRequest:
    """Change the request's details (not its unit or skill: the offers were ranked by them)
    made from ``version``, while it still looks for people. Everyone holding a live offer is
    told."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown support request fields: {sorted(unknown)}")
    access = access_for(actor)
    with transaction.atomic():
        request = _locked(request, version)
        _require(can_edit(access, request), _("این درخواست دیگر ویرایش‌شدنی نیست."))
        before = support_request_snapshot(request)
        current = {name: getattr(request, name) for name in EDITABLE_FIELDS}
        merged = current | fields
        if merged["starts_at"] == request.starts_at:
            # An unchanged time that has meanwhile passed is not an error of this edit.
            merged["starts_at"] = max(request.starts_at, timezone.now())
        cleaned = _clean(**merged)
        cleaned["starts_at"] = fields.get("starts_at", request.starts_at)
        helpers = request.offers.filter(status__in=[O.CONFIRMED, O.DONE]).count()
        if cleaned["people_needed"] < helpers:
            raise ValidationError(
                {"people_needed": _("%(n)s همکار پیش‌تر تأیید شده‌اند.") % {"n": helpers}}
            )
        for name in EDITABLE_FIELDS:
            setattr(request, name, cleaned[name])
        _touch(request, *EDITABLE_FIELDS)
        changes = diff_fields(before, support_request_snapshot(request))
        if not changes:
            return request
        _audit(actor, "request.update", request, request.unit, request.title, changes=changes)
        live = request.offers.filter(status__in=LIVE_OFFERS).select_related("user")
        notify(
            recipients=[o.user for o in live],
            kind="network.support.changed",
            text=_("جزئیات درخواست «%(title)s» از «%(unit)s» تغییر کرد.")
            % {"title": request.title, "unit": request.unit.name},
            url=request_url(request),
            actor=actor,
        )
    return request


def _offer(request: SupportRequest, candidates: list[Candidate], actor: Any) -> list[SupportOffer]:
    if not candidates:
        return []
    now = timezone.now()
    offers = SupportOffer.objects.bulk_create(
        [
            SupportOffer(
                request=request,
                user=c.user,
                unit=c.unit,
                tier=c.tier,
                distance=c.distance,
                offered_by=_user_or_none(actor),
                offered_at=now,
            )
            for c in candidates
        ]
    )
    _audit(
        actor,
        "request.offer",
        request,
        request.unit,
        "، ".join(c.user.get_username() for c in candidates),
        changes={"offered": [None, [c.user.get_username() for c in candidates]]},
    )
    notify(
        recipients=[c.user for c in candidates],
        kind="network.support.offered",
        text=_("«%(unit)s» برای «%(title)s» (%(skill)s) از شما کمک خواسته است.")
        % {"unit": request.unit.name, "title": request.title, "skill": request.skill.name},
        url=reverse("network:support_offers"),
        actor=actor,
    )
    return offers


def support_offer_add(
    *, actor: Any, request: SupportRequest, users: Iterable[Any]
) -> list[SupportOffer]:
    """Offer the request to more practitioners (each must have the skill and not have been
    offered it yet)."""
    access = access_for(actor)
    wanted = {getattr(user, "pk", user) for user in users}
    if not wanted:
        raise ValidationError(_("دست‌کم یک نفر را انتخاب کنید."))
    if len(wanted) > MAX_OFFERS_AT_ONCE:
        raise ValidationError(_("در هر بار حداکثر ۳۰ نفر."))
    with transaction.atomic():
        request = _locked(request, None)
        _require(can_offer_more(access, request), _("شما اجازه این کار را ندارید."))
        candidates = [c for c in support_candidates(request) if c.user.pk in wanted]
        if len(candidates) != len(wanted):
            raise ValidationError(
                _("برخی از افراد انتخاب‌شده این مهارت را ندارند یا پیش‌تر به آن‌ها پیشنهاد شده است.")
            )
        offers = _offer(request, candidates, actor)
        _touch(request)
    return offers


def support_offer_next(
    *, actor: Any, request: SupportRequest, count: int = 3
) -> list[SupportOffer]:
    """Offer the request to the next ``count`` nearest practitioners not asked yet."""
    if not 1 <= count <= MAX_OFFERS_AT_ONCE:
        raise ValidationError(_("در هر بار حداکثر ۳۰ نفر."))
    access = access_for(actor)
    with transaction.atomic():
        request = _locked(request, None)
        _require(can_offer_more(access, request), _("شما اجازه این کار را ندارید."))
        candidates = support_candidates(request)[:count]
        if not candidates:
            raise ValidationError(_("همکار دیگری با این مهارت در شبکه پیدا نشد."))
        offers = _offer(request, candidates, actor)
        _touch(request)
    return offers


# --- Answers and confirmation --------------------------------------------------------------


def _locked_offer(offer: SupportOffer) -> SupportOffer:
    request = _locked(offer.request, None)
    current = (
        SupportOffer.objects.select_for_update(of=("self",))
        .select_related("user", "unit")
        .get(pk=offer.pk)
    )
    current.request = request
    return current


def support_offer_accept(*, actor: Any, offer: SupportOffer) -> SupportOffer:
    access = access_for(actor)
    with transaction.atomic():
        offer = _locked_offer(offer)
        _require(can_respond(access, offer), _("شما نمی‌توانید به این پیشنهاد پاسخ دهید."))
        if offer.status != O.OFFERED:
            raise ValidationError(_("این پیشنهاد را پیش‌تر پذیرفته‌اید."))
        return _answer(offer, O.ACCEPTED, "", actor)


def support_offer_decline(*, actor: Any, offer: SupportOffer, reason: str = "") -> SupportOffer:
    """Decline (also after accepting, until the requesting unit confirms)."""
    access = access_for(actor)
    reason = " ".join(str(reason or "").split())
    if len(reason) > 500:
        raise ValidationError({"reason": _("حداکثر ۵۰۰ نویسه.")})
    with transaction.atomic():
        offer = _locked_offer(offer)
        _require(can_respond(access, offer), _("شما نمی‌توانید به این پیشنهاد پاسخ دهید."))
        return _answer(offer, O.DECLINED, reason, actor)


def _answer(offer: SupportOffer, status: str, reason: str, actor: Any) -> SupportOffer:
    previous = offer.status
    offer.status = status
    offer.reason = reason
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "reason", "responded_at"])
    request = offer.request
    _touch(request)
    verb = "accept" if status == O.ACCEPTED else "decline"
    _audit(
        actor,
        f"offer.{verb}",
        offer,
        request.unit,
        reason or request.title,
        changes={"status": [previous, status]},
    )
    name = offer.user.display_name
    if status == O.ACCEPTED:
        text = _("%(name)s کمک در «%(title)s» را پذیرفت؛ تأیید کنید.") % {
            "name": name,
            "title": request.title,
        }
    elif reason:
        text = _("%(name)s نمی‌تواند در «%(title)s» کمک کند: %(reason)s") % {
            "name": name,
            "title": request.title,
            "reason": reason,
        }
    else:
        text = _("%(name)s نمی‌تواند در «%(title)s» کمک کند.") % {
            "name": name,
            "title": request.title,
        }
    notify(
        recipients=_writers_of(request),
        kind=f"network.support.{'accepted' if status == O.ACCEPTED else 'declined'}",
        text=text,
        url=request_url(request),
        actor=actor,
    )
    return offer


def support_offer_confirm(*, actor: Any, offer: SupportOffer) -> SupportOffer:
    """The requesting unit takes an accepted helper on; the first one starts the work
    (open → in_progress). No more helpers than the request needs."""
    access = access_for(actor)
    with transaction.atomic():
        offer = _locked_offer(offer)
        request = offer.request
        _require(can_manage(access, request), _("شما اجازه این کار را ندارید."))
        if not can_confirm(access, offer):
            raise ValidationError(_("فقط پیشنهادی که پذیرفته شده تأییدشدنی است."))
        confirmed = request.offers.filter(status__in=[O.CONFIRMED, O.DONE]).count()
        if confirmed >= request.people_needed:
            raise ValidationError(
                _("این درخواست %(n)s نفر لازم داشت و همه تأیید شده‌اند.")
                % {"n": request.people_needed}
            )
        offer.status = O.CONFIRMED
        offer.confirmed_at = timezone.now()
        offer.save(update_fields=["status", "confirmed_at"])
        _audit(
            actor,
            "offer.confirm",
            offer,
            request.unit,
            offer.user.get_username(),
            changes={"status": [O.ACCEPTED, O.CONFIRMED]},
        )
        if request.status == S.OPEN:
            _move(request, "assign", actor, note="")
        else:
            _touch(request)
        notify(
            recipients=[offer.user],
            kind="network.support.confirmed",
            text=_("«%(unit)s» کمک شما را در «%(title)s» تأیید کرد.")
            % {"unit": request.unit.name, "title": request.title},
            url=request_url(request),
            actor=actor,
        )
    return offer


def support_offer_withdraw(*, actor: Any, offer: SupportOffer) -> SupportOffer:
    """The requesting unit takes an offer back (before the work is done)."""
    access = access_for(actor)
    with transaction.atomic():
        offer = _locked_offer(offer)
        _require(can_manage(access, offer.request), _("شما اجازه این کار را ندارید."))
        if not can_withdraw(access, offer):
            raise ValidationError(_("این پیشنهاد دیگر پس‌گرفتنی نیست."))
        previous = offer.status
        offer.status = O.WITHDRAWN
        offer.save(update_fields=["status"])
        _touch(offer.request)
        _audit(
            actor,
            "offer.withdraw",
            offer,
            offer.request.unit,
            offer.user.get_username(),
            changes={"status": [previous, O.WITHDRAWN]},
        )
        notify(
            recipients=[offer.user],
            kind="network.support.withdrawn",
            text=_("«%(unit)s» درخواست «%(title)s» را از شما پس گرفت.")
            % {"unit": offer.request.unit.name, "title": offer.request.title},
            url=reverse("network:support_offers"),
            actor=actor,
        )
    return offer


# --- Moves of the request ------------------------------------------------------------------


def _move(request: SupportRequest, name: str, actor: Any, *, note: str) -> None:
    transition = TRANSITIONS[name]
    previous = request.status
    request.status = transition.target
    fields = ["status"]
    if name == "complete":
        request.completed_at = timezone.now()
        fields.append("completed_at")
    if note:
        request.closing_note = note
        fields.append("closing_note")
    _touch(request, *fields)
    _audit(
        actor,
        f"request.{name}",
        request,
        request.unit,
        note or request.title,
        changes={"status": [previous, request.status]},
    )


def _close_offers(request: SupportRequest) -> list[Any]:
    """Withdraw the offers still waiting; return whom they were made to."""
    pending = list(request.offers.filter(status__in=PENDING_OFFERS).select_related("user"))
    request.offers.filter(pk__in=[o.pk for o in pending]).update(status=O.WITHDRAWN)
    return [o.user for o in pending]


def _clean_stories(request: SupportRequest, stories: Iterable[Story | int]) -> list[int]:
    ids = sorted({s.pk if isinstance(s, Story) else int(s) for s in stories})
    valid = set(
        Story.objects.filter(pk__in=ids, unit_id=request.unit_id)
        .exclude(status=Story.Status.SPIKED)
        .values_list("pk", flat=True)
    )
    if set(ids) - valid:
        raise ValidationError(
            {"stories": _("فقط خبرهای واحد درخواست‌کننده را می‌توان برای اعتبار برگزید.")}
        )
    return ids


def support_request_complete(
    *,
    actor: Any,
    request: SupportRequest,
    stories: Iterable[Story | int] = (),
    note: str = "",
    version: int | None = None,
) -> SupportRequest:
    """The work is done: confirmed helpers become ``done`` and are credited on ``stories``
    (stories of the requesting unit); offers still waiting are withdrawn."""
    access = access_for(actor)
    note = " ".join(str(note or "").split())[:2000]
    with transaction.atomic():
        request = _locked(request, version)
        transition = TRANSITIONS["complete"]
        if request.status not in transition.sources:
            raise ValidationError(
                _("در وضعیت «%(status)s» نمی‌توان «%(action)s» کرد.")
                % {"status": request.get_status_display(), "action": transition.label}
            )
        _require(can_transition(access, request, transition), _("شما اجازه این کار را ندارید."))
        story_ids = _clean_stories(request, stories)
        helpers = list(request.offers.filter(status=O.CONFIRMED).select_related("user"))
        if not helpers:
            raise ValidationError(_("هنوز هیچ همکاری تأیید نشده است."))
        request.offers.filter(pk__in=[o.pk for o in helpers]).update(status=O.DONE)
        _close_offers(request)
        request.stories.set(story_ids)
        _move(request, "complete", actor, note=note)
        if story_ids:
            text = _("کمک شما در «%(title)s» انجام‌شده ثبت شد و نامتان در %(n)s خبر آمد.") % {
                "title": request.title,
                "n": len(story_ids),
            }
        else:
            text = _("کمک شما در «%(title)s» انجام‌شده ثبت شد.") % {"title": request.title}
        notify(
            recipients=[o.user for o in helpers],
            kind="network.support.completed",
            text=text,
            url=request_url(request),
            actor=actor,
        )
    return request


def support_credits_set(
    *,
    actor: Any,
    request: SupportRequest,
    stories: Iterable[Story | int],
    version: int | None = None,
) -> SupportRequest:
    """Change which stories credit the helpers of a completed request."""
    access = access_for(actor)
    with transaction.atomic():
        request = _locked(request, version)
        _require(can_set_credits(access, request), _("شما اجازه این کار را ندارید."))
        story_ids = _clean_stories(request, stories)
        before = sorted(request.stories.values_list("pk", flat=True))
        if before == story_ids:
            return request
        request.stories.set(story_ids)
        _touch(request)
        _audit(
            actor,
            "request.credits",
            request,
            request.unit,
            request.title,
            changes={"stories": [before, story_ids]},
        )
        added = set(story_ids) - set(before)
        if added:
            helpers = [o.user for o in request.offers.filter(status=O.DONE).select_related("user")]
            notify(
                recipients=helpers,
                kind="network.support.credited",
                text=_("نام شما در %(n)s خبر تازه از «%(title)s» آمد.")
                % {"n": len(added), "title": request.title},
                url=request_url(request),
                actor=actor,
            )
    return request


def support_request_cancel(
    *, actor: Any, request: SupportRequest, note: str = "", version: int | None = None
) -> SupportRequest:
    access = access_for(actor)
    note = " ".join(str(note or "").split())[:2000]
    with transaction.atomic():
        request = _locked(request, version)
        transition = TRANSITIONS["cancel"]
        if request.status not in transition.sources:
            raise ValidationError(
                _("در وضعیت «%(status)s» نمی‌توان «%(action)s» کرد.")
                % {"status": request.get_status_display(), "action": transition.label}
            )
        _require(can_transition(access, request, transition), _("شما اجازه این کار را ندارید."))
        live = list(request.offers.filter(status__in=LIVE_OFFERS).select_related("user"))
        request.offers.filter(pk__in=[o.pk for o in live]).update(status=O.WITHDRAWN)
        _move(request, "cancel", actor, note=note)
        notify(
            recipients=[o.user for o in live],
            kind="network.support.cancelled",
            text=_("«%(unit)s» درخواست «%(title)s» را لغو کرد.")
            % {"unit": request.unit.name, "title": request.title},
            url=reverse("network:support_offers"),
            actor=actor,
        )
    return request


def support_requests_expire(*, now: datetime | None = None) -> int:
    """The worker's sweep: open requests whose time has passed with nobody confirmed expire
    (their waiting offers are withdrawn; the requesting unit is told). Idempotent: an expired
    request is not open any more. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    for pk in SupportRequest.objects.filter(status=S.OPEN, starts_at__lt=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            request = _locked(SupportRequest(pk=pk), None)
            if request.status != S.OPEN or request.starts_at >= now:
                continue
            _close_offers(request)
            _move(request, "expire", None, note="")
            notify(
                recipients=_writers_of(request),
                kind="network.support.expired",
                text=_("زمان درخواست «%(title)s» گذشت و کسی برای آن تأیید نشد.")
                % {"title": request.title},
                url=request_url(request),
            )
            expired += 1
    return expired
