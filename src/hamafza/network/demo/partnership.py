"""The demo's partnership work: joint activities with the org demo's partners across provinces,
linked to demo stories, one issued internal bulletin and one draft.

Loaded by ``hamafza.network.demo.demo_load`` after the stories. Like the other demos it writes
rows directly in one transaction, records one audit row (``network.partnership.demo.load``,
actor None) and is idempotent on ``SystemFlag demo_network_partnership``. The partners are the
org demo's (an agency, an NGO, a university, a foreign institution, a media outlet — one per
domain at least); a partner missing from an older demo database is created with the same data.

The issued bulletin's deliveries are recorded as already sent on its day, so the demo shows
its delivery figures without e-mailing anyone.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.network.models.partnership import (
    Bulletin,
    BulletinDelivery,
    BulletinItem,
    JointActivity,
)
from hamafza.network.services.partnership import bulletin_recipient_ids
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.demo.data import DEMO_FLAG, PARTNERS
from hamafza.org.models import Domain, Partner, Unit

PARTNERSHIP_FLAG = "demo_network_partnership"
COUNT_NAMES = ("joint_activities", "bulletins", "bulletin_deliveries")

D = Domain.Code

RELIEF = "کمیته امداد امام خمینی (ره)"
EDUCATION = "وزارت آموزش و پرورش"
IRNA = "خبرگزاری جمهوری اسلامی (ایرنا)"
IRIB_ISFAHAN = "صدا و سیمای مرکز اصفهان"
USWR = "دانشگاه علوم توانبخشی و سلامت اجتماعی"
WORKING_CHILDREN = "انجمن خیریه حمایت از کودکان کار"
UNICEF = "یونیسف، دفتر تهران"
WHO = "سازمان جهانی بهداشت"
KHORASAN_DAILY = "روزنامه خراسان"
DEAF = "کانون ناشنوایان ایران"
PR_ASSOCIATION = "انجمن روابط عمومی ایران"


@dataclass(frozen=True)
class ActivitySpec:
    unit: str
    author: str
    title: str
    days_ago: int
    place: str
    domain: str
    partners: tuple[str, ...]
    others: tuple[str, ...]
    description: str
    outcome: str
    stories: int = 1  # how many recent published stories of the participating units to link


# fmt: off
ACTIVITIES = [
    ActivitySpec("hq-pr", "hq.editor", "تفاهم‌نامه اطلاع‌رسانی مشترک با کمیته امداد", 12,
                 "تهران، ستاد سازمان", D.INTER_AGENCY, (RELIEF,), ("tehran", "khorasan-razavi"),
                 "نشست مدیران روابط عمومی دو دستگاه برای هماهنگی خبررسانی طرح‌های توانمندسازی "
                 "خانواده‌های تحت پوشش مشترک.",
                 "تفاهم‌نامه سه‌ساله امضا شد؛ خبر مشترک در پایگاه هر دو دستگاه منتشر شد.", 2),
    ActivitySpec("tehran", "tehran.head", "کارگاه آموزش فراگیر با آموزش و پرورش شمیرانات", 20,
                 "شمیرانات، سالن اجتماعات آموزش و پرورش", D.INTER_AGENCY, (EDUCATION,),
                 ("shemiranat",),
                 "کارگاه یک‌روزه برای معلمان درباره آموزش کودکان دارای معلولیت در کلاس عادی.",
                 "۱۲۰ معلم آموزش دیدند؛ گزارش تصویری در هر دو پایگاه منتشر شد."),
    ActivitySpec("isfahan", "isfahan.head", "برنامه زنده «توانستن» در صدا و سیمای اصفهان", 8,
                 "اصفهان، استودیو مرکز", D.EXTRA_AGENCY, (IRIB_ISFAHAN,), ("kashan",),
                 "گفت‌وگوی زنده با کارآفرینان دارای معلولیت استان و مدیر مرکز روزانه کاشان.",
                 "پخش ۴۵ دقیقه‌ای؛ ۳۰۰ تماس و پیام بینندگان."),
    ActivitySpec("hq-pr", "intl.editor", "نشست علمی توانبخشی مبتنی بر جامعه با سازمان جهانی "
                 "بهداشت", 35, "تهران، دانشگاه علوم توانبخشی", D.INTER_AGENCY, (WHO, USWR), (),
                 "دیپلماسی علمی: تبادل تجربه برنامه CBR ایران با کارشناسان منطقه مدیترانه شرقی.",
                 "گزارش مشترک فارسی و انگلیسی منتشر شد؛ دو استان برای طرح آزمایشی معرفی شدند."),
    ActivitySpec("khorasan-razavi", "khorasan.head", "گزارش میدانی مشترک با روزنامه خراسان از "
                 "مراکز توانبخشی", 16, "مشهد", D.EXTRA_AGENCY, (KHORASAN_DAILY,), ("mashhad",),
                 "بازدید خبرنگاران روزنامه از مرکز حرفه‌آموزی معلولان مشهد.",
                 "ویژه‌نامه دو صفحه‌ای با عکس‌های روابط عمومی استان."),
    ActivitySpec("tehran", "tehran.editor", "پویش داوطلبانه با انجمن حمایت از کودکان کار", 27,
                 "تهران، مرکز شهر", D.INTRA_AGENCY, (WORKING_CHILDREN,), ("rey",),
                 "پویش آگاه‌سازی خانواده‌ها و جذب داوطلب برای کلاس‌های آموزشی کودکان کار.",
                 "۸۵ داوطلب تازه ثبت‌نام کردند."),
    ActivitySpec("hq-pr", "hq.head", "دوره مشترک خبرنویسی برای روابط عمومی‌های استان‌ها", 45,
                 "برخط", D.PR_NETWORK, (PR_ASSOCIATION,), ("isfahan", "fars", "tehran"),
                 "دوره سه‌روزه خبرنویسی و عکاسی خبری با همکاری انجمن روابط عمومی ایران.",
                 "۶۰ کارشناس از ۱۸ استان گواهی گرفتند."),
    ActivitySpec("hq-pr", "hq.editor", "ویدئوهای اطلاع‌رسانی با زبان اشاره", 5, "تهران",
                 D.INTRA_AGENCY, (DEAF,), ("hq-rehabilitation",),
                 "ترجمه زبان اشاره ویدئوهای خدمات سازمان با همکاری کانون ناشنوایان.",
                 "شش ویدئو با زبان اشاره در پایگاه و شبکه‌های اجتماعی منتشر شد."),
    ActivitySpec("hq-pr", "intl.editor", "انتشار مشترک دستاوردهای حمایت از کودکان با یونیسف", 60,
                 "تهران", D.INTER_AGENCY, (UNICEF, IRNA), ("khorasan-razavi", "isfahan"),
                 "روایت مشترک برنامه مداخله زودهنگام کودکان در سه استان.",
                 "خبر مشترک در ایرنا و پایگاه یونیسف بازنشر شد.", 2),
]
# fmt: on

BULLETIN_NOTES = [
    "الگوی خوبی برای روایت توانمندی، نه ترحم.",
    "",
    "استان‌ها می‌توانند این گزارش را بومی‌سازی کنند.",
    "",
    "",
]


def load(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Load the demo's partnership work once; return the counts (zeros the second time)."""
    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "داده نمایشی فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شود.\n"
                "Demo partnership work is loaded only into the demo database."
            )
        if SystemFlag.objects.filter(key=PARTNERSHIP_FLAG).exists():
            return dict.fromkeys(COUNT_NAMES, 0)
        units = {unit.slug: unit for unit in Unit.objects.all()}
        users = {user.username: user for user in get_user_model().objects.all()}
        partners = _partners(units)
        today = timezone.localdate()
        activities = [
            _activity(spec, units, users, partners, today)
            for spec in ACTIVITIES
            if spec.unit in units
        ]
        bulletins, deliveries = _bulletins(units, users, today)
        counts = {
            "joint_activities": len(activities),
            "bulletins": bulletins,
            "bulletin_deliveries": deliveries,
        }
        SystemFlag.objects.create(key=PARTNERSHIP_FLAG, value="1")
        audit_log(
            actor=None,
            action="network.partnership.demo.load",
            unit=units.get("hq"),
            summary="، ".join(f"{key}: +{count}" for key, count in counts.items()),
            changes={key: [0, count] for key, count in counts.items()},
        )
    if stdout is not None:
        stdout.write(
            f"  فعالیت‌های مشترک و خبرنامه / joint activities and bulletins: "
            f"+{counts['joint_activities']} activities, +{counts['bulletins']} bulletins\n"
        )
    return counts


def _partners(units: dict[str, Unit]) -> dict[str, Partner]:
    found = {partner.name: partner for partner in Partner.objects.all()}
    for spec in PARTNERS:
        if spec.name in found or spec.owner not in units:
            continue
        partner = Partner.objects.create(
            name=spec.name,
            name_en=spec.name_en,
            kind=spec.kind,
            owner_unit=units[spec.owner],
            country=spec.country,
            website=spec.website,
            description=spec.description,
        )
        partner.domains.set(Domain.objects.filter(code__in=spec.domains))
        found[spec.name] = partner
    return found


def _recent_stories(unit_ids: list[int], count: int, before: date) -> list[Story]:
    """Published stories of the units (in that order of preference): the newest up to a week
    after the activity, so it links what was written about it; failing that, the newest."""
    latest = timezone.make_aware(datetime.combine(before + timedelta(days=7), time.min))
    public = Story.objects.filter(status__in=PUBLIC_STATUSES).order_by("-published_at")
    for stories in (public.filter(published_at__lte=latest), public):
        chosen: list[Story] = []
        for unit_id in unit_ids:
            for story in stories.filter(unit_id=unit_id)[:count]:
                if len(chosen) < count and story not in chosen:
                    chosen.append(story)
        if chosen:
            return chosen
    return []


def _activity(
    spec: ActivitySpec,
    units: dict[str, Unit],
    users: dict[str, Any],
    partners: dict[str, Partner],
    today: date,
) -> JointActivity:
    occurred_on = today - timedelta(days=spec.days_ago)
    created = timezone.now() - timedelta(days=max(spec.days_ago - 1, 0))
    unit = units[spec.unit]
    others = [units[slug] for slug in spec.others if slug in units]
    activity = JointActivity.objects.create(
        unit=unit,
        title=spec.title,
        occurred_on=occurred_on,
        place=spec.place,
        domain_id=spec.domain,
        description=spec.description,
        outcome=spec.outcome,
        created_by=users.get(spec.author),
        created_at=created,
        updated_at=created,
    )
    activity.partners.set([partners[name] for name in spec.partners if name in partners])
    activity.other_units.set(others)
    activity.stories.set(
        _recent_stories([unit.pk, *(o.pk for o in others)], spec.stories, occurred_on)
    )
    return activity


def _bulletins(units: dict[str, Unit], users: dict[str, Any], today: date) -> tuple[int, int]:
    if "hq-pr" not in units:
        return 0, 0
    now = timezone.now()
    # One story each from five units: the network's week in one e-mail, issued three days ago
    # (or right after its newest story, on a database whose stories are all recent).
    stories: list[Story] = []
    seen_units: set[int] = set()
    public = Story.objects.filter(status__in=PUBLIC_STATUSES, language=Story.Language.FA)
    if public.filter(published_at__lte=now - timedelta(days=3)).count() >= 5:
        public = public.filter(published_at__lte=now - timedelta(days=3))
    for story in public.order_by("-published_at")[:200]:
        if story.unit_id not in seen_units:
            seen_units.add(story.unit_id)
            stories.append(story)
        if len(stories) == 5:
            break
    if not stories:
        return 0, 0
    newest = max(story.published_at or now for story in stories)
    issued_at = min(max(now - timedelta(days=3), newest + timedelta(hours=1)), now)
    issued = Bulletin.objects.create(
        unit=units["hq-pr"],
        title="خبرنامه داخلی شبکه روابط عمومی — هفته‌ای که گذشت",
        intro=(
            "همکاران گرامی، سلام. در این شماره، پنج خبر برگزیده شبکه را از استان‌ها و ستاد "
            "می‌خوانید؛ خبرهایی که روایت توانمندی را درست گفته‌اند."
        ),
        status=Bulletin.Status.ISSUED,
        to_everyone=True,
        created_by=users.get("hq.editor"),
        created_at=issued_at - timedelta(hours=3),
        updated_at=issued_at,
        issued_at=issued_at,
        issued_by=users.get("hq.editor"),
        version=2,
    )
    BulletinItem.objects.bulk_create(
        BulletinItem(bulletin=issued, story=story, position=index, note=note)
        for index, (story, note) in enumerate(zip(stories, BULLETIN_NOTES, strict=False), 1)
    )
    recipients = get_user_model().objects.filter(pk__in=bulletin_recipient_ids(issued))
    rows = BulletinDelivery.objects.bulk_create(
        BulletinDelivery(
            bulletin=issued,
            user_id=pk,
            email=email,
            created_at=issued_at,
            claimed_at=issued_at,
            sent_at=issued_at + timedelta(minutes=2),
            attempts=1,
        )
        for pk, email in recipients.exclude(email="").values_list("pk", "email")
    )
    count = 1
    if "tehran" in units:
        draft = Bulletin.objects.create(
            unit=units["tehran"],
            title="خبرنامه داخلی بهزیستی استان تهران",
            intro="گزیده خبرهای استان برای همکاران ستاد استان و شهرستان‌ها.",
            created_by=users.get("tehran.editor"),
            created_at=now - timedelta(hours=5),
            updated_at=now - timedelta(hours=5),
        )
        draft.audience_units.set([units["tehran"]])
        tehran_line = Story.objects.filter(
            unit__in=[units["tehran"], *Unit.objects.filter(parent=units["tehran"])],
            status__in=PUBLIC_STATUSES,
        ).order_by("-published_at")[:3]
        BulletinItem.objects.bulk_create(
            BulletinItem(bulletin=draft, story=story, position=index)
            for index, story in enumerate(tehran_line, 1)
        )
        count += 1
    return count, len(rows)
