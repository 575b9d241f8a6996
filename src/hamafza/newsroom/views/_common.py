"""What the newsroom's desk views share: the story page's context (which actions a person
may take, computed from the transition tables through ``newsroom.permissions``), and the one
way a refused or failed action is shown (the story page again, with the reason)."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from hamafza.common.models import AuditEntry
from hamafza.common.sections import render_sections
from hamafza.newsroom.forms import (
    AttachmentForm,
    NoteForm,
    PhotoForm,
    RepublishForm,
    TransitionForm,
    jalali_input,
    upcoming_days,
)
from hamafza.newsroom.models import EditorialNote, Story
from hamafza.newsroom.permissions import (
    can_delete,
    can_edit,
    can_feature,
    can_republish,
    can_transition,
    can_view_desk,
    roles_over,
    visible_stories,
    writable_unit_ids,
)
from hamafza.newsroom.workflow import (
    EDITOR_ROLES,
    FEATURE_TRANSITIONS,
    TRANSITIONS,
    WRITER_ROLES,
    FeatureTransition,
    Transition,
)
from hamafza.org.models import Unit
from hamafza.org.permissions import Access, access_for, access_staff
from hamafza.org.views._common import DeskRequest, render_page

__all__ = [
    "DeskRequest",
    "StoryAction",
    "action_failed",
    "detail_context",
    "render_detail",
    "story_for_page",
    "writable_units",
]

# Transitions that remove a story from view or undo work: their buttons are drawn quieter.
_DANGEROUS = {"return", "spike", "unpublish", "archive", "force_publish"}


def _event_labels() -> dict[str, str]:
    """Persian names of the audit events a story's history shows."""
    labels = {f"newsroom.story.{name}": str(t.label) for name, t in TRANSITIONS.items()}
    labels |= {f"newsroom.story.{name}": str(t.label) for name, t in FEATURE_TRANSITIONS.items()}
    labels |= {
        "newsroom.story.create": _("ساخت پیش‌نویس"),
        "newsroom.story.update": _("ویرایش"),
        "newsroom.story.correct": _("اصلاح پس از انتشار"),
        "newsroom.story.retro_approve": _("تأیید پسینی"),
        "newsroom.story.republish": _("بازنشر از خبر دیگر"),
        "newsroom.story.note": _("یادداشت تحریریه"),
        "newsroom.story.photo_add": _("افزودن عکس"),
        "newsroom.story.photo_delete": _("حذف عکس"),
        "newsroom.story.attachment_add": _("افزودن پیوست"),
        "newsroom.story.attachment_delete": _("حذف پیوست"),
    }
    return labels


@dataclass
class HistoryEvent:
    entry: AuditEntry
    label: str
    status_from: str = ""
    status_to: str = ""


def _history(story: Story) -> list[HistoryEvent]:
    labels = _event_labels()
    statuses = dict(Story.Status.choices)
    events = []
    entries = AuditEntry.objects.filter(object_type="newsroom.story", object_id=str(story.pk))
    for entry in entries.select_related("actor").order_by("created_at", "id"):
        event = HistoryEvent(entry=entry, label=labels.get(entry.action, entry.action))
        change = (entry.changes or {}).get("status")
        if isinstance(change, list) and len(change) == 2:
            event.status_from = str(statuses.get(change[0], change[0] or ""))
            event.status_to = str(statuses.get(change[1], change[1] or ""))
        events.append(event)
    return events


@dataclass
class StoryAction:
    """One workflow button on the story page, with its form."""

    transition: Transition
    form: TransitionForm

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def dangerous(self) -> bool:
        return self.name in _DANGEROUS


def writable_units(access: Access) -> list[Unit]:
    """The units the person may write stories for, by name."""
    return list(Unit.objects.filter(pk__in=writable_unit_ids(access)).order_by("name"))


def _transition_form(story: Story, transition: Transition) -> TransitionForm:
    initial: dict[str, Any] = {"version": story.version}
    if transition.needs_time and story.scheduled_for is not None:
        initial["when_date"] = jalali_input(story.scheduled_for)
    return TransitionForm(initial=initial, needs_time=transition.needs_time, prefix=transition.name)


def detail_context(
    request: DeskRequest,
    story: Story,
    *,
    failed: tuple[str, TransitionForm] | None = None,
    note_form: NoteForm | None = None,
    photo_form: PhotoForm | None = None,
    attachment_form: AttachmentForm | None = None,
    notice: str = "",
    notice_error: bool = False,
) -> dict[str, Any]:
    """Everything the story page shows; ``failed`` is the action form that was refused, kept
    as the person filled it in (with its errors)."""
    user = request.user
    access = access_for(user)
    actions = []
    for transition in TRANSITIONS.values():
        if not can_transition(access, user, story, transition):
            continue
        if failed is not None and failed[0] == transition.name:
            form = failed[1]
        else:
            form = _transition_form(story, transition)
        actions.append(StoryAction(transition=transition, form=form))
    feature_actions: list[FeatureTransition] = [
        t for t in FEATURE_TRANSITIONS.values() if can_feature(access, story, t)
    ]
    desk_side = can_view_desk(access, story)
    editable = can_edit(access, user, story)
    may_retro_approve = story.needs_retro_approval and bool(
        roles_over(access, story.unit_id) & EDITOR_ROLES
    )
    # "Republish to my unit": units other than the story's where the person writes.
    own_units = access.units_with(WRITER_ROLES) - {story.unit_id}
    republish_units = [unit for unit in writable_units(access) if unit.pk in own_units]
    context: dict[str, Any] = {
        "story": story,
        "sections": render_sections("newsroom.story", request, story),
        "authors": list(story.authors.all()),
        "subjects": list(story.subjects.all()),
        "domains": list(story.domains.all()),
        "tags": list(story.tags.all()),
        "key_messages": list(story.key_messages.all()),
        "photos": list(story.photos.all()),
        "attachments": list(story.attachments.all()),
        "change_notes": list(story.change_notes.select_related("author")),
        "republications": list(
            visible_stories(user).filter(origin=story).select_related("unit").order_by("id")
        ),
        "origin_visible": story.origin_id is not None
        and visible_stories(user).filter(pk=story.origin_id).exists(),
        "actions": actions,
        "feature_actions": feature_actions,
        "may_retro_approve": may_retro_approve,
        "can_edit": editable,
        "can_delete": can_delete(access, user, story),
        "can_republish": can_republish(access, story) and bool(republish_units),
        "republish_form": RepublishForm(units=republish_units),
        "republish_units": republish_units,
        "desk_side": desk_side,
        "upcoming_days": upcoming_days(),
        "notice": notice,
        "notice_error": notice_error,
    }
    if desk_side:
        context["notes"] = list(
            EditorialNote.objects.filter(story=story).select_related("author").order_by("id")
        )
        context["note_form"] = note_form or NoteForm()
        context["history"] = _history(story)
    if editable:
        context["photo_form"] = photo_form or PhotoForm(prefix="photo")
        context["attachment_form"] = attachment_form or AttachmentForm(prefix="attachment")
    return context


def story_for_page(story_id: int, user: Any) -> Story:
    """The story with what its page reads, from what the user may see: 404 otherwise (never
    a 403 that would confirm another unit's draft exists); 403 for non-members."""
    access_staff(user)
    story = (
        visible_stories(user)
        .select_related("unit", "created_by", "origin__unit")
        .prefetch_related("subjects", "domains", "tags", "authors", "photos", "attachments")
        .filter(pk=story_id)
        .first()
    )
    if story is None:
        raise Http404
    return story


def render_detail(
    request: DeskRequest, story: Story, *, status: int = 200, **kwargs: Any
) -> HttpResponse:
    return render_page(
        request,
        "newsroom/story_detail.html",
        detail_context(request, story, **kwargs),
        status=status,
    )


def action_failed(
    request: DeskRequest,
    story_id: int,
    error: ValidationError | str,
    *,
    status: int = 400,
    **kwargs: Any,
) -> HttpResponse:
    """The story page again (re-read: the story may have moved on), saying why the action
    was not done; nothing was changed."""
    message = error if isinstance(error, str) else " ".join(error.messages)
    story = story_for_page(story_id, request.user)
    return render_detail(
        request,
        story,
        status=status,
        notice=message or _("کار انجام نشد."),
        notice_error=True,
        **kwargs,
    )
