"""An active strategic media document for tests: two goals with key messages, an audience and
an indicator with a yearly and a quarterly period. Other apps' tests import it."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from hamafza.strategy.models import (
    Audience,
    Goal,
    Indicator,
    IndicatorPeriod,
    KeyMessage,
    StrategyDocument,
)


def strategy_document(*, status: str = StrategyDocument.Status.ACTIVE, title: str = "") -> Any:
    document = StrategyDocument.objects.create(
        title=title or "سند راهبردی رسانه‌ای ۱۴۰۵",
        summary="هم‌افزایی شبکه روابط عمومی‌ها",
        status=status,
        activated_at=timezone.now() if status != StrategyDocument.Status.DRAFT else None,
    )
    capability = Goal.objects.create(
        document=document, title="معرفی توانمندی‌های جامعه هدف", position=0
    )
    KeyMessage.objects.create(goal=capability, text="توانمندی، نه ترحم", position=0)
    KeyMessage.objects.create(goal=capability, text="توانبخشی سرمایه‌گذاری است", position=1)
    trust = Goal.objects.create(document=document, title="اعتماد عمومی", position=1)
    KeyMessage.objects.create(goal=trust, text="خدمات شفاف و در دسترس", position=0)
    Audience.objects.create(document=document, name="خانواده‌های مددجویان")
    indicator = Indicator.objects.create(
        document=document, goal=capability, name="خبرهای توانمندی", measure="خبر"
    )
    IndicatorPeriod.objects.create(
        indicator=indicator, year=1405, baseline=Decimal(10), target=Decimal(40)
    )
    IndicatorPeriod.objects.create(
        indicator=indicator, year=1405, quarter=1, baseline=Decimal(2), target=Decimal(10)
    )
    return document
