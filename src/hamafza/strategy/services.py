"""Every change to the strategic media document. Each function takes the acting user, checks
``strategy.permissions``, runs in one transaction and writes one audit row. Refusals raise
``PermissionDenied``, bad input ``ValidationError``, a change made from an out-of-date version
``StaleVersion``; in every case nothing changes.

A draft's parts (goals, key messages, audiences, indicators) change only while it is a draft,
and each change bumps the draft's ``version``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log, diff_fields
from hamafza.org.permissions import access_for
from hamafza.strategy.models import (
    Audience,
    Goal,
    Indicator,
    IndicatorPeriod,
    KeyMessage,
    StrategyDocument,
)
from hamafza.strategy.permissions import is_strategist
from hamafza.strategy.workflow import EDITABLE, TRANSITIONS

S = StrategyDocument.Status
MIN_YEAR, MAX_YEAR = 1350, 1500


class StaleVersion(Exception):
    """The document changed since the caller read it; ``current`` is how it is now."""

    def __init__(self, current: StrategyDocument) -> None:
        super().__init__(_("این نسخه از سند پس از باز کردن شما تغییر کرده است."))
        self.current = current


@dataclass(frozen=True)
class PeriodValue:
    """A baseline and target for Jalali ``year`` (and ``quarter`` 1–4, or None: all year)."""

    year: int
    quarter: int | None
    baseline: Decimal | int | str
    target: Decimal | int | str


def _require_strategist(actor: Any) -> None:
    if not is_strategist(access_for(actor)):
        raise PermissionDenied(_("فقط راهبردنویسان ستاد سند راهبردی را تغییر می‌دهند."))


def _text(value: Any, *, field: str, limit: int, required: bool = False) -> str:
    text = " ".join(str(value or "").split()) if limit <= 500 else str(value or "").strip()
    if required and not text:
        raise ValidationError({field: _("این بخش را پر کنید.")})
    if len(text) > limit:
        raise ValidationError({field: _("حداکثر %(limit)s نویسه.") % {"limit": limit}})
    return text


def _locked(document: StrategyDocument, version: int | None) -> StrategyDocument:
    current = StrategyDocument.objects.select_for_update().get(pk=document.pk)
    if version is not None and current.version != version:
        raise StaleVersion(current)
    return current


def _draft(actor: Any, document: StrategyDocument, version: int | None) -> StrategyDocument:
    """The document locked for a change to its content: a strategist, a draft, up to date."""
    _require_strategist(actor)
    current = _locked(document, version)
    if current.status not in EDITABLE:
        raise ValidationError(
            _("فقط پیش‌نویس سند تغییر می‌کند؛ برای تغییر سند فعال نسخه تازه‌ای بسازید.")
        )
    return current


def _touch(document: StrategyDocument) -> None:
    StrategyDocument.objects.filter(pk=document.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    document.refresh_from_db(fields=["version", "updated_at"])


def _audit(actor: Any, action: str, obj: models.Model, summary: str, **kw: Any) -> None:
    audit_log(actor=actor, action=f"strategy.{action}", obj=obj, summary=summary[:300], **kw)


# --- Versions ------------------------------------------------------------------------------


def document_snapshot(document: StrategyDocument) -> dict[str, Any]:
    """The version's whole content as JSON-friendly data (what a copy starts from)."""
    goals = document.goals.prefetch_related("messages")
    indicators = document.indicators.prefetch_related("periods")
    return {
        "title": document.title,
        "summary": document.summary,
        "goals": [
            {
                "id": goal.pk,
                "title": goal.title,
                "description": goal.description,
                "messages": [message.text for message in goal.messages.all()],
            }
            for goal in goals
        ],
        "audiences": [
            {"name": audience.name, "description": audience.description}
            for audience in document.audiences.all()
        ],
        "indicators": [
            {
                "name": indicator.name,
                "measure": indicator.measure,
                "goal": indicator.goal_id,
                "periods": [
                    [p.year, p.quarter, str(p.baseline), str(p.target)]
                    for p in indicator.periods.all()
                ],
            }
            for indicator in indicators
        ],
    }


def document_create(
    *,
    actor: Any,
    title: str,
    summary: str = "",
    copy_from: StrategyDocument | None = None,
) -> StrategyDocument:
    """A new draft version; with ``copy_from``, starting from that version's whole content."""
    _require_strategist(actor)
    title = _text(title, field="title", limit=300, required=True)
    summary = _text(summary, field="summary", limit=10_000)
    with transaction.atomic():
        document = StrategyDocument.objects.create(
            title=title,
            summary=summary,
            based_on=copy_from,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if copy_from is not None:
            _copy_content(copy_from, document)
        _audit(
            actor,
            "document.create",
            document,
            title,
            changes={"based_on": [None, copy_from.pk]} if copy_from else None,
        )
    return document


def _copy_content(source: StrategyDocument, target: StrategyDocument) -> None:
    goal_ids: dict[int, Goal] = {}
    for goal in source.goals.prefetch_related("messages"):
        copy = Goal.objects.create(
            document=target,
            title=goal.title,
            description=goal.description,
            position=goal.position,
        )
        goal_ids[goal.pk] = copy
        KeyMessage.objects.bulk_create(
            KeyMessage(goal=copy, text=m.text, position=m.position) for m in goal.messages.all()
        )
    Audience.objects.bulk_create(
        Audience(document=target, name=a.name, description=a.description, position=a.position)
        for a in source.audiences.all()
    )
    for indicator in source.indicators.prefetch_related("periods"):
        copy_indicator = Indicator.objects.create(
            document=target,
            goal=goal_ids.get(indicator.goal_id) if indicator.goal_id else None,
            name=indicator.name,
            measure=indicator.measure,
            position=indicator.position,
        )
        IndicatorPeriod.objects.bulk_create(
            IndicatorPeriod(
                indicator=copy_indicator,
                year=p.year,
                quarter=p.quarter,
                baseline=p.baseline,
                target=p.target,
            )
            for p in indicator.periods.all()
        )


def document_update(
    *, actor: Any, document: StrategyDocument, version: int, title: str, summary: str
) -> StrategyDocument:
    title = _text(title, field="title", limit=300, required=True)
    summary = _text(summary, field="summary", limit=10_000)
    with transaction.atomic():
        document = _draft(actor, document, version)
        before = {"title": document.title, "summary": document.summary}
        document.title, document.summary = title, summary
        document.save(update_fields=["title", "summary"])
        _touch(document)
        _audit(
            actor,
            "document.update",
            document,
            title,
            changes=diff_fields(before, {"title": title, "summary": summary}),
        )
    return document


def document_transition(
    *, actor: Any, document: StrategyDocument, name: str, version: int | None = None
) -> StrategyDocument:
    """Move a version by ``name`` (see ``workflow.TRANSITIONS``). Activating archives the
    version that was active, in the same transaction."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("کار «%(name)s» در گردش سند تعریف نشده است.") % {"name": name})
    _require_strategist(actor)
    with transaction.atomic():
        document = _locked(document, version)
        if document.status not in transition.sources:
            raise ValidationError(
                _("در وضعیت «%(status)s» نمی‌توان «%(action)s» کرد.")
                % {"status": document.get_status_display(), "action": transition.label}
            )
        now = timezone.now()
        if transition.target == S.ACTIVE:
            if not document.goals.exists():
                raise ValidationError(_("سندی که هیچ هدفی ندارد ابلاغ نمی‌شود."))
            previous = StrategyDocument.objects.select_for_update().filter(status=S.ACTIVE).first()
            if previous is not None:
                previous.status = S.ARCHIVED
                previous.archived_at = now
                previous.version = F("version") + 1
                previous.save(update_fields=["status", "archived_at", "version"])
                _audit(
                    actor,
                    "document.archive",
                    previous,
                    previous.title,
                    changes={"status": [S.ACTIVE, S.ARCHIVED]},
                )
            document.activated_at = now
        if transition.target == S.ARCHIVED:
            document.archived_at = now
        previous_status = document.status
        document.status = transition.target
        document.version = F("version") + 1
        document.updated_at = now
        document.save()
        document.refresh_from_db()
        _audit(
            actor,
            f"document.{name}",
            document,
            document.title,
            changes={"status": [previous_status, document.status]},
        )
    return document


# --- Parts of a draft ----------------------------------------------------------------------


def goal_create(
    *, actor: Any, document: StrategyDocument, title: str, description: str = "",
    version: int | None = None,
) -> Goal:  # fmt: skip
    title = _text(title, field="title", limit=300, required=True)
    description = _text(description, field="description", limit=4000)
    with transaction.atomic():
        document = _draft(actor, document, version)
        position = document.goals.count()
        goal = Goal.objects.create(
            document=document, title=title, description=description, position=position
        )
        _touch(document)
        _audit(actor, "goal.create", goal, title)
    return goal


def goal_update(
    *, actor: Any, goal: Goal, title: str, description: str = "", version: int | None = None
) -> Goal:
    title = _text(title, field="title", limit=300, required=True)
    description = _text(description, field="description", limit=4000)
    with transaction.atomic():
        document = _draft(actor, goal.document, version)
        before = {"title": goal.title, "description": goal.description}
        goal.title, goal.description = title, description
        goal.save(update_fields=["title", "description"])
        _touch(document)
        after = {"title": title, "description": description}
        _audit(actor, "goal.update", goal, title, changes=diff_fields(before, after))
    return goal


def _delete(actor: Any, obj: Goal | KeyMessage | Audience | Indicator, document: StrategyDocument,
            action: str, version: int | None) -> None:  # fmt: skip
    with transaction.atomic():
        document = _draft(actor, document, version)
        _audit(actor, action, obj, str(obj))
        obj.delete()
        _touch(document)


def goal_delete(*, actor: Any, goal: Goal, version: int | None = None) -> None:
    _delete(actor, goal, goal.document, "goal.delete", version)


def key_message_create(
    *, actor: Any, goal: Goal, text: str, version: int | None = None
) -> KeyMessage:
    text = _text(text, field="text", limit=500, required=True)
    with transaction.atomic():
        document = _draft(actor, goal.document, version)
        message = KeyMessage.objects.create(goal=goal, text=text, position=goal.messages.count())
        _touch(document)
        _audit(actor, "key_message.create", message, text)
    return message


def key_message_update(
    *, actor: Any, message: KeyMessage, text: str, version: int | None = None
) -> KeyMessage:
    text = _text(text, field="text", limit=500, required=True)
    with transaction.atomic():
        document = _draft(actor, message.goal.document, version)
        before = message.text
        message.text = text
        message.save(update_fields=["text"])
        _touch(document)
        _audit(actor, "key_message.update", message, text, changes={"text": [before, text]})
    return message


def key_message_delete(*, actor: Any, message: KeyMessage, version: int | None = None) -> None:
    _delete(actor, message, message.goal.document, "key_message.delete", version)


def audience_create(
    *, actor: Any, document: StrategyDocument, name: str, description: str = "",
    version: int | None = None,
) -> Audience:  # fmt: skip
    name = _text(name, field="name", limit=200, required=True)
    description = _text(description, field="description", limit=4000)
    with transaction.atomic():
        document = _draft(actor, document, version)
        audience = Audience.objects.create(
            document=document,
            name=name,
            description=description,
            position=document.audiences.count(),
        )
        _touch(document)
        _audit(actor, "audience.create", audience, name)
    return audience


def audience_update(
    *, actor: Any, audience: Audience, name: str, description: str = "",
    version: int | None = None,
) -> Audience:  # fmt: skip
    name = _text(name, field="name", limit=200, required=True)
    description = _text(description, field="description", limit=4000)
    with transaction.atomic():
        document = _draft(actor, audience.document, version)
        before = {"name": audience.name, "description": audience.description}
        audience.name, audience.description = name, description
        audience.save(update_fields=["name", "description"])
        _touch(document)
        after = {"name": name, "description": description}
        _audit(actor, "audience.update", audience, name, changes=diff_fields(before, after))
    return audience


def audience_delete(*, actor: Any, audience: Audience, version: int | None = None) -> None:
    _delete(actor, audience, audience.document, "audience.delete", version)


def _clean_periods(periods: Iterable[PeriodValue]) -> list[PeriodValue]:
    cleaned: list[PeriodValue] = []
    seen: set[tuple[int, int | None]] = set()
    for period in periods:
        if not MIN_YEAR <= int(period.year) <= MAX_YEAR:
            raise ValidationError({"periods": _("سال را شمسی بنویسید، مثلاً ۱۴۰۵.")})
        if period.quarter is not None and not 1 <= int(period.quarter) <= 4:
            raise ValidationError({"periods": _("فصل باید از ۱ تا ۴ باشد.")})
        key = (int(period.year), int(period.quarter) if period.quarter is not None else None)
        if key in seen:
            raise ValidationError({"periods": _("هر دوره یک بار می‌آید.")})
        seen.add(key)
        try:
            baseline, target = Decimal(str(period.baseline)), Decimal(str(period.target))
        except InvalidOperation:
            raise ValidationError({"periods": _("خط پایه و هدف باید عدد باشند.")}) from None
        if not (baseline.is_finite() and target.is_finite()) or max(
            abs(baseline), abs(target)
        ) >= Decimal("1e12"):
            raise ValidationError({"periods": _("خط پایه و هدف باید عدد باشند.")})
        cleaned.append(PeriodValue(key[0], key[1], baseline, target))
    return cleaned


def _goal_of(document: StrategyDocument, goal: Goal | None) -> Goal | None:
    if goal is not None and goal.document_id != document.pk:
        raise ValidationError({"goal": _("این هدف از همین نسخه سند نیست.")})
    return goal


def indicator_create(
    *, actor: Any, document: StrategyDocument, name: str, measure: str = "",
    goal: Goal | None = None, periods: Sequence[PeriodValue] = (), version: int | None = None,
) -> Indicator:  # fmt: skip
    name = _text(name, field="name", limit=300, required=True)
    measure = _text(measure, field="measure", limit=100)
    cleaned = _clean_periods(periods)
    with transaction.atomic():
        document = _draft(actor, document, version)
        indicator = Indicator.objects.create(
            document=document,
            goal=_goal_of(document, goal),
            name=name,
            measure=measure,
            position=document.indicators.count(),
        )
        _set_periods(indicator, cleaned)
        _touch(document)
        _audit(actor, "indicator.create", indicator, name)
    return indicator


def indicator_update(
    *, actor: Any, indicator: Indicator, name: str, measure: str = "", goal: Goal | None = None,
    periods: Sequence[PeriodValue] = (), version: int | None = None,
) -> Indicator:  # fmt: skip
    """Replace the indicator's fields and all its periods."""
    name = _text(name, field="name", limit=300, required=True)
    measure = _text(measure, field="measure", limit=100)
    cleaned = _clean_periods(periods)
    with transaction.atomic():
        document = _draft(actor, indicator.document, version)
        before = document_snapshot_indicator(indicator)
        indicator.goal = _goal_of(document, goal)
        indicator.name, indicator.measure = name, measure
        indicator.save(update_fields=["goal", "name", "measure"])
        _set_periods(indicator, cleaned)
        _touch(document)
        after = document_snapshot_indicator(indicator)
        _audit(actor, "indicator.update", indicator, name, changes=diff_fields(before, after))
    return indicator


def document_snapshot_indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "measure": indicator.measure,
        "goal": indicator.goal_id,
        "periods": [
            [p.year, p.quarter, str(p.baseline), str(p.target)]
            for p in indicator.periods.order_by("year", "quarter")
        ],
    }


def _set_periods(indicator: Indicator, periods: list[PeriodValue]) -> None:
    indicator.periods.all().delete()
    IndicatorPeriod.objects.bulk_create(
        IndicatorPeriod(
            indicator=indicator,
            year=p.year,
            quarter=p.quarter,
            baseline=Decimal(str(p.baseline)),
            target=Decimal(str(p.target)),
        )
        for p in periods
    )


def indicator_delete(*, actor: Any, indicator: Indicator, version: int | None = None) -> None:
    _delete(actor, indicator, indicator.document, "indicator.delete", version)


def indicator_period_set(
    *, actor: Any, indicator: Indicator, period: PeriodValue, version: int | None = None
) -> Indicator:
    """Add the indicator's baseline and target for one period, or replace that period's."""
    periods = [
        PeriodValue(p.year, p.quarter, p.baseline, p.target)
        for p in indicator.periods.all()
        if (p.year, p.quarter) != (period.year, period.quarter)
    ]
    return indicator_update(
        actor=actor,
        indicator=indicator,
        name=indicator.name,
        measure=indicator.measure,
        goal=indicator.goal,
        periods=[*periods, period],
        version=version,
    )
