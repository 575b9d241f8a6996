"""`/api/v1/media`: media contacts, outlets, interactions and press enquiries, and a contact's
data on request (export; ``DELETE`` of a contact erases the person), through
``network.services.media`` with the desk's scoping: a contact exists only for its unit, the
units above it and HQ (404 for anybody else). A change from an out-of-date ``version`` is a 409.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from hamafza.network.models.media import (
    ENQUIRY_TRANSITIONS,
    Beat,
    MediaContact,
    MediaInteraction,
    MediaOutlet,
    PressEnquiry,
)
from hamafza.network.permissions.media import (
    access_contact,
    access_enquiry,
    access_interaction,
    access_outlet,
    visible_interactions,
)
from hamafza.network.selectors import media as selectors
from hamafza.network.services import media as services
from hamafza.network.services.media import StaleMedia
from hamafza.newsroom.permissions import visible_stories
from hamafza.org.api._common import (
    PageFilters,
    caller,
    page_slice,
    staff,
    stale_as_conflict,
    unit_named,
)
from hamafza.org.api._common import (
    errors as common_errors,
)

router = Router(tags=["media"])

# --- Schemas -------------------------------------------------------------------------------


class MediaUnitOut(Schema):
    slug: str
    name: str


class MediaOutletRefOut(Schema):
    id: int
    name: str
    kind: str


class MediaOutletOut(Schema):
    id: int
    name: str
    kind: str = Field(description=", ".join(MediaOutlet.Kind.values))
    region: MediaUnitOut | None
    website: str
    phone: str
    email: str
    links: list[str] = Field(alias="link_list")
    owner_unit: MediaUnitOut
    is_active: bool
    version: int


class MediaOutletPage(Schema):
    items: list[MediaOutletOut]
    count: int
    page: int
    page_size: int


class MediaOutletIn(Schema):
    owner_unit: str = Field(description="The registering unit's slug")
    name: str = Field(max_length=400)
    kind: str = Field(description=", ".join(MediaOutlet.Kind.values))
    region: str = Field(
        default="", description="A unit's slug (province or county); empty: national"
    )
    website: str = Field(default="", max_length=400)
    phone: str = Field(default="", max_length=80)
    email: str = Field(default="", max_length=254)
    links: str = Field(default="", max_length=4000, description="One link per line")


class MediaOutletUpdateIn(Schema):
    """Only the fields sent are changed."""

    version: int
    name: str | None = Field(default=None, max_length=400)
    kind: str | None = None
    region: str | None = None
    website: str | None = Field(default=None, max_length=400)
    phone: str | None = Field(default=None, max_length=80)
    email: str | None = Field(default=None, max_length=254)
    links: str | None = Field(default=None, max_length=4000)
    is_active: bool | None = None


class MediaContactOut(Schema):
    id: int
    name: str
    role: str
    outlet: MediaOutletRefOut | None
    region: MediaUnitOut | None
    beats: list[str] = Field(alias="beat_codes", description=", ".join(Beat.values))
    phone: str
    email: str
    messenger: str
    notes: str
    basis: str = Field(description=", ".join(MediaContact.Basis.values))
    basis_note: str
    owner_unit: MediaUnitOut
    version: int
    created_at: datetime
    updated_at: datetime


class MediaContactPage(Schema):
    items: list[MediaContactOut]
    count: int
    page: int
    page_size: int


class MediaContactFilters(PageFilters):
    q: str = Field(default="", max_length=200, description="Name, role, outlet, channels, beats")
    beat: str = Field(default="", description=", ".join(Beat.values))
    region: str = Field(default="", description="A unit's slug; includes the units below it")
    outlet: int | None = None
    unit: str = Field(default="", description="Owning unit's slug; includes the units below it")


class MediaContactIn(Schema):
    owner_unit: str = Field(description="The owning unit's slug")
    name: str = Field(max_length=400)
    role: str = Field(default="", max_length=400)
    outlet: int | None = None
    region: str = ""
    beats: list[str] = []
    phone: str = Field(default="", max_length=80)
    email: str = Field(default="", max_length=254)
    messenger: str = Field(default="", max_length=600)
    notes: str = Field(default="", max_length=8000)
    basis: str = Field(description="The legal basis: " + ", ".join(MediaContact.Basis.values))
    basis_note: str = Field(default="", max_length=1000)


class MediaContactUpdateIn(Schema):
    """Only the fields sent are changed."""

    version: int
    name: str | None = Field(default=None, max_length=400)
    role: str | None = Field(default=None, max_length=400)
    outlet: int | None = None
    region: str | None = None
    beats: list[str] | None = None
    phone: str | None = Field(default=None, max_length=80)
    email: str | None = Field(default=None, max_length=254)
    messenger: str | None = Field(default=None, max_length=600)
    notes: str | None = Field(default=None, max_length=8000)
    basis: str | None = None
    basis_note: str | None = Field(default=None, max_length=1000)


class MediaConflictOut(Schema):
    detail: str
    code: str = Field(description="Always 'conflict'")
    version: int = Field(description="The row's version now")


class MediaEraseOut(Schema):
    erased: int = Field(description="The erased contact's id")
    interactions: int = Field(description="Interactions kept, no longer naming the person")
    enquiries: int = Field(description="Enquiries kept, no longer naming the person")


class MediaExportContactOut(Schema):
    id: int
    name: str
    role: str
    outlet: str
    region: str
    beats: list[str]
    phone: str
    email: str
    messenger: str
    notes: str
    basis: str
    basis_note: str
    owner_unit: str
    created_at: datetime
    updated_at: datetime


class MediaExportInteractionOut(Schema):
    id: int
    kind: str
    occurred_at: datetime
    unit: str
    outlet: str
    story: str
    note: str


class MediaExportEnquiryOut(Schema):
    id: int
    subject: str
    details: str
    received_at: datetime
    deadline: datetime
    status: str
    unit: str
    answer: str
    answered_at: datetime | None


class MediaExportOut(Schema):
    exported_at: datetime
    contact: MediaExportContactOut
    interactions: list[MediaExportInteractionOut]
    enquiries: list[MediaExportEnquiryOut]


class MediaStoryRefOut(Schema):
    id: int
    headline: str


class MediaInteractionOut(Schema):
    id: int
    unit: MediaUnitOut
    kind: str = Field(description=", ".join(MediaInteraction.Kind.values))
    contact: int | None = Field(alias="contact_id")
    contact_label: str = Field(description="The contact's name, or «مخاطب حذف‌شده» once erased")
    outlet: MediaOutletRefOut | None
    story: MediaStoryRefOut | None
    occurred_at: datetime
    note: str


class MediaInteractionPage(Schema):
    items: list[MediaInteractionOut]
    count: int
    page: int
    page_size: int


class MediaInteractionFilters(PageFilters):
    contact: int | None = None
    unit: str = Field(default="", description="A unit's slug; includes the units below it")


class MediaInteractionIn(Schema):
    unit: str = Field(description="The logging unit's slug")
    kind: str = Field(description=", ".join(MediaInteraction.Kind.values))
    contact: int | None = None
    outlet: int | None = None
    story: int | None = Field(default=None, description="A story the unit may see")
    occurred_at: datetime | None = None
    note: str = Field(default="", max_length=8000)


class PressEnquiryOut(Schema):
    id: int
    unit: MediaUnitOut
    contact: int | None = Field(alias="contact_id")
    contact_label: str
    outlet: MediaOutletRefOut | None
    subject: str
    details: str
    received_at: datetime
    deadline: datetime
    owner: str | None
    status: str = Field(description=", ".join(PressEnquiry.Status.values))
    overdue: bool = Field(description="Open with its deadline passed")
    answer: str
    answered_at: datetime | None
    status_note: str
    version: int

    @staticmethod
    def resolve_owner(obj: PressEnquiry) -> str | None:
        return obj.owner.username if obj.owner else None

    @staticmethod
    def resolve_overdue(obj: PressEnquiry) -> bool:
        return obj.is_overdue()


class PressEnquiryPage(Schema):
    items: list[PressEnquiryOut]
    count: int
    overdue: int = Field(description="How many of the caller's visible enquiries are overdue")
    page: int
    page_size: int


class PressEnquiryFilters(PageFilters):
    scope: str = Field(default="", description="'' (all visible), 'mine' or 'overdue'")
    status: str = Field(default="", description=", ".join(PressEnquiry.Status.values))
    unit: str = Field(default="", description="A unit's slug; includes the units below it")
    q: str = Field(default="", max_length=200)


class PressEnquiryIn(Schema):
    unit: str = Field(description="The answering unit's slug")
    contact: int | None = None
    outlet: int | None = None
    subject: str = Field(max_length=600)
    details: str = Field(default="", max_length=16_000)
    received_at: datetime | None = None
    deadline: datetime
    owner: str = Field(default="", description="A username: a member of the unit")


class PressEnquiryUpdateIn(Schema):
    version: int
    subject: str | None = Field(default=None, max_length=600)
    details: str | None = Field(default=None, max_length=16_000)
    deadline: datetime | None = None


class PressEnquiryAssignIn(Schema):
    owner: str = Field(description="A username (a member of the unit); empty: nobody")
    version: int | None = None


class PressEnquiryTransitionIn(Schema):
    version: int | None = None
    answer: str = Field(default="", max_length=16_000)
    note: str = Field(default="", max_length=2000)


def errors(*codes: int) -> dict[int, type[Schema]]:
    return common_errors(*codes, conflict=MediaConflictOut)


def media_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """``service_errors`` plus ``StaleMedia`` → 409 with the row's version now."""
    return stale_as_conflict(view, StaleMedia)


def _page(items: Any, filters: PageFilters, **extra: Any) -> dict[str, Any]:
    return {
        "items": list(items[page_slice(filters.page, filters.page_size)]),
        "count": items.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        **extra,
    }


def _outlet_ref(pk: int | None) -> MediaOutlet | None:
    if pk is None:
        return None
    outlet = MediaOutlet.objects.filter(pk=pk).first()
    if outlet is None:
        raise ValidationError(_("رسانه %(id)s پیدا نشد.") % {"id": pk})
    return outlet


def _unit_required(slug: str) -> Any:
    unit = unit_named(slug)
    if unit is None:
        raise ValidationError(_("واحد را نام ببرید."))
    return unit


# --- Outlets -------------------------------------------------------------------------------


def _outlet_out(outlet: MediaOutlet) -> MediaOutlet:
    return MediaOutlet.objects.select_related("region", "owner_unit").get(pk=outlet.pk)


@router.get("/outlets", response={200: MediaOutletPage, **errors(422)}, summary="Media outlets")
@media_errors
def media_outlet_list(request: HttpRequest, filters: Query[PageFilters], q: str = "",
                      kind: str = "") -> dict[str, Any]:  # fmt: skip
    staff(request)
    return _page(selectors.outlet_list(viewer=caller(request), q=q, kind=kind), filters)


@router.post("/outlets", response={201: MediaOutletOut, **errors(400, 422)})
@media_errors
def media_outlet_create(request: HttpRequest, payload: MediaOutletIn) -> Any:
    staff(request)
    fields = payload.model_dump(exclude={"owner_unit", "region"})
    outlet = services.outlet_create(
        actor=caller(request),
        owner_unit=_unit_required(payload.owner_unit),
        region=unit_named(payload.region),
        **fields,
    )
    return Status(201, _outlet_out(outlet))


@router.get("/outlets/{pk}", response={200: MediaOutletOut, **errors(404)})
@media_errors
def media_outlet_detail(request: HttpRequest, pk: int) -> MediaOutlet:
    return access_outlet(caller(request), pk)


@router.patch("/outlets/{pk}", response={200: MediaOutletOut, **errors(400, 404, 409, 422)})
@media_errors
def media_outlet_update(request: HttpRequest, pk: int, payload: MediaOutletUpdateIn) -> Any:
    outlet = access_outlet(caller(request), pk)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    fields = {name: value for name, value in sent.items() if value is not None}
    if "region" in fields:
        fields["region"] = unit_named(fields["region"])
    services.outlet_update(actor=caller(request), outlet=outlet, version=payload.version, **fields)
    return _outlet_out(outlet)


# --- Contacts ------------------------------------------------------------------------------


def _contact_out(contact: MediaContact) -> MediaContact:
    return (
        MediaContact.objects.select_related("owner_unit", "outlet", "region")
        .prefetch_related("beat_rows")
        .get(pk=contact.pk)
    )


@router.get(
    "/contacts",
    response={200: MediaContactPage, **errors(400, 422)},
    summary="Contacts the caller may see (their unit's, the units' below, or all for HQ)",
)
@media_errors
def media_contact_list(request: HttpRequest, filters: Query[MediaContactFilters]) -> Any:
    access = staff(request)
    region, unit = unit_named(filters.region), unit_named(filters.unit)
    contacts = selectors.contact_list(
        viewer=caller(request),
        q=filters.q,
        beat=filters.beat,
        region_ids=access.tree.subtree(region.pk) if region else None,
        outlet_id=filters.outlet,
        unit_ids=access.tree.subtree(unit.pk) if unit else None,
    )
    return _page(contacts, filters)


@router.post("/contacts", response={201: MediaContactOut, **errors(400, 422)})
@media_errors
def media_contact_create(request: HttpRequest, payload: MediaContactIn) -> Any:
    staff(request)
    fields = payload.model_dump(exclude={"owner_unit", "outlet", "region"})
    contact = services.contact_create(
        actor=caller(request),
        owner_unit=_unit_required(payload.owner_unit),
        outlet=_outlet_ref(payload.outlet),
        region=unit_named(payload.region),
        **fields,
    )
    return Status(201, _contact_out(contact))


@router.get("/contacts/{pk}", response={200: MediaContactOut, **errors(404)})
@media_errors
def media_contact_detail(request: HttpRequest, pk: int) -> MediaContact:
    return access_contact(caller(request), pk)


@router.patch("/contacts/{pk}", response={200: MediaContactOut, **errors(400, 404, 409, 422)})
@media_errors
def media_contact_update(request: HttpRequest, pk: int, payload: MediaContactUpdateIn) -> Any:
    contact = access_contact(caller(request), pk)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    fields = {name: value for name, value in sent.items() if value is not None or name == "outlet"}
    if "outlet" in fields:
        fields["outlet"] = _outlet_ref(fields["outlet"])
    if "region" in fields:
        fields["region"] = unit_named(fields["region"])
    services.contact_update(
        actor=caller(request), contact=contact, version=payload.version, **fields
    )
    return _contact_out(contact)


@router.get(
    "/contacts/{pk}/export",
    response={200: MediaExportOut, **errors(404)},
    summary="Everything held about the person (their request): contact, interactions, "
    "enquiries. Editors, heads and admins of the owning unit (or above) and HQ strategists.",
)
@media_errors
def media_contact_export(request: HttpRequest, pk: int) -> dict[str, Any]:
    contact = access_contact(caller(request), pk)
    return services.contact_export(actor=caller(request), contact=contact)


@router.delete(
    "/contacts/{pk}",
    response={200: MediaEraseOut, **errors(404)},
    summary="Erase the person's data on their request (heads and admins of the owning unit "
    "or above, HQ strategists): interactions and enquiries stay, no longer naming them",
)
@media_errors
def media_contact_erase(request: HttpRequest, pk: int, reason: str = "") -> dict[str, int]:
    contact = access_contact(caller(request), pk)
    counts = services.contact_erase(actor=caller(request), contact=contact, reason=reason)
    return {"erased": pk, **counts}


# --- Interactions --------------------------------------------------------------------------


def _interaction_out(interaction: MediaInteraction) -> MediaInteraction:
    return MediaInteraction.objects.select_related("unit", "contact", "outlet", "story").get(
        pk=interaction.pk
    )


@router.get("/interactions", response={200: MediaInteractionPage, **errors(400, 422)})
@media_errors
def media_interaction_list(
    request: HttpRequest, filters: Query[MediaInteractionFilters]
) -> dict[str, Any]:
    access = staff(request)
    found = visible_interactions(caller(request)).select_related(
        "unit", "contact", "outlet", "story"
    )
    if filters.contact is not None:
        found = found.filter(contact_id=filters.contact)
    unit = unit_named(filters.unit)
    if unit is not None:
        found = found.filter(unit_id__in=access.tree.subtree(unit.pk))
    return _page(found.order_by("-occurred_at", "-id"), filters)


@router.post("/interactions", response={201: MediaInteractionOut, **errors(400, 404, 422)})
@media_errors
def media_interaction_create(request: HttpRequest, payload: MediaInteractionIn) -> Any:
    user = caller(request)
    staff(request)
    contact = access_contact(user, payload.contact) if payload.contact is not None else None
    story = None
    if payload.story is not None:
        story = visible_stories(user).filter(pk=payload.story).first()
        if story is None:
            raise ValidationError(_("این خبر برای این واحد در دسترس نیست."))
    interaction = services.interaction_log(
        actor=user,
        unit=_unit_required(payload.unit),
        kind=payload.kind,
        contact=contact,
        outlet=_outlet_ref(payload.outlet),
        story=story,
        occurred_at=payload.occurred_at,
        note=payload.note,
    )
    return Status(201, _interaction_out(interaction))


@router.get("/interactions/{pk}", response={200: MediaInteractionOut, **errors(404)})
@media_errors
def media_interaction_detail(request: HttpRequest, pk: int) -> MediaInteraction:
    return access_interaction(caller(request), pk)


@router.delete("/interactions/{pk}", response={204: None, **errors(404)})
@media_errors
def media_interaction_remove(request: HttpRequest, pk: int) -> Any:
    interaction = access_interaction(caller(request), pk)
    services.interaction_remove(actor=caller(request), interaction=interaction)
    return Status(204, None)


# --- Press enquiries -----------------------------------------------------------------------


def _enquiry_out(enquiry: PressEnquiry) -> PressEnquiry:
    return PressEnquiry.objects.select_related("unit", "contact", "outlet", "owner").get(
        pk=enquiry.pk
    )


def _user_named(username: str) -> Any:
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(_("کاربر «%(name)s» پیدا نشد.") % {"name": username})
    return user


@router.get(
    "/enquiries",
    response={200: PressEnquiryPage, **errors(400, 422)},
    summary="Press enquiries the caller may see; open ones first, nearest deadline first",
)
@media_errors
def press_enquiry_list(request: HttpRequest, filters: Query[PressEnquiryFilters]) -> Any:
    access = staff(request)
    unit = unit_named(filters.unit)
    now = timezone.now()
    found = selectors.enquiry_list(
        viewer=caller(request),
        mine=filters.scope == "mine",
        overdue=filters.scope == "overdue",
        status=filters.status,
        unit_ids=access.tree.subtree(unit.pk) if unit else None,
        q=filters.q,
        now=now,
    )
    return _page(found, filters, overdue=selectors.overdue_count(caller(request), now=now))


@router.post("/enquiries", response={201: PressEnquiryOut, **errors(400, 404, 422)})
@media_errors
def press_enquiry_create(request: HttpRequest, payload: PressEnquiryIn) -> Any:
    user = caller(request)
    staff(request)
    contact = access_contact(user, payload.contact) if payload.contact is not None else None
    enquiry = services.enquiry_create(
        actor=user,
        unit=_unit_required(payload.unit),
        contact=contact,
        outlet=_outlet_ref(payload.outlet),
        subject=payload.subject,
        details=payload.details,
        received_at=payload.received_at,
        deadline=payload.deadline,
        owner=_user_named(payload.owner),
    )
    return Status(201, _enquiry_out(enquiry))


@router.get("/enquiries/{pk}", response={200: PressEnquiryOut, **errors(404)})
@media_errors
def press_enquiry_detail(request: HttpRequest, pk: int) -> PressEnquiry:
    return access_enquiry(caller(request), pk)


@router.patch("/enquiries/{pk}", response={200: PressEnquiryOut, **errors(400, 404, 409, 422)})
@media_errors
def press_enquiry_update(request: HttpRequest, pk: int, payload: PressEnquiryUpdateIn) -> Any:
    enquiry = access_enquiry(caller(request), pk)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    fields = {name: value for name, value in sent.items() if value is not None}
    services.enquiry_update(
        actor=caller(request), enquiry=enquiry, version=payload.version, **fields
    )
    return _enquiry_out(enquiry)


@router.post(
    "/enquiries/{pk}/assign",
    response={200: PressEnquiryOut, **errors(400, 404, 409, 422)},
    summary="Choose the owner (a member of the enquiry's unit); they are notified",
)
@media_errors
def press_enquiry_assign(request: HttpRequest, pk: int, payload: PressEnquiryAssignIn) -> Any:
    enquiry = access_enquiry(caller(request), pk)
    services.enquiry_assign(
        actor=caller(request),
        enquiry=enquiry,
        owner=_user_named(payload.owner),
        version=payload.version,
    )
    return _enquiry_out(enquiry)


def _transition_view(name: str) -> Callable[..., Any]:
    @media_errors
    def view(request: HttpRequest, pk: int, payload: PressEnquiryTransitionIn | None = None) -> Any:
        payload = payload or PressEnquiryTransitionIn()
        enquiry = access_enquiry(caller(request), pk)
        services.enquiry_transition(
            actor=caller(request),
            enquiry=enquiry,
            name=name,
            version=payload.version,
            answer=payload.answer,
            note=payload.note,
        )
        return _enquiry_out(enquiry)

    view.__name__ = view.__qualname__ = f"press_enquiry_{name}"
    return view


for _name, _transition in ENQUIRY_TRANSITIONS.items():
    router.post(
        f"/enquiries/{{pk}}/{_name}",
        response={200: PressEnquiryOut, **errors(400, 404, 409, 422)},
        summary=f"Workflow: {', '.join(sorted(_transition.sources))} → {_transition.target}"
        + (" (`answer` required)" if _transition.needs_answer else "")
        + (" (`note` required)" if _transition.needs_note else ""),
        description=str(_transition.label),
    )(_transition_view(_name))
