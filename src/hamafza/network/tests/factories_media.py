"""Media relations for tests: outlets, contacts, interactions and enquiries made through the
services (as a person would), and ``media_state`` — everything the media services write — to
assert that a refusal changed nothing."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.utils import timezone

from hamafza.common.actors import SYSTEM
from hamafza.common.models import AuditEntry
from hamafza.network.models.media import (
    MediaContact,
    MediaContactBeat,
    MediaInteraction,
    MediaOutlet,
    PressEnquiry,
)
from hamafza.network.services import media as services
from hamafza.notifications.models import Notification


def outlet_for(
    unit: Any,
    *,
    name: str = "خبرگزاری ایرنا",
    kind: str = "news_agency",
    actor: Any = SYSTEM,
    **fields: Any,
) -> MediaOutlet:
    return services.outlet_create(actor=actor, owner_unit=unit, name=name, kind=kind, **fields)


def contact_for(
    unit: Any,
    *,
    name: str = "مریم خبرنگار",
    outlet: MediaOutlet | None = None,
    actor: Any = SYSTEM,
    **fields: Any,
) -> MediaContact:
    fields.setdefault("beats", ["disability", "social"])
    fields.setdefault("phone", "09120000000")
    fields.setdefault("email", "maryam@example.ir")
    fields.setdefault("basis", "consent")
    return services.contact_create(actor=actor, owner_unit=unit, name=name, outlet=outlet, **fields)


def interaction_for(
    contact: MediaContact,
    *,
    unit: Any = None,
    actor: Any = SYSTEM,
    kind: str = "press_release",
    **fields: Any,
) -> MediaInteraction:
    return services.interaction_log(
        actor=actor, unit=unit or contact.owner_unit, kind=kind, contact=contact, **fields
    )


def enquiry_for(
    unit: Any,
    *,
    contact: MediaContact | None = None,
    outlet: MediaOutlet | None = None,
    actor: Any = SYSTEM,
    subject: str = "پرسش درباره طرح اشتغال",
    hours: float = 24,
    owner: Any = None,
    received_at: Any = None,
) -> PressEnquiry:
    received = received_at or timezone.now()
    return services.enquiry_create(
        actor=actor,
        unit=unit,
        contact=contact,
        outlet=outlet,
        subject=subject,
        received_at=received,
        deadline=received + timedelta(hours=hours),
        owner=owner,
    )


def media_state() -> dict[str, Any]:
    """Everything the media services may write, in comparable form."""
    return {
        "outlets": list(MediaOutlet.objects.order_by("pk").values()),
        "contacts": list(MediaContact.objects.order_by("pk").values()),
        "beats": list(MediaContactBeat.objects.order_by("pk").values()),
        "interactions": list(MediaInteraction.objects.order_by("pk").values()),
        "enquiries": list(PressEnquiry.objects.order_by("pk").values()),
        "notifications": Notification.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


@contextmanager
def unchanged() -> Iterator[None]:
    before = media_state()
    yield
    assert media_state() == before
