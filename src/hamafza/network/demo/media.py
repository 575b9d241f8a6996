"""The demo's media relations: outlets (national agencies, a provincial newspaper, a radio
station, a TV channel, a social channel), journalists kept by HQ's PR office and some provinces
and counties, interactions tied to the demo's published stories, and press enquiries that are
open, answered, declined and overdue.

Written through ``network.services.media`` as the system (so the rows are what the desk would
have made, owners notified), once: ``SystemFlag demo_network_media`` marks the load and a
second run adds nothing. People, phone numbers and addresses are invented. Times are relative
to the load, so the overdue enquiry is overdue on the day the demo is loaded.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TextIO

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from hamafza.common.actors import SYSTEM
from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.network.models.media import MediaContact, MediaOutlet, PressEnquiry
from hamafza.network.permissions.media import enquiry_owner_candidates
from hamafza.network.services import media as services
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Unit

MEDIA_FLAG = "demo_network_media"
COUNT_NAMES = ("media_outlets", "media_contacts", "media_interactions", "press_enquiries")

K = MediaOutlet.Kind

# key, name, kind, region slug ("" national), website
OUTLETS = [
    ("irna", "خبرگزاری جمهوری اسلامی (ایرنا)", K.NEWS_AGENCY, "", "https://www.irna.ir"),
    ("isna", "خبرگزاری دانشجویان ایران (ایسنا)", K.NEWS_AGENCY, "", "https://www.isna.ir"),
    ("hamshahri", "روزنامه همشهری", K.NEWSPAPER, "tehran", "https://www.hamshahrionline.ir"),
    ("isfahan-daily", "روزنامه اصفهان امروز", K.NEWSPAPER, "isfahan", ""),
    ("radio-khorasan", "رادیو خراسان رضوی", K.RADIO, "khorasan-razavi", ""),
    ("tv-tehran", "شبکه تهران سیما", K.TV, "tehran", ""),
    ("channel", "کانال خبری «توان‌یاب» در پیام‌رسان بله", K.SOCIAL, "", ""),
]


@dataclass(frozen=True)
class ContactSpec:
    key: str
    unit: str
    name: str
    role: str
    outlet: str
    beats: tuple[str, ...]
    region: str = ""
    basis: str = MediaContact.Basis.CONSENT


CONTACTS = [
    ContactSpec("c1", "hq-pr", "مهدیه کاظمی", "خبرنگار سرویس اجتماعی", "irna",
                ("social", "disability")),
    ContactSpec("c2", "hq-pr", "بهروز فراهانی", "دبیر سرویس جامعه", "isna",
                ("social", "addiction", "policy")),
    ContactSpec("c3", "hq-pr", "لادن صبوری", "گرداننده کانال", "channel", ("disability", "charity"),
                basis=MediaContact.Basis.PUBLIC_SOURCE),
    ContactSpec("c4", "tehran", "کیوان مشایخی", "خبرنگار حوزه رفاه", "hamshahri",
                ("social", "family"), "tehran"),
    ContactSpec("c5", "tehran", "نازنین پاکزاد", "تهیه‌کننده برنامه «شهر من»", "tv-tehran",
                ("family", "elderly"), "tehran", MediaContact.Basis.PROFESSIONAL),
    ContactSpec("c6", "isfahan", "فرشید نوربخش", "خبرنگار", "isfahan-daily",
                ("disability", "employment", "province"), "isfahan"),
    ContactSpec("c7", "isfahan", "ریحانه سپاهانی", "دبیر صفحه جامعه", "isfahan-daily",
                ("social", "health"), "isfahan"),
    ContactSpec("c8", "khorasan-razavi", "مجتبی توسلی", "گوینده و تهیه‌کننده", "radio-khorasan",
                ("addiction", "province"), "khorasan-razavi"),
]  # fmt: skip

# contact key, kind, days ago, note, use a story of the contact's unit
INTERACTIONS = [
    ("c1", "press_release", 20, "ارسال خبر آغاز هفته توانمندی‌ها", True),
    ("c1", "interview", 12, "هماهنگی گفت‌وگو با معاون توانبخشی", True),
    ("c2", "briefing", 9, "نشست توجیهی درباره طرح پیشگیری از اعتیاد", False),
    ("c3", "pitch", 6, "پیشنهاد روایت یک کارآفرین دارای معلولیت", True),
    ("c4", "press_release", 15, "ارسال گزارش مراکز روزانه سالمندان", True),
    ("c4", "correction", 4, "درخواست اصلاح آمار مستمری در گزارش روزنامه", False),
    ("c5", "invitation", 3, "دعوت به بازدید از مرکز توانبخشی", False),
    ("c6", "interview", 18, "مصاحبه با مدیرکل درباره اشتغال", True),
    ("c7", "press_release", 8, "ارسال خبر طرح غربالگری شنوایی", True),
    ("c8", "interview", 10, "گفت‌وگوی رادیویی درباره اورژانس اجتماعی ۱۲۳", True),
    ("c8", "enquiry", 2, "پرسش تلفنی درباره مراکز ترک اعتیاد", False),
]


@dataclass(frozen=True)
class EnquirySpec:
    unit: str
    contact: str
    subject: str
    hours_ago: int  # received
    hours_to_answer: int  # deadline after receipt
    outcome: str  # "", "start", "answer", "decline"
    details: str = ""


ENQUIRIES = [
    EnquirySpec("hq-pr", "c2", "شمار مراکز ترک اعتیاد دارای مجوز در کشور", 5, 48, "start",
                "آمار به تفکیک استان و نوع مرکز خواسته شده است."),
    EnquirySpec("hq-pr", "c1", "زمان پرداخت افزایش مستمری مددجویان", 120, 24, "answer"),
    EnquirySpec("tehran", "c4", "وضعیت ساخت مرکز روزانه سالمندان منطقه ۱۵", 72, 24, "",
                "خبرنگار پیش از انتشار گزارش، پاسخ رسمی خواسته است."),
    EnquirySpec("tehran", "c5", "حضور کارشناس در برنامه زنده «شهر من»", 30, 96, ""),
    EnquirySpec("isfahan", "c6", "سهم استخدام افراد دارای معلولیت در ادارات استان", 100, 48,
                "answer"),
    EnquirySpec("isfahan", "c7", "نام و نشانی مددجویان یک مرکز", 50, 24, "decline"),
    EnquirySpec("khorasan-razavi", "c8", "ساعت کار اورژانس اجتماعی در ایام تعطیل", 60, 12, ""),
]  # fmt: skip


def load(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Load the demo's media relations once; return the counts (zeros the second time)."""
    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "داده‌های نمایشی رسانه فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شوند.\n"
                "Demo media relations are loaded only into the demo database."
            )
        if SystemFlag.objects.filter(key=MEDIA_FLAG).exists():
            return dict.fromkeys(COUNT_NAMES, 0)
        slugs = {"hq", *(s.unit for s in CONTACTS), *(o[3] for o in OUTLETS if o[3])}
        units = {u.slug: u for u in Unit.objects.filter(slug__in=slugs)}
        missing = slugs - set(units)
        if missing:
            raise CommandError(f"demo units are missing: {sorted(missing)}")
        counts = _load(units)
        SystemFlag.objects.create(key=MEDIA_FLAG, value="1")
        audit_log(
            actor=None,
            action="network.media.demo.load",
            unit=units["hq"],
            summary="، ".join(f"{key}: +{count}" for key, count in counts.items()),
            changes={key: [0, count] for key, count in counts.items()},
        )
    if stdout is not None:
        stdout.write(
            f"  ارتباط با رسانه‌ها / media relations: +{counts['media_contacts']} contacts, "
            f"+{counts['press_enquiries']} enquiries\n"
        )
    return counts


def _stories_of(unit: Unit) -> list[Story]:
    """The unit's published stories (its province's or HQ's when it has none), newest first."""
    stories = list(
        Story.objects.filter(unit=unit, status__in=PUBLIC_STATUSES).order_by("-published_at")[:6]
    )
    if not stories:
        stories = list(
            Story.objects.filter(status__in=PUBLIC_STATUSES).order_by("-published_at")[:6]
        )
    return stories


def _load(units: dict[str, Unit]) -> dict[str, int]:
    now = timezone.now()
    outlets: dict[str, MediaOutlet] = {}
    for key, name, kind, region, website in OUTLETS:
        outlets[key] = services.outlet_create(
            actor=SYSTEM,
            owner_unit=units["hq"],
            name=name,
            kind=kind,
            region=units.get(region) if region else None,
            website=website,
        )
    contacts: dict[str, MediaContact] = {}
    for n, spec in enumerate(CONTACTS, start=1):
        contacts[spec.key] = services.contact_create(
            actor=SYSTEM,
            owner_unit=units[spec.unit],
            name=spec.name,
            role=spec.role,
            outlet=outlets[spec.outlet],
            region=units.get(spec.region) if spec.region else None,
            beats=list(spec.beats),
            phone=f"0912000{n:04d}",
            email=f"journalist{n}@media.example",
            basis=spec.basis,
            basis_note="رضایت شفاهی در نشست خبری سالانه" if spec.basis == "consent" else "",
        )
    used: dict[int, int] = {}
    interactions = 0
    for key, interaction_kind, days_ago, note, with_story in INTERACTIONS:
        contact = contacts[key]
        story = None
        if with_story:
            stories = _stories_of(contact.owner_unit)
            if stories:
                index = used.get(contact.owner_unit_id, 0)
                story = stories[index % len(stories)]
                used[contact.owner_unit_id] = index + 1
        services.interaction_log(
            actor=SYSTEM,
            unit=contact.owner_unit,
            kind=interaction_kind,
            contact=contact,
            story=story,
            occurred_at=now - timedelta(days=days_ago, hours=3),
            note=note,
        )
        interactions += 1
    for enquiry_spec in ENQUIRIES:
        _enquiry(enquiry_spec, units, contacts, now)
    return {
        "media_outlets": len(outlets),
        "media_contacts": len(contacts),
        "media_interactions": interactions,
        "press_enquiries": len(ENQUIRIES),
    }


def _enquiry(
    spec: EnquirySpec, units: dict[str, Unit], contacts: dict[str, MediaContact], now: Any
) -> None:
    unit = units[spec.unit]
    owner: Any = enquiry_owner_candidates(unit.pk).first()
    received = now - timedelta(hours=spec.hours_ago)
    enquiry = services.enquiry_create(
        actor=SYSTEM,
        unit=unit,
        contact=contacts[spec.contact],
        subject=spec.subject,
        details=spec.details,
        received_at=received,
        deadline=received + timedelta(hours=spec.hours_to_answer),
        owner=owner,
    )
    _finish(enquiry, spec, received)


def _finish(enquiry: PressEnquiry, spec: EnquirySpec, received: Any) -> None:
    if spec.outcome == "start":
        services.enquiry_transition(actor=SYSTEM, enquiry=enquiry, name="start")
    elif spec.outcome == "answer":
        services.enquiry_transition(
            actor=SYSTEM,
            enquiry=enquiry,
            name="answer",
            answer="پاسخ مکتوب با آمار رسمی و نام سخنگو برای خبرنگار فرستاده شد.",
        )
        PressEnquiry.objects.filter(pk=enquiry.pk).update(
            answered_at=received + timedelta(hours=max(1, spec.hours_to_answer // 2))
        )
    elif spec.outcome == "decline":
        services.enquiry_transition(
            actor=SYSTEM,
            enquiry=enquiry,
            name="decline",
            note="اطلاعات شخصی مددجویان در اختیار رسانه گذاشته نمی‌شود.",
        )
