"""Every change to joint activities and internal bulletins, and the bulletin's e-mail sending.

Each function takes the acting user, checks ``network.permissions.partnership``, runs in one
transaction and writes one audit row (``network.partnership.*``). Refusals raise
``PermissionDenied``, bad input ``ValidationError``, a change made from an out-of-date version
``StaleJointActivity`` / ``StaleBulletin``; in every case nothing changes.

Sending a bulletin is exactly once per person: issuing creates one ``BulletinDelivery`` per
recipient (unique per bulletin and user, so issuing twice adds nobody twice) and
``bulletin_deliveries_send`` claims each unsent row with a conditional UPDATE before sending,
so two workers, a retry or a second click never send the same row again.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log, diff_fields
from hamafza.network.models.partnership import (
    Bulletin,
    BulletinDelivery,
    BulletinItem,
    JointActivity,
)
from hamafza.network.permissions.partnership import (
    addressable_unit_ids,
    bulletin_unit_ids,
    can_delete_activity,
    can_edit_activity,
    can_edit_bulletin,
    may_address_everyone,
    record_unit_ids,
)
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.permissions import visible_stories
from hamafza.notifications.services import notify
from hamafza.org.models import Domain, Membership, Partner, Role, Unit
from hamafza.org.permissions import UnitTree, access_for

logger = logging.getLogger(__name__)

MAX_STORIES = 50
MAX_PARTNERS = 30
MAX_UNITS = 100
MAX_BULLETIN_ITEMS = 30
# A claimed row not marked sent after this long (a worker died mid-send) is claimed again.
CLAIM_LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 5
SEND_BATCH = 200


class StaleJointActivity(Exception):
    """The activity changed since the caller read it; ``current`` is the activity now."""

    def __init__(self, current: JointActivity) -> None:
        super().__init__(_("این فعالیت پس از باز کردن شما تغییر کرده است؛ تغییر شما ذخیره نشد."))
        self.current = current


class StaleBulletin(Exception):
    """The bulletin changed since the caller read it; ``current`` is the bulletin now."""

    def __init__(self, current: Bulletin) -> None:
        super().__init__(_("این خبرنامه پس از باز کردن شما تغییر کرده است؛ تغییر شما ذخیره نشد."))
        self.current = current


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor: Any, action: str, obj: models.Model, unit: Unit, summary: str, **kw: Any) -> None:
    audit_log(
        actor=actor,
        action=f"network.partnership.{action}",
        obj=obj,
        unit=unit,
        summary=summary[:300],
        **kw,
    )


def _pk(value: Any) -> int:
    return int(value.pk if isinstance(value, models.Model) else value)


def _ids(values: Iterable[Any] | None) -> list[int]:
    try:
        return sorted({_pk(value) for value in values or ()})
    except (TypeError, ValueError):
        raise ValidationError(_("شناسه نامعتبر است.")) from None


def _one_line(value: Any, name: str, errors: dict[str, str], *, limit: int, required: bool) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        errors[name] = _("این بخش را پر کنید.")
    elif len(text) > limit:
        errors[name] = _("حداکثر %(n)s نویسه.") % {"n": limit}
    return text


def _long_text(value: Any, name: str, errors: dict[str, str], *, limit: int) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        errors[name] = _("این متن بیش از حد بلند است (حداکثر %(n)s نویسه).") % {"n": limit}
    return text


# --- Joint activities ---------------------------------------------------------------------

ACTIVITY_FIELDS = frozenset(
    {
        "title",
        "occurred_on",
        "place",
        "domain",
        "description",
        "outcome",
        "partners",
        "other_units",
        "stories",
    }
)


def joint_activity_snapshot(activity: JointActivity) -> dict[str, Any]:
    return {
        "title": activity.title,
        "occurred_on": activity.occurred_on.isoformat(),
        "place": activity.place,
        "domain": activity.domain_id,
        "description": activity.description,
        "outcome": activity.outcome,
        "partners": sorted(activity.partners.values_list("pk", flat=True)),
        "other_units": sorted(activity.other_units.values_list("pk", flat=True)),
        "stories": sorted(activity.stories.values_list("pk", flat=True)),
    }


def _clean_activity(
    fields: dict[str, Any], *, actor: Any, unit_id: int, current: JointActivity | None
) -> dict[str, Any]:
    """Validate the given fields; related objects come back as id lists."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "title" in fields:
        cleaned["title"] = _one_line(fields["title"], "title", errors, limit=300, required=True)
    if "place" in fields:
        cleaned["place"] = _one_line(fields["place"], "place", errors, limit=200, required=False)
    if "description" in fields:
        cleaned["description"] = _long_text(
            fields["description"], "description", errors, limit=8000
        )
    if "outcome" in fields:
        cleaned["outcome"] = _long_text(fields["outcome"], "outcome", errors, limit=4000)
    if "occurred_on" in fields:
        when = fields["occurred_on"]
        if not isinstance(when, date):
            errors["occurred_on"] = _("تاریخ فعالیت را وارد کنید.")
        elif when > timezone.localdate():
            errors["occurred_on"] = _("فعالیت مشترک پس از انجام ثبت می‌شود؛ تاریخ در آینده است.")
        cleaned["occurred_on"] = when
    if "domain" in fields:
        code = fields["domain"].code if isinstance(fields["domain"], Domain) else fields["domain"]
        if code not in Domain.Code.values:
            errors["domain"] = _("حوزه هم‌افزایی را از فهرست برگزینید.")
        cleaned["domain"] = code
    if "partners" in fields:
        ids = _ids(fields["partners"])
        kept = set(current.partners.values_list("pk", flat=True)) if current else set()
        found = set(
            Partner.objects.filter(Q(is_active=True) | Q(pk__in=kept), pk__in=ids).values_list(
                "pk", flat=True
            )
        )
        if len(ids) > MAX_PARTNERS:
            errors["partners"] = _("حداکثر %(n)s همکار.") % {"n": MAX_PARTNERS}
        elif found != set(ids):
            errors["partners"] = _("همکار نامعتبر یا غیرفعال است.")
        cleaned["partners"] = ids
    if "other_units" in fields:
        ids = [pk for pk in _ids(fields["other_units"]) if pk != unit_id]
        found = set(Unit.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
        if len(ids) > MAX_UNITS:
            errors["other_units"] = _("حداکثر %(n)s واحد.") % {"n": MAX_UNITS}
        elif found != set(ids):
            errors["other_units"] = _("واحد نامعتبر است.")
        cleaned["other_units"] = ids
    if "stories" in fields:
        ids = _ids(fields["stories"])
        participants = {unit_id, *cleaned.get("other_units", [])}
        if current is not None and "other_units" not in cleaned:
            participants |= set(current.other_units.values_list("pk", flat=True))
        kept = set(current.stories.values_list("pk", flat=True)) if current else set()
        # Any published story (co-published with a partner, whoever ran it), or a story of a
        # participating unit the actor may see; links already made stay valid.
        allowed = set(
            visible_stories(actor)
            .filter(
                Q(status__in=PUBLIC_STATUSES) | Q(unit_id__in=participants) | Q(pk__in=kept),
                pk__in=ids,
            )
            .values_list("pk", flat=True)
        ) | (kept & set(ids))
        if len(ids) > MAX_STORIES:
            errors["stories"] = _("حداکثر %(n)s خبر.") % {"n": MAX_STORIES}
        elif allowed != set(ids):
            errors["stories"] = _("خبری که برگزیدید پیدا نشد یا به این فعالیت مربوط نیست.")
        cleaned["stories"] = ids
    if errors:
        raise ValidationError(errors)
    return cleaned


def _set_activity_relations(activity: JointActivity, cleaned: dict[str, Any]) -> None:
    for name in ("partners", "other_units", "stories"):
        if name in cleaned:
            getattr(activity, name).set(cleaned[name])


def _notify_joined_units(
    activity: JointActivity, unit_ids: Iterable[int], actor: Any, *, url: str
) -> None:
    """Tell the heads of units newly named as participants, so they can correct a mistake."""
    ids = set(unit_ids)
    if not ids:
        return
    heads = get_user_model().objects.filter(
        memberships__unit_id__in=ids, memberships__role=Role.HEAD, is_active=True
    )
    notify(
        recipients=heads.distinct(),
        kind="network.partnership.joined",
        text=_("واحد شما در فعالیت مشترک «%(title)s» (ثبت %(unit)s) شریک معرفی شد.")
        % {"title": activity.title, "unit": activity.unit.name},
        url=url,
        actor=actor,
    )


def _activity_url(activity: JointActivity) -> str:
    return reverse("network:partnership_activity", args=[activity.pk])


def joint_activity_create(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    occurred_on: date,
    domain: Domain | str,
    place: str = "",
    description: str = "",
    outcome: str = "",
    partners: Iterable[Partner | int] = (),
    other_units: Iterable[Unit | int] = (),
    stories: Iterable[Story | int] = (),
) -> JointActivity:
    """Record a joint activity of ``unit``; the heads of the other units named are notified."""
    _require(
        unit.pk in record_unit_ids(access_for(actor)),
        _("شما برای این واحد نمی‌توانید فعالیت مشترک ثبت کنید."),
    )
    cleaned = _clean_activity(
        {
            "title": title,
            "occurred_on": occurred_on,
            "place": place,
            "domain": domain,
            "description": description,
            "outcome": outcome,
            "partners": list(partners),
            "other_units": list(other_units),
            "stories": list(stories),
        },
        actor=actor,
        unit_id=unit.pk,
        current=None,
    )
    with transaction.atomic():
        activity = JointActivity.objects.create(
            unit=unit,
            title=cleaned["title"],
            occurred_on=cleaned["occurred_on"],
            place=cleaned["place"],
            domain_id=cleaned["domain"],
            description=cleaned["description"],
            outcome=cleaned["outcome"],
            created_by=_user_or_none(actor),
        )
        _set_activity_relations(activity, cleaned)
        _audit(
            actor,
            "activity.create",
            activity,
            unit,
            activity.title,
            changes=diff_fields({}, joint_activity_snapshot(activity)),
        )
        _notify_joined_units(activity, cleaned["other_units"], actor, url=_activity_url(activity))
    return activity


def _locked_activity(activity: JointActivity, version: int | None) -> JointActivity:
    current = (
        JointActivity.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=activity.pk)
    )
    if version is not None and current.version != version:
        raise StaleJointActivity(current)
    return current


def joint_activity_update(
    *, actor: Any, activity: JointActivity, version: int, **fields: Any
) -> JointActivity:
    """Save the fields given (any of ``ACTIVITY_FIELDS``), made from ``version``."""
    unknown = set(fields) - ACTIVITY_FIELDS
    if unknown:
        raise TypeError(f"unknown joint activity fields: {sorted(unknown)}")
    access = access_for(actor)
    with transaction.atomic():
        activity = _locked_activity(activity, version)
        _require(can_edit_activity(access, activity), _("شما اجازه ویرایش این فعالیت را ندارید."))
        cleaned = _clean_activity(fields, actor=actor, unit_id=activity.unit_id, current=activity)
        before = joint_activity_snapshot(activity)
        for name in ("title", "occurred_on", "place", "description", "outcome"):
            if name in cleaned:
                setattr(activity, name, cleaned[name])
        if "domain" in cleaned:
            activity.domain_id = cleaned["domain"]
        activity.version = F("version") + 1
        activity.updated_at = timezone.now()
        activity.save()
        activity.refresh_from_db()
        _set_activity_relations(activity, cleaned)
        after = joint_activity_snapshot(activity)
        _audit(
            actor,
            "activity.update",
            activity,
            activity.unit,
            activity.title,
            changes=diff_fields(before, after),
        )
        added = set(after["other_units"]) - set(before["other_units"])
        _notify_joined_units(activity, added, actor, url=_activity_url(activity))
    return activity


def joint_activity_delete(
    *, actor: Any, activity: JointActivity, version: int | None = None
) -> None:
    """Remove a wrongly recorded activity (its stories stay; only the links go)."""
    access = access_for(actor)
    with transaction.atomic():
        activity = _locked_activity(activity, version)
        _require(can_delete_activity(access, activity), _("شما اجازه حذف این فعالیت را ندارید."))
        snapshot = joint_activity_snapshot(activity)
        _audit(
            actor,
            "activity.delete",
            activity,
            activity.unit,
            activity.title,
            changes=diff_fields(snapshot, {}),
        )
        activity.delete()


# --- Bulletins ----------------------------------------------------------------------------

BULLETIN_FIELDS = frozenset({"title", "intro", "to_everyone", "audience_units", "items"})

BulletinItems = Sequence[tuple[Story | int, str]]


def bulletin_snapshot(bulletin: Bulletin) -> dict[str, Any]:
    return {
        "title": bulletin.title,
        "intro": bulletin.intro,
        "to_everyone": bulletin.to_everyone,
        "audience_units": sorted(bulletin.audience_units.values_list("pk", flat=True)),
        "items": [[item.story_id, item.note] for item in bulletin.items.order_by("position")],
    }


def _clean_bulletin(fields: dict[str, Any], *, actor: Any, unit_id: int) -> dict[str, Any]:
    access = access_for(actor)
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "title" in fields:
        cleaned["title"] = _one_line(fields["title"], "title", errors, limit=300, required=True)
    if "intro" in fields:
        cleaned["intro"] = _long_text(fields["intro"], "intro", errors, limit=4000)
    if "to_everyone" in fields:
        cleaned["to_everyone"] = bool(fields["to_everyone"])
        if cleaned["to_everyone"] and not may_address_everyone(access):
            raise PermissionDenied(_("فقط ستاد می‌تواند خبرنامه را برای همه کارکنان بفرستد."))
    if "audience_units" in fields:
        ids = _ids(fields["audience_units"])
        found = set(Unit.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if found != set(ids):
            errors["audience_units"] = _("واحد نامعتبر است.")
        elif set(ids) - addressable_unit_ids(access, unit_id):
            raise PermissionDenied(
                _("خبرنامه این واحد را فقط برای کارکنان همین واحد و زیرمجموعه‌اش می‌توانید بفرستید.")
            )
        cleaned["audience_units"] = ids
    if "items" in fields:
        items: list[tuple[int, str]] = []
        seen: set[int] = set()
        for story, note in fields["items"] or ():
            story_id = _pk(story)
            if story_id in seen:
                continue
            seen.add(story_id)
            note_text = " ".join(str(note or "").split())
            if len(note_text) > 500:
                errors["items"] = _("یادداشت هر خبر حداکثر ۵۰۰ نویسه است.")
            items.append((story_id, note_text))
        if len(items) > MAX_BULLETIN_ITEMS:
            errors["items"] = _("هر خبرنامه حداکثر %(n)s خبر دارد.") % {"n": MAX_BULLETIN_ITEMS}
        public = set(
            Story.objects.filter(pk__in=seen, status__in=PUBLIC_STATUSES).values_list(
                "pk", flat=True
            )
        )
        if public != seen:
            errors["items"] = _("خبرنامه فقط از خبرهای منتشرشده ساخته می‌شود.")
        cleaned["items"] = items
    if errors:
        raise ValidationError(errors)
    return cleaned


def _set_bulletin_relations(bulletin: Bulletin, cleaned: dict[str, Any]) -> None:
    if "audience_units" in cleaned:
        bulletin.audience_units.set(cleaned["audience_units"])
    if "items" in cleaned:
        bulletin.items.all().delete()
        BulletinItem.objects.bulk_create(
            BulletinItem(bulletin=bulletin, story_id=story_id, position=index, note=note)
            for index, (story_id, note) in enumerate(cleaned["items"], start=1)
        )


def bulletin_create(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    intro: str = "",
    to_everyone: bool = False,
    audience_units: Iterable[Unit | int] | None = None,
    items: BulletinItems = (),
) -> Bulletin:
    """A draft bulletin of ``unit``. Without ``audience_units`` (and not to everyone) it is
    addressed to the staff of ``unit`` and the units below it."""
    _require(
        unit.pk in bulletin_unit_ids(access_for(actor)),
        _("شما برای این واحد نمی‌توانید خبرنامه بسازید."),
    )
    audience = [unit.pk] if audience_units is None else list(audience_units)
    cleaned = _clean_bulletin(
        {
            "title": title,
            "intro": intro,
            "to_everyone": to_everyone,
            "audience_units": audience,
            "items": list(items),
        },
        actor=actor,
        unit_id=unit.pk,
    )
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            unit=unit,
            title=cleaned["title"],
            intro=cleaned["intro"],
            to_everyone=cleaned["to_everyone"],
            created_by=_user_or_none(actor),
        )
        _set_bulletin_relations(bulletin, cleaned)
        _audit(
            actor,
            "bulletin.create",
            bulletin,
            unit,
            bulletin.title,
            changes=diff_fields({}, bulletin_snapshot(bulletin)),
        )
    return bulletin


def _locked_bulletin(bulletin: Bulletin, version: int | None) -> Bulletin:
    current = (
        Bulletin.objects.select_for_update(of=("self",)).select_related("unit").get(pk=bulletin.pk)
    )
    if version is not None and current.version != version:
        raise StaleBulletin(current)
    return current


def bulletin_update(*, actor: Any, bulletin: Bulletin, version: int, **fields: Any) -> Bulletin:
    """Change a draft: any of ``BULLETIN_FIELDS``; ``items`` replaces the ordered list of
    (story, note) pairs."""
    unknown = set(fields) - BULLETIN_FIELDS
    if unknown:
        raise TypeError(f"unknown bulletin fields: {sorted(unknown)}")
    access = access_for(actor)
    with transaction.atomic():
        bulletin = _locked_bulletin(bulletin, version)
        if bulletin.is_issued:
            raise ValidationError(_("خبرنامه منتشرشده دیگر تغییر نمی‌کند."))
        _require(can_edit_bulletin(access, bulletin), _("شما اجازه ویرایش این خبرنامه را ندارید."))
        cleaned = _clean_bulletin(fields, actor=actor, unit_id=bulletin.unit_id)
        before = bulletin_snapshot(bulletin)
        for name in ("title", "intro", "to_everyone"):
            if name in cleaned:
                setattr(bulletin, name, cleaned[name])
        bulletin.version = F("version") + 1
        bulletin.updated_at = timezone.now()
        bulletin.save()
        bulletin.refresh_from_db()
        _set_bulletin_relations(bulletin, cleaned)
        _audit(
            actor,
            "bulletin.update",
            bulletin,
            bulletin.unit,
            bulletin.title,
            changes=diff_fields(before, bulletin_snapshot(bulletin)),
        )
    return bulletin


def bulletin_delete(*, actor: Any, bulletin: Bulletin, version: int | None = None) -> None:
    """Throw a draft away. An issued bulletin stays: people received it."""
    access = access_for(actor)
    with transaction.atomic():
        bulletin = _locked_bulletin(bulletin, version)
        if bulletin.is_issued:
            raise ValidationError(_("خبرنامه منتشرشده حذف نمی‌شود."))
        _require(can_edit_bulletin(access, bulletin), _("شما اجازه حذف این خبرنامه را ندارید."))
        _audit(actor, "bulletin.delete", bulletin, bulletin.unit, bulletin.title)
        bulletin.delete()


def bulletin_recipient_ids(bulletin: Bulletin) -> set[int]:
    """Active members (any role) of the addressed units and every unit below them, or of
    every active unit when the bulletin goes to everyone."""
    memberships = Membership.objects.filter(user__is_active=True, unit__is_active=True)
    if not bulletin.to_everyone:
        unit_ids = UnitTree.load().subtrees(bulletin.audience_units.values_list("pk", flat=True))
        memberships = memberships.filter(unit_id__in=unit_ids)
    return set(memberships.values_list("user_id", flat=True))


def bulletin_issue(
    *, actor: Any, bulletin: Bulletin, version: int | None = None, site_url: str = ""
) -> tuple[Bulletin, int]:
    """Issue the draft: it becomes a page every staff member may read, and one delivery row is
    made per recipient with an e-mail address; the sending task is enqueued when the
    transaction commits. Returns the bulletin and how many deliveries this call created.

    Issuing an issued bulletin changes nothing and returns 0 (a double click, a retried
    request): the deliveries already exist and are sent once. ``site_url`` (scheme and host)
    is where the e-mail's links point unless ``PUBLIC_BASE_URL`` is set.
    """
    access = access_for(actor)
    with transaction.atomic():
        current = _locked_bulletin(bulletin, None)
        if current.is_issued:
            return current, 0
        if version is not None and current.version != version:
            raise StaleBulletin(current)
        _require(can_edit_bulletin(access, current), _("شما اجازه انتشار این خبرنامه را ندارید."))
        items = list(current.items.select_related("story"))
        if not items:
            raise ValidationError(_("خبرنامه هنوز خبری ندارد؛ دست‌کم یک خبر برگزینید."))
        withdrawn = [item.story.headline for item in items if not item.story.is_public]
        if withdrawn:
            raise ValidationError(
                _("این خبرها دیگر منتشرشده نیستند؛ آن‌ها را از خبرنامه بردارید: %(list)s")
                % {"list": "، ".join(withdrawn)}
            )
        if not current.to_everyone and not current.audience_units.exists():
            raise ValidationError(_("گیرندگان خبرنامه را برگزینید."))
        recipients = get_user_model().objects.filter(pk__in=bulletin_recipient_ids(current))
        rows = [
            BulletinDelivery(bulletin=current, user_id=user_id, email=email)
            for user_id, email in recipients.exclude(email="").values_list("pk", "email")
        ]
        BulletinDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        current.status = Bulletin.Status.ISSUED
        current.issued_at = timezone.now()
        current.issued_by = _user_or_none(actor)
        current.site_url = site_url[:200]
        current.version = F("version") + 1
        current.updated_at = timezone.now()
        current.save()
        current.refresh_from_db()
        _audit(
            actor,
            "bulletin.issue",
            current,
            current.unit,
            _("%(title)s — برای %(n)s نفر") % {"title": current.title, "n": len(rows)},
            changes={"status": [Bulletin.Status.DRAFT, Bulletin.Status.ISSUED]},
        )
        bulletin_id = current.pk
        transaction.on_commit(lambda: _enqueue_sending(bulletin_id))
    return current, len(rows)


def _enqueue_sending(bulletin_id: int) -> None:
    from hamafza.network.tasks import bulletin_deliveries_send_task

    try:
        bulletin_deliveries_send_task.enqueue(bulletin_id=bulletin_id)
    except Exception:
        # The rows are there; the worker's sweep (bulletin_deliveries_send) sends them later.
        logger.exception("Could not enqueue the sending of bulletin %s", bulletin_id)


# --- The e-mail ---------------------------------------------------------------------------


def _site_url(bulletin: Bulletin) -> str:
    return (settings.PUBLIC_BASE_URL or bulletin.site_url or "").rstrip("/")


def bulletin_email_context(bulletin: Bulletin) -> dict[str, Any]:
    """What the e-mail's two parts (and the preview) show: absolute links, the items."""
    site = _site_url(bulletin)
    items = list(bulletin.items.select_related("story__unit").order_by("position", "id"))
    for item in items:
        story = item.story
        path = reverse("portal:story", args=[story.code]) if story.code else ""
        item.story_url = f"{site}{path}" if path else ""  # type: ignore[attr-defined]
    return {
        "bulletin": bulletin,
        "items": items,
        "web_url": f"{site}{reverse('network:partnership_bulletin', args=[bulletin.pk])}",
        "publication": settings.PUBLICATION_NAME,
    }


def bulletin_email_render(bulletin: Bulletin) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the bulletin's e-mail, in the site's default language
    (the worker has no request to take a language from)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = bulletin_email_context(bulletin)
        subject = f"{settings.PUBLICATION_NAME} | {bulletin.title}"
        text = render_to_string("network/partnership/bulletin_email.txt", context)
        html = render_to_string("network/partnership/bulletin_email.html", context)
    return " ".join(subject.split()), text, html


def _message(delivery: BulletinDelivery, rendered: dict[int, tuple[str, str, str]]) -> Any:
    if delivery.bulletin_id not in rendered:
        rendered[delivery.bulletin_id] = bulletin_email_render(delivery.bulletin)
    subject, text, html = rendered[delivery.bulletin_id]
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": "fa"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _claimable(now: Any) -> Q:
    return Q(sent_at__isnull=True, failed_at__isnull=True) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    )


def bulletin_deliveries_send(*, bulletin_id: int | None = None) -> int:
    """Send every unsent delivery of issued bulletins (of one bulletin when given); return how
    many e-mails went out. Safe to run any number of times, in several workers at once.

    Each row is claimed by a conditional UPDATE (only one caller wins it) and marked sent right
    after the mail backend accepted the message. A failure releases the claim for the next run
    (after ``MAX_ATTEMPTS`` the row is marked failed); a worker dying between sending and
    marking leaves the claim to expire after ``CLAIM_LEASE`` — the only case that can repeat
    an e-mail, and rarer than losing one.
    """
    sent = 0
    rendered: dict[int, tuple[str, str, str]] = {}
    tried: set[int] = set()
    while True:
        now = timezone.now()
        pending = BulletinDelivery.objects.filter(
            _claimable(now), bulletin__status=Bulletin.Status.ISSUED
        ).exclude(pk__in=tried)
        if bulletin_id is not None:
            pending = pending.filter(bulletin_id=bulletin_id)
        batch = list(pending.order_by("pk").values_list("pk", flat=True)[:SEND_BATCH])
        if not batch:
            return sent
        for pk in batch:
            tried.add(pk)
            claimed = BulletinDelivery.objects.filter(_claimable(now), pk=pk).update(
                claimed_at=now, attempts=F("attempts") + 1
            )
            if not claimed:
                continue  # another worker has it, or it was sent meanwhile
            delivery = BulletinDelivery.objects.select_related("bulletin").get(pk=pk)
            try:
                _message(delivery, rendered).send()
            except Exception as error:
                logger.exception("Bulletin %s to %s failed", delivery.bulletin_id, delivery.email)
                BulletinDelivery.objects.filter(pk=pk).update(
                    claimed_at=None,
                    last_error=str(error)[:500],
                    failed_at=timezone.now() if delivery.attempts >= MAX_ATTEMPTS else None,
                )
                continue
            BulletinDelivery.objects.filter(pk=pk).update(sent_at=timezone.now(), last_error="")
            sent += 1
