"""Changes the portal makes: the e-services block (kept by HQ's staff) and read counts.

Each e-services change is atomic, checks permission (``permissions.can_edit_eservices``) and
writes one audit row (``portal.eservice.*``). Counting a read is not a person's change and
writes no audit row: it is a counter, like a web server's access log.
"""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log, diff_fields
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.models import Unit
from hamafza.org.permissions import access_for
from hamafza.portal import pagecache
from hamafza.portal.models import EServiceLink, StoryDailyViews
from hamafza.portal.permissions import can_edit_eservices

EDITABLE_FIELDS = ("title", "url", "description", "is_active")


def _require_eservices(actor: Any) -> None:
    if not can_edit_eservices(access_for(actor)):
        raise PermissionDenied(_("فهرست خدمات الکترونیک را فقط کارکنان ستاد ویرایش می‌کنند."))


def _snapshot(link: EServiceLink) -> dict[str, Any]:
    return {name: getattr(link, name) for name in (*EDITABLE_FIELDS, "position")}


def _shown_everywhere() -> None:
    """The block is on the home and every story page: once committed, drop them all from the
    page cache."""
    transaction.on_commit(lambda: pagecache.bump(pagecache.SITE))


def _hq() -> Unit | None:
    """The audit rows of the national block are filed under HQ (the root unit)."""
    return Unit.objects.filter(parent__isnull=True).order_by("pk").first()


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown e-service fields: {sorted(unknown)}")


def eservice_create(*, actor: Any, **fields: Any) -> EServiceLink:
    """Add a link at the end of the block. Raises ``ValidationError`` on bad input (nothing
    is written) and ``PermissionDenied`` for anyone but HQ's staff."""
    _require_eservices(actor)
    _check_fields(fields)
    with transaction.atomic():
        last = EServiceLink.objects.aggregate(last=Max("position"))["last"]
        link = EServiceLink(position=0 if last is None else last + 1, **fields)
        link.full_clean()
        link.save()
        _shown_everywhere()
        audit_log(
            actor=actor,
            action="portal.eservice.create",
            obj=link,
            unit=_hq(),
            summary=link.title,
            changes=diff_fields({}, _snapshot(link)),
        )
    return link


def eservice_update(*, actor: Any, link: EServiceLink, **fields: Any) -> EServiceLink:
    _require_eservices(actor)
    _check_fields(fields)
    with transaction.atomic():
        link = EServiceLink.objects.select_for_update().get(pk=link.pk)
        before = _snapshot(link)
        for name, value in fields.items():
            setattr(link, name, value)
        link.full_clean()
        changes = diff_fields(before, _snapshot(link))
        if not changes:
            return link
        link.updated_at = timezone.now()
        link.save()
        _shown_everywhere()
        audit_log(
            actor=actor,
            action="portal.eservice.update",
            obj=link,
            unit=_hq(),
            summary=link.title,
            changes=changes,
        )
    return link


def eservice_delete(*, actor: Any, link: EServiceLink) -> None:
    _require_eservices(actor)
    with transaction.atomic():
        link = EServiceLink.objects.select_for_update().get(pk=link.pk)
        _shown_everywhere()
        audit_log(
            actor=actor,
            action="portal.eservice.delete",
            obj=link,
            unit=_hq(),
            summary=link.title,
            changes=diff_fields(_snapshot(link), {}),
        )
        link.delete()


def eservice_move(*, actor: Any, link: EServiceLink, direction: Literal["up", "down"]) -> bool:
    """Swap the link with its neighbour above or below; False (nothing written) at an end.

    Positions are renumbered 0, 1, 2… in the same transaction, so gaps or ties left by
    deletions never make a move skip a link."""
    _require_eservices(actor)
    if direction not in ("up", "down"):
        raise ValidationError(_("جهت جابه‌جایی نامعتبر است."))
    with transaction.atomic():
        links = list(EServiceLink.objects.select_for_update().order_by("position", "id"))
        index = next((i for i, item in enumerate(links) if item.pk == link.pk), None)
        if index is None:
            raise EServiceLink.DoesNotExist
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(links):
            return False
        moved = links[index]
        before = moved.position
        links[index], links[other] = links[other], links[index]
        for position, item in enumerate(links):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        _shown_everywhere()
        audit_log(
            actor=actor,
            action="portal.eservice.move",
            obj=moved,
            unit=_hq(),
            summary=moved.title,
            changes={"position": [before, moved.position]},
        )
    return True


def story_view_record(*, code: int, day: date | None = None) -> bool:
    """Count one read of the public story with this news code on ``day`` (today in Tehran by
    default). Returns False, counting nothing, when no public story has that code.

    One UPDATE with an ``F()`` increment in the common case; the day's first read inserts
    the row, and when two first reads race, the loser of the insert updates instead.
    """
    day = day or timezone.localdate()
    rows = StoryDailyViews.objects.filter(
        story__code=code, story__status__in=PUBLIC_STATUSES, day=day
    )
    if rows.update(views=F("views") + 1):
        return True
    story_id = (
        Story.objects.filter(code=code, status__in=PUBLIC_STATUSES)
        .values_list("pk", flat=True)
        .first()
    )
    if story_id is None:
        return False
    try:
        with transaction.atomic():
            StoryDailyViews.objects.create(story_id=story_id, day=day, views=1)
    except IntegrityError:
        StoryDailyViews.objects.filter(story_id=story_id, day=day).update(views=F("views") + 1)
    return True
