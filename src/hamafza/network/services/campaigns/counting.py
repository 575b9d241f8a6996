"""Counting stories as campaign outputs.

Counting (``campaign_story_sync``, called by the ``story_changed`` receiver for every change to
a story that is or was public, and by ``campaign_recount`` at launch) is idempotent: it makes
the story's counted outputs match what the story is now.

* A story of an invited unit, published (public now) on a day within the campaign's dates
  (and not after an early close), counts as ``story`` when one of its tags is the campaign's
  hashtag or its unit's writers linked it to the campaign.
* A story with ``origin`` (a republication or localization) counts as ``republish`` when it or
  its public origin qualifies that way (or the origin is counted for the campaign).
* A story that is no longer public (unpublished, archived, deleted) counts for nothing.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hamafza.network.models.campaigns import (
    Campaign,
    CampaignOutput,
    CampaignStoryLink,
)
from hamafza.network.permissions.campaigns import (
    COUNTING,
)
from hamafza.network.services.campaigns._common import _audit, hashtag_key
from hamafza.newsroom.models import PUBLIC_STATUSES, Story

K = CampaignOutput.Kind


def _counts_on(campaign: Campaign, day: date) -> bool:
    if not campaign.starts_on <= day <= campaign.ends_on:
        return False
    return campaign.closed_at is None or day <= timezone.localdate(campaign.closed_at)


def _wanted(story: Story) -> dict[int, str]:
    """The campaigns the story counts for now, with the kind of output."""
    if story.status not in PUBLIC_STATUSES or story.published_at is None:
        return {}
    day = timezone.localdate(story.published_at)
    campaigns = [
        c
        for c in Campaign.objects.filter(
            status__in=COUNTING,
            starts_on__lte=day,
            ends_on__gte=day,
            participations__unit_id=story.unit_id,
        )
        if _counts_on(c, day)
    ]
    if not campaigns:
        return {}
    keys = {hashtag_key(name) for name in story.tags.values_list("name", flat=True)}
    linked = set(
        CampaignStoryLink.objects.filter(story=story).values_list("campaign_id", flat=True)
    )
    origin_counts: set[int] = set()
    origin = story.origin if story.origin_id else None
    if origin is not None and origin.status in PUBLIC_STATUSES:
        origin_keys = {hashtag_key(n) for n in origin.tags.values_list("name", flat=True)}
        origin_counts = set(
            CampaignStoryLink.objects.filter(story=origin).values_list("campaign_id", flat=True)
        ) | set(CampaignOutput.objects.filter(story=origin).values_list("campaign_id", flat=True))
        origin_counts |= {c.pk for c in campaigns if hashtag_key(c.hashtag) in origin_keys}
    wanted: dict[int, str] = {}
    for campaign in campaigns:
        direct = hashtag_key(campaign.hashtag) in keys or campaign.pk in linked
        if origin is not None:
            if direct or campaign.pk in origin_counts:
                wanted[campaign.pk] = K.REPUBLISH
        elif direct:
            wanted[campaign.pk] = K.STORY
    return wanted


def campaign_story_sync(*, story: Story) -> int:
    """Make the story's counted outputs match the story as it is now (system work: no actor).
    Returns how many outputs were added, changed or removed."""
    if story.pk is None:
        return 0  # deleted: its outputs went with it
    changed = 0
    with transaction.atomic():
        fresh = Story.objects.select_related("origin", "unit").filter(pk=story.pk).first()
        if fresh is None:
            return 0
        wanted = _wanted(fresh)
        existing = {
            o.campaign_id: o
            for o in CampaignOutput.objects.select_for_update()
            .select_related("campaign")
            .filter(story=fresh, campaign__status__in=COUNTING)
            .exclude(kind=K.EXTERNAL)
        }
        for campaign_id, output in existing.items():
            if campaign_id not in wanted:
                output.delete()
                _audit(None, "output.uncount", output.campaign, fresh.unit, fresh.headline)
                changed += 1
            elif output.kind != wanted[campaign_id] or output.unit_id != fresh.unit_id:
                output.kind = wanted[campaign_id]
                output.unit = fresh.unit
                output.occurred_at = fresh.published_at  # type: ignore[assignment]
                output.save(update_fields=["kind", "unit", "occurred_at"])
                changed += 1
        for campaign_id, kind in wanted.items():
            if campaign_id in existing:
                continue
            output = CampaignOutput.objects.create(
                campaign_id=campaign_id,
                unit=fresh.unit,
                kind=kind,
                story=fresh,
                occurred_at=fresh.published_at or timezone.now(),
            )
            _audit(
                None,
                "output.count",
                output.campaign,
                fresh.unit,
                fresh.headline,
                changes={"kind": [None, kind]},
            )
            changed += 1
    return changed


def campaign_recount(*, campaign: Campaign) -> int:
    """Count every story already published within the campaign's dates (at launch, or to
    repair). Idempotent."""
    participants = campaign.participations.values("unit_id")
    variants = {campaign.hashtag, "#" + campaign.hashtag, campaign.hashtag.replace("_", " ")}
    candidates = (
        Story.objects.filter(
            unit_id__in=participants,
            status__in=PUBLIC_STATUSES,
            published_at__date__gte=campaign.starts_on,
            published_at__date__lte=campaign.ends_on,
        )
        .filter(
            Q(tags__name__in=variants)
            | Q(campaign_links__campaign=campaign)
            | Q(origin__isnull=False)
        )
        .distinct()
        .order_by("published_at")
    )
    existing = Story.objects.filter(campaign_outputs__campaign=campaign)
    changed = 0
    for story in [*candidates, *existing]:
        changed += campaign_story_sync(story=story)
    return changed
