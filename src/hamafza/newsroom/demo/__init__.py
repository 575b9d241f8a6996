"""The newsroom's demo: about 300 stories across the demo network, in every state, and the
seed article published by HQ's PR and International Affairs office as news code 102685.

``hamafza demo`` calls ``demo_load`` after the org demo has built the network (see
``NewsroomConfig.demo_loader``). Like the org demo, it writes rows directly, in one transaction
and mostly in bulk, instead of calling the services: the services would need each step of
every story's history acted out by its people, one transaction at a time, and would write an
audit trail of a history that never happened. What the services guarantee still holds:

* ``version`` counts every change a story went through; each story has a revision of its
  content at every version it was saved (a corrected story: the first text and the correction),
  written by its author or editor;
* news codes are unique and follow the order of first publication; the seed gets 102685 and
  the counter is left at the highest code, so the next publication continues after it;
* the approver, the corrector and whoever retro-approves are never the story's author; a
  force-published story has the ``newsroom.story.force_publish`` audit row naming the head
  who forced it, so that head cannot approve it retrospectively;
* notes and notifications go to whom the services would have told (never the actor).

One audit row, ``newsroom.demo.load`` (actor None: the installation acting), records the load.

Idempotent: the load marks the database (``SystemFlag demo_newsroom``) and a second run adds
nothing, even when demo stories were edited or deleted since: the desk's work is never
overwritten. It refuses to run on a database the org demo has not marked as a demo.
"""

from collections import Counter
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from hamafza.common.audit import audit_log
from hamafza.common.models import AuditEntry, SystemFlag
from hamafza.newsroom.demo.lifecycle import plan_stories
from hamafza.newsroom.demo.plan import StoryPlan
from hamafza.newsroom.indexing import index_all_stories
from hamafza.newsroom.models import (
    ChangeNote,
    EditorialNote,
    NewsCodeCounter,
    Story,
    StoryRevision,
    Tag,
)
from hamafza.newsroom.reference import reference_data_ensure
from hamafza.newsroom.services import story_url
from hamafza.notifications.models import Notification
from hamafza.org.demo import Writer
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Unit

NEWSROOM_FLAG = "demo_newsroom"
COUNT_NAMES = ("stories", "published", "revisions", "notes", "notifications")


def demo_load(*, stdout: Writer | None = None) -> dict[str, int]:
    """Load the demo stories once; return how many of each were created (zeros the second
    time). See the module docstring."""

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "خبرهای نمایشی فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شوند؛ نخست "
                "«hamafza demo» را اجرا کنید.\n"
                "Demo stories are loaded only into the demo database; run `hamafza demo`."
            )
        if SystemFlag.objects.filter(key=NEWSROOM_FLAG).exists():
            say("  خبرها از پیش بارگذاری شده‌اند / stories already loaded")
            return dict.fromkeys(COUNT_NAMES, 0)
        reference_data_ensure()
        plans = plan_stories(timezone.now())
        created = _write(plans)
        index_all_stories()
        SystemFlag.objects.create(key=NEWSROOM_FLAG, value="1")
        audit_log(
            actor=None,
            action="newsroom.demo.load",
            unit=Unit.objects.get(slug="hq"),
            summary="، ".join(f"{key}: +{count}" for key, count in created.items()),
            changes={key: [0, count] for key, count in created.items()},
        )
    say(f"  خبرها / stories: +{created['stories']}, منتشرشده / published: +{created['published']}")
    return created


def _write(plans: list[StoryPlan]) -> dict[str, int]:
    users = _users(plans)
    units = {unit.slug: unit for unit in Unit.objects.filter(slug__in={p.unit for p in plans})}
    missing = {p.unit for p in plans} - set(units)
    if missing:
        raise CommandError(f"demo units are missing: {sorted(missing)}")
    codes = [p.code for p in plans if p.code is not None]
    if Story.objects.filter(code__in=codes).exists():
        raise CommandError("news codes of the demo are already taken in this database")

    # Originals first, then the copies that point at them.
    pk_of: dict[int, int] = {}
    for batch in ([p for p in plans if p.origin is None], [p for p in plans if p.origin]):
        rows = Story.objects.bulk_create([_story(p, users, units, pk_of) for p in batch])
        pk_of |= {plan.key: row.pk for plan, row in zip(batch, rows, strict=True)}

    _relations(plans, users, pk_of)
    revisions = StoryRevision.objects.bulk_create(
        StoryRevision(
            story_id=pk_of[p.key],
            version=version,
            author=users[author],
            created_at=at,
            data=content.snapshot(),
        )
        for p in plans
        for version, author, at, content in p.revisions
    )
    ChangeNote.objects.bulk_create(
        ChangeNote(
            story_id=pk_of[p.key],
            note=p.change_note.text,
            author=users[p.change_note.actor or ""],
            created_at=p.change_note.at,
        )
        for p in plans
        if p.change_note is not None
    )
    notes = EditorialNote.objects.bulk_create(
        EditorialNote(
            story_id=pk_of[p.key], author=users[n.actor or ""], body=n.text, created_at=n.at
        )
        for p in plans
        for n in p.notes
    )
    notifications = _notifications(plans, users, pk_of)
    _forced_audit(plans, users, units, pk_of)
    if codes:
        counter, _created = NewsCodeCounter.objects.get_or_create(
            pk=1, defaults={"last_code": max(codes)}
        )
        if counter.last_code < max(codes):
            NewsCodeCounter.objects.filter(pk=1).update(last_code=max(codes))
    statuses = Counter(p.status for p in plans)
    return {
        "stories": len(plans),
        "published": statuses[Story.Status.PUBLISHED] + statuses[Story.Status.CORRECTED],
        "revisions": len(revisions),
        "notes": len(notes),
        "notifications": notifications,
    }


def _users(plans: list[StoryPlan]) -> dict[str, Any]:
    names: set[str] = set()
    for p in plans:
        names |= set(p.authors) | {author for _v, author, _at, _c in p.revisions}
        names |= {e.actor for e in [*p.notes, *p.notices] if e.actor}
        names |= {name for e in p.notices for name in e.recipients}
        if p.change_note and p.change_note.actor:
            names.add(p.change_note.actor)
        if p.forced_by:
            names.add(p.forced_by)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    missing = names - set(users)
    if missing:
        raise CommandError(f"demo people are missing: {sorted(missing)}")
    return users


def _story(
    p: StoryPlan, users: dict[str, Any], units: dict[str, Unit], pk_of: dict[int, int]
) -> Story:
    c = p.content
    return Story(
        unit=units[p.unit],
        created_by=users[p.authors[0]],
        kicker=c.kicker,
        headline=c.headline,
        lead=c.lead,
        body=c.body,
        kind=c.kind,
        language=c.language,
        status=p.status,
        version=p.version,
        code=p.code,
        scheduled_for=p.scheduled_for,
        published_at=p.published_at,
        first_published_at=p.published_at,
        needs_retro_approval=p.needs_retro_approval,
        feature=p.feature,
        origin_id=pk_of[p.origin] if p.origin else None,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def _relations(plans: list[StoryPlan], users: dict[str, Any], pk_of: dict[int, int]) -> None:
    names = {tag for p in plans for tag in p.content.tags}
    Tag.objects.bulk_create([Tag(name=name) for name in sorted(names)], ignore_conflicts=True)
    tag_ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    Story.authors.through.objects.bulk_create(
        Story.authors.through(story_id=pk_of[p.key], user_id=users[name].pk)
        for p in plans
        for name in p.authors
    )
    Story.subjects.through.objects.bulk_create(
        Story.subjects.through(story_id=pk_of[p.key], subject_id=code)
        for p in plans
        for code in sorted(set(p.content.subjects))
    )
    Story.domains.through.objects.bulk_create(
        Story.domains.through(story_id=pk_of[p.key], domain_id=code)
        for p in plans
        for code in sorted(set(p.content.domains))
    )
    Story.tags.through.objects.bulk_create(
        Story.tags.through(story_id=pk_of[p.key], tag_id=tag_ids[name])
        for p in plans
        for name in sorted(set(p.content.tags))
    )


def _notifications(plans: list[StoryPlan], users: dict[str, Any], pk_of: dict[int, int]) -> int:
    """What the desk was told; anything older than three days has been read."""
    read_before = timezone.now() - timedelta(days=3)
    rows = [
        Notification(
            recipient=users[name],
            actor=users[event.actor] if event.actor else None,
            kind=event.kind,
            text=event.text[:500],
            url=story_url(Story(pk=pk_of[p.key])),
            created_at=event.at,
            read_at=event.at + timedelta(hours=2) if event.at < read_before else None,
        )
        for p in plans
        for event in p.notices
        for name in event.recipients
        if name != event.actor
    ]
    return len(Notification.objects.bulk_create(rows))


def _forced_audit(
    plans: list[StoryPlan], users: dict[str, Any], units: dict[str, Unit], pk_of: dict[int, int]
) -> None:
    """The audit rows of force-publications: the rule that the head who forced a story does not
    approve it retrospectively reads them."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            created_at=p.published_at or p.updated_at,
            actor=users[p.forced_by],
            actor_username=p.forced_by,
            unit_id=units[p.unit].pk,
            unit_name=units[p.unit].name,
            action="newsroom.story.force_publish",
            object_type="newsroom.story",
            object_id=str(pk_of[p.key]),
            object_repr=p.content.headline[:300],
            summary="خبر فوری: اطلاع‌رسانی به‌هنگام ضروری بود.",
            changes={"status": ["draft", "published"], "code": [None, p.code]},
        )
        for p in plans
        if p.forced_by
    )
