"""Plans for tests: ``plan_for`` registers one through the service; ``fill_attachment``
completes its media attachment part by part (through the services, as a person would), and
``plans_state`` captures everything the plans services write, to assert a refusal changed
nothing."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

from hamafza.common.actors import SYSTEM
from hamafza.common.models import AuditEntry
from hamafza.plans import services
from hamafza.plans.models import (
    Activity,
    ActivityOutput,
    AttachmentRevision,
    IndicatorResult,
    MediaAttachment,
    Plan,
    PlanIndicator,
)
from hamafza.strategy.models import Audience, Goal, KeyMessage, StrategyDocument


def plan_for(unit: Any, *, actor: Any = SYSTEM, title: str = "طرح ملی توانمندسازی") -> Plan:
    return services.plan_create(
        actor=actor,
        unit=unit,
        title=title,
        description="شرح طرح",
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 1),
        domains=["extra_agency"],
    )


def _version(plan: Plan) -> int:
    return MediaAttachment.objects.get(plan=plan).version


def fill_attachment(plan: Plan, *, actor: Any = SYSTEM, skip: frozenset[str] = frozenset()) -> None:
    """Complete every checklist item except the part kinds named in ``skip`` (``objective``,
    ``segment``, ``message``, ``spokesperson``, ``risk``, ``indicator``, ``activity``,
    ``fields``)."""
    document = StrategyDocument.objects.get(status=StrategyDocument.Status.ACTIVE)
    goal = Goal.objects.filter(document=document).first()
    message = KeyMessage.objects.filter(goal__document=document).first()
    audience = Audience.objects.filter(document=document).first()
    add = services.attachment_part_add
    if "objective" not in skip:
        add(actor=actor, plan=plan, section="objective", version=_version(plan),
            text="افزایش خبرهای توانمندی", goal=goal, measure="شمار خبر", target="۲۰",
            deadline=date(2026, 10, 1))  # fmt: skip
    if "segment" not in skip:
        add(actor=actor, plan=plan, section="segment", version=_version(plan), name="کارفرمایان",
            audience=audience, think="توانمندند", feel="اطمینان", do="استخدام کنند")  # fmt: skip
    if "message" not in skip:
        add(actor=actor, plan=plan, section="message", version=_version(plan), key_message=message)
    if "spokesperson" not in skip:
        add(actor=actor, plan=plan, section="spokesperson", version=_version(plan),
            name="مدیرکل", title="مدیر کل استان")  # fmt: skip
    if "risk" not in skip:
        add(actor=actor, plan=plan, section="risk", version=_version(plan),
            description="انتشار چهره بدون رضایت", mitigation="رضایت‌نامه کتبی")  # fmt: skip
    if "indicator" not in skip:
        for level, source in (
            (PlanIndicator.Level.OUTPUT, PlanIndicator.Source.PUBLISHED_STORIES),
            (PlanIndicator.Level.OUTTAKE, PlanIndicator.Source.MANUAL),
            (PlanIndicator.Level.OUTCOME, PlanIndicator.Source.MANUAL),
        ):
            add(actor=actor, plan=plan, section="indicator", version=_version(plan), level=level,
                name=f"شاخص {level}", source=source, baseline=Decimal(0),
                target=Decimal(10))  # fmt: skip
    if "activity" not in skip:
        services.activity_create(
            actor=actor, plan=plan, title="نشست خبری", channel="event", date=date(2026, 5, 1)
        )
    if "fields" not in skip:
        services.attachment_update(
            actor=actor, plan=plan, version=_version(plan), idea="روایت‌های کوتاه از توانمندی",
            channels=["website", "social"], consent_and_dignity="رضایت آگاهانه کتبی",
            people="دو کارشناس",
        )  # fmt: skip


def plans_state() -> dict[str, Any]:
    """Everything the plans services may write, in comparable form."""
    return {
        "plans": list(Plan.objects.order_by("pk").values()),
        "attachments": list(MediaAttachment.objects.order_by("pk").values()),
        "revisions": AttachmentRevision.objects.count(),
        "activities": list(Activity.objects.order_by("pk").values()),
        "outputs": list(ActivityOutput.objects.order_by("pk").values()),
        "results": IndicatorResult.objects.count(),
        "indicators": list(PlanIndicator.objects.order_by("pk").values()),
        "audit": AuditEntry.objects.count(),
    }


@contextmanager
def unchanged() -> Iterator[None]:
    before = plans_state()
    yield
    assert plans_state() == before
