"""The demo's strategic media document and eight plans with their media attachments.

``hamafza demo`` calls ``demo_load`` after the org demo (``PlansConfig.demo_loader``); the
stories are written later by the newsroom demo, and ``insights``' demo (above both) links
some of them to the running plans' activities so their output indicators have counts.

Like the other demos it writes rows directly in one transaction, records one audit row
(``plans.demo.load``, actor None) and is idempotent: ``SystemFlag demo_plans`` marks the load
and a second run adds nothing, so what people changed in the demo survives. It refuses to run
on a database the org demo has not marked as a demo.

Dates are relative to the day of the load (activities due last week are overdue, the running
plans run now), everything else is fixed: the same day gives the same rows. The plans are
chosen so every state of the workflow has one, and so the oversight has something to show:

* Tehran runs a complete, approved plan whose activities serve demo stories;
* HQ's addiction-prevention office runs a national campaign, one of its activities overdue;
* Isfahan's plan is approved and about to start; Khorasan's waits for PR approval;
* Fars's plan is blocked: its attachment has no indicators, risks or spokesperson yet;
* Shemiranat proposed a plan with an empty attachment; Yazd's is closed, Alborz's cancelled.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from persiantools.jdatetime import JalaliDate

from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.common.persian import to_persian_digits
from hamafza.org.demo import Writer
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Domain, Unit
from hamafza.plans.models import (
    Activity,
    AttachmentMessage,
    IndicatorResult,
    MediaAttachment,
    Objective,
    Plan,
    PlanIndicator,
    Risk,
    Segment,
    Spokesperson,
)
from hamafza.strategy.models import (
    Audience,
    Goal,
    Indicator,
    IndicatorPeriod,
    KeyMessage,
    StrategyDocument,
)

PLANS_FLAG = "demo_plans"
COUNT_NAMES = ("goals", "messages", "indicators", "plans", "activities")

S = Plan.Status
A = Activity.Status
L = PlanIndicator.Level
SRC = PlanIndicator.Source

# Goals with their key messages; indices (goal, message) are used by the plans below.
GOALS: list[tuple[str, str, list[str]]] = [
    ("معرفی توانمندی‌های جامعه هدف", "روایت توانمندی افراد دارای معلولیت و مددجویان، نه ترحم.",
     ["توانمندی، نه ترحم", "اشتغال افراد دارای معلولیت سود همه جامعه است",
      "دسترس‌پذیری حق است، نه لطف"]),
    ("پیشگیری از آسیب‌های اجتماعی", "آگاهی‌بخشی پیش از بحران، در خانواده و مدرسه.",
     ["پیشگیری ارزان‌تر از درمان است", "اورژانس اجتماعی ۱۲۳ شبانه‌روزی پاسخ می‌دهد",
      "اعتیاد بیماری است و درمان دارد"]),
    ("اعتماد عمومی و پاسخ‌گویی", "خدمات شفاف، در دسترس و پاسخ‌گو.",
     ["خدمات بهزیستی شفاف و در دسترس است", "صدای مردم شنیده می‌شود"]),
    ("مشارکت خیرین و نهادهای مردمی", "هم‌افزایی با خیرین، سمن‌ها و رسانه‌ها.",
     ["هر کمک کوچک، زندگی بزرگی می‌سازد", "سمن‌ها شریک خدمت‌رسانی‌اند"]),
    ("دیپلماسی علمی و عمومی", "تبادل دانش توانبخشی با کشورهای همسو و معرفی دستاوردها.",
     ["دستاوردهای توانبخشی ایران صادرشدنی است", "دانش روز را می‌آموزیم و به اشتراک می‌گذاریم"]),
]  # fmt: skip

AUDIENCES = [
    ("خانواده‌های مددجویان", "خانواده‌های تحت پوشش و افراد دارای معلولیت"),
    ("کارفرمایان و بخش خصوصی", "صاحبان کسب‌وکار، اتاق‌های بازرگانی و تعاون"),
    ("رسانه‌ها و خبرنگاران", "خبرگزاری‌ها، روزنامه‌ها، صداوسیمای استان‌ها"),
    ("نوجوانان و جوانان", "دانش‌آموزان و دانشجویان"),
    ("خیرین و سمن‌ها", "نیکوکاران، سازمان‌های مردم‌نهاد و مؤسسات خیریه"),
]

# Strategy indicators: (goal index, name, measure, yearly baseline, yearly target).
INDICATORS = [
    (0, "خبرهای منتشرشده درباره توانمندی جامعه هدف", "خبر", 120, 300),
    (0, "افراد دارای معلولیت به‌کارگرفته‌شده از راه معرفی رسانه‌ای", "نفر", 40, 150),
    (1, "آگاهی از شماره اورژانس اجتماعی ۱۲۳", "درصد پاسخ‌گویان", 35, 60),
    (2, "رضایت از پاسخ‌گویی روابط عمومی‌ها", "درصد", 55, 75),
    (3, "سمن‌های همکار در کارزارها", "سمن", 30, 80),
    (4, "همکاری‌های علمی بین‌المللی معرفی‌شده", "مورد", 2, 8),
]


@dataclass(frozen=True)
class ActivitySpec:
    title: str
    channel: str
    day: int  # days from the load
    status: str = A.PLANNED
    message: tuple[int, int] | None = None
    unit: str = ""  # empty: the plan's unit
    owner: str = ""


@dataclass(frozen=True)
class PlanSpec:
    unit: str
    author: str
    title: str
    description: str
    status: str
    starts: int  # days from the load
    ends: int
    # "approved": complete and PR-approved; "complete": complete, not approved yet;
    # "partial": blocked (no indicators, risks or spokesperson); "empty": nothing filled in.
    attachment: str
    goals: tuple[int, ...] = ()
    messages: tuple[tuple[int, int], ...] = ()
    domains: tuple[str, ...] = ("extra_agency",)
    activities: tuple[ActivitySpec, ...] = ()
    # Manual indicator results as (level, value); outputs count linked stories.
    results: tuple[tuple[str, int], ...] = ()
    approver: str = ""


PLANS = [
    PlanSpec("tehran", "tehran.editor", "طرح ملی اشتغال افراد دارای معلولیت در استان تهران",
             "معرفی کارجویان دارای معلولیت به کارفرمایان و روایت تجربه‌های موفق اشتغال.",
             S.RUNNING, -60, 120, "approved", goals=(0,), messages=((0, 0), (0, 1)),
             domains=("extra_agency", "inter_agency"),
             activities=(
                 ActivitySpec("نشست خبری آغاز طرح با کارفرمایان", "event", -50, A.DONE, (0, 1)),
                 ActivitySpec("گزارش‌های میدانی «کار من»", "website", -20, A.DONE, (0, 0),
                              owner="tehran.reporter"),
                 ActivitySpec("روایت تصویری در شبکه‌های اجتماعی", "social", -5, A.IN_PROGRESS,
                              (0, 0), owner="tehran.photo"),
                 ActivitySpec("گفت‌وگوی رادیویی با کارآفرین نمونه", "radio", -3, A.PLANNED, (0, 1),
                              unit="shemiranat", owner="shemiranat.reporter"),
                 ActivitySpec("نمایشگاه توانمندی‌ها در بوستان", "exhibition", 25, A.PLANNED,
                              (0, 0)),
             ),
             results=((L.OUTTAKE, 18), (L.OUTCOME, 12)), approver="tehran.head"),
    PlanSpec("hq-prevention", "prevention.reporter", "کارزار ملی پیشگیری از اعتیاد در خانواده",
             "آموزش مهارت‌های زندگی به والدین و معرفی خدمات درمان.",
             S.RUNNING, -40, 80, "approved", goals=(1,), messages=((1, 0), (1, 2)),
             domains=("extra_agency", "pr_network"),
             activities=(
                 ActivitySpec("انتشار اینفوگرافیک «نشانه‌های خطر»", "social", -30, A.DONE, (1, 2),
                              unit="hq-pr", owner="hq.design"),
                 ActivitySpec("ویژه‌برنامه تلویزیونی با مشاوران", "tv", -7, A.PLANNED, (1, 0)),
                 ActivitySpec("پیامک آگاهی‌بخشی به خانواده‌ها", "sms", 10, A.PLANNED, (1, 0)),
             ),
             results=((L.OUTTAKE, 20), (L.OUTCOME, 3)), approver="hq.head"),
    PlanSpec("isfahan", "isfahan.editor", "طرح معرفی خدمات اورژانس اجتماعی ۱۲۳ در اصفهان",
             "آشنایی خانواده‌ها و مدرسه‌ها با اورژانس اجتماعی.",
             S.APPROVED, 7, 150, "approved", goals=(1, 2), messages=((1, 1), (2, 0)),
             activities=(
                 ActivitySpec("کارگاه آموزشی برای خبرنگاران", "face_to_face", 12, A.PLANNED,
                              (1, 1)),
                 ActivitySpec("پوستر در مدرسه‌ها", "print", 20, A.PLANNED, (1, 1)),
             ), approver="isfahan.head"),
    PlanSpec("khorasan-razavi", "khorasan.editor", "طرح همراهی خیرین با مسکن مددجویان",
             "جلب مشارکت خیرین برای ساخت مسکن خانواده‌های دارای دو عضو معلول.",
             S.ATTACHMENT_REVIEW, 15, 200, "complete", goals=(3,), messages=((3, 0), (3, 1)),
             domains=("extra_agency", "inter_agency"),
             activities=(
                 ActivitySpec("همایش خیرین مسکن‌ساز", "event", 30, A.PLANNED, (3, 0)),
             )),
    PlanSpec("fars", "fars.editor", "طرح آگاهی‌بخشی درباره غربالگری شنوایی نوزادان",
             "اطلاع‌رسانی به خانواده‌ها درباره غربالگری رایگان شنوایی.",
             S.PROPOSED, 20, 180, "partial", goals=(1,), messages=((1, 0),),
             activities=(
                 ActivitySpec("گزارش از مراکز غربالگری", "website", 35, A.PLANNED, (1, 0)),
             )),
    PlanSpec("shemiranat", "shemiranat.reporter", "طرح معرفی مراکز روزانه توانبخشی شمیرانات",
             "", S.PROPOSED, 30, 120, "empty"),
    PlanSpec("yazd", "yazd.head", "طرح هفته ملی سالمند یزد",
             "روایت زندگی فعال سالمندان در مراکز روزانه.",
             S.CLOSED, -200, -100, "approved", goals=(0,), messages=((0, 2),),
             activities=(
                 ActivitySpec("مستند کوتاه «هنوز جوانیم»", "tv", -150, A.DONE, (0, 2)),
             ),
             results=((L.OUTTAKE, 9), (L.OUTCOME, 7)), approver="yazd.head"),
    PlanSpec("alborz", "alborz.head", "طرح جشنواره رسانه‌ای توانمندی البرز",
             "جشنواره استانی آثار رسانه‌ای درباره توانمندی.",
             S.CANCELLED, -90, 30, "partial", goals=(0,), messages=((0, 0),)),
]  # fmt: skip


@dataclass
class _Context:
    today: date
    units: dict[str, Unit]
    users: dict[str, Any]
    goals: list[Goal] = field(default_factory=list)
    messages: list[list[KeyMessage]] = field(default_factory=list)
    audiences: list[Audience] = field(default_factory=list)


def demo_load(*, stdout: Writer | None = None) -> dict[str, int]:
    """Load the demo strategy and plans once; return the counts (zeros the second time)."""
    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "طرح‌های نمایشی فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شوند؛ نخست "
                "«hamafza demo» را اجرا کنید.\n"
                "Demo plans are loaded only into the demo database; run `hamafza demo`."
            )
        if SystemFlag.objects.filter(key=PLANS_FLAG).exists():
            return dict.fromkeys(COUNT_NAMES, 0)
        slugs = {p.unit for p in PLANS} | {a.unit for p in PLANS for a in p.activities} | {"hq"}
        units = {u.slug: u for u in Unit.objects.filter(slug__in=slugs - {""})}
        missing = slugs - {""} - set(units)
        if missing:
            raise CommandError(f"demo units are missing: {sorted(missing)}")
        names = (
            {p.author for p in PLANS}
            | {p.approver for p in PLANS}
            | {a.owner for p in PLANS for a in p.activities}
            | {"hq.editor", "hq.head"}
        ) - {""}
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        context = _Context(today=timezone.localdate(), units=units, users=users)
        counts = _strategy(context)
        counts |= _plans(context)
        SystemFlag.objects.create(key=PLANS_FLAG, value="1")
        audit_log(
            actor=None,
            action="plans.demo.load",
            unit=units["hq"],
            summary="، ".join(f"{key}: +{count}" for key, count in counts.items()),
            changes={key: [0, count] for key, count in counts.items()},
        )
    if stdout is not None:
        stdout.write(f"  سند راهبردی و طرح‌ها / strategy and plans: +{counts['plans']} plans\n")
    return counts


def _strategy(context: _Context) -> dict[str, int]:
    now = timezone.now()
    year = JalaliDate(context.today).year
    document = StrategyDocument.objects.create(
        title=to_persian_digits(f"سند راهبردی رسانه‌ای سازمان بهزیستی کشور {year}"),
        summary=(
            "یک راهبرد برای همه شبکه روابط عمومی‌ها: روایت توانمندی جامعه هدف، پیشگیری پیش از "
            "آسیب، اعتماد عمومی و هم‌افزایی با نهادهای همکار در چهار حوزه."
        ),
        status=StrategyDocument.Status.ACTIVE,
        created_by=context.users.get("hq.editor"),
        created_at=now,
        updated_at=now,
        activated_at=now,
    )
    for position, (title, description, texts) in enumerate(GOALS):
        goal = Goal.objects.create(
            document=document, title=title, description=description, position=position
        )
        context.goals.append(goal)
        context.messages.append(
            KeyMessage.objects.bulk_create(
                KeyMessage(goal=goal, text=text, position=i) for i, text in enumerate(texts)
            )
        )
    context.audiences = Audience.objects.bulk_create(
        Audience(document=document, name=name, description=description, position=i)
        for i, (name, description) in enumerate(AUDIENCES)
    )
    periods = []
    for position, (goal_index, name, measure, baseline, target) in enumerate(INDICATORS):
        indicator = Indicator.objects.create(
            document=document,
            goal=context.goals[goal_index],
            name=name,
            measure=measure,
            position=position,
        )
        periods.append(
            IndicatorPeriod(
                indicator=indicator, year=year, baseline=Decimal(baseline), target=Decimal(target)
            )
        )
        # The year's target spread over its seasons, growing from the baseline.
        step = Decimal(target - baseline) / 4
        periods += [
            IndicatorPeriod(
                indicator=indicator,
                year=year,
                quarter=quarter,
                baseline=Decimal(baseline) + step * (quarter - 1),
                target=Decimal(baseline) + step * quarter,
            )
            for quarter in range(1, 5)
        ]
    IndicatorPeriod.objects.bulk_create(periods)
    return {
        "goals": len(context.goals),
        "messages": sum(len(m) for m in context.messages),
        "indicators": len(INDICATORS),
    }


def _plans(context: _Context) -> dict[str, int]:
    activities = 0
    now = timezone.now()
    for spec in PLANS:
        day = context.today
        plan = Plan.objects.create(
            unit=context.units[spec.unit],
            title=spec.title,
            description=spec.description,
            starts_on=day + timedelta(days=spec.starts),
            ends_on=day + timedelta(days=spec.ends),
            status=spec.status,
            created_by=context.users[spec.author],
            created_at=now,
            updated_at=now,
        )
        plan.domains.set(Domain.objects.filter(code__in=spec.domains))
        attachment = MediaAttachment.objects.create(plan=plan, updated_at=now)
        for position, a in enumerate(spec.activities):
            Activity.objects.create(
                plan=plan,
                title=a.title,
                channel=a.channel,
                date=day + timedelta(days=a.day),
                unit=context.units[a.unit or spec.unit],
                owner=context.users.get(a.owner) if a.owner else None,
                domain_id=spec.domains[0],
                key_message=context.messages[a.message[0]][a.message[1]] if a.message else None,
                status=a.status,
                created_at=now - timedelta(minutes=position),
                updated_at=now,
            )
            activities += 1
        if spec.attachment != "empty":
            _fill(context, spec, plan, attachment)
    return {"plans": len(PLANS), "activities": activities}


def _fill(context: _Context, spec: PlanSpec, plan: Plan, attachment: MediaAttachment) -> None:
    """The attachment's parts; "partial" leaves out what keeps Fars's plan blocked."""
    day = context.today
    complete = spec.attachment in {"approved", "complete"}
    attachment.idea = (
        "روایت‌های کوتاه و واقعی از زبان خود مخاطبان، با کمترین هزینه و بیشترین همکاری "
        "رسانه‌های محلی."
    )
    attachment.channels = sorted({a.channel for a in spec.activities} or {"website"})
    attachment.consent_and_dignity = (
        "رضایت‌نامه آگاهانه کتبی پیش از هر عکس و گفت‌وگو؛ بدون نمایش چهره کودکان و بدون "
        "روایت ترحم‌برانگیز."
    )
    attachment.people = "یک کارشناس روابط عمومی، یک عکاس و همکاری داوطلبانه خبرنگاران"
    attachment.budget = Decimal(150_000_000) if complete else None
    Objective.objects.bulk_create(
        Objective(
            attachment=attachment,
            position=i,
            text=f"پیشبرد «{context.goals[goal].title}» در قلمرو طرح",
            goal=context.goals[goal],
            measure="شمار خبرهای منتشرشده" if complete else "",
            target="۲۰ خبر" if complete else "",
            deadline=plan.ends_on if complete else None,
        )
        for i, goal in enumerate(spec.goals)
    )
    Segment.objects.bulk_create(
        Segment(
            attachment=attachment,
            position=i,
            name=audience.name,
            audience=audience,
            insight="بیشتر از راه پیام‌رسان‌ها و رسانه‌های محلی خبر می‌گیرند.",
            think="این خدمت برای من است",
            feel="اطمینان و احترام",
            do="تماس بگیرند و مشارکت کنند",
        )
        for i, audience in enumerate(context.audiences[:2])
    )
    AttachmentMessage.objects.bulk_create(
        AttachmentMessage(attachment=attachment, position=i, key_message=context.messages[g][m])
        for i, (g, m) in enumerate(spec.messages)
    )
    if complete:
        Spokesperson.objects.create(
            attachment=attachment, name="مدیر روابط عمومی", title="سخنگوی طرح", topics="کل طرح"
        )
        Risk.objects.create(
            attachment=attachment,
            kind=Risk.Kind.DIGNITY,
            description="انتشار تصویر مددجو بدون رضایت",
            mitigation="بازبینی دبیر پیش از انتشار و رضایت‌نامه کتبی",
        )
        indicators = PlanIndicator.objects.bulk_create(
            [
                PlanIndicator(attachment=attachment, position=0, level=L.OUTPUT,
                              name="خبرهای منتشرشده طرح", source=SRC.PUBLISHED_STORIES,
                              baseline=Decimal(0), target=Decimal(10)),
                PlanIndicator(attachment=attachment, position=1, level=L.OUTTAKE,
                              name="درصد آشنایی مخاطبان با پیام", source=SRC.MANUAL,
                              baseline=Decimal(10), target=Decimal(40)),
                PlanIndicator(attachment=attachment, position=2, level=L.OUTCOME,
                              name="مراجعه یا مشارکت پس از شنیدن پیام", source=SRC.MANUAL,
                              baseline=Decimal(0), target=Decimal(25)),
                # Out-takes measured from the portal (reads, approved comments of the stories
                # linked to the plan's activities).
                PlanIndicator(attachment=attachment, position=3, level=L.OUTTAKE,
                              name="بازدید عمومی خبرهای طرح", source=SRC.READS,
                              baseline=Decimal(0), target=Decimal(500)),
                PlanIndicator(attachment=attachment, position=4, level=L.OUTTAKE,
                              name="نظرهای تأییدشده مردم", source=SRC.APPROVED_COMMENTS,
                              baseline=Decimal(0), target=Decimal(10)),
            ]
        )  # fmt: skip
        # Results are entered for the manual indicators only (one per level here).
        by_level = {i.level: i for i in indicators if i.source == SRC.MANUAL}
        IndicatorResult.objects.bulk_create(
            IndicatorResult(
                indicator=by_level[level],
                value=Decimal(value),
                evidence="نظرسنجی تلفنی از ۲۰۰ نفر از مخاطبان طرح",
                measured_on=day - timedelta(days=2),
                recorded_by=context.users[spec.author],
            )
            for level, value in spec.results
        )
    if spec.attachment == "approved":
        attachment.approved_version = attachment.version
        attachment.approved_by = context.users[spec.approver]
        attachment.approved_at = timezone.now()
    attachment.save()
