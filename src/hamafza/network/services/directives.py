"""Every change to directives: drafting, sending, read receipts, acknowledgements, reports,
reply threads and reminders. Each function takes the acting user, checks
``network.permissions.directives``, runs in one transaction, writes an audit row
(``network.directive.<verb>``) and notifies the people concerned. Refusals raise
``PermissionDenied``, bad input ``ValidationError``, a change made from an out-of-date copy
``StaleDirective``; in every case nothing changes.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log
from hamafza.network.models.directives import (
    Directive,
    DirectiveFile,
    DirectiveRecipient,
    DirectiveReply,
)
from hamafza.network.permissions.directives import (
    ANSWER_ROLES,
    can_act_as_issuer,
    can_answer,
    can_issue_for,
    can_reply,
    is_member_of,
    recipient_unit_ids,
)
from hamafza.newsroom.media import attachment_extension, attachment_stored_name
from hamafza.notifications.services import notify
from hamafza.org.models import Membership, Role, Unit
from hamafza.org.permissions import Access, access_for

D = Directive
MAX_FILES = 10
# The automatic reminder before the due date goes out this long before it.
DUE_SOON = timedelta(hours=24)
ISSUER_PEOPLE_ROLES = frozenset({Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})


class StaleDirective(Exception):
    """The draft changed (or was sent) since the caller read it; ``current`` is it now."""

    def __init__(self, current: Directive) -> None:
        super().__init__(
            _("این ابلاغیه پس از باز کردن شما تغییر کرده یا ابلاغ شده است؛ چیزی ذخیره نشد.")
        )
        self.current = current


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _audit(actor: Any, action: str, obj: Any, unit: Unit, summary: str, **kw: Any) -> None:
    audit_log(
        actor=actor,
        action=f"network.directive.{action}",
        obj=obj,
        unit=unit,
        summary=summary[:300],
        **kw,
    )


def _url(name: str, *args: Any) -> str:
    return reverse(f"network:{name}", args=args)


def recipient_url(recipient: DirectiveRecipient) -> str:
    return _url("directive_recipient", recipient.directive_id, recipient.unit.slug)


def _unit_people(unit_ids: Iterable[int], roles: Iterable[str]) -> list[Any]:
    """Active members holding one of ``roles`` in one of the units (directly)."""
    ids = set(
        Membership.objects.filter(unit_id__in=list(unit_ids), role__in=list(roles)).values_list(
            "user_id", flat=True
        )
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _issuer_people(directive: Directive) -> list[Any]:
    people = _unit_people([directive.issuer_unit_id], ISSUER_PEOPLE_ROLES)
    for user in (directive.sent_by, directive.created_by):
        if user is not None:
            people.append(user)
    return people


def _answer_people(unit_id: int) -> list[Any]:
    return _unit_people([unit_id], ANSWER_ROLES)


# --- Drafts --------------------------------------------------------------------------------


def _clean(fields: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "title" in fields:
        cleaned["title"] = " ".join(str(fields["title"] or "").split())
        if not cleaned["title"]:
            errors["title"] = _("عنوان ابلاغیه را بنویسید.")
        elif len(cleaned["title"]) > 300:
            errors["title"] = _("حداکثر ۳۰۰ نویسه.")
    if "body" in fields:
        cleaned["body"] = str(fields["body"] or "").strip()
        if not cleaned["body"]:
            errors["body"] = _("متن ابلاغیه را بنویسید.")
        elif len(cleaned["body"]) > 20_000:
            errors["body"] = _("متن ابلاغیه بیش از حد بلند است.")
    if "kind" in fields:
        cleaned["kind"] = fields["kind"]
        if fields["kind"] not in D.Kind.values:
            errors["kind"] = _("نوع ابلاغیه نامعتبر است.")
    if "required_action" in fields:
        cleaned["required_action"] = fields["required_action"]
        if fields["required_action"] not in D.RequiredAction.values:
            errors["required_action"] = _("اقدام لازم نامعتبر است.")
    if "audience" in fields:
        cleaned["audience"] = fields["audience"]
        if fields["audience"] not in D.Audience.values:
            errors["audience"] = _("گیرندگان نامعتبرند.")
    if "due_at" in fields:
        due = fields["due_at"]
        if not isinstance(due, datetime) or timezone.is_naive(due):
            errors["due_at"] = _("مهلت را وارد کنید.")
        elif due <= now:
            errors["due_at"] = _("مهلت باید در آینده باشد.")
        cleaned["due_at"] = due
    if errors:
        raise ValidationError(errors)
    return cleaned


def _resolve_units(
    access: Access, issuer_unit_id: int, audience: str, units: Iterable[Unit | int]
) -> list[int]:
    """The recipient unit ids the audience names; anything outside what the issuer may
    reach is bad input."""
    allowed = recipient_unit_ids(access, issuer_unit_id)
    active = set(Unit.objects.filter(pk__in=allowed, is_active=True).values_list("pk", flat=True))
    tree = access.tree
    if audience == D.Audience.PROVINCES:
        if not tree.is_hq_side(issuer_unit_id):
            raise ValidationError({"audience": _("«همه استان‌ها» فقط برای ابلاغیه‌های ستاد است.")})
        chosen = {pk for pk in active if tree.kind.get(pk) == Unit.Kind.PROVINCE}
    elif audience == D.Audience.BELOW:
        chosen = {pk for pk in active if not tree.is_hq_side(pk)}
    else:
        chosen = {int(u.pk if isinstance(u, Unit) else u) for u in units}
        if chosen - active:
            raise ValidationError(
                {"units": _("یک یا چند واحد انتخاب‌شده بیرون از حوزه ابلاغ شماست.")}
            )
    if not chosen:
        raise ValidationError({"units": _("دست‌کم یک واحد گیرنده انتخاب کنید.")})
    return sorted(chosen)


def _set_recipients(directive: Directive, unit_ids: Sequence[int]) -> None:
    wanted = set(unit_ids)
    directive.recipients.exclude(unit_id__in=wanted).delete()
    have = set(directive.recipients.values_list("unit_id", flat=True))
    DirectiveRecipient.objects.bulk_create(
        [DirectiveRecipient(directive=directive, unit_id=pk) for pk in sorted(wanted - have)]
    )


def directive_snapshot(directive: Directive) -> dict[str, Any]:
    return {
        "title": directive.title,
        "body": directive.body,
        "kind": directive.kind,
        "required_action": directive.required_action,
        "audience": directive.audience,
        "due_at": directive.due_at.isoformat(),
        "units": sorted(directive.recipients.values_list("unit_id", flat=True)),
    }


def directive_create(
    *,
    actor: Any,
    issuer_unit: Unit,
    title: str,
    body: str,
    due_at: datetime,
    kind: str = D.Kind.INSTRUCTION,
    required_action: str = D.RequiredAction.ACKNOWLEDGE,
    audience: str = D.Audience.CHOSEN,
    units: Iterable[Unit | int] = (),
    now: datetime | None = None,
) -> Directive:
    """A new draft of ``issuer_unit`` addressed to the audience's units."""
    access = access_for(actor)
    _require(
        can_issue_for(access, issuer_unit.pk),
        _("شما از سوی این واحد نمی‌توانید ابلاغیه صادر کنید."),
    )
    cleaned = _clean(
        {
            "title": title,
            "body": body,
            "due_at": due_at,
            "kind": kind,
            "required_action": required_action,
            "audience": audience,
        },
        now=now or timezone.now(),
    )
    unit_ids = _resolve_units(access, issuer_unit.pk, cleaned["audience"], units)
    with transaction.atomic():
        directive = Directive.objects.create(
            issuer_unit=issuer_unit, created_by=_user(actor), **cleaned
        )
        _set_recipients(directive, unit_ids)
        _audit(actor, "create", directive, issuer_unit, directive.title)
    return directive


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked_draft(actor: Any, directive: Directive, version: int | None) -> Directive:
    """The draft, locked, after the issuing right and the version are checked."""
    current = Directive.objects.select_for_update().get(pk=directive.pk)
    _require(
        can_issue_for(access_for(actor), current.issuer_unit_id),
        _("شما اجازه تغییر این ابلاغیه را ندارید."),
    )
    if version is not None and current.version != version:
        raise StaleDirective(current)
    if not current.is_draft:
        raise ValidationError(_("ابلاغیه ابلاغ شده است و دیگر تغییر نمی‌کند."))
    return current


def _bump(directive: Directive, now: datetime) -> None:
    Directive.objects.filter(pk=directive.pk).update(version=F("version") + 1, updated_at=now)
    directive.refresh_from_db(fields=["version", "updated_at"])


def directive_update(
    *,
    actor: Any,
    directive: Directive,
    version: int,
    units: Iterable[Unit | int] | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Directive:
    """Change a draft (only the fields given; ``units`` replaces the chosen recipients)."""
    now = now or timezone.now()
    unknown = set(fields) - {"title", "body", "due_at", "kind", "required_action", "audience"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        current = _locked_draft(actor, directive, version)
        cleaned = _clean(fields, now=now)
        before = directive_snapshot(current)
        for name, value in cleaned.items():
            setattr(current, name, value)
        if units is not None or "audience" in cleaned:
            chosen = (
                units if units is not None else current.recipients.values_list("unit_id", flat=True)
            )
            _set_recipients(
                current,
                _resolve_units(access_for(actor), current.issuer_unit_id, current.audience, chosen),
            )
        current.save()
        after = directive_snapshot(current)
        if before != after:
            _bump(current, now)
            changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
            _audit(actor, "update", current, current.issuer_unit, current.title, changes=changes)
    return current


def _saving_files[T](save: Callable[[list[FieldFile]], T]) -> T:
    """Run ``save``; if it fails, delete the files it stored (so nothing is left on disk)."""
    stored: list[FieldFile] = []
    try:
        return save(stored)
    except BaseException:
        for field_file in stored:
            if field_file.name:
                field_file.storage.delete(field_file.name)
        raise


def _checked_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str, str]]:
    """(upload, title, extension) for each upload, after its type and size are checked."""
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("حداکثر ۱۰ پرونده.")})
    checked = []
    for upload in files:
        extension = attachment_extension(upload)
        title = " ".join(PurePath(upload.name or "").stem.split())[:200] or _("پیوست")
        checked.append((upload, title, extension))
    return checked


def _store(
    stored: list[FieldFile],
    checked: list[tuple[UploadedFile, str, str]],
    *,
    directive: Directive,
    recipient: DirectiveRecipient | None,
    actor: Any,
) -> list[DirectiveFile]:
    rows = []
    for upload, title, extension in checked:
        row = DirectiveFile(
            directive=directive,
            recipient=recipient,
            title=title,
            size=upload.size or 0,
            uploaded_by=_user(actor),
        )
        upload.seek(0)
        row.file.save(attachment_stored_name(upload.name or "", extension), upload, save=False)
        stored.append(row.file)
        row.save()
        rows.append(row)
    return rows


def directive_file_add(
    *,
    actor: Any,
    directive: Directive,
    files: Sequence[UploadedFile],
    version: int | None = None,
    now: datetime | None = None,
) -> list[DirectiveFile]:
    """Attach documents to a draft (PDF, Office, ODT, ZIP or text; 20 MB each)."""
    now = now or timezone.now()
    if not files:
        raise ValidationError({"files": _("پرونده‌ای انتخاب نشده است.")})
    checked = _checked_files(files)

    def save(stored: list[FieldFile]) -> list[DirectiveFile]:
        with transaction.atomic():
            current = _locked_draft(actor, directive, version)
            if current.files.filter(recipient=None).count() + len(checked) > MAX_FILES:
                raise ValidationError({"files": _("هر ابلاغیه حداکثر ۱۰ پیوست دارد.")})
            rows = _store(stored, checked, directive=current, recipient=None, actor=actor)
            _bump(current, now)
            _audit(
                actor,
                "file_add",
                current,
                current.issuer_unit,
                "، ".join(r.title for r in rows),
                changes={"files": [None, [r.file.name for r in rows]]},
            )
            return rows

    return _saving_files(save)


def directive_file_delete(
    *, actor: Any, file: DirectiveFile, version: int | None = None, now: datetime | None = None
) -> None:
    """Remove an attachment of a draft and, once that is committed, its file."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_draft(actor, file.directive, version)
        row = DirectiveFile.objects.get(pk=file.pk, directive=current, recipient=None)
        name, storage = row.file.name or "", row.file.storage
        row.delete()
        _bump(current, now)
        _audit(
            actor, "file_delete", current, current.issuer_unit, row.title,
            changes={"files": [name, None]},
        )  # fmt: skip
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def directive_send(
    *, actor: Any, directive: Directive, version: int | None, now: datetime | None = None
) -> Directive:
    """Send the draft: it is frozen from now on and the recipient units' heads and editors
    are notified."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_draft(actor, directive, version)
        if current.due_at <= now:
            raise ValidationError({"due_at": _("مهلت گذشته است؛ پیش از ابلاغ آن را تغییر دهید.")})
        unit_ids = list(current.recipients.values_list("unit_id", flat=True))
        if not unit_ids:
            raise ValidationError({"units": _("ابلاغیه گیرنده‌ای ندارد.")})
        current.status = D.Status.SENT
        current.sent_at = now
        current.sent_by = _user(actor)
        current.updated_at = now
        current.version += 1
        current.save()
        _audit(
            actor, "send", current, current.issuer_unit, current.title,
            changes={"status": [D.Status.DRAFT, D.Status.SENT], "recipients": [None, unit_ids]},
        )  # fmt: skip
        for recipient in current.recipients.select_related("unit"):
            notify(
                recipients=_answer_people(recipient.unit_id),
                kind="network.directives.sent",
                text=_("ابلاغیه تازه از %(issuer)s: «%(title)s»")
                % {"issuer": current.issuer_unit.name, "title": current.title},
                url=recipient_url(recipient),
                actor=actor,
            )
    return current


# --- Recipients ----------------------------------------------------------------------------


def _locked_recipient(recipient: DirectiveRecipient) -> DirectiveRecipient:
    current = (
        DirectiveRecipient.objects.select_for_update()
        .select_related("directive__issuer_unit", "unit")
        .get(pk=recipient.pk)
    )
    return current


def directive_mark_read(
    *, actor: Any, recipient: DirectiveRecipient, now: datetime | None = None
) -> bool:
    """Record the read receipt if ``actor`` is a member of the recipient unit and nobody
    there opened it before. Returns whether this opening was the first."""
    access = access_for(actor)
    if recipient.read_at is not None or not is_member_of(access, recipient.unit_id):
        return False
    if recipient.directive.status != D.Status.SENT:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        first = DirectiveRecipient.objects.filter(pk=recipient.pk, read_at__isnull=True).update(
            read_at=now, read_by=_user(actor)
        )
        if first:
            recipient.read_at, recipient.read_by = now, _user(actor)
            _audit(actor, "read", recipient.directive, recipient.unit, recipient.directive.title)
    return bool(first)


def _notify_issuer(recipient: DirectiveRecipient, *, kind: str, text: str, actor: Any) -> None:
    notify(
        recipients=_issuer_people(recipient.directive),
        kind=kind,
        text=text,
        url=recipient_url(recipient),
        actor=actor,
    )


def directive_acknowledge(
    *, actor: Any, recipient: DirectiveRecipient, now: datetime | None = None
) -> DirectiveRecipient:
    """The recipient unit's head or editor confirms it received the directive (once)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_recipient(recipient)
        _require(
            can_answer(access_for(actor), current),
            _("اعلام وصول با مدیر یا دبیر روابط عمومی واحد گیرنده است."),
        )
        if current.acknowledged_at is not None:
            raise ValidationError(_("وصول این ابلاغیه پیش‌تر اعلام شده است."))
        current.acknowledged_at, current.acknowledged_by = now, _user(actor)
        if current.read_at is None:
            current.read_at, current.read_by = now, _user(actor)
        current.save()
        _audit(actor, "acknowledge", current.directive, current.unit, current.directive.title)
        _notify_issuer(
            current,
            kind="network.directives.acknowledged",
            text=_("%(unit)s وصول ابلاغیه «%(title)s» را اعلام کرد.")
            % {"unit": current.unit.name, "title": current.directive.title},
            actor=actor,
        )
    return current


def directive_report(
    *,
    actor: Any,
    recipient: DirectiveRecipient,
    text: str,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> DirectiveRecipient:
    """The recipient unit reports back what it did, with text and files (once)."""
    now = now or timezone.now()
    text = str(text or "").strip()
    if not text:
        raise ValidationError({"text": _("متن گزارش را بنویسید.")})
    if len(text) > 20_000:
        raise ValidationError({"text": _("متن گزارش بیش از حد بلند است.")})
    checked = _checked_files(files)

    def save(stored: list[FieldFile]) -> DirectiveRecipient:
        with transaction.atomic():
            current = _locked_recipient(recipient)
            _require(
                can_answer(access_for(actor), current),
                _("گزارش اقدام با مدیر یا دبیر روابط عمومی واحد گیرنده است."),
            )
            if current.reported_at is not None:
                raise ValidationError(_("گزارش این ابلاغیه پیش‌تر فرستاده شده است."))
            current.report_text, current.reported_at = text, now
            current.reported_by = _user(actor)
            if current.read_at is None:
                current.read_at, current.read_by = now, _user(actor)
            current.save()
            _store(stored, checked, directive=current.directive, recipient=current, actor=actor)
            _audit(actor, "report", current.directive, current.unit, text[:200])
            _notify_issuer(
                current,
                kind="network.directives.reported",
                text=_("%(unit)s گزارش اقدام ابلاغیه «%(title)s» را فرستاد.")
                % {"unit": current.unit.name, "title": current.directive.title},
                actor=actor,
            )
            return current

    return _saving_files(save)


def directive_reply_post(*, actor: Any, recipient: DirectiveRecipient, body: str) -> DirectiveReply:
    """A message in the unit's thread; the other side is notified."""
    body = str(body or "").strip()
    if not body:
        raise ValidationError({"body": _("متن پاسخ را بنویسید.")})
    if len(body) > 8000:
        raise ValidationError({"body": _("حداکثر ۸۰۰۰ نویسه.")})
    with transaction.atomic():
        current = _locked_recipient(recipient)
        access = access_for(actor)
        _require(can_reply(access, current), _("شما در این گفت‌وگو نمی‌توانید بنویسید."))
        directive = current.directive
        # A member of the recipient unit writes for the unit, even when they could also
        # act for the issuer (an HQ admin who is also a member of the unit is rare).
        from_issuer = not is_member_of(access, current.unit_id) and can_act_as_issuer(
            access, directive
        )
        reply = DirectiveReply.objects.create(
            recipient=current, author=_user(actor), from_issuer=from_issuer, body=body
        )
        _audit(actor, "reply", directive, current.unit, body[:200])
        text = _("پاسخ تازه در گفت‌وگوی ابلاغیه «%(title)s» (%(unit)s)") % {
            "title": directive.title,
            "unit": current.unit.name,
        }
        if from_issuer:
            people = _answer_people(current.unit_id)
            people += [r.author for r in current.replies.select_related("author") if r.author]
        else:
            people = _issuer_people(directive)
            people += [
                r.author
                for r in current.replies.filter(from_issuer=True).select_related("author")
                if r.author
            ]
        notify(
            recipients=people,
            kind="network.directives.reply",
            text=text,
            url=recipient_url(current),
            actor=actor,
        )
    return reply


# --- Reminders -----------------------------------------------------------------------------


def pending_recipients() -> QuerySet[DirectiveRecipient]:
    """Recipient rows of sent directives whose required action is not done yet."""
    return DirectiveRecipient.objects.filter(
        directive__status=D.Status.SENT, reported_at__isnull=True
    ).exclude(
        directive__required_action=D.RequiredAction.ACKNOWLEDGE, acknowledged_at__isnull=False
    )


def _remind(recipient: DirectiveRecipient, *, text: str, actor: Any) -> int:
    return notify(
        recipients=_answer_people(recipient.unit_id),
        kind="network.directives.reminder",
        text=text,
        url=recipient_url(recipient),
        actor=actor,
    )


def directive_remind(*, actor: Any, directive: Directive, now: datetime | None = None) -> int:
    """The issuer reminds every recipient unit that has not done the required action yet.
    Returns how many units were reminded."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Directive.objects.select_for_update().get(pk=directive.pk)
        _require(
            can_act_as_issuer(access_for(actor), current),
            _("یادآوری با صادرکننده ابلاغیه است."),
        )
        if current.status != D.Status.SENT:
            raise ValidationError(_("پیش‌نویس هنوز ابلاغ نشده است."))
        rows = list(pending_recipients().filter(directive=current).select_related("unit"))
        text = _("یادآوری: ابلاغیه «%(title)s» هنوز پاسخ شما را می‌خواهد.") % {
            "title": current.title
        }
        for row in rows:
            row.directive = current
            _remind(row, text=text, actor=actor)
        DirectiveRecipient.objects.filter(pk__in=[r.pk for r in rows]).update(reminded_at=now)
        _audit(
            actor, "remind", current, current.issuer_unit,
            "، ".join(r.unit.name for r in rows),
        )  # fmt: skip
    return len(rows)


def directive_reminders_send(*, now: datetime | None = None) -> int:
    """The periodic sweep: remind the heads and editors of recipient units that have not done
    the required action once when the due date is near (``DUE_SOON``) and once when it has
    passed. Each reminder is recorded on the recipient row in the same transaction as its
    notifications, so running the sweep again (or two sweeps at once) sends nothing twice.
    Returns how many notifications were created."""
    now = now or timezone.now()
    pending = pending_recipients().select_related("directive", "unit")
    sent = 0
    due_soon = pending.filter(
        directive__due_at__gt=now,
        directive__due_at__lte=now + DUE_SOON,
        reminded_due_soon_at__isnull=True,
    )
    for row in due_soon:
        with transaction.atomic():
            claimed = DirectiveRecipient.objects.filter(
                pk=row.pk, reminded_due_soon_at__isnull=True
            ).update(reminded_due_soon_at=now)
            if claimed:
                sent += _remind(
                    row,
                    text=_("مهلت ابلاغیه «%(title)s» نزدیک است.") % {"title": row.directive.title},
                    actor=None,
                )
    overdue = pending.filter(directive__due_at__lte=now, reminded_overdue_at__isnull=True)
    for row in overdue:
        with transaction.atomic():
            claimed = DirectiveRecipient.objects.filter(
                Q(pk=row.pk) & Q(reminded_overdue_at__isnull=True)
            ).update(reminded_overdue_at=now)
            if claimed:
                sent += _remind(
                    row,
                    text=_("مهلت ابلاغیه «%(title)s» گذشته است و پاسخ شما نرسیده.")
                    % {"title": row.directive.title},
                    actor=None,
                )
    if sent:
        audit_log(
            actor=None,
            action="network.directive.reminders",
            summary=_("%(count)s یادآوری مهلت ابلاغیه فرستاده شد.") % {"count": sent},
        )
    return sent
