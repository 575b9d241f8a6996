"""Campaigns for tests: an active strategy to tie them to, a campaign made (and launched)
through the services, published stories carrying a hashtag, and ``campaigns_state`` to assert
that a refusal changed nothing."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.campaigns import (
    Campaign,
    CampaignAsset,
    CampaignLocalActivity,
    CampaignMessage,
    CampaignOutput,
    CampaignParticipation,
    CampaignStoryLink,
    CampaignTemplate,
)
from hamafza.network.services import campaigns as services
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.notifications.models import Notification
from hamafza.strategy.models import Goal, KeyMessage, StrategyDocument

HASHTAG = "توانیابان"


def active_strategy() -> tuple[Goal, KeyMessage]:
    document = StrategyDocument.objects.filter(status=StrategyDocument.Status.ACTIVE).first()
    if document is None:
        document = StrategyDocument.objects.create(
            title="سند راهبردی آزمایشی", status=StrategyDocument.Status.ACTIVE
        )
    goal = Goal.objects.filter(document=document).first() or Goal.objects.create(
        document=document, title="معرفی توانمندی‌های جامعه هدف"
    )
    message = KeyMessage.objects.filter(goal=goal).first() or KeyMessage.objects.create(
        goal=goal, text="توانمندی، نه ترحم"
    )
    return goal, message


def make_campaign(
    owner: Any,
    actor: Any,
    *,
    launch: bool = True,
    title: str = "هفته ملی توانیابان",
    hashtag: str = HASHTAG,
    scope: str = Campaign.Scope.CHILDREN,
    units: Any = (),
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Campaign:
    goal, message = active_strategy()
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=actor,
        owner_unit=owner,
        title=title,
        summary="یک هفته روایت توانمندی افراد دارای معلولیت در همه استان‌ها.",
        starts_on=starts_on or today - timedelta(days=3),
        ends_on=ends_on or today + timedelta(days=3),
        hashtag=hashtag,
        goals=[goal],
        key_messages=[message],
        scope=scope,
        units=units,
    )
    if launch:
        campaign = services.campaign_transition(actor=actor, campaign=campaign, name="launch")
    return campaign


def published_story(
    unit: Any, author: Any, *, tags: Any = (HASHTAG,), when: Any = None, **kw: Any
) -> Story:
    story = StoryFactory.create(
        unit=unit, created_by=author, status=Story.Status.PUBLISHED, tags=list(tags), **kw
    )
    if when is not None:
        Story.objects.filter(pk=story.pk).update(published_at=when, first_published_at=when)
        story.refresh_from_db()
    return story


def campaigns_state() -> dict[str, Any]:
    """Everything the campaign services write, to compare before and after a refusal."""
    return {
        "campaigns": list(Campaign.objects.values().order_by("pk")),
        "participations": list(CampaignParticipation.objects.values().order_by("pk")),
        "outputs": list(CampaignOutput.objects.values().order_by("pk")),
        "activities": CampaignLocalActivity.objects.count(),
        "links": CampaignStoryLink.objects.count(),
        "toolkit": (
            CampaignMessage.objects.count(),
            CampaignAsset.objects.count(),
            CampaignTemplate.objects.count(),
        ),
        "audit": AuditEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }
