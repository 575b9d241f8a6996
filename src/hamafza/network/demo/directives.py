# ruff: noqa: E501 (the demo's Persian texts read best one directive per block)
"""The demo's directives (ابلاغیه): four sent by HQ's PR office with mixed answers — reported,
acknowledged, read but not answered, unread, one past its due date — one from Tehran province
to its counties with a reply thread, and one HQ draft.

Rows are written directly in one transaction with one audit row (``network.directive.demo.load``,
actor None); ``SystemFlag demo_network_directives`` makes the load idempotent, so what people
changed in the demo survives a second run. Dates are relative to the moment of the load.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.network.models.directives import Directive, DirectiveRecipient, DirectiveReply
from hamafza.org.demo.data import DEMO_FLAG
from hamafza.org.models import Membership, Role, Unit

DIRECTIVES_FLAG = "demo_network_directives"
COUNT_NAMES = ("directives", "directive_recipients", "directive_replies")

D = Directive
REPORT, ACK = D.RequiredAction.REPORT, D.RequiredAction.ACKNOWLEDGE


@dataclass(frozen=True)
class Answer:
    """What one recipient unit did: ``read``/``ack``/``report`` hours after sending (None:
    not done), the report's text, and thread messages (from_issuer, author, text)."""

    unit: str
    read: float | None = None
    ack: float | None = None
    report: float | None = None
    text: str = ""
    thread: tuple[tuple[bool, str, str], ...] = ()


@dataclass(frozen=True)
class DirectiveSpec:
    issuer: str
    sender: str
    kind: str
    title: str
    body: str
    action: str
    audience: str
    sent_days: float  # days before now (0: a draft)
    due_days: float  # days from now (negative: past)
    units: tuple[str, ...]
    answers: tuple[Answer, ...] = field(default=())


# fmt: off
DIRECTIVES = [
    DirectiveSpec(
        "hq-pr", "hq.head", D.Kind.INSTRUCTION,
        "پوشش خبری هفته ملی توانمندی افراد دارای معلولیت",
        "همکاران گرامی روابط عمومی استان‌ها،\n"
        "در هفته ملی توانمندی افراد دارای معلولیت دست‌کم سه روایت توانمندی از استان خود منتشر کنید؛ "
        "روایت «توانمندی، نه ترحم» و رعایت رضایت آگاهانه و کرامت مددجویان الزامی است.\n"
        "گزارش کوتاه اقدام‌ها را با پیوند خبرها تا پایان مهلت بفرستید.",
        REPORT, D.Audience.CHOSEN, 3, 4,
        ("tehran", "isfahan", "khorasan-razavi", "fars", "khuzestan", "yazd", "gilan", "kurdistan"),
        (Answer("tehran", read=1, ack=2, report=40,
                text="سه روایت منتشر شد: کارگاه نجاری ناشنوایان شمیرانات، تیم والیبال نشسته ری و گفت‌وگو با بانوی کارآفرین ورامینی.",
                thread=((False, "tehran.head", "آیا خبرهای شهرستان‌ها هم در شمار سه روایت می‌آید؟"),
                        (True, "hq.head", "بله، هر خبری که با برچسب هفته ملی در پایگاه استان منتشر شود."))),
         Answer("isfahan", read=2, ack=5),
         Answer("khorasan-razavi", read=20),
         Answer("fars", read=3, report=50, text="دو گزارش تصویری از مرکز حرفه‌آموزی شیراز منتشر شد؛ سومی در دست تهیه است."),
         Answer("yazd", read=30),
         Answer("gilan", read=10, ack=11),
         )),
    DirectiveSpec(
        "hq-pr", "hq.head", D.Kind.BULLETIN,
        "ابلاغ راهنمای هویت بصری تازه سازمان",
        "راهنمای هویت بصری تازه (نشان، رنگ‌ها و قلم وزیرمتن) از امروز در همه پایگاه‌ها و نشریه‌های استانی به کار می‌رود. "
        "لطفاً وصول آن را اعلام کنید و طرح‌های تازه را با این راهنما بسازید.",
        ACK, D.Audience.CHOSEN, 14, -4,
        ("tehran", "isfahan", "khorasan-razavi", "fars", "khuzestan", "yazd"),
        (Answer("tehran", read=2, ack=3), Answer("isfahan", read=1, ack=1),
         Answer("fars", read=5, ack=6), Answer("yazd", read=48, ack=50),
         Answer("khorasan-razavi", read=70,
                thread=((False, "khorasan.head", "پرونده‌های قلم برای چاپخانه را کجا بیابیم؟"),)),
         )),
    DirectiveSpec(
        "hq-pr", "hq.editor", D.Kind.INSTRUCTION,
        "گزارش عملکرد رسانه‌ای فصل پاییز",
        "شمار خبرها، بازنشرها و پوشش رسانه‌های استانی در فصل پاییز را همراه با نمونه‌های برجسته گزارش کنید.",
        REPORT, D.Audience.CHOSEN, 6, 1,
        ("tehran", "isfahan", "khorasan-razavi", "fars"),
        (Answer("isfahan", read=4, ack=4, report=30, text="۴۲ خبر، ۱۱ بازنشر، ۶ گفت‌وگوی رادیویی؛ فهرست در پیوست سامانه پایش آمده است."),
         Answer("tehran", read=8),
         Answer("fars", read=20, ack=21)),
    ),
    DirectiveSpec(
        "hq-pr", "hq.editor", D.Kind.BULLETIN,
        "اطلاع‌رسانی شماره ۱۲۳ اورژانس اجتماعی در شب یلدا",
        "در شب یلدا پیام «اورژانس اجتماعی ۱۲۳ شبانه‌روزی پاسخ می‌دهد» را در شبکه‌های اجتماعی استان بازنشر کنید.",
        ACK, D.Audience.CHOSEN, 1, 6,
        ("tehran", "isfahan", "khorasan-razavi", "gilan", "kurdistan"),
        (Answer("gilan", read=2),),
    ),
    DirectiveSpec(
        "tehran", "tehran.head", D.Kind.INSTRUCTION,
        "پوشش جشنواره استانی توانمندی‌های معلولان در شهرستان‌ها",
        "شهرستان‌ها غرفه‌های خود در جشنواره استانی را با دست‌کم یک خبر و پنج عکس پوشش دهند و وصول این ابلاغیه را اعلام کنند.",
        ACK, D.Audience.BELOW, 2, 3,
        ("shemiranat", "rey", "eslamshahr", "shahriar", "varamin", "damavand"),
        (Answer("shemiranat", read=1, ack=2,
                thread=((False, "shemiranat.reporter", "عکاس نداریم؛ از استان کمک می‌گیریم؟"),
                        (True, "tehran.head", "درخواست پشتیبانی عکاس را در سامانه ثبت کنید؛ عکاس استان هماهنگ است."),
                        (False, "shemiranat.reporter", "ثبت شد، سپاس."))),
         Answer("rey", read=5),
         Answer("shahriar", read=3, ack=4)),
    ),
    DirectiveSpec(
        "hq-pr", "hq.editor", D.Kind.INSTRUCTION,
        "پیش‌نویس: برنامه رسانه‌ای روز جهانی سالمند",
        "پیش‌نویس؛ پس از هماهنگی با معاونت امور اجتماعی ابلاغ می‌شود.",
        REPORT, D.Audience.PROVINCES, 0, 20, ("tehran", "isfahan", "khorasan-razavi"),
    ),
]
# fmt: on


def _member(unit_id: int, users_by_unit: dict[int, list[Any]]) -> Any:
    people = users_by_unit.get(unit_id) or []
    return people[0] if people else None


def load(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Load the demo directives once; return the counts (zeros the second time)."""
    with transaction.atomic():
        if not SystemFlag.objects.filter(key=DEMO_FLAG).exists():
            raise CommandError(
                "ابلاغیه‌های نمایشی فقط روی پایگاه داده نسخه نمایشی بارگذاری می‌شوند.\n"
                "Demo directives are loaded only into the demo database; run `hamafza demo`."
            )
        if SystemFlag.objects.filter(key=DIRECTIVES_FLAG).exists():
            return dict.fromkeys(COUNT_NAMES, 0)
        slugs = {s.issuer for s in DIRECTIVES} | {u for s in DIRECTIVES for u in s.units}
        units = {u.slug: u for u in Unit.objects.filter(slug__in=slugs)}
        missing = slugs - set(units)
        if missing:
            raise CommandError(f"demo units are missing: {sorted(missing)}")
        names = {s.sender for s in DIRECTIVES} | {
            author for s in DIRECTIVES for a in s.answers for _i, author, _t in a.thread
        }
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        # Who acknowledges and reports for a unit: its head, else its editor; who reads: anyone.
        answerers: dict[int, list[Any]] = {}
        readers: dict[int, list[Any]] = {}
        order: dict[str, int] = {Role.HEAD: 0, Role.EDITOR: 1, Role.ADMIN: 2}
        memberships = Membership.objects.filter(unit__in=units.values()).select_related("user")
        for m in sorted(memberships, key=lambda m: (order.get(m.role, 9), m.pk)):
            readers.setdefault(m.unit_id, []).append(m.user)
            if m.role in order:
                answerers.setdefault(m.unit_id, []).append(m.user)
        counts = _write(timezone.now(), units, users, answerers, readers)
        SystemFlag.objects.create(key=DIRECTIVES_FLAG, value="1")
        audit_log(
            actor=None,
            action="network.directive.demo.load",
            unit=units["hq-pr"],
            summary="، ".join(f"{key}: +{count}" for key, count in counts.items()),
            changes={key: [0, count] for key, count in counts.items()},
        )
    if stdout is not None:
        stdout.write(f"  ابلاغیه‌ها / directives: +{counts['directives']}\n")
    return counts


def _write(
    now: datetime,
    units: dict[str, Unit],
    users: dict[str, Any],
    answerers: dict[int, list[Any]],
    readers: dict[int, list[Any]],
) -> dict[str, int]:
    counts = dict.fromkeys(COUNT_NAMES, 0)
    for spec in DIRECTIVES:
        sender = users.get(spec.sender)
        sent_at = now - timedelta(days=spec.sent_days) if spec.sent_days else None
        directive = Directive.objects.create(
            issuer_unit=units[spec.issuer],
            kind=spec.kind,
            title=spec.title,
            body=spec.body,
            required_action=spec.action,
            audience=spec.audience,
            due_at=now + timedelta(days=spec.due_days),
            status=D.Status.SENT if sent_at else D.Status.DRAFT,
            version=2 if sent_at else 1,
            created_by=sender,
            sent_by=sender if sent_at else None,
            sent_at=sent_at,
            created_at=(sent_at or now) - timedelta(hours=3),
            updated_at=sent_at or now,
        )
        counts["directives"] += 1
        answers = {a.unit: a for a in spec.answers}
        for slug in spec.units:
            unit = units[slug]
            answer = answers.get(slug, Answer(slug))

            def at(hours: float | None, sent_at: datetime | None = sent_at) -> datetime | None:
                if hours is None or sent_at is None:
                    return None
                return min(sent_at + timedelta(hours=hours), now)

            answerer = _member(unit.pk, answerers)
            row = DirectiveRecipient.objects.create(
                directive=directive,
                unit=unit,
                read_at=at(answer.read),
                read_by=_member(unit.pk, readers) if answer.read is not None else None,
                acknowledged_at=at(answer.ack),
                acknowledged_by=answerer if answer.ack is not None else None,
                reported_at=at(answer.report),
                reported_by=answerer if answer.report is not None else None,
                report_text=answer.text if answer.report is not None else "",
                # Past due: the automatic reminder already went out for the silent ones.
                reminded_overdue_at=now if spec.due_days < 0 and sent_at else None,
            )
            counts["directive_recipients"] += 1
            for index, (from_issuer, author, text) in enumerate(answer.thread):
                DirectiveReply.objects.create(
                    recipient=row,
                    author=users.get(author),
                    from_issuer=from_issuer,
                    body=text,
                    created_at=min((sent_at or now) + timedelta(hours=6 + 5 * index), now),
                )
                counts["directive_replies"] += 1
    return counts
