"""Support requests for tests: ``skilled`` gives conftest personas a skill, ``support_for``
asks through the service, ``support_state`` captures everything the support services write,
to assert a refusal changed nothing."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.network.services import support as services
from hamafza.notifications.models import Notification
from hamafza.org.models import Skill


def skill(code: str = "photo") -> Skill:
    return Skill.objects.get(code=code)


def skilled(*users: Any, code: str = "photo") -> None:
    for user in users:
        user.profile.skills.add(skill(code))


def support_for(
    unit: Any,
    actor: Any,
    *,
    code: str = "photo",
    title: str = "عکاس برای مراسم روز جهانی معلولان",
    people_needed: int = 1,
    offer_count: int | None = None,
    days: int = 3,
) -> SupportRequest:
    return services.support_request_create(
        actor=actor,
        unit=unit,
        skill=skill(code),
        title=title,
        place="سالن همایش",
        starts_at=timezone.now() + timedelta(days=days),
        people_needed=people_needed,
        description="پوشش تصویری مراسم",
        offer_count=offer_count,
    )


def offer_of(request: SupportRequest, user: Any) -> SupportOffer:
    return SupportOffer.objects.select_related("request").get(request=request, user=user)


def support_state() -> dict[str, Any]:
    return {
        "requests": list(
            SupportRequest.objects.order_by("pk").values_list("pk", "status", "version")
        ),
        "offers": list(SupportOffer.objects.order_by("pk").values_list("pk", "status", "reason")),
        "stories": list(SupportRequest.stories.through.objects.values_list("pk", flat=True)),
        "audit": AuditEntry.objects.filter(action__startswith="network.support").count(),
        "notifications": Notification.objects.filter(kind__startswith="network.support").count(),
    }
