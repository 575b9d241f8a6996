"""Every change to media relations: outlets, contacts, interactions and press enquiries, and a
contact's data on request (export, erasure). Each function takes the acting user, checks
``network.permissions.media``, runs in one transaction and writes one audit row
(``network.media.<entity>.<verb>``). Refusals raise ``PermissionDenied`` (or ``Http404`` when
the object is outside what the actor may see), bad input ``ValidationError`` with Persian
messages, a change made from an out-of-date version ``StaleMedia``; nothing changes then.

Personal data never reaches the audit log (it is append-only and would outlive an erasure):
rows name contacts by id only, and a contact's changes list the fields, not their values.
"""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log
from hamafza.common.persian import to_ascii_digits
from hamafza.network.models.media import (
    ENQUIRY_OPEN,
    ENQUIRY_TRANSITIONS,
    ERASED_LABEL,
    Beat,
    MediaContact,
    MediaContactBeat,
    MediaInteraction,
    MediaOutlet,
    PressEnquiry,
)
from hamafza.network.permissions.media import (
    can_assign_enquiry,
    can_edit_contact,
    can_edit_outlet,
    can_erase_contact,
    can_export_contact,
    can_log_for,
    can_remove_interaction,
    can_transition_enquiry,
    can_view_contact,
    can_work_enquiry,
    enquiry_owner_candidates,
)
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.notifications.models import Notification
from hamafza.notifications.services import notify
from hamafza.org.models import Membership, Role, Unit
from hamafza.org.permissions import UnitTree, access_for
from hamafza.search.normalize import search_key


class StaleMedia(Exception):
    """The row changed since the caller read it; ``current`` is the row as it is now."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(_("این مورد پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد."))
        self.current = current


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(
    actor: Any,
    action: str,
    obj: models.Model | None,
    unit: Unit | None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    audit_log(
        actor=actor,
        action=f"network.media.{action}",
        obj=obj,
        unit=unit,
        summary=summary[:300],
        changes=changes,
    )


# --- Input cleaning ------------------------------------------------------------------------


def _text(value: Any, *, limit: int, multiline: bool = False) -> str:
    text = str(value or "")
    if multiline:
        return text.strip()[: limit + 1]
    return " ".join(text.split())[: limit + 1]


def _check_length(errors: dict[str, str], name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[name] = _("حداکثر %(n)s نویسه.") % {"n": limit}


_PHONE = re.compile(r"^[0-9۰-۹+\-()\s]{4,40}$")


def _clean(fields: dict[str, Any], spec: dict[str, tuple[int, bool]]) -> dict[str, Any]:
    """Trim and check the text fields named in ``spec`` (name → (limit, multiline)) and the
    common ones (email, phone, website); raise one ValidationError with every problem."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, (limit, multiline) in spec.items():
        if name in fields:
            cleaned[name] = _text(fields[name], limit=limit, multiline=multiline)
            _check_length(errors, name, cleaned[name], limit)
    if "name" in cleaned and not cleaned["name"]:
        errors["name"] = _("نام را بنویسید.")
    if "subject" in cleaned and not cleaned["subject"]:
        errors["subject"] = _("موضوع استعلام را بنویسید.")
    if cleaned.get("email"):
        try:
            EmailValidator()(cleaned["email"])
        except ValidationError:
            errors["email"] = _("نشانی رایانامه درست نیست.")
    if cleaned.get("phone"):
        cleaned["phone"] = to_ascii_digits(cleaned["phone"])  # stored ASCII, shown Persian
    if cleaned.get("phone") and not _PHONE.match(cleaned["phone"]):
        errors["phone"] = _("شماره تلفن فقط رقم، فاصله، + و - دارد.")
    if cleaned.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(cleaned["website"])
        except ValidationError:
            errors["website"] = _("نشانی وب‌سایت را کامل بنویسید، مثلاً https://example.ir")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _choice(value: Any, choices: type[models.TextChoices], field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("گزینه نامعتبر است.")})
    return str(value)


def _beats(values: Iterable[str]) -> list[str]:
    codes = sorted(set(values or []))
    if set(codes) - set(Beat.values):
        raise ValidationError({"beats": _("حوزه خبری نامعتبر است.")})
    return codes


def _aware(value: Any, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError({field: _("تاریخ و ساعت را وارد کنید.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _contact_search_text(contact: MediaContact) -> str:
    parts = [contact.name, contact.role, contact.email, contact.phone, contact.messenger]
    if contact.outlet_id:
        parts.append(MediaOutlet.objects.values_list("name", flat=True).get(pk=contact.outlet_id))
    parts.extend(str(label) for label in contact.beat_labels)
    return _searchable(parts)


def _searchable(parts: Iterable[str]) -> str:
    """The search key, followed by the name part without spaces: a name typed without its
    half-space («نیکخواه») finds the one written with it («نیک‌خواه»)."""
    parts = [p for p in parts if p]
    key = search_key(" ".join(parts))
    return f"{key} | {search_key(parts[0]).replace(' ', '')}" if parts else key


def _outlet_search_text(outlet: MediaOutlet) -> str:
    return _searchable([outlet.name, outlet.get_kind_display(), outlet.website])


# --- Outlets -------------------------------------------------------------------------------

OUTLET_TEXT = {
    "name": (200, False),
    "website": (200, False),
    "phone": (40, False),
    "email": (254, False),
    "links": (2000, True),
}
OUTLET_FIELDS = frozenset({*OUTLET_TEXT, "kind", "region", "is_active"})


def _outlet_values(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - OUTLET_FIELDS
    if unknown:
        raise TypeError(f"unknown outlet fields: {sorted(unknown)}")
    cleaned = _clean(fields, OUTLET_TEXT)
    if "kind" in fields:
        cleaned["kind"] = _choice(fields["kind"], MediaOutlet.Kind, "kind")
    if "region" in fields:
        cleaned["region"] = fields["region"]
    if "is_active" in fields:
        cleaned["is_active"] = bool(fields["is_active"])
    return cleaned


def outlet_create(*, actor: Any, owner_unit: Unit, **fields: Any) -> MediaOutlet:
    """Register an outlet for ``owner_unit`` (name and kind required)."""
    _require(
        can_log_for(access_for(actor), owner_unit.pk),
        _("شما برای این واحد نمی‌توانید رسانه ثبت کنید."),
    )
    fields.setdefault("kind", "")
    cleaned = _outlet_values(fields)
    if not cleaned.get("name"):
        raise ValidationError({"name": _("نام رسانه را بنویسید.")})
    with transaction.atomic():
        outlet = MediaOutlet(owner_unit=owner_unit, **cleaned)
        outlet.search_text = _outlet_search_text(outlet)
        outlet.save()
        _audit(actor, "outlet.create", outlet, owner_unit, outlet.name)
    return outlet


def outlet_update(*, actor: Any, outlet: MediaOutlet, version: int, **fields: Any) -> MediaOutlet:
    cleaned = _outlet_values(fields)
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError({"name": _("نام رسانه را بنویسید.")})
    access = access_for(actor)
    with transaction.atomic():
        current = MediaOutlet.objects.select_for_update().get(pk=outlet.pk)
        _require(can_edit_outlet(access, current), _("شما اجازه ویرایش این رسانه را ندارید."))
        if current.version != version:
            raise StaleMedia(current)
        changes = {}
        for name, value in cleaned.items():
            old = getattr(current, name)
            if old != value:
                changes[name] = [getattr(old, "pk", old), getattr(value, "pk", value)]
            setattr(current, name, value)
        current.search_text = _outlet_search_text(current)
        current.version = current.version + 1
        current.updated_at = timezone.now()
        current.save()
        _audit(actor, "outlet.update", current, current.owner_unit, current.name, changes)
    return current


# --- Contacts ------------------------------------------------------------------------------

CONTACT_TEXT = {
    "name": (200, False),
    "role": (200, False),
    "phone": (40, False),
    "email": (254, False),
    "messenger": (300, False),
    "notes": (4000, True),
    "basis_note": (500, False),
}
# Recorded in the audit log by name only: they identify the person.
PERSONAL_FIELDS = frozenset(CONTACT_TEXT)
CONTACT_FIELDS = frozenset({*CONTACT_TEXT, "outlet", "region", "beats", "basis"})


def _contact_values(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    cleaned = _clean(fields, CONTACT_TEXT)
    if "basis" in fields:
        cleaned["basis"] = _choice(fields["basis"], MediaContact.Basis, "basis")
    if "beats" in fields:
        cleaned["beats"] = _beats(fields["beats"])
    for name in ("outlet", "region"):
        if name in fields:
            cleaned[name] = fields[name]
    outlet = cleaned.get("outlet")
    if outlet is not None and not isinstance(outlet, MediaOutlet):
        raise ValidationError({"outlet": _("رسانه نامعتبر است.")})
    return cleaned


def _set_beats(contact: MediaContact, codes: list[str]) -> None:
    contact.beat_rows.exclude(beat__in=codes).delete()
    have = set(contact.beat_rows.values_list("beat", flat=True))
    MediaContactBeat.objects.bulk_create(
        MediaContactBeat(contact=contact, beat=code) for code in codes if code not in have
    )


def contact_create(*, actor: Any, owner_unit: Unit, **fields: Any) -> MediaContact:
    """Keep a journalist's contact data for ``owner_unit`` (name required; ``beats`` a list of
    ``Beat`` codes; ``basis`` the legal basis for holding the data)."""
    _require(
        can_log_for(access_for(actor), owner_unit.pk),
        _("شما برای این واحد نمی‌توانید مخاطب رسانه‌ای ثبت کنید."),
    )
    fields.setdefault("name", "")
    cleaned = _contact_values(fields)
    beats = cleaned.pop("beats", [])
    with transaction.atomic():
        contact = MediaContact.objects.create(
            owner_unit=owner_unit, created_by=_user_or_none(actor), **cleaned
        )
        _set_beats(contact, beats)
        contact.search_text = _contact_search_text(contact)
        contact.save(update_fields=["search_text"])
        # Only the id: no personal data in the audit log.
        _audit(actor, "contact.create", contact, owner_unit)
    return contact


def contact_update(
    *, actor: Any, contact: MediaContact, version: int, **fields: Any
) -> MediaContact:
    """Save the fields given, made from ``version``. Moving the contact to another unit is
    not a field: it would hand personal data to a unit the person did not deal with."""
    cleaned = _contact_values(fields)
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError({"name": _("نام را بنویسید.")})
    beats = cleaned.pop("beats", None)
    access = access_for(actor)
    with transaction.atomic():
        current = MediaContact.objects.select_for_update().get(pk=contact.pk)
        _require(can_edit_contact(access, current), _("شما اجازه ویرایش این مخاطب را ندارید."))
        if current.version != version:
            raise StaleMedia(current)
        changed: dict[str, Any] = {}
        for name, value in cleaned.items():
            old = getattr(current, name)
            if old != value:
                if name in PERSONAL_FIELDS:
                    changed[name] = ["…", "…"]
                else:
                    changed[name] = [getattr(old, "pk", old), getattr(value, "pk", value)]
            setattr(current, name, value)
        if beats is not None:
            before = sorted(current.beat_rows.values_list("beat", flat=True))
            if before != beats:
                changed["beats"] = [before, beats]
            _set_beats(current, beats)
        current.search_text = _contact_search_text(current)
        current.version = current.version + 1
        current.updated_at = timezone.now()
        current.save()
        _audit(actor, "contact.update", current, current.owner_unit, changes=changed)
    return current


def contact_export(*, actor: Any, contact: MediaContact) -> dict[str, Any]:
    """Everything held about the person, for their request: the contact, the interactions
    and the enquiries linked to it (``for_export`` rights). Audited (which contact, by whom)."""
    access = access_for(actor)
    if not can_view_contact(access, contact):
        raise Http404
    _require(can_export_contact(access, contact), _("شما اجازه برون‌بری داده این مخاطب را ندارید."))
    contact = (
        MediaContact.objects.select_related("owner_unit", "outlet", "region")
        .prefetch_related("beat_rows")
        .get(pk=contact.pk)
    )
    interactions = (
        MediaInteraction.objects.filter(contact=contact)
        .select_related("unit", "outlet", "story")
        .order_by("occurred_at", "id")
    )
    enquiries = (
        PressEnquiry.objects.filter(contact=contact)
        .select_related("unit", "outlet", "owner")
        .order_by("received_at", "id")
    )
    data = {
        "exported_at": timezone.now().isoformat(),
        "contact": {
            "id": contact.pk,
            "name": contact.name,
            "role": contact.role,
            "outlet": contact.outlet.name if contact.outlet else "",
            "region": contact.region.name if contact.region else "",
            "beats": contact.beat_codes,
            "phone": contact.phone,
            "email": contact.email,
            "messenger": contact.messenger,
            "notes": contact.notes,
            "basis": contact.basis,
            "basis_note": contact.basis_note,
            "owner_unit": contact.owner_unit.name,
            "created_at": contact.created_at.isoformat(),
            "updated_at": contact.updated_at.isoformat(),
        },
        "interactions": [
            {
                "id": i.pk,
                "kind": i.kind,
                "occurred_at": i.occurred_at.isoformat(),
                "unit": i.unit.name,
                "outlet": i.outlet.name if i.outlet else "",
                "story": i.story.headline if i.story else "",
                "note": i.note,
            }
            for i in interactions
        ],
        "enquiries": [
            {
                "id": e.pk,
                "subject": e.subject,
                "details": e.details,
                "received_at": e.received_at.isoformat(),
                "deadline": e.deadline.isoformat(),
                "status": e.status,
                "unit": e.unit.name,
                "answer": e.answer,
                "answered_at": e.answered_at.isoformat() if e.answered_at else None,
            }
            for e in enquiries
        ],
    }
    with transaction.atomic():
        _audit(
            actor,
            "contact.export",
            contact,
            contact.owner_unit,
            changes={
                "interactions": [None, len(data["interactions"])],
                "enquiries": [None, len(data["enquiries"])],
            },
        )
    return data


def _scrub(text: str, needles: list[str]) -> str:
    for needle in needles:
        if needle and needle in text:
            text = text.replace(needle, str(ERASED_LABEL))
    return text


def _identifiers(contact: MediaContact) -> list[str]:
    """What identifies the person in free text: the name, the e-mail, the phone and messenger
    handles (longest first, so a name is replaced whole before any part of it)."""
    found = [contact.name, contact.email, contact.phone]
    found += [h for h in re.split(r"[\s،,؛;]+", contact.messenger) if len(h) >= 4]
    return sorted({f.strip() for f in found if f and len(f.strip()) >= 3}, key=len, reverse=True)


def contact_erase(*, actor: Any, contact: MediaContact, reason: str = "") -> dict[str, int]:
    """Erase the person's data on their request: the contact row (and its beats) goes; the
    interactions and enquiries about them stay as facts, no longer identifying anyone
    (``contact`` null, ``contact_erased`` set, the person's name, e-mail, phone and handles
    replaced by «مخاطب حذف‌شده» in their texts and in the notifications about them). The
    audit row keeps only the contact's id and the counts. Returns the counts."""
    access = access_for(actor)
    if not can_view_contact(access, contact):
        raise Http404
    _require(can_erase_contact(access, contact), _("شما اجازه حذف داده این مخاطب را ندارید."))
    with transaction.atomic():
        current = MediaContact.objects.select_for_update().select_related("owner_unit")
        contact = current.get(pk=contact.pk)
        needles = _identifiers(contact)
        # The reason stays in the audit log: never with the person's name or channels in it.
        reason = _scrub(_text(reason, limit=300), needles)
        interactions = list(MediaInteraction.objects.select_for_update().filter(contact=contact))
        for interaction in interactions:
            interaction.note = _scrub(interaction.note, needles)
            interaction.contact = None
            interaction.contact_erased = True
            interaction.save(update_fields=["note", "contact", "contact_erased"])
        enquiries = list(PressEnquiry.objects.select_for_update().filter(contact=contact))
        for enquiry in enquiries:
            for name in ("subject", "details", "answer", "status_note"):
                setattr(enquiry, name, _scrub(getattr(enquiry, name), needles))
            enquiry.contact = None
            enquiry.contact_erased = True
            enquiry.save(
                update_fields=["subject", "details", "answer", "status_note", "contact",
                               "contact_erased"]
            )  # fmt: skip
            for note in Notification.objects.filter(url=_enquiry_url(enquiry)):
                scrubbed = _scrub(note.text, needles)
                if scrubbed != note.text:
                    Notification.objects.filter(pk=note.pk).update(text=scrubbed)
        counts = {"interactions": len(interactions), "enquiries": len(enquiries)}
        unit, contact_id = contact.owner_unit, contact.pk
        contact.delete()
        contact.pk = contact_id  # the audit row names the erased row by its id
        audit_log(
            actor=actor,
            action="network.media.contact.erase",
            obj=contact,
            unit=unit,
            summary=_("حذف داده‌های شخصی به درخواست فرد") + (f": {reason}" if reason else ""),
            changes={key: [count, 0] for key, count in counts.items()},
        )
    return counts


# --- Interactions --------------------------------------------------------------------------


def _story_for(unit: Unit, story: Story | None) -> Story | None:
    """A story the unit may see: published, or of the unit or a unit below it."""
    if story is None:
        return None
    tree = UnitTree.load()
    if story.status not in PUBLIC_STATUSES and story.unit_id not in tree.subtree(unit.pk):
        raise ValidationError({"story": _("این خبر برای این واحد در دسترس نیست.")})
    return story


def _check_contact(access: Any, contact: MediaContact | None) -> None:
    if contact is not None and not can_view_contact(access, contact):
        raise ValidationError({"contact": _("مخاطب نامعتبر است.")})


def interaction_log(
    *,
    actor: Any,
    unit: Unit,
    kind: str,
    contact: MediaContact | None = None,
    outlet: MediaOutlet | None = None,
    story: Story | None = None,
    occurred_at: datetime | None = None,
    note: str = "",
) -> MediaInteraction:
    """Log an interaction of ``unit`` with a contact or an outlet (one is required)."""
    access = access_for(actor)
    _require(can_log_for(access, unit.pk), _("شما برای این واحد نمی‌توانید ارتباط ثبت کنید."))
    kind = _choice(kind, MediaInteraction.Kind, "kind")
    _check_contact(access, contact)
    if contact is None and outlet is None:
        raise ValidationError({"contact": _("مخاطب یا رسانه را برگزینید.")})
    if outlet is None and contact is not None:
        outlet = contact.outlet
    story = _story_for(unit, story)
    occurred = _aware(occurred_at or timezone.now(), "occurred_at")
    if occurred > timezone.now() + timedelta(days=1):
        raise ValidationError({"occurred_at": _("زمان ارتباط در آینده است.")})
    cleaned = _clean({"note": note}, {"note": (4000, True)})
    with transaction.atomic():
        interaction = MediaInteraction.objects.create(
            unit=unit,
            kind=kind,
            contact=contact,
            outlet=outlet,
            story=story,
            occurred_at=occurred,
            note=cleaned["note"],
            created_by=_user_or_none(actor),
        )
        _audit(
            actor,
            "interaction.log",
            interaction,
            unit,
            str(MediaInteraction.Kind(kind).label),
            {"contact": [None, contact.pk if contact else None],
             "story": [None, story.pk if story else None]},
        )  # fmt: skip
    return interaction


def interaction_remove(*, actor: Any, interaction: MediaInteraction) -> None:
    access = access_for(actor)
    _require(can_remove_interaction(access, interaction), _("شما اجازه حذف این ارتباط را ندارید."))
    with transaction.atomic():
        _audit(actor, "interaction.remove", interaction, interaction.unit)
        interaction.delete()


# --- Press enquiries -----------------------------------------------------------------------


def _enquiry_url(enquiry: PressEnquiry) -> str:
    return reverse("network:media_enquiry", args=[enquiry.pk])


def _check_owner(unit: Unit, owner: Any) -> None:
    if owner is not None and not enquiry_owner_candidates(unit.pk).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("مسئول پاسخ باید از کارکنان همین واحد باشد.")})


def _notify_assigned(enquiry: PressEnquiry, actor: Any) -> None:
    if enquiry.owner is None:
        return
    text = _("استعلام رسانه‌ای «%(subject)s» به شما سپرده شد؛ مهلت پاسخ: %(deadline)s") % {
        "subject": enquiry.subject,
        "deadline": _deadline_text(enquiry.deadline),
    }
    notify(
        recipients=[enquiry.owner],
        kind="network.media.enquiry.assigned",
        text=text,
        url=_enquiry_url(enquiry),
        actor=actor,
    )


def _deadline_text(value: datetime) -> str:
    from hamafza.common.jalali import format_datetime

    return format_datetime(value)


ENQUIRY_TEXT = {"subject": (300, False), "details": (8000, True)}


def enquiry_create(
    *,
    actor: Any,
    unit: Unit,
    subject: str,
    deadline: datetime,
    contact: MediaContact | None = None,
    outlet: MediaOutlet | None = None,
    details: str = "",
    received_at: datetime | None = None,
    owner: Any = None,
) -> PressEnquiry:
    """Register a press enquiry received by ``unit`` (from a contact or an outlet), its owner
    notified."""
    access = access_for(actor)
    _require(can_log_for(access, unit.pk), _("شما برای این واحد نمی‌توانید استعلام ثبت کنید."))
    cleaned = _clean({"subject": subject, "details": details}, ENQUIRY_TEXT)
    _check_contact(access, contact)
    if contact is None and outlet is None:
        raise ValidationError({"contact": _("مخاطب یا رسانه پرسنده را برگزینید.")})
    if outlet is None and contact is not None:
        outlet = contact.outlet
    received = _aware(received_at or timezone.now(), "received_at")
    deadline = _aware(deadline, "deadline")
    if deadline < received:
        raise ValidationError({"deadline": _("مهلت پاسخ پیش از زمان دریافت است.")})
    _check_owner(unit, owner)
    with transaction.atomic():
        enquiry = PressEnquiry.objects.create(
            unit=unit,
            contact=contact,
            outlet=outlet,
            subject=cleaned["subject"],
            details=cleaned["details"],
            received_at=received,
            deadline=deadline,
            owner=owner,
            created_by=_user_or_none(actor),
        )
        _audit(
            actor,
            "enquiry.create",
            enquiry,
            unit,
            changes={"owner": [None, owner.pk if owner else None]},
        )
        _notify_assigned(enquiry, actor)
    return enquiry


def _locked_enquiry(enquiry: PressEnquiry, version: int | None) -> PressEnquiry:
    current = (
        PressEnquiry.objects.select_for_update(of=("self",))
        .select_related("unit", "owner")
        .get(pk=enquiry.pk)
    )
    if version is not None and current.version != version:
        raise StaleMedia(current)
    return current


def enquiry_update(
    *, actor: Any, enquiry: PressEnquiry, version: int, **fields: Any
) -> PressEnquiry:
    """Change the subject, details or deadline of an open enquiry, made from ``version``.
    A later deadline makes the enquiry due again (it can become overdue, and be notified,
    once more)."""
    unknown = set(fields) - {"subject", "details", "deadline"}
    if unknown:
        raise TypeError(f"unknown enquiry fields: {sorted(unknown)}")
    cleaned = _clean(fields, ENQUIRY_TEXT)
    if "deadline" in fields:
        cleaned["deadline"] = _aware(fields["deadline"], "deadline")
    access = access_for(actor)
    with transaction.atomic():
        current = _locked_enquiry(enquiry, version)
        _require(can_work_enquiry(access, current), _("شما اجازه ویرایش این استعلام را ندارید."))
        if current.status not in ENQUIRY_OPEN:
            raise ValidationError(_("استعلامِ پاسخ‌داده یا بسته ویرایش نمی‌شود."))
        if "deadline" in cleaned and cleaned["deadline"] < current.received_at:
            raise ValidationError({"deadline": _("مهلت پاسخ پیش از زمان دریافت است.")})
        changes: dict[str, Any] = {}
        for name, value in cleaned.items():
            if getattr(current, name) != value:
                changes[name] = (
                    [current.deadline.isoformat(), value.isoformat()]
                    if name == "deadline"
                    else ["…", "…"]
                )
            setattr(current, name, value)
        if "deadline" in changes and current.deadline > timezone.now():
            current.overdue_notified_at = None
        current.version = F("version") + 1
        current.updated_at = timezone.now()
        current.save()
        current.refresh_from_db()
        _audit(actor, "enquiry.update", current, current.unit, changes=changes)
    return current


def enquiry_assign(
    *, actor: Any, enquiry: PressEnquiry, owner: Any, version: int | None = None
) -> PressEnquiry:
    """Make ``owner`` (a member of the enquiry's unit, or None) responsible; they are told."""
    access = access_for(actor)
    with transaction.atomic():
        current = _locked_enquiry(enquiry, version)
        _require(can_assign_enquiry(access, current), _("شما اجازه سپردن این استعلام را ندارید."))
        _check_owner(current.unit, owner)
        before = current.owner_id
        if before == getattr(owner, "pk", None):
            return current
        current.owner = owner
        current.version = F("version") + 1
        current.updated_at = timezone.now()
        current.save()
        current.refresh_from_db()
        _audit(
            actor,
            "enquiry.assign",
            current,
            current.unit,
            changes={"owner": [before, current.owner_id]},
        )
        _notify_assigned(current, actor)
    return current


def enquiry_transition(
    *,
    actor: Any,
    enquiry: PressEnquiry,
    name: str,
    version: int | None = None,
    answer: str = "",
    note: str = "",
) -> PressEnquiry:
    """Move the enquiry by ``name`` (``ENQUIRY_TRANSITIONS``): ``answer`` needs the answer
    text, ``decline`` a reason."""
    transition = ENQUIRY_TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(
            _("کار «%(name)s» در گردش کار استعلام تعریف نشده است.") % {"name": name}
        )
    access = access_for(actor)
    answer = _text(answer, limit=8000, multiline=True)
    note = _text(note, limit=1000)
    with transaction.atomic():
        current = _locked_enquiry(enquiry, version)
        if current.status not in transition.sources:
            raise ValidationError(
                _("این کار در وضعیت «%(status)s» ممکن نیست.")
                % {"status": current.get_status_display()}
            )
        _require(
            can_transition_enquiry(access, current, transition),
            _("شما اجازه این کار را روی این استعلام ندارید."),
        )
        if transition.needs_answer and not answer:
            raise ValidationError({"answer": _("متن پاسخ را بنویسید.")})
        if len(answer) > 8000:
            raise ValidationError({"answer": _("حداکثر %(n)s نویسه.") % {"n": 8000}})
        if transition.needs_note and not note:
            raise ValidationError({"note": _("دلیل را بنویسید.")})
        before = current.status
        current.status = transition.target
        if transition.needs_answer:
            current.answer = answer
            current.answered_at = timezone.now()
        if note or transition.needs_note:
            current.status_note = note
        current.version = F("version") + 1
        current.updated_at = timezone.now()
        current.save()
        current.refresh_from_db()
        _audit(
            actor,
            f"enquiry.{transition.name}",
            current,
            current.unit,
            changes={"status": [before, current.status]},
        )
    return current


def press_enquiry_overdue_notify(*, now: datetime | None = None) -> int:
    """Tell the owner (or, without one, the unit's editors and heads) of every open enquiry
    whose deadline has passed, once per enquiry: ``overdue_notified_at`` records it, so
    running this again sends nothing. Returns how many enquiries were notified.

    Safe to run twice at once (two workers): each enquiry is claimed by one conditional
    UPDATE before anyone is told, in the same transaction as the notification, so only the
    run whose UPDATE changed the row notifies. The worker's periodic sweep calls it."""
    moment = now or timezone.now()
    due = {
        "status__in": ENQUIRY_OPEN,
        "deadline__lt": moment,
        "overdue_notified_at__isnull": True,
    }
    sent = 0
    for pk in list(PressEnquiry.objects.filter(**due).values_list("pk", flat=True)):
        with transaction.atomic():
            if not PressEnquiry.objects.filter(pk=pk, **due).update(overdue_notified_at=moment):
                continue  # answered, or claimed by another run, meanwhile
            enquiry = PressEnquiry.objects.select_related("owner", "unit").get(pk=pk)
            if enquiry.owner is not None:
                recipients = [enquiry.owner]
            else:
                ids = Membership.objects.filter(
                    unit=enquiry.unit, role__in=[Role.EDITOR, Role.HEAD]
                ).values("user_id")
                recipients = list(get_user_model().objects.filter(pk__in=ids))
            notify(
                recipients=recipients,
                kind="network.media.enquiry.overdue",
                text=_("مهلت پاسخ به استعلام رسانه‌ای «%(subject)s» گذشته است.")
                % {"subject": enquiry.subject},
                url=_enquiry_url(enquiry),
            )
            audit_log(
                actor=None,
                action="network.media.enquiry.overdue",
                obj=enquiry,
                unit=enquiry.unit,
            )
            sent += 1
    return sent
