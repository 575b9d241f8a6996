"""The demo's campaigns: a national disability-awareness week (هفته ملی توانیابان) launched by
HQ for every province, and a province-level campaign of Isfahan for its counties, plus a
draft HQ campaign for next month.

Like the other demos it writes rows directly in one transaction (their history was never
acted out by people): the campaigns, and the week's stories carrying the hashtag — HQ's
opening story, a story from each active province with a writer, some of them localized
republications of HQ's story — written as the newsroom demo writes its stories (news code,
revision, search index). Then the real counting service (``campaign_recount``) counts them, so
the board shows what the ``story_changed`` receiver would have counted. Most provinces
joined; a few stayed silent (never joined) and two joined without any output yet. Provinces
without a story logged an external post with a (generated) screenshot as evidence.

Idempotent on ``SystemFlag demo_network_campaigns``; one audit row
``network.campaigns.demo.load`` records the load. Dates are relative to the day of the load.
"""

import io
from datetime import datetime, time, timedelta
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.common.persian import to_persian_digits
from hamafza.network.models.campaigns import (
    Campaign,
    CampaignAsset,
    CampaignLocalActivity,
    CampaignMessage,
    CampaignOutput,
    CampaignParticipation,
    CampaignTemplate,
)
from hamafza.network.services.campaigns import campaign_recount
from hamafza.newsroom.indexing import index_story
from hamafza.newsroom.models import PUBLIC_STATUSES, NewsCodeCounter, Story, StoryRevision, Tag
from hamafza.newsroom.services import story_snapshot
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Membership, Role, Unit
from hamafza.plans.models import Channel
from hamafza.strategy.models import Goal, KeyMessage, StrategyDocument

CAMPAIGNS_FLAG = "demo_network_campaigns"
COUNT_NAMES = ("campaigns", "campaign_units", "campaign_outputs")
NATIONAL_TAG = "توانیابان"
ISFAHAN_TAG = "اصفهان_توانا"

# Provinces that never joined the national week, and two that joined with nothing yet.
SILENT = ("sistan-baluchestan", "ilam", "south-khorasan", "north-khorasan", "bushehr")
JOINED_ONLY = ("zanjan", "semnan")

MESSAGES = [
    (Channel.SOCIAL, "توانمندی، نه ترحم. در هفته ملی توانیابان روایت‌های موفقیت افراد دارای "
     "معلولیت استان خود را با هشتگ #توانیابان منتشر کنید."),
    (Channel.SMS, "هفته ملی توانیابان؛ دسترس‌پذیری حق است، نه لطف. بهزیستی کنار شماست."),
    (Channel.RADIO, "گفت‌وگوی ۱۰ دقیقه‌ای با یک کارآفرین دارای معلولیت درباره اشتغال و "
     "مناسب‌سازی محیط کار."),
    (Channel.WEBSITE, "گزارش تصویری از نمایشگاه توانمندی‌های هنرمندان دارای معلولیت استان."),
]  # fmt: skip

TEMPLATES = [
    (Story.Kind.NEWS, "{شمار} فرد دارای معلولیت در {شهرستان} صاحب شغل شدند",
     "لید: چه کسی، کجا، چند نفر، با چه حمایتی.\nنقل قول: یک جمله از خود شاغل، نه از مسئول.\n"
     "داده: سهم ۳ درصدی استخدام در استان.\nعکس: با رضایت آگاهانه و بدون نمای ترحم‌برانگیز."),
    (Story.Kind.INTERVIEW, "گفت‌وگو با یک ورزشکار یا هنرمند دارای معلولیت",
     "از توانمندی شروع کنید، نه از معلولیت. سه پرسش درباره مسیر، مانع‌ها و پیشنهاد به جامعه."),
]  # fmt: skip


def _png(text_color: str, background: str, label: str) -> ContentFile[bytes]:
    """A small generated picture standing for a poster or a screenshot."""
    image = Image.new("RGB", (640, 360), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, 616, 336), outline=text_color, width=6)
    draw.text((48, 160), label, fill=text_color)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def load(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Load the demo campaigns once; return the counts (zeros the second time)."""
    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "کارزارهای نمایشی فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شوند.\n"
                "Demo campaigns are loaded only into the demo database; run `hamafza demo`."
            )
        if SystemFlag.objects.filter(key=CAMPAIGNS_FLAG).exists():
            return dict.fromkeys(COUNT_NAMES, 0)
        users = {u.username: u for u in get_user_model().objects.filter(username__in=_PEOPLE)}
        hq = Unit.objects.get(slug="hq")
        counts = dict.fromkeys(COUNT_NAMES, 0)
        national = _national(hq, users, counts)
        isfahan = Unit.objects.filter(slug="isfahan").first()
        if isfahan is not None:
            _provincial(isfahan, users, counts)
        _draft(hq, users, counts)
        counts["campaign_outputs"] = CampaignOutput.objects.count()
        SystemFlag.objects.create(key=CAMPAIGNS_FLAG, value="1")
        audit_log(
            actor=None,
            action="network.campaigns.demo.load",
            obj=national,
            unit=hq,
            summary="، ".join(f"{key}: +{count}" for key, count in counts.items()),
            changes={key: [0, count] for key, count in counts.items()},
        )
    if stdout is not None:
        stdout.write(
            f"  کارزارها / campaigns: +{counts['campaigns']} campaigns, "
            f"+{counts['campaign_outputs']} outputs\n"
        )
    return counts


_PEOPLE = ("hq.editor", "hq.head", "hq.design", "hq.photo", "isfahan.head", "kashan.reporter",
           "najafabad.reporter")  # fmt: skip


def _strategy() -> tuple[list[Goal], list[KeyMessage]]:
    active = StrategyDocument.Status.ACTIVE
    goals = list(Goal.objects.filter(document__status=active).order_by("position")[:1])
    messages = list(KeyMessage.objects.filter(goal__in=goals).order_by("position")[:3])
    return goals, messages


def _at(day: Any, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _national(hq: Unit, users: dict[str, Any], counts: dict[str, int]) -> Campaign:
    today = timezone.localdate()
    starts_on, ends_on = today - timedelta(days=5), today + timedelta(days=1)
    launched_at = _at(starts_on - timedelta(days=2))
    campaign = Campaign.objects.create(
        owner_unit=hq,
        title="هفته ملی توانیابان",
        summary=(
            "یک هفته روایت توانمندی افراد دارای معلولیت در همه استان‌ها: اشتغال، ورزش، هنر و "
            "مناسب‌سازی. هر استان دست‌کم یک روایت موفقیت بومی و یک فعالیت کم‌هزینه و خلاق."
        ),
        starts_on=starts_on,
        ends_on=ends_on,
        hashtag=NATIONAL_TAG,
        extra_hashtags=["توانمندی_نه_ترحم", "دسترس_پذیری_حق_است"],
        scope=Campaign.Scope.CHILDREN,
        status=Campaign.Status.LAUNCHED,
        created_by=users.get("hq.editor"),
        created_at=launched_at - timedelta(days=3),
        updated_at=launched_at,
        launched_at=launched_at,
    )
    goals, messages = _strategy()
    campaign.goals.set(goals)
    campaign.key_messages.set(messages)
    for position, (channel, text) in enumerate(MESSAGES):
        CampaignMessage.objects.create(
            campaign=campaign, channel=channel, text=text, position=position
        )
    for position, (kind, title, body) in enumerate(TEMPLATES):
        CampaignTemplate.objects.create(
            campaign=campaign, kind=kind, title=title, body=body, position=position
        )
    poster = CampaignAsset(
        campaign=campaign, title="پوستر هفته ملی توانیابان", credit="امیرحسین جعفری، طراح ستاد",
        consent=CampaignAsset.Consent.NOT_NEEDED, position=1,
    )  # fmt: skip
    poster.file.save("tavanyaban-poster.png", _png("#ffffff", "#1f6f66", "TAVANYABAN"), save=False)
    poster.size = poster.file.size
    poster.save()
    photo = CampaignAsset(
        campaign=campaign, title="عکس کارگاه نجاری جوانان دارای معلولیت (بدون رضایت نامه)",
        credit="علی نوروزی، عکاس ستاد", consent=CampaignAsset.Consent.MISSING, position=2,
    )  # fmt: skip
    photo.file.save("workshop-photo.png", _png("#333333", "#e9e3d5", "PHOTO"), save=False)
    photo.size = photo.file.size
    photo.save()

    provinces = list(Unit.objects.filter(parent=hq, kind=Unit.Kind.PROVINCE, is_active=True))
    joined_by = {u.unit_id: u.user_id for u in _heads(provinces)}
    participations = []
    for index, province in enumerate(provinces):
        joined = province.slug not in SILENT
        participations.append(
            CampaignParticipation(
                campaign=campaign,
                unit=province,
                invited_at=launched_at,
                joined_at=launched_at + timedelta(hours=3 + index) if joined else None,
                joined_by_id=joined_by.get(province.pk) if joined else None,
            )
        )
    CampaignParticipation.objects.bulk_create(participations)
    counts["campaigns"] += 1
    counts["campaign_units"] += len(participations)

    tag, _created = Tag.objects.get_or_create(name=NATIONAL_TAG)
    active = [p for p in participations if p.joined_at and p.unit.slug not in JOINED_ONLY]
    _campaign_stories(campaign, tag, [p.unit for p in active], users)
    for index, participation in enumerate(active):
        has_story = Story.objects.filter(
            unit=participation.unit, status__in=PUBLIC_STATUSES, tags=tag
        ).exists()
        if not has_story or index % 4 == 0:
            _external(campaign, participation, today - timedelta(days=index % 5), index)
        if index % 3 == 0:
            CampaignLocalActivity.objects.create(
                participation=participation,
                title=f"نمایشگاه توانمندی‌های هنرمندان دارای معلولیت {participation.unit.name}",
                date=starts_on + timedelta(days=2),
                channel=Channel.EXHIBITION,
                note="با همکاری انجمن‌های محلی؛ هزینه کم، روایت‌های واقعی.",
                created_by_id=participation.joined_by_id,
            )
    campaign_recount(campaign=campaign)
    return campaign


STORY_LINES = [
    ("{n} توانیاب {place} در نمایشگاه هفته ملی توانیابان آثار خود را عرضه کردند",
     "نمایشگاه توانمندی‌های هنرمندان و کارآفرینان دارای معلولیت {place} به مناسبت هفته ملی "
     "توانیابان گشایش یافت."),
    ("{n} فرد دارای معلولیت در {place} صاحب شغل شدند",
     "در هفته ملی توانیابان، {n} فرد دارای معلولیت {place} با حمایت بهزیستی و کارفرمایان همراه "
     "به بازار کار پیوستند."),
    ("مسابقات ورزشی توانیابان {place} با حضور {n} ورزشکار برگزار شد",
     "ورزشکاران دارای معلولیت {place} در هفته ملی توانیابان توانمندی خود را به نمایش گذاشتند."),
]  # fmt: skip


def _story(
    *, unit: Unit, author: Any, headline: str, lead: str, at: datetime, tag: Tag, origin: Any = None
) -> Story:
    """A published demo story written directly, as the newsroom demo writes its stories: a
    news code from the counter, one revision, the search index."""
    counter, _created = NewsCodeCounter.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_code": settings.NEWS_CODE_START - 1}
    )
    code = max(counter.last_code + 1, settings.NEWS_CODE_START)
    NewsCodeCounter.objects.filter(pk=1).update(last_code=code)
    story = Story.objects.create(
        unit=unit,
        created_by=author,
        kicker="هفته ملی توانیابان",
        headline=headline,
        lead=lead,
        body=f"<p>{lead}</p><p>توانمندی، نه ترحم؛ روایتی از کارزار ملی #{NATIONAL_TAG}.</p>",
        status=Story.Status.PUBLISHED,
        code=code,
        published_at=at,
        first_published_at=at,
        origin=origin,
        created_at=at - timedelta(hours=2),
        updated_at=at,
    )
    story.authors.set([author])
    story.tags.add(tag)
    StoryRevision.objects.create(
        story=story, version=1, author=author, created_at=at, data=story_snapshot(story)
    )
    index_story(story)
    return story


def _campaign_stories(
    campaign: Campaign, tag: Tag, units: list[Unit], users: dict[str, Any]
) -> None:
    """HQ's opening story, and a story (or a localized republication of HQ's) from each active
    province that has a writer, spread over the days of the week so far."""
    now = timezone.now()
    days = max((timezone.localdate() - campaign.starts_on).days, 1)
    author = users.get("hq.editor")
    hq_pr = Unit.objects.filter(slug="hq-pr").first()
    if author is None or hq_pr is None:
        return
    opening = _story(
        unit=hq_pr,
        author=author,
        headline="آغاز هفته ملی توانیابان با شعار «توانمندی، نه ترحم»",
        lead="هفته ملی توانیابان با روایت توانمندی افراد دارای معلولیت در همه استان‌ها آغاز شد.",
        at=_at(campaign.starts_on, 9),
        tag=tag,
    )
    writers = {
        m.unit_id: m.user
        for m in Membership.objects.filter(
            unit__in=units, role__in=[Role.REPORTER, Role.EDITOR, Role.HEAD]
        )
        .select_related("user")
        .order_by("unit_id", "-role")
    }
    for index, unit in enumerate(u for u in units if u.pk in writers):
        at = min(_at(campaign.starts_on + timedelta(days=1 + index % days), 11 + index % 6), now)
        place = unit.name.replace("اداره کل بهزیستی ", "")
        if index % 3 == 2:
            _story(
                unit=unit, author=writers[unit.pk], headline=f"{place}: {opening.headline}",
                lead=opening.lead, at=at, tag=tag, origin=opening,
            )  # fmt: skip
            continue
        headline, lead = STORY_LINES[index % len(STORY_LINES)]
        n = to_persian_digits(12 + index * 3)
        _story(
            unit=unit, author=writers[unit.pk], headline=headline.format(n=n, place=place),
            lead=lead.format(n=n, place=place), at=at, tag=tag,
        )  # fmt: skip


def _heads(units: list[Unit]) -> Any:
    return Membership.objects.filter(unit__in=units, role__in=[Role.HEAD, Role.EDITOR]).order_by(
        "unit_id", "role"
    )


def _external(
    campaign: Campaign, participation: CampaignParticipation, day: Any, index: int
) -> None:
    output = CampaignOutput(
        campaign=campaign,
        unit=participation.unit,
        kind=CampaignOutput.Kind.EXTERNAL,
        url=f"https://social.example/behzisti-{participation.unit.slug}/posts/{1000 + index}",
        channel=Channel.SOCIAL,
        note="پست روایت موفقیت در صفحه رسمی استان",
        occurred_at=_at(max(day, campaign.starts_on), 18),
        created_by_id=participation.joined_by_id,
    )
    output.evidence.save(
        f"screenshot-{participation.unit.slug}.png",
        _png("#1a1a1a", "#ffffff", "SCREENSHOT"),
        save=False,
    )
    output.save()


def _provincial(isfahan: Unit, users: dict[str, Any], counts: dict[str, int]) -> None:
    today = timezone.localdate()
    launched_at = _at(today - timedelta(days=4))
    campaign = Campaign.objects.create(
        owner_unit=isfahan,
        title="اصفهان توانا: اشتغال افراد دارای معلولیت",
        summary="کارزار استانی برای معرفی کارفرمایان همراه و شاغلان دارای معلولیت در شهرستان‌ها.",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=10),
        hashtag=ISFAHAN_TAG,
        scope=Campaign.Scope.ALL,
        status=Campaign.Status.LAUNCHED,
        created_by=users.get("isfahan.head"),
        created_at=launched_at - timedelta(days=1),
        updated_at=launched_at,
        launched_at=launched_at,
    )
    goals, messages = _strategy()
    campaign.goals.set(goals)
    campaign.key_messages.set(messages[1:2])
    CampaignMessage.objects.create(
        campaign=campaign, channel=Channel.SOCIAL,
        text="اشتغال افراد دارای معلولیت سود همه جامعه است. #اصفهان_توانا",
    )  # fmt: skip
    counties = list(Unit.objects.filter(parent=isfahan, is_active=True).order_by("slug"))
    for index, county in enumerate(counties):
        participation = CampaignParticipation.objects.create(
            campaign=campaign,
            unit=county,
            invited_at=launched_at,
            joined_at=launched_at + timedelta(hours=5) if index % 2 == 0 else None,
        )
        if participation.joined_at and index == 0:
            _external(campaign, participation, today - timedelta(days=1), 500 + index)
    counts["campaigns"] += 1
    counts["campaign_units"] += len(counties)


def _draft(hq: Unit, users: dict[str, Any], counts: dict[str, int]) -> None:
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        owner_unit=hq,
        title="کارزار ملی پیشگیری از اعتیاد در خانواده",
        summary="پیش‌نویس: پیام‌ها و پرونده‌ها در حال آماده‌سازی.",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=44),
        hashtag="پیشگیری_در_خانه",
        scope=Campaign.Scope.CHILDREN,
        created_by=users.get("hq.editor"),
    )
    provinces = Unit.objects.filter(parent=hq, kind=Unit.Kind.PROVINCE, is_active=True)
    CampaignParticipation.objects.bulk_create(
        [CampaignParticipation(campaign=campaign, unit=u) for u in provinces]
    )
    counts["campaigns"] += 1
    counts["campaign_units"] += provinces.count()
