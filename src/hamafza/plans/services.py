"""Every change to plans, media attachments, activities and indicator results. Each function
takes the acting user, checks ``plans.permissions``, runs in one transaction and writes an
audit row per change. Refusals raise ``PermissionDenied``, bad input ``ValidationError``
(the approval gate: ``GateClosed``, which lists what is missing), a change made from an
out-of-date version ``StaleVersion``; in every case nothing changes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log, diff_fields
from hamafza.org.models import Domain, Partner, Unit
from hamafza.org.permissions import access_for
from hamafza.plans.completeness import Missing, approval_missing, attachment_missing
from hamafza.plans.measures import AUTOMATIC_LEVELS
from hamafza.plans.models import (
    Activity,
    ActivityOutput,
    AttachmentMessage,
    AttachmentRevision,
    Channel,
    IndicatorResult,
    MediaAttachment,
    Objective,
    Plan,
    PlanIndicator,
    Risk,
    Segment,
    Spokesperson,
)
from hamafza.plans.permissions import (
    can_approve_attachment,
    can_edit,
    can_plan_activities,
    can_record_results,
    can_report_activity,
    can_transition,
    plan_unit_ids,
)
from hamafza.plans.workflow import CONTENT_EDITABLE, TRANSITIONS
from hamafza.strategy.models import Audience, Goal, KeyMessage, StrategyDocument

S = Plan.Status


class StaleVersion(Exception):
    """The plan or its attachment changed since the caller read it; ``current`` is the plan
    as it is now."""

    def __init__(self, current: Plan) -> None:
        super().__init__(_("این طرح پس از باز کردن شما تغییر کرده است."))
        self.current = current


class StaleActivity(Exception):
    """The activity changed since the caller read it; ``current`` is the activity now."""

    def __init__(self, current: Activity) -> None:
        super().__init__(_("این فعالیت پس از باز کردن شما تغییر کرده است؛ تغییر شما ذخیره نشد."))
        self.current = current


def _check_activity_version(activity: Activity, version: int | None) -> None:
    if version is not None and activity.version != version:
        raise StaleActivity(activity)


def _bump_activity(activity: Activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(version=F("version") + 1)
    activity.refresh_from_db(fields=["version"])


class GateClosed(ValidationError):
    """The plan cannot be approved yet; ``missing`` says exactly why."""

    def __init__(self, missing: list[Missing]) -> None:
        super().__init__(
            _("طرح هنوز تصویب‌شدنی نیست. کمبودها: %(items)s")
            % {"items": "؛ ".join(m.message for m in missing)}
        )
        self.missing = missing


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor: Any, action: str, obj: models.Model, unit: Unit, summary: str, **kw: Any) -> None:
    audit_log(
        actor=actor, action=f"plans.{action}", obj=obj, unit=unit, summary=summary[:300], **kw
    )


# --- Plans ---------------------------------------------------------------------------------


def _clean_plan(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "title" in fields:
        cleaned["title"] = " ".join(str(fields["title"] or "").split())
        if not cleaned["title"]:
            errors["title"] = _("عنوان طرح را بنویسید.")
        elif len(cleaned["title"]) > 300:
            errors["title"] = _("حداکثر ۳۰۰ نویسه.")
    if "description" in fields:
        cleaned["description"] = str(fields["description"] or "").strip()
        if len(cleaned["description"]) > 20_000:
            errors["description"] = _("شرح طرح بیش از حد بلند است.")
    for name in ("starts_on", "ends_on"):
        if name in fields:
            if not isinstance(fields[name], date):
                errors[name] = _("تاریخ را وارد کنید.")
            cleaned[name] = fields[name]
    if "domains" in fields:
        codes = sorted(set(fields["domains"] or []))
        if set(codes) - set(Domain.Code.values):
            errors["domains"] = _("حوزه نامعتبر است.")
        cleaned["domains"] = codes
    if "partners" in fields:
        ids = sorted({int(p.pk if isinstance(p, Partner) else p) for p in fields["partners"] or []})
        if Partner.objects.filter(pk__in=ids, is_active=True).count() != len(ids):
            errors["partners"] = _("همکار نامعتبر است.")
        cleaned["partners"] = ids
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("تاریخ پایان پیش از تاریخ شروع است.")})


def _set_relations(plan: Plan, cleaned: dict[str, Any]) -> None:
    if "domains" in cleaned:
        plan.domains.set(Domain.objects.filter(code__in=cleaned["domains"]))
    if "partners" in cleaned:
        plan.partners.set(cleaned["partners"])


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "description": plan.description,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "domains": sorted(plan.domains.values_list("code", flat=True)),
        "partners": sorted(plan.partners.values_list("pk", flat=True)),
    }


def plan_create(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
    domains: Iterable[str] = (),
    partners: Iterable[Partner | int] = (),
) -> Plan:
    """A new proposed plan of ``unit``, with an empty media attachment."""
    _require(
        unit.pk in plan_unit_ids(access_for(actor)),
        _("شما برای این واحد نمی‌توانید طرح ثبت کنید."),
    )
    cleaned = _clean_plan(
        {
            "title": title,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "domains": list(domains),
            "partners": list(partners),
        }
    )
    _check_dates(cleaned["starts_on"], cleaned["ends_on"])
    with transaction.atomic():
        plan = Plan.objects.create(
            unit=unit,
            title=cleaned["title"],
            description=cleaned["description"],
            starts_on=cleaned["starts_on"],
            ends_on=cleaned["ends_on"],
            created_by=_user_or_none(actor),
        )
        MediaAttachment.objects.create(plan=plan)
        _set_relations(plan, cleaned)
        _audit(actor, "plan.create", plan, unit, plan.title)
    return plan


def _locked(plan: Plan, version: int | None) -> Plan:
    current = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    if version is not None and current.version != version:
        raise StaleVersion(current)
    return current


def plan_update(*, actor: Any, plan: Plan, version: int, **fields: Any) -> Plan:
    """Save the fields given (title, description, starts_on, ends_on, domains, partners)
    made from ``version``."""
    unknown = set(fields) - {"title", "description", "starts_on", "ends_on", "domains", "partners"}
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    cleaned = _clean_plan(fields)
    access = access_for(actor)
    with transaction.atomic():
        plan = _locked(plan, version)
        _require(can_edit(access, plan), _("شما اجازه ویرایش این طرح را در این وضعیت ندارید."))
        before = plan_snapshot(plan)
        for name in ("title", "description", "starts_on", "ends_on"):
            if name in cleaned:
                setattr(plan, name, cleaned[name])
        _check_dates(plan.starts_on, plan.ends_on)
        plan.version = F("version") + 1
        plan.updated_at = timezone.now()
        plan.save()
        plan.refresh_from_db()
        _set_relations(plan, cleaned)
        changes = diff_fields(before, plan_snapshot(plan))
        _audit(actor, "plan.update", plan, plan.unit, plan.title, changes=changes)
    return plan


def plan_transition(
    *, actor: Any, plan: Plan, name: str, version: int | None = None, note: str = ""
) -> Plan:
    """Move the plan by transition ``name`` (``workflow.TRANSITIONS``). ``approve`` passes the
    gate only when the attachment is complete and approved by PR (``GateClosed`` otherwise)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("کار «%(name)s» در گردش کار طرح تعریف نشده است.") % {"name": name})
    access = access_for(actor)
    note = " ".join(note.split())
    with transaction.atomic():
        plan = _locked(plan, version)
        if plan.status not in transition.sources:
            raise ValidationError(
                _("در وضعیت «%(status)s» نمی‌توان «%(action)s» کرد.")
                % {"status": plan.get_status_display(), "action": transition.label}
            )
        _require(can_transition(access, plan, transition), _("شما اجازه این کار را ندارید."))
        if transition.needs_note and not note:
            raise ValidationError({"note": _("برای این کار توضیح بنویسید.")})
        if name == "approve":
            missing = approval_missing(plan)
            if missing:
                raise GateClosed(missing)
        if name == "submit":
            _keep_revision(plan.attachment, actor, AttachmentRevision.Kind.SUBMITTED)
        previous = plan.status
        plan.status = transition.target
        plan.version = F("version") + 1
        plan.updated_at = timezone.now()
        plan.save(update_fields=["status", "version", "updated_at"])
        plan.refresh_from_db(fields=["version"])
        _audit(
            actor,
            f"plan.{name}",
            plan,
            plan.unit,
            note or plan.title,
            changes={"status": [previous, plan.status]},
        )
    return plan


# --- The media attachment ------------------------------------------------------------------


def attachment_snapshot(attachment: MediaAttachment) -> dict[str, Any]:
    """The attachment's whole content as JSON-friendly data: what a revision keeps."""

    def rows(manager: Any, *names: str) -> list[dict[str, Any]]:
        return [{name: _plain(getattr(row, name)) for name in names} for row in manager.all()]

    return {
        "idea": attachment.idea,
        "channels": list(attachment.channels),
        "consent_and_dignity": attachment.consent_and_dignity,
        "people": attachment.people,
        "budget": _plain(attachment.budget),
        "objectives": rows(
            attachment.objectives, "text", "goal_id", "measure", "target", "deadline"
        ),
        "segments": rows(
            attachment.segments, "name", "audience_id", "insight", "think", "feel", "do"
        ),
        "messages": rows(attachment.messages, "key_message_id", "text"),
        "spokespeople": rows(attachment.spokespeople, "name", "title", "topics"),
        "risks": rows(attachment.risks, "kind", "description", "mitigation"),
        "indicators": rows(attachment.indicators, "level", "name", "source", "baseline", "target"),
        "activities": rows(
            attachment.plan.activities, "title", "channel", "date", "unit_id", "owner_id", "status"
        ),
    }  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _keep_revision(attachment: MediaAttachment, actor: Any, kind: str) -> AttachmentRevision:
    return AttachmentRevision.objects.create(
        attachment=attachment,
        version=attachment.version,
        kind=kind,
        author=_user_or_none(actor),
        data=attachment_snapshot(attachment),
    )


def _attachment_for_change(actor: Any, plan: Plan, version: int | None) -> MediaAttachment:
    """The attachment locked for a change: the plan editable by the actor, the attachment
    at ``version`` (when given)."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
    attachment = MediaAttachment.objects.select_for_update().get(plan=plan)
    attachment.plan = plan
    if version is not None and attachment.version != version:
        raise StaleVersion(plan)
    _require(
        can_edit(access_for(actor), plan),
        _("پیوست رسانه‌ای این طرح را در این وضعیت نمی‌توانید تغییر دهید."),
    )
    return attachment


def _bump(attachment: MediaAttachment) -> None:
    """One more version: a PR approval given to an earlier version no longer holds."""
    MediaAttachment.objects.filter(pk=attachment.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    attachment.refresh_from_db(fields=["version", "updated_at"])


ATTACHMENT_FIELDS = ("idea", "channels", "consent_and_dignity", "people", "budget")


def attachment_update(*, actor: Any, plan: Plan, version: int, **fields: Any) -> MediaAttachment:
    """Save the attachment's own fields given (``ATTACHMENT_FIELDS``) made from ``version``."""
    unknown = set(fields) - set(ATTACHMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown attachment fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    if "channels" in fields:
        channels = sorted(set(fields["channels"] or []))
        if set(channels) - set(Channel.values):
            errors["channels"] = _("مجرای نامعتبر.")
        fields["channels"] = channels
    if fields.get("budget") is not None:
        try:
            budget = Decimal(str(fields["budget"]))
        except InvalidOperation:
            budget = Decimal(-1)
        if not budget.is_finite() or budget < 0 or budget >= Decimal("1e16"):
            errors["budget"] = _("بودجه باید عددی نامنفی به ریال باشد.")
        fields["budget"] = budget
    for name in ("idea", "consent_and_dignity", "people"):
        if name in fields:
            fields[name] = str(fields[name] or "").strip()
            limit = getattr(MediaAttachment._meta.get_field(name), "max_length", 0) or 0
            if len(fields[name]) > limit:
                errors[name] = _("حداکثر %(limit)s نویسه.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        attachment = _attachment_for_change(actor, plan, version)
        before = {name: _plain(getattr(attachment, name)) for name in fields}
        for name, value in fields.items():
            setattr(attachment, name, value)
        attachment.save(update_fields=list(fields))
        _bump(attachment)
        after = {name: _plain(getattr(attachment, name)) for name in fields}
        _audit(
            actor,
            "attachment.update",
            attachment,
            attachment.plan.unit,
            attachment.plan.title,
            changes=diff_fields(before, after),
        )
    return attachment


@dataclass(frozen=True)
class PartKind:
    """One of the attachment's lists: its model and the fields a caller sets."""

    model: Any  # a model class with an ``attachment`` foreign key
    fields: tuple[str, ...]


PART_KINDS: dict[str, PartKind] = {
    "objective": PartKind(Objective, ("text", "goal", "measure", "target", "deadline")),
    "segment": PartKind(Segment, ("name", "audience", "insight", "think", "feel", "do")),
    "message": PartKind(AttachmentMessage, ("key_message", "text")),
    "spokesperson": PartKind(Spokesperson, ("name", "title", "topics")),
    "risk": PartKind(Risk, ("kind", "description", "mitigation")),
    "indicator": PartKind(PlanIndicator, ("level", "name", "source", "baseline", "target")),
}


def _strategy_ref_ok(value: Any) -> bool:
    """Links to the strategy point at the active version (or a version already linked)."""
    if value is None:
        return True
    if isinstance(value, Goal | Audience):
        document_id = value.document_id
    elif isinstance(value, KeyMessage):
        document_id = value.goal.document_id
    else:
        return True
    return StrategyDocument.objects.filter(
        pk=document_id, status=StrategyDocument.Status.ACTIVE
    ).exists()


def _fill_part(part: Any, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    spec = PART_KINDS[kind]
    unknown = set(fields) - set(spec.fields)
    if unknown:
        raise TypeError(f"unknown {kind} fields: {sorted(unknown)}")
    before = {name: _plain(getattr(part, f"{name}_id", getattr(part, name))) for name in fields}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if not _strategy_ref_ok(value):
            raise ValidationError({name: _("فقط از نسخه فعال سند راهبردی انتخاب کنید.")})
        setattr(part, name, value)
    if kind == "message" and not (part.key_message_id or part.text):
        raise ValidationError(_("یک پیام کلیدی از سند برگزینید یا پیام محلی بنویسید."))
    if kind == "indicator" and part.source in AUTOMATIC_LEVELS:
        level = AUTOMATIC_LEVELS[part.source]
        if part.level != level:
            raise ValidationError(
                {
                    "source": _("«%(source)s» فقط شاخص سطح «%(level)s» را می‌سنجد.")
                    % {
                        "source": part.get_source_display(),
                        "level": PlanIndicator.Level(level).label,
                    }
                }
            )
    part.full_clean(exclude=["attachment", "position"])
    return before


def attachment_part_add(
    *, actor: Any, plan: Plan, section: str, version: int | None = None, **fields: Any
) -> models.Model:
    """Add a row to one of the attachment's lists, ``section`` (a key of ``PART_KINDS``)."""
    kind = section
    if kind not in PART_KINDS:
        raise ValidationError(_("بخش نامعتبر پیوست."))
    with transaction.atomic():
        attachment = _attachment_for_change(actor, plan, version)
        model: Any = PART_KINDS[kind].model
        part: Any = model(attachment=attachment)
        _fill_part(part, kind, fields)
        part.position = model.objects.filter(attachment=attachment).count()
        part.save()
        _bump(attachment)
        _audit(
            actor,
            f"attachment.{kind}_add",
            part,
            attachment.plan.unit,
            str(part),
            changes={"plan": [None, attachment.plan_id]},
        )
    return part


def attachment_part_update(
    *, actor: Any, part: Any, section: str, version: int | None = None, **fields: Any
) -> models.Model:
    kind = section
    if kind not in PART_KINDS or not isinstance(part, PART_KINDS[kind].model):
        raise ValidationError(_("بخش نامعتبر پیوست."))
    with transaction.atomic():
        attachment = _attachment_for_change(actor, part.attachment.plan, version)
        part = type(part).objects.select_for_update().get(pk=part.pk)
        before = _fill_part(part, kind, fields)
        part.save()
        _bump(attachment)
        after = {n: _plain(getattr(part, f"{n}_id", getattr(part, n))) for n in fields}
        _audit(
            actor,
            f"attachment.{kind}_update",
            part,
            attachment.plan.unit,
            str(part),
            changes=diff_fields(before, after),
        )
    return part


def attachment_part_remove(
    *, actor: Any, part: Any, section: str, version: int | None = None
) -> None:
    kind = section
    if kind not in PART_KINDS or not isinstance(part, PART_KINDS[kind].model):
        raise ValidationError(_("بخش نامعتبر پیوست."))
    with transaction.atomic():
        attachment = _attachment_for_change(actor, part.attachment.plan, version)
        _audit(actor, f"attachment.{kind}_remove", part, attachment.plan.unit, str(part))
        part.delete()
        _bump(attachment)


def attachment_approve(*, actor: Any, plan: Plan, version: int) -> MediaAttachment:
    """PR's approval of the attachment as it is at ``version``; only a complete one. Any later
    change withdraws it (``MediaAttachment.is_approved``)."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk)
        attachment = MediaAttachment.objects.select_for_update().get(plan=plan)
        attachment.plan = plan
        if attachment.version != version:
            raise StaleVersion(plan)
        _require(
            can_approve_attachment(access_for(actor), plan),
            _("تأیید پیوست رسانه‌ای با مدیر روابط عمومی واحد یا ستاد است."),
        )
        missing = attachment_missing(attachment)
        if missing:
            raise GateClosed(missing)
        if attachment.is_approved:
            raise ValidationError(_("این نسخه پیوست پیش‌تر تأیید شده است."))
        attachment.approved_version = attachment.version
        attachment.approved_by = _user_or_none(actor)
        attachment.approved_at = timezone.now()
        attachment.save(update_fields=["approved_version", "approved_by", "approved_at"])
        _keep_revision(attachment, actor, AttachmentRevision.Kind.APPROVED)
        _audit(
            actor,
            "attachment.approve",
            attachment,
            plan.unit,
            plan.title,
            changes={"approved_version": [None, attachment.version]},
        )
    return attachment


# --- Activities ----------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "title", "description", "channel", "date", "unit", "owner", "domain", "key_message",
)  # fmt: skip


def _fill_activity(activity: Activity, fields: dict[str, Any], partners: Any) -> None:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "key_message" and not _strategy_ref_ok(value):
            raise ValidationError({name: _("فقط از نسخه فعال سند راهبردی انتخاب کنید.")})
        setattr(activity, name, value.strip() if isinstance(value, str) else value)
    activity.full_clean(exclude=["plan", "status"])
    if partners is not None:
        ids = {int(p.pk if isinstance(p, Partner) else p) for p in partners}
        if Partner.objects.filter(pk__in=ids, is_active=True).count() != len(ids):
            raise ValidationError({"partners": _("همکار نامعتبر است.")})


def _activity_bumps_attachment(plan: Plan) -> None:
    """Activities are part of the attachment while it is being written: a change to them
    before approval is a new version of the attachment."""
    if plan.status in CONTENT_EDITABLE:
        _bump(plan.attachment)


def activity_create(
    *, actor: Any, plan: Plan, partners: Iterable[Partner | int] | None = None, **fields: Any
) -> Activity:
    fields.setdefault("unit", plan.unit)
    partners = list(partners or [])
    with transaction.atomic():
        plan = (
            Plan.objects.select_for_update(of=("self",))
            .select_related("unit", "attachment")
            .get(pk=plan.pk)
        )
        _require(
            can_plan_activities(access_for(actor), plan),
            _("شما فعالیت این طرح را نمی‌توانید برنامه‌ریزی کنید."),
        )
        activity = Activity(plan=plan)
        _fill_activity(activity, fields, partners)
        activity.save()
        activity.partners.set(partners)
        _activity_bumps_attachment(plan)
        _audit(actor, "activity.create", activity, plan.unit, activity.title)
    return activity


def _activity_state(activity: Activity) -> dict[str, Any]:
    state = {
        n: _plain(getattr(activity, f"{n}_id", getattr(activity, n, None))) for n in ACTIVITY_FIELDS
    }
    state["status"] = activity.status
    state["partners"] = sorted(activity.partners.values_list("pk", flat=True))
    return state


def activity_update(
    *, actor: Any, activity: Activity, partners: Iterable[Partner | int] | None = None,
    version: int | None = None, **fields: Any,
) -> Activity:  # fmt: skip
    """Save the activity's fields given (``ACTIVITY_FIELDS``, ``partners``) made from
    ``version`` (``StaleActivity`` when it changed since; None: no check)."""
    with transaction.atomic():
        plan = (
            Plan.objects.select_for_update(of=("self",))
            .select_related("unit", "attachment")
            .get(pk=activity.plan_id)
        )
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        activity.plan = plan
        _require(
            can_plan_activities(access_for(actor), plan),
            _("شما فعالیت این طرح را نمی‌توانید تغییر دهید."),
        )
        _check_activity_version(activity, version)
        before = _activity_state(activity)
        partner_list = list(partners) if partners is not None else None
        _fill_activity(activity, fields, partner_list)
        activity.updated_at = timezone.now()
        activity.save()
        if partner_list is not None:
            activity.partners.set(partner_list)
        _bump_activity(activity)
        _activity_bumps_attachment(plan)
        changes = diff_fields(before, _activity_state(activity))
        _audit(actor, "activity.update", activity, plan.unit, activity.title, changes=changes)
    return activity


def activity_set_status(
    *, actor: Any, activity: Activity, status: str, version: int | None = None
) -> Activity:
    """Log the activity's progress, made from ``version`` (None: no check)."""
    if status not in Activity.Status.values:
        raise ValidationError({"status": _("وضعیت نامعتبر.")})
    with transaction.atomic():
        activity = (
            Activity.objects.select_for_update(of=("self",))
            .select_related("plan__unit")
            .get(pk=activity.pk)
        )
        _require(
            can_report_activity(access_for(actor), activity),
            _("شما وضعیت این فعالیت را نمی‌توانید تغییر دهید."),
        )
        _check_activity_version(activity, version)
        previous = activity.status
        activity.status = status
        activity.updated_at = timezone.now()
        activity.save(update_fields=["status", "updated_at"])
        _bump_activity(activity)
        _audit(
            actor,
            "activity.status",
            activity,
            activity.plan.unit,
            activity.title,
            changes={"status": [previous, status]},
        )
    return activity


def activity_delete(*, actor: Any, activity: Activity, version: int | None = None) -> None:
    """Remove a planned activity (as of ``version``; None: no check); one that stories
    already serve is kept (cancel it)."""
    with transaction.atomic():
        plan = (
            Plan.objects.select_for_update(of=("self",))
            .select_related("unit", "attachment")
            .get(pk=activity.plan_id)
        )
        _require(
            can_plan_activities(access_for(actor), plan),
            _("شما فعالیت این طرح را نمی‌توانید حذف کنید."),
        )
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        _check_activity_version(activity, version)
        _audit(actor, "activity.delete", activity, plan.unit, activity.title)
        try:
            with transaction.atomic():
                activity.delete()
        except ProtectedError:
            raise ValidationError(
                _("خبرهایی به این فعالیت پیوند دارند؛ به‌جای حذف، آن را لغو کنید.")
            ) from None
        _activity_bumps_attachment(plan)


def activity_output_sync(
    *, actor: Any, story_id: int, activity: Activity | None, headline: str,
    published_at: datetime | None,
) -> None:  # fmt: skip
    """Record where a story's publication counts: called by the newsroom (above this app)
    inside the transaction of every change to a story's activity link or publication.

    ``activity`` None or ``published_at`` None: the story counts nowhere (unlinked, never
    published, or unpublished). The permission was the newsroom's (the story's change); the
    audit row says which plan gained or lost an output.
    """
    current = (
        ActivityOutput.objects.select_related("activity__plan__unit")
        .filter(story_id=story_id)
        .first()
    )
    if activity is None or published_at is None:
        if current is not None:
            _audit(actor, "activity.output_remove", current.activity, current.activity.plan.unit,
                   current.headline, changes={"story": [story_id, None]})  # fmt: skip
            current.delete()
        return
    if current is not None and current.activity_id == activity.pk:
        if current.headline != headline[:300]:
            current.headline = headline[:300]
            current.save(update_fields=["headline"])
        return
    if current is not None:
        current.delete()
    ActivityOutput.objects.create(
        activity=activity, story_id=story_id, headline=headline[:300], published_at=published_at
    )
    plan = Plan.objects.select_related("unit").get(pk=activity.plan_id)
    _audit(actor, "activity.output_add", activity, plan.unit, headline,
           changes={"story": [None, story_id]})  # fmt: skip


# --- Results -------------------------------------------------------------------------------


def indicator_result_add(
    *, actor: Any, indicator: PlanIndicator, value: Decimal | int | str, evidence: str,
    measured_on: date,
) -> IndicatorResult:  # fmt: skip
    """A measured value of a manual indicator with its evidence (outcomes, out-takes…)."""
    plan = indicator.attachment.plan
    _require(
        can_record_results(access_for(actor), plan),
        _("نتیجه شاخص‌های این طرح را نمی‌توانید ثبت کنید."),
    )
    if indicator.source != PlanIndicator.Source.MANUAL:
        raise ValidationError(
            _("این شاخص خودکار سنجیده می‌شود (%(source)s) و ثبت دستی ندارد.")
            % {"source": indicator.get_source_display()}
        )
    evidence = str(evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("مستند این مقدار را بنویسید.")})
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"value": _("مقدار باید عدد باشد.")}) from None
    result = IndicatorResult(
        indicator=indicator,
        value=number,
        evidence=evidence,
        measured_on=measured_on,
        recorded_by=_user_or_none(actor),
    )
    result.full_clean()
    with transaction.atomic():
        result.save()
        _audit(
            actor,
            "indicator.result_add",
            indicator,
            plan.unit,
            f"{indicator.name}: {number}",
            changes={"value": [None, str(number)]},
        )
    return result
