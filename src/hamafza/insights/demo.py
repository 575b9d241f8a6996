"""The demo's last step: published demo stories serve the running demo plans' activities.

``hamafza demo`` calls ``demo_load`` after the plans and the stories are loaded (this app is
above both, last in INSTALLED_APPS among ours). Each activity of a running or closed demo plan
that is done or in progress is served by up to ``STORIES_PER_ACTIVITY`` stories published by
its unit (or, when that unit published none, by the plan's unit), oldest first, never a story
already serving another activity: the link is ``Story.activity``, the count the plans' output
indicators read is ``ActivityOutput`` — both written here as the newsroom's publication would
have written them. Deterministic (ordered by publication time and id) and idempotent
(``SystemFlag demo_insights``); one audit row, ``insights.demo.load``, actor None.
"""

from django.core.management.base import CommandError
from django.db import transaction

from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.newsroom.models import Story
from hamafza.newsroom.services import OUTPUT_STATUSES
from hamafza.org.demo import Writer
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Unit
from hamafza.plans.demo import PLANS_FLAG
from hamafza.plans.models import Activity, ActivityOutput, Plan

INSIGHTS_FLAG = "demo_insights"
STORIES_PER_ACTIVITY = 3


def demo_load(*, stdout: Writer | None = None) -> dict[str, int]:
    """Link the demo stories once; return how many were linked (zero the second time)."""
    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "داده نمایشی فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شود؛ نخست "
                "«hamafza demo» را اجرا کنید.\n"
                "Demo data is loaded only into the demo database; run `hamafza demo`."
            )
        if SystemFlag.objects.filter(key=INSIGHTS_FLAG).exists():
            return {"linked_stories": 0}
        if not SystemFlag.objects.filter(key=PLANS_FLAG).exists():
            return {"linked_stories": 0}
        linked = _link()
        SystemFlag.objects.create(key=INSIGHTS_FLAG, value="1")
        audit_log(
            actor=None,
            action="insights.demo.load",
            unit=Unit.objects.filter(parent__isnull=True).order_by("pk").first(),
            summary=f"linked stories: +{linked}",
            changes={"linked_stories": [0, linked]},
        )
    if stdout is not None:
        stdout.write(f"  خبرهای پیوندخورده به فعالیت‌ها / stories serving activities: +{linked}\n")
    return {"linked_stories": linked}


def _link() -> int:
    activities = list(
        Activity.objects.filter(
            plan__status__in=(Plan.Status.RUNNING, Plan.Status.CLOSED),
            status__in=(Activity.Status.DONE, Activity.Status.IN_PROGRESS),
        )
        .select_related("plan")
        .order_by("plan_id", "date", "pk")
    )
    taken: set[int] = set(Story.objects.filter(activity__isnull=False).values_list("pk", flat=True))
    outputs = []
    for activity in activities:
        chosen: list[Story] = []
        for unit_id in dict.fromkeys((activity.unit_id, activity.plan.unit_id)):
            if chosen:
                break
            candidates = (
                Story.objects.filter(
                    unit_id=unit_id,
                    status__in=OUTPUT_STATUSES,
                    first_published_at__isnull=False,
                    activity__isnull=True,
                )
                .exclude(pk__in=taken)
                .order_by("first_published_at", "pk")[:STORIES_PER_ACTIVITY]
            )
            chosen = list(candidates)
        for story in chosen:
            taken.add(story.pk)
            published_at = story.first_published_at or story.published_at
            if published_at is None:  # excluded by the query; keeps the type checker honest
                continue
            outputs.append(
                ActivityOutput(
                    activity=activity,
                    story_id=story.pk,
                    headline=story.headline[:300],
                    published_at=published_at,
                )
            )
        Story.objects.filter(pk__in=[s.pk for s in chosen]).update(activity=activity)
    ActivityOutput.objects.bulk_create(outputs)
    return len(outputs)
