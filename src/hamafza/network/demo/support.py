# ruff: noqa: E501 (the demo's Persian texts read best one request per block)
"""The demo's support requests: units asking the network for a photographer, a video crew, a
designer, a translator or a sign-language interpreter — five completed (their helpers credited
on the requesting unit's published stories), the others open or in progress with offers
ranked nearest first, some accepted, some declined with a reason.

Rows are written directly in one transaction with one audit row (``network.support.demo.load``,
actor None); ``SystemFlag demo_network_support`` makes the load idempotent, so what people
changed in the demo survives a second run. Dates are relative to the day of the load.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.network.selectors.support import proximity, support_candidates
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Membership, Skill, Unit
from hamafza.org.permissions import UnitTree

SUPPORT_FLAG = "demo_network_support"
COUNT_NAMES = ("support_requests", "support_offers", "support_credits")

S = SupportRequest.Status
O = SupportOffer.Status  # noqa: E741


@dataclass(frozen=True)
class Helper:
    username: str
    status: str
    reason: str = ""


@dataclass(frozen=True)
class RequestSpec:
    unit: str
    asker: str
    skill: str
    title: str
    place: str
    description: str
    days: int  # from today: negative in the past
    status: str
    helpers: tuple[Helper, ...] = ()
    people: int = 1
    hours: int = 3
    # Open requests are also offered to the nearest practitioners not named in ``helpers``.
    offer_nearest: int = 0


RECENT_DAYS = -14

# fmt: off
REQUESTS = [
    RequestSpec("kashan", "kashan.reporter", "photo", "عکاس برای افتتاح مرکز توانبخشی روزانه کاشان",
                "کاشان، خیابان امیرکبیر، مرکز توانبخشی روزانه",
                "مراسم افتتاح با حضور فرماندار؛ عکس‌های باکیفیت از فضای مرکز و مددجویان با رضایت خانواده‌ها.",
                -20, S.COMPLETED,
                (Helper("isfahan.reporter", O.DONE),
                 Helper("najafabad.reporter", O.DECLINED, "همان روز پوشش جشنواره نجف‌آباد را دارم."))),
    RequestSpec("neyshabur", "neyshabur.reporter", "design", "طراحی پوستر و اینفوگرافیک هفته بهزیستی",
                "دورکاری", "پوستر و یک اینفوگرافیک از خدمات شهرستان برای انتشار در فضای مجازی.",
                -12, S.COMPLETED, (Helper("hq.design", O.DONE),)),
    RequestSpec("shemiranat", "shemiranat.reporter", "video", "فیلم‌برداری از جشنواره توانمندی‌های معلولان",
                "فرهنگسرای نیاوران", "یک فیلم کوتاه سه‌دقیقه‌ای و چند برش برای شبکه‌های اجتماعی.",
                -35, S.COMPLETED,
                (Helper("tehran.photo", O.DONE), Helper("hq.photo", O.WITHDRAWN))),
    RequestSpec("khuzestan", "khuzestan.head", "translation", "ترجمه عربی گزارش همایش سالمندی",
                "دورکاری", "ترجمه گزارش و گفت‌وگو برای پایگاه عربی.",
                -50, S.COMPLETED,
                (Helper("intl.editor", O.DONE),
                 Helper("east-azerbaijan.editor", O.DECLINED, "عربی نمی‌دانم؛ ترکی بله."))),
    RequestSpec("isfahan", "isfahan.editor", "video", "گزارش ویدئویی از اردوی کودکان کم‌شنوا",
                "اردوگاه شهید بهشتی اصفهان", "فیلم‌برداری و تدوین گزارش دو دقیقه‌ای.",
                -8, S.COMPLETED, (Helper("najafabad.reporter", O.DONE),)),
    RequestSpec("fars", "fars.editor", "photo", "عکاس برای مراسم روز جهانی معلولان در شیراز",
                "شیراز، سالن همایش‌های استانداری", "دو عکاس برای پوشش مراسم و نمایشگاه جانبی.",
                4, S.OPEN, (Helper("kurdistan.reporter", O.ACCEPTED),), people=2, offer_nearest=3),
    RequestSpec("tehran", "tehran.editor", "video", "فیلم‌برداری نشست خبری مدیرکل با اصحاب رسانه",
                "ساختمان بهزیستی استان تهران، سالن شهید بهشتی", "ضبط کامل نشست و تهیه خلاصه.",
                2, S.IN_PROGRESS,
                (Helper("tehran.photo", O.CONFIRMED),
                 Helper("neyshabur.reporter", O.DECLINED, "فاصله زیاد است."))),
    RequestSpec("mashhad", "khorasan.editor", "sign_language", "مترجم زبان اشاره برای نشست خبری روز ناشنوایان",
                "مشهد، مرکز توانبخشی ناشنوایان", "ترجمه همزمان نشست برای خبرنگاران و مهمانان ناشنوا.",
                6, S.OPEN, (Helper("mashhad.center", O.OFFERED),)),
    RequestSpec("kermanshah", "kermanshah.reporter", "design", "طراحی بنر پویش پیشگیری از کودک‌آزاری",
                "دورکاری", "بنر برای نصب در مراکز مشاوره و نسخه مناسب شبکه‌های اجتماعی.",
                9, S.OPEN,
                (Helper("hq.design", O.DECLINED, "این هفته کارزار ملی را طراحی می‌کنم."),),
                offer_nearest=2),
]
# fmt: on


@dataclass
class _Context:
    now: datetime
    tree: UnitTree
    units: dict[str, Unit]
    users: dict[str, Any]
    skills: dict[str, Skill]
    units_of: dict[int, list[int]]


def load(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Load the demo support requests once; return the counts (zeros the second time)."""
    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "درخواست‌های پشتیبانی نمایشی فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شوند.\n"
                "Demo support requests are loaded only into the demo database; run `hamafza demo`."
            )
        if SystemFlag.objects.filter(key=SUPPORT_FLAG).exists():
            return dict.fromkeys(COUNT_NAMES, 0)
        context = _context()
        counts = dict.fromkeys(COUNT_NAMES, 0)
        for spec in REQUESTS:
            made = _request(context, spec)
            for key, value in made.items():
                counts[key] += value
        SystemFlag.objects.create(key=SUPPORT_FLAG, value="1")
        audit_log(
            actor=None,
            action="network.support.demo.load",
            unit=context.units.get("hq") or Unit.objects.filter(parent=None).first(),
            summary="، ".join(f"{key}: +{count}" for key, count in counts.items()),
            changes={key: [0, count] for key, count in counts.items()},
        )
    if stdout is not None:
        stdout.write(f"  درخواست‌های پشتیبانی / support requests: +{counts['support_requests']}\n")
    return counts


def _context() -> _Context:
    slugs = {spec.unit for spec in REQUESTS} | {"hq"}
    units = {unit.slug: unit for unit in Unit.objects.filter(slug__in=slugs)}
    missing = slugs - set(units)
    if missing:
        raise CommandError(f"demo units are missing: {sorted(missing)}")
    names = {spec.asker for spec in REQUESTS} | {
        helper.username for spec in REQUESTS for helper in spec.helpers
    }
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    units_of: dict[int, list[int]] = {}
    for user_id, unit_id in Membership.objects.filter(user__in=users.values()).values_list(
        "user_id", "unit_id"
    ):
        units_of.setdefault(user_id, []).append(unit_id)
    return _Context(
        now=timezone.now(),
        tree=UnitTree.load(),
        units=units,
        users=users,
        skills={skill.code: skill for skill in Skill.objects.all()},
        units_of=units_of,
    )


def _completed_at(context: _Context, spec: RequestSpec, starts_at: datetime) -> datetime:
    """Help given in the last two weeks was confirmed today, once its stories were out (so the
    network view's "this month" shows who helped whom on whatever day the demo is loaded);
    older help was confirmed when the work ended."""
    if spec.days >= RECENT_DAYS:
        return context.now - timedelta(hours=3)
    return starts_at + timedelta(hours=spec.hours)


def _request(context: _Context, spec: RequestSpec) -> dict[str, int]:
    unit = context.units[spec.unit]
    asker = context.users.get(spec.asker)
    starts_at = (context.now + timedelta(days=spec.days)).replace(
        hour=6, minute=30, second=0, microsecond=0
    )
    created_at = starts_at - timedelta(days=6)
    completed = spec.status == S.COMPLETED
    request = SupportRequest.objects.create(
        unit=unit,
        skill=context.skills[spec.skill],
        title=spec.title,
        description=spec.description,
        place=spec.place,
        starts_at=starts_at,
        hours=spec.hours,
        people_needed=spec.people,
        status=spec.status,
        created_by=asker,
        created_at=min(created_at, context.now),
        updated_at=context.now,
        completed_at=_completed_at(context, spec, starts_at) if completed else None,
        closing_note="با سپاس از همکاران یاری‌رسان." if completed else "",
    )
    offers = 0
    offered_at = min(created_at + timedelta(minutes=5), context.now)
    for helper in spec.helpers:
        user = context.users.get(helper.username)
        if user is None or not user.is_active:
            continue
        tier, distance, unit_id = min(
            (*proximity(context.tree, unit.pk, held), held)
            for held in context.units_of.get(user.pk, [unit.pk])
        )
        answered = helper.status != O.OFFERED
        SupportOffer.objects.create(
            request=request,
            user=user,
            unit_id=unit_id,
            tier=tier,
            distance=distance,
            status=helper.status,
            reason=helper.reason,
            offered_by=asker,
            offered_at=offered_at,
            responded_at=offered_at + timedelta(hours=3) if answered else None,
            confirmed_at=(
                offered_at + timedelta(hours=5) if helper.status in {O.CONFIRMED, O.DONE} else None
            ),
        )
        offers += 1
    if spec.offer_nearest:
        for candidate in support_candidates(request)[: spec.offer_nearest]:
            SupportOffer.objects.create(
                request=request,
                user=candidate.user,
                unit=candidate.unit,
                tier=candidate.tier,
                distance=candidate.distance,
                offered_by=asker,
                offered_at=offered_at,
            )
            offers += 1
    credits = 0
    if completed:
        stories = list(
            Story.objects.filter(unit=unit, status__in=PUBLIC_STATUSES).order_by(
                "-published_at", "-id"
            )[:2]
        )
        request.stories.set(stories)
        credits = len(stories)
    return {"support_requests": 1, "support_offers": offers, "support_credits": credits}
