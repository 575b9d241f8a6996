"""Partnership work for tests: published stories, partners, joint activities and bulletins made
through the services (acting as SYSTEM unless told), and ``partnership_state`` to assert that a
refusal changed nothing."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from hamafza.common.actors import SYSTEM
from hamafza.common.models import AuditEntry
from hamafza.network.models.partnership import (
    Bulletin,
    BulletinDelivery,
    BulletinItem,
    JointActivity,
)
from hamafza.network.services import partnership as services
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.notifications.models import Notification
from hamafza.org.models import Domain, Partner, Unit
from hamafza.org.tests.factories import PartnerFactory


def published_story(unit: Unit, author: Any, headline: str = "", **kwargs: Any) -> Story:
    fields: dict[str, Any] = {"unit": unit, "created_by": author, "status": Story.Status.PUBLISHED}
    if headline:
        fields["headline"] = headline
    return StoryFactory.create(**fields, **kwargs)


def partner(owner_unit: Unit, name: str, kind: str = Partner.Kind.NGO, **kwargs: Any) -> Partner:
    created = PartnerFactory.create(owner_unit=owner_unit, name=name, kind=kind, **kwargs)
    created.domains.set(Domain.objects.filter(code=Domain.Code.INTER_AGENCY))
    return created


def joint_activity(
    unit: Unit,
    *,
    actor: Any = SYSTEM,
    title: str = "نشست مشترک توانمندسازی",
    occurred_on: date | None = None,
    domain: str = Domain.Code.INTER_AGENCY,
    partners: Iterable[Partner] = (),
    other_units: Iterable[Unit] = (),
    stories: Iterable[Story] = (),
    **kwargs: Any,
) -> JointActivity:
    return services.joint_activity_create(
        actor=actor,
        unit=unit,
        title=title,
        occurred_on=occurred_on or timezone.localdate() - timedelta(days=3),
        domain=domain,
        partners=list(partners),
        other_units=list(other_units),
        stories=list(stories),
        **kwargs,
    )


def bulletin(
    unit: Unit,
    stories: Iterable[Story],
    *,
    actor: Any = SYSTEM,
    title: str = "خبرنامه داخلی هفته",
    notes: Iterable[str] = (),
    **kwargs: Any,
) -> Bulletin:
    story_list = list(stories)
    note_list = list(notes) + [""] * len(story_list)
    return services.bulletin_create(
        actor=actor,
        unit=unit,
        title=title,
        items=list(zip(story_list, note_list, strict=False)),
        **kwargs,
    )


def partnership_state() -> dict[str, Any]:
    """Everything the partnership services may write, in comparable form."""
    return {
        "activities": list(JointActivity.objects.order_by("pk").values()),
        "partners": sorted(
            JointActivity.partners.through.objects.values_list("jointactivity_id", "partner_id")
        ),
        "units": sorted(
            JointActivity.other_units.through.objects.values_list("jointactivity_id", "unit_id")
        ),
        "stories": sorted(
            JointActivity.stories.through.objects.values_list("jointactivity_id", "story_id")
        ),
        "bulletins": list(Bulletin.objects.order_by("pk").values()),
        "audience": sorted(
            Bulletin.audience_units.through.objects.values_list("bulletin_id", "unit_id")
        ),
        "items": list(BulletinItem.objects.order_by("pk").values()),
        "deliveries": list(BulletinDelivery.objects.order_by("pk").values()),
        "audit": AuditEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }


@contextmanager
def unchanged() -> Iterator[None]:
    """Assert the block (expected to raise or be refused) changed nothing."""
    before = partnership_state()
    yield
    assert partnership_state() == before
