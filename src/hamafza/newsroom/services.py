"""Every change to a story. Each function takes the acting user, checks permission through
``newsroom.permissions``, runs in one transaction, writes one audit row and notifies whom it
concerns. Refusals raise ``PermissionDenied``, bad input ``ValidationError`` and saving an
out-of-date version ``StaleVersion``; in every case nothing changes.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.common.actors import SYSTEM
from hamafza.common.audit import audit_log, diff_fields
from hamafza.common.models import AuditEntry
from hamafza.newsroom.indexing import index_story, unindex_story
from hamafza.newsroom.models import (
    PUBLIC_STATUSES,
    ChangeNote,
    EditorialNote,
    NewsCodeCounter,
    Story,
    StoryRevision,
    Subject,
    Tag,
)
from hamafza.newsroom.permissions import (
    can_delete,
    can_edit,
    can_feature,
    can_republish,
    can_transition,
    is_author,
    roles_over,
    scope_unit_ids,
    writable_unit_ids,
)
from hamafza.newsroom.sanitize import sanitize_html
from hamafza.newsroom.signals import story_changed_on_commit
from hamafza.newsroom.workflow import (
    CORRECT,
    EDITOR_ROLES,
    FEATURE_TRANSITIONS,
    TRANSITIONS,
    WRITER_ROLES,
)
from hamafza.notifications.services import notify
from hamafza.org.models import Domain, Membership, Unit
from hamafza.org.permissions import UnitTree, access_for
from hamafza.plans import services as plans_services
from hamafza.plans.models import Activity
from hamafza.plans.permissions import visible_activities
from hamafza.plans.workflow import LINKABLE
from hamafza.strategy.selectors import active_key_message_ids

S = Story.Status

CONTENT_FIELDS = ("kicker", "headline", "lead", "body", "kind", "language")
RELATION_FIELDS = ("subjects", "domains", "tags", "key_messages")
MAX_TAGS = 20
# A story counts as an output of the plan activity it serves once it was published and for as
# long as it was not taken back (an archived story was still published).
OUTPUT_STATUSES = frozenset({S.PUBLISHED, S.CORRECTED, S.ARCHIVED})
# ``story_update``'s default for ``activity``: leave the link as it is.
KEEP_ACTIVITY: Any = object()


class StaleVersion(Exception):
    """The story changed since the caller read it. ``current`` is the story as it is now."""

    def __init__(self, current: Story) -> None:
        super().__init__(_("این خبر پس از باز کردن شما تغییر کرده است."))
        self.current = current


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def story_url(story: Story) -> str:
    return reverse("newsroom:story", args=[story.pk])


# --- Content -------------------------------------------------------------------------------


def _clean_content(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise content fields (those present); raise ValidationError."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in ("kicker", "headline", "lead"):
        if name in fields:
            cleaned[name] = " ".join(str(fields[name] or "").split())
    if "headline" in cleaned and not cleaned["headline"]:
        errors["headline"] = _("تیتر خبر را بنویسید.")
    limits = {"kicker": 200, "headline": 300, "lead": 2000}
    for name, limit in limits.items():
        if len(cleaned.get(name, "")) > limit:
            errors[name] = _("حداکثر %(limit)s نویسه.") % {"limit": limit}
    if "body" in fields:
        body = str(fields["body"] or "")
        if len(body) > 500_000:
            errors["body"] = _("متن خبر بیش از حد بلند است.")
        cleaned["body"] = sanitize_html(body)
    if "kind" in fields:
        if fields["kind"] not in Story.Kind.values:
            errors["kind"] = _("نوع خبر نامعتبر است.")
        cleaned["kind"] = fields["kind"]
    if "language" in fields:
        if fields["language"] not in Story.Language.values:
            errors["language"] = _("زبان خبر نامعتبر است.")
        cleaned["language"] = fields["language"]
    if "subjects" in fields:
        codes = sorted(set(fields["subjects"] or []))
        if set(codes) - set(Subject.Code.values):
            errors["subjects"] = _("موضوع نامعتبر است.")
        cleaned["subjects"] = codes
    if "domains" in fields:
        codes = sorted(set(fields["domains"] or []))
        if set(codes) - set(Domain.Code.values):
            errors["domains"] = _("حوزه نامعتبر است.")
        cleaned["domains"] = codes
    if "key_messages" in fields:
        ids = sorted({int(pk) for pk in fields["key_messages"] or []})
        if set(ids) - set(active_key_message_ids()):
            errors["key_messages"] = _("پیام کلیدی باید از سند راهبردی فعال باشد.")
        cleaned["key_messages"] = ids
    if "tags" in fields:
        names = sorted(
            {" ".join(str(t).split())[:100] for t in fields["tags"] or [] if str(t).strip()}
        )
        if len(names) > MAX_TAGS:
            errors["tags"] = _("حداکثر ۲۰ برچسب.")
        cleaned["tags"] = names
    if errors:
        raise ValidationError(errors)
    return cleaned


def _set_relations(story: Story, cleaned: dict[str, Any]) -> None:
    if "subjects" in cleaned:
        for code in cleaned["subjects"]:
            Subject.objects.get_or_create(code=code)
        story.subjects.set(cleaned["subjects"])
    if "domains" in cleaned:
        story.domains.set(Domain.objects.filter(code__in=cleaned["domains"]))
    if "tags" in cleaned:
        tags = [Tag.objects.get_or_create(name=name)[0] for name in cleaned["tags"]]
        story.tags.set(tags)
    if "key_messages" in cleaned:
        story.key_messages.set(cleaned["key_messages"])


def story_snapshot(story: Story) -> dict[str, Any]:
    """The story's content as a JSON-friendly dict: what a revision keeps."""
    data: dict[str, Any] = {name: getattr(story, name) for name in CONTENT_FIELDS}
    data["subjects"] = sorted(story.subjects.values_list("code", flat=True))
    data["domains"] = sorted(story.domains.values_list("code", flat=True))
    data["tags"] = sorted(story.tags.values_list("name", flat=True))
    data["key_messages"] = sorted(story.key_messages.values_list("pk", flat=True))
    return data


def _keep_revision(story: Story, actor: Any) -> StoryRevision:
    return StoryRevision.objects.create(
        story=story,
        version=story.version,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        data=story_snapshot(story),
    )


def _clean_activity(actor: Any, value: Activity | int | None) -> Activity | None:
    """The plan activity a story may serve: one of a plan the actor may see that still runs
    (or is being planned). Anything else is bad input, whether it exists or not."""
    if value is None:
        return None
    activity_id = value.pk if isinstance(value, Activity) else int(value)
    activity = (
        visible_activities(actor)
        .filter(pk=activity_id, plan__status__in=LINKABLE)
        .select_related("plan")
        .first()
    )
    if activity is None:
        raise ValidationError({"activity": _("این فعالیت را نمی‌توانید به خبر پیوند دهید.")})
    return activity


def _sync_activity_output(story: Story, actor: Any) -> None:
    """Tell ``plans`` where this story's publication counts (its activity's output), inside
    the transaction that changed the story."""
    counts = story.status in OUTPUT_STATUSES and story.first_published_at is not None
    plans_services.activity_output_sync(
        actor=actor,
        story_id=story.pk,
        activity=story.activity if story.activity_id else None,
        headline=story.headline,
        published_at=story.first_published_at if counts else None,
    )


def _locked(story: Story, version: int | None) -> Story:
    """Re-read the story under a write lock; refuse if ``version`` is given and out of date."""
    current = Story.objects.select_for_update(of=("self",)).select_related("unit").get(pk=story.pk)
    if version is not None and current.version != version:
        raise StaleVersion(current)
    return current


def _home_unit(actor: Any) -> Unit:
    """The unit a story is written for when none is named: the actor's first writing role."""
    membership = (
        Membership.objects.filter(user=actor, role__in=WRITER_ROLES, unit__is_active=True)
        .select_related("unit")
        .order_by("id")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("شما در هیچ واحدی نقش نویسندگی ندارید."))
    return membership.unit


def story_create(
    *,
    actor: Any,
    headline: str,
    unit: Unit | None = None,
    body: str = "",
    kicker: str = "",
    lead: str = "",
    kind: str = Story.Kind.NEWS,
    language: str = Story.Language.FA,
    subjects: Iterable[str] = (),
    domains: Iterable[str] = (),
    tags: Iterable[str] = (),
    activity: Activity | int | None = None,
    key_messages: Iterable[int] = (),
) -> Story:
    """A new draft by ``actor`` (its first author), for ``unit`` or the actor's own unit,
    serving plan ``activity`` when one is given and carrying the active strategy's
    ``key_messages`` (ids)."""
    access = access_for(actor)
    unit = unit or _home_unit(actor)
    _require(unit.pk in writable_unit_ids(access), _("شما برای این واحد نمی‌توانید خبر بنویسید."))
    cleaned = _clean_content(
        {
            "headline": headline,
            "body": body,
            "kicker": kicker,
            "lead": lead,
            "kind": kind,
            "language": language,
            "subjects": list(subjects),
            "domains": list(domains),
            "tags": list(tags),
            "key_messages": list(key_messages),
        }
    )
    linked = _clean_activity(actor, activity)
    with transaction.atomic():
        story = Story.objects.create(
            unit=unit,
            created_by=actor,
            activity=linked,
            **{name: cleaned[name] for name in CONTENT_FIELDS},
        )
        story.authors.add(actor)
        _set_relations(story, cleaned)
        _keep_revision(story, actor)
        index_story(story)
        audit_log(
            actor=actor,
            action="newsroom.story.create",
            obj=story,
            unit=unit,
            summary=story.headline,
        )
    return story


def story_update(
    *,
    actor: Any,
    story: Story,
    version: int,
    change_note: str = "",
    activity: Any = KEEP_ACTIVITY,
    **fields: Any,
) -> Story:
    """Save new content at ``version`` (the version the editor started from); ``activity``
    (an ``Activity``, its id or None) changes the plan activity the story serves.

    A stale version raises ``StaleVersion`` and changes nothing: the caller keeps the user's
    text and shows what changed meanwhile. A published story is saved only as a correction,
    with a public ``change_note``; it then becomes "corrected".
    """
    unknown = set(fields) - set(CONTENT_FIELDS) - set(RELATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown story fields: {sorted(unknown)}")
    access = access_for(actor)
    cleaned = _clean_content(fields)
    with transaction.atomic():
        story = _locked(story, version)
        _require(
            can_edit(access, actor, story), _("شما اجازه ویرایش این خبر را در این وضعیت ندارید.")
        )
        correcting = story.status in CORRECT.sources
        note = " ".join(change_note.split())
        if correcting and not note:
            raise ValidationError(
                {"change_note": _("اصلاح خبرِ منتشرشده یادداشت اصلاحِ عمومی لازم دارد.")}
            )
        before = story_snapshot(story)
        previous_activity = story.activity_id
        if activity is not KEEP_ACTIVITY:
            new_id = activity.pk if isinstance(activity, Activity) else activity
            if new_id != previous_activity:
                story.activity = _clean_activity(actor, activity)
        for name in CONTENT_FIELDS:
            if name in cleaned:
                setattr(story, name, cleaned[name])
        _set_relations(story, cleaned)
        after = story_snapshot(story)
        changes = diff_fields(before, after)
        if story.activity_id != previous_activity:
            changes["activity"] = [previous_activity, story.activity_id]
        if not changes and not correcting:
            return story
        previous_status = story.status
        story.version = F("version") + 1
        story.updated_at = timezone.now()
        if correcting:
            story.status = S.CORRECTED
        story.save()
        story.refresh_from_db(fields=["version"])
        _keep_revision(story, actor)
        index_story(story)
        if correcting:
            ChangeNote.objects.create(story=story, note=note, author=actor)
        if story.activity_id is not None or previous_activity is not None:
            _sync_activity_output(story, actor)
        action = "newsroom.story.correct" if correcting else "newsroom.story.update"
        story_changed_on_commit(story, action=action, was_public=previous_status in PUBLIC_STATUSES)
        audit_log(
            actor=actor,
            action=action,
            obj=story,
            unit=story.unit,
            summary=note or story.headline,
            changes={
                **{k: ["…", "…"] if k == "body" else v for k, v in changes.items()},
                **({"status": [previous_status, story.status]} if correcting else {}),
            },
        )
    return story


def story_restore_revision(
    *, actor: Any, story: Story, revision: StoryRevision, version: int, change_note: str = ""
) -> Story:
    """Save an earlier revision's content as the newest version (nothing is rewritten)."""
    if revision.story_id != story.pk:
        raise ValidationError(_("این نسخه متعلق به این خبر نیست."))
    data = dict(revision.data)
    if "key_messages" in data:  # messages of a strategy version since archived are let go
        data["key_messages"] = sorted(set(data["key_messages"]) & set(active_key_message_ids()))
    return story_update(actor=actor, story=story, version=version, change_note=change_note, **data)


def story_delete(*, actor: Any, story: Story) -> None:
    """Delete a draft that was never published, by its author or an editor."""
    access = access_for(actor)
    with transaction.atomic():
        story = _locked(story, None)
        _require(can_delete(access, actor, story), _("این خبر را نمی‌توانید حذف کنید."))
        audit_log(
            actor=actor,
            action="newsroom.story.delete",
            obj=story,
            unit=story.unit,
            summary=story.headline,
        )
        unindex_story(story.pk)
        story_changed_on_commit(story, action="newsroom.story.delete", was_public=story.is_public)
        story.delete()


# --- Workflow ------------------------------------------------------------------------------


def _allocate_code() -> int:
    """The next news code: unique, increasing, never reused, safe under concurrent publishing.

    Must run inside the publishing transaction, which takes the counter row's lock.
    """
    start = settings.NEWS_CODE_START
    counter, _created = NewsCodeCounter.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_code": start - 1}
    )
    code = max(counter.last_code + 1, start)
    NewsCodeCounter.objects.filter(pk=1).update(last_code=code)
    return code


def _recipients_of(story: Story) -> list[Any]:
    return list(story.authors.all())


def _unit_editors(story: Story) -> list[Any]:
    """Editors of the story's unit and of the units above it."""
    unit_ids = [story.unit_id, *UnitTree.load().ancestors(story.unit_id)]
    ids = Membership.objects.filter(unit_id__in=unit_ids, role__in=EDITOR_ROLES).values_list(
        "user_id", flat=True
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def story_transition(
    *,
    actor: Any,
    story: Story,
    name: str,
    version: int | None = None,
    note: str = "",
    when: datetime | None = None,
) -> Story:
    """Move the story along the workflow by transition ``name`` (see ``workflow.TRANSITIONS``)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("کار «%(name)s» در گردش کار خبر تعریف نشده است.") % {"name": name})
    access = access_for(actor)
    note = " ".join(note.split())
    with transaction.atomic():
        story = _locked(story, version)
        if story.status not in transition.sources:
            raise ValidationError(
                _("در وضعیت «%(status)s» نمی‌توان «%(action)s» کرد.")
                % {"status": story.get_status_display(), "action": transition.label}
            )
        _require(
            can_transition(access, actor, story, transition), _("شما اجازه این کار را ندارید.")
        )
        if transition.needs_note and not note:
            raise ValidationError({"note": _("برای این کار توضیح بنویسید.")})
        if (
            name == "approve"
            and not settings.NEWSROOM_ALLOW_SELF_APPROVAL
            and is_author(actor, story)
        ):
            raise ValidationError(
                _("تأییدکننده نباید نویسنده خبر باشد؛ دبیر دیگری باید تأیید کند.")
            )
        if transition.needs_time and (when is None or when <= timezone.now()):
            raise ValidationError({"when": _("زمان انتشار باید در آینده باشد.")})
        previous = story.status
        now = timezone.now()
        changes: dict[str, Any] = {"status": [previous, transition.target]}
        story.status = transition.target
        if name == "schedule" and when is not None:
            story.scheduled_for = when
            changes["scheduled_for"] = [None, when.isoformat()]
            _enqueue_publication(when)
        if name in {"unschedule", "return"}:
            story.scheduled_for = None
        if transition.target == S.PUBLISHED:
            if story.code is None:
                story.code = _allocate_code()
                changes["code"] = [None, story.code]
            story.published_at = now
            story.first_published_at = story.first_published_at or now
            story.scheduled_for = None
        if name == "force_publish":
            story.needs_retro_approval = True
        story.version = F("version") + 1
        story.updated_at = now
        story.save()
        story.refresh_from_db(fields=["version"])
        index_story(story)
        if story.activity_id is not None:
            _sync_activity_output(story, actor)
        story_changed_on_commit(
            story, action=f"newsroom.story.{name}", was_public=previous in PUBLIC_STATUSES
        )
        audit_log(
            actor=actor,
            action=f"newsroom.story.{name}",
            obj=story,
            unit=story.unit,
            summary=note or story.headline,
            changes=changes,
        )
        _notify_transition(story, name, actor, note)
    return story


def _enqueue_publication(when: datetime) -> None:
    """Have the background worker publish due stories at ``when``, once this transaction
    commits (a rolled-back scheduling enqueues nothing). Unscheduling needs no cancelling: the
    task then finds nothing due. The worker's sweep covers a task that is lost."""
    # Imported here: tasks.py imports this module.
    from hamafza.newsroom.tasks import publish_due_stories_task

    transaction.on_commit(lambda: publish_due_stories_task.using(run_after=when).enqueue())


# Lazy: the module is imported once, the text is wanted in the language of each request.
_NOTICES = {
    "return": gettext_lazy("خبر «%(headline)s» برای اصلاح برگشت: %(note)s"),
    "approve": gettext_lazy("خبر «%(headline)s» تأیید شد."),
    "publish": gettext_lazy("خبر «%(headline)s» منتشر شد."),
    "force_publish": gettext_lazy(
        "خبر «%(headline)s» با انتشار فوری منتشر شد و تأیید پسینی لازم دارد."
    ),
    "unpublish": gettext_lazy("خبر «%(headline)s» از انتشار خارج شد: %(note)s"),
}


def _notify_transition(story: Story, name: str, actor: Any, note: str) -> None:
    if name == "submit":
        recipients = _unit_editors(story)
        text = _("خبر «%(headline)s» برای بررسی فرستاده شد.") % {"headline": story.headline}
    elif name in _NOTICES:
        recipients = _recipients_of(story)
        if name == "force_publish":
            recipients += _unit_editors(story)
        text = str(_NOTICES[name]) % {"headline": story.headline, "note": note}
    else:
        return
    notify(
        recipients=recipients,
        kind=f"newsroom.story.{name}",
        text=text,
        url=story_url(story),
        actor=actor,
    )


def publish_due_stories(*, now: datetime | None = None) -> list[int]:
    """Publish every scheduled story whose time has come; the background worker calls this.

    Each story is published in its own transaction, by the system, so one failure cannot
    hold back the others. Returns the ids published.
    """
    now = now or timezone.now()
    published = []
    due = Story.objects.filter(status=S.SCHEDULED, scheduled_for__lte=now).order_by(
        "scheduled_for", "id"
    )
    for story_id in due.values_list("pk", flat=True):
        story = Story.objects.get(pk=story_id)
        try:
            story_transition(actor=SYSTEM, story=story, name="publish")
        except (ValidationError, PermissionDenied, StaleVersion):
            continue  # unscheduled or changed meanwhile
        published.append(story_id)
    return published


def story_retro_approve(*, actor: Any, story: Story, version: int | None = None) -> Story:
    """Approve, after the fact, a story a head force-published (an editor other than them)."""
    access = access_for(actor)
    with transaction.atomic():
        story = _locked(story, version)
        if not story.needs_retro_approval:
            raise ValidationError(_("این خبر منتظر تأیید پسینی نیست."))
        _require(
            bool(roles_over(access, story.unit_id) & EDITOR_ROLES),
            _("شما اجازه این کار را ندارید."),
        )
        forcer = (
            AuditEntry.objects.filter(
                object_type="newsroom.story",
                object_id=str(story.pk),
                action="newsroom.story.force_publish",
            )
            .order_by("-created_at")
            .values_list("actor_id", flat=True)
            .first()
        )
        if forcer is not None and forcer == actor.pk and not settings.NEWSROOM_ALLOW_SELF_APPROVAL:
            raise ValidationError(_("تأیید پسینی باید با کسی جز منتشرکننده باشد."))
        story.needs_retro_approval = False
        story.version = F("version") + 1
        story.updated_at = timezone.now()
        story.save(update_fields=["needs_retro_approval", "version", "updated_at"])
        story.refresh_from_db(fields=["version"])
        story_changed_on_commit(
            story, action="newsroom.story.retro_approve", was_public=story.is_public
        )
        audit_log(
            actor=actor,
            action="newsroom.story.retro_approve",
            obj=story,
            unit=story.unit,
            summary=story.headline,
            changes={"needs_retro_approval": [True, False]},
        )
    return story


def story_feature_transition(
    *, actor: Any, story: Story, name: str, note: str = "", version: int | None = None
) -> Story:
    """Send a published story up to HQ's national front page, or decide on it (HQ editors).

    With ``version``, refuse (``StaleVersion``) if the story changed since the caller read it.
    """
    transition = FEATURE_TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("کار «%(name)s» تعریف نشده است.") % {"name": name})
    access = access_for(actor)
    with transaction.atomic():
        story = _locked(story, version)
        if not story.is_public or story.feature not in transition.sources:
            raise ValidationError(
                _("در وضعیت کنونی خبر نمی‌توان «%(action)s» کرد.") % {"action": transition.label}
            )
        _require(can_feature(access, story, transition), _("شما اجازه این کار را ندارید."))
        previous = story.feature
        story.feature = transition.target
        story.version = F("version") + 1
        story.updated_at = timezone.now()
        story.save(update_fields=["feature", "version", "updated_at"])
        story.refresh_from_db(fields=["version"])
        story_changed_on_commit(story, action=f"newsroom.story.{name}", was_public=story.is_public)
        audit_log(
            actor=actor,
            action=f"newsroom.story.{name}",
            obj=story,
            unit=story.unit,
            summary=note or story.headline,
            changes={"feature": [previous, story.feature]},
        )
        if name in {"feature", "decline_feature"}:
            text = (
                _("خبر «%(headline)s» در صفحه اول ملی قرار گرفت.")
                if name == "feature"
                else _("پیشنهاد صفحه اول برای «%(headline)s» رد شد.")
            ) % {"headline": story.headline}
            notify(
                recipients=_recipients_of(story) + _unit_editors(story),
                kind=f"newsroom.story.{name}",
                text=text,
                url=story_url(story),
                actor=actor,
            )
    return story


# --- Network -------------------------------------------------------------------------------


def story_republish(*, actor: Any, original: Story, unit: Unit | None = None) -> Story:
    """Adopt another unit's published story as a new draft of ``unit``, linked to the original
    with attribution; the original lists where it was republished."""
    access = access_for(actor)
    _require(can_republish(access, original), _("این خبر قابل بازنشر نیست."))
    unit = unit or _home_unit(actor)
    _require(unit.pk in writable_unit_ids(access), _("شما برای این واحد نمی‌توانید خبر بنویسید."))
    if unit.pk == original.unit_id:
        raise ValidationError(_("این خبر از خود همین واحد است."))
    data = story_snapshot(original)
    with transaction.atomic():
        copy = Story.objects.create(
            unit=unit,
            created_by=actor,
            origin=original,
            **{name: data[name] for name in CONTENT_FIELDS},
        )
        copy.authors.add(actor)
        _set_relations(copy, data)
        _keep_revision(copy, actor)
        index_story(copy)
        audit_log(
            actor=actor,
            action="newsroom.story.republish",
            obj=copy,
            unit=unit,
            summary=f"{original.pk} → {copy.pk}: {original.headline}",
            changes={"origin": [None, original.pk]},
        )
    return copy


def editorial_note_add(*, actor: Any, story: Story, body: str) -> EditorialNote:
    """Add to the desk's conversation about a story (anyone who can see its unpublished state)."""
    access = access_for(actor)
    _require(story.unit_id in scope_unit_ids(access), _("شما در گفت‌وگوی تحریریه این خبر نیستید."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("یادداشت خالی است.")})
    if len(body) > 4000:
        raise ValidationError({"body": _("حداکثر ۴۰۰۰ نویسه.")})
    with transaction.atomic():
        note = EditorialNote.objects.create(story=story, author=actor, body=body)
        audit_log(
            actor=actor,
            action="newsroom.story.note",
            obj=story,
            unit=story.unit,
            summary=body[:200],
        )
        recipients = _recipients_of(story) + _unit_editors(story)
        notify(
            recipients=recipients,
            kind="newsroom.story.note",
            text=_("یادداشت تازه روی «%(headline)s»") % {"headline": story.headline},
            url=story_url(story),
            actor=actor,
        )
    return note
