"""`/partners`: the registry of agencies, NGOs, media, universities and foreign institutions."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from hamafza.org import selectors, services
from hamafza.org.api._common import (
    PageFilters,
    UnitRef,
    caller,
    errors,
    fetch_partner,
    page_slice,
    service_errors,
    staff,
    unit_named,
)
from hamafza.org.models import Domain, Partner, PartnerContact

router = Router()


class ContactOut(Schema):
    id: int
    name: str
    position: str
    phone: str
    email: str
    notes: str


class PartnerOut(Schema):
    id: int
    name: str
    name_en: str
    kind: str
    domains: list[str] = Field(description="Domain codes")
    country: str
    website: str
    description: str
    owner_unit: UnitRef
    is_active: bool

    @staticmethod
    def resolve_domains(obj: Partner) -> list[str]:
        return sorted(domain.code for domain in obj.domains.all())


class PartnerDetailOut(PartnerOut):
    contacts: list[ContactOut]

    @staticmethod
    def resolve_contacts(obj: Partner) -> list[PartnerContact]:
        return list(obj.contacts.all())


class PartnerPage(Schema):
    items: list[PartnerOut]
    count: int
    page: int
    page_size: int


class PartnerFilters(PageFilters):
    q: str = Field("", max_length=200, description="Words in the name (Persian or English)")
    kind: Partner.Kind | None = None
    domain: Domain.Code | None = None
    unit: str = Field("", max_length=100, description="The registering unit's slug")


class PartnerIn(Schema):
    owner_unit: str = Field(description="Slug of the unit registering the partner")
    name: str
    name_en: str = ""
    kind: Partner.Kind
    domains: list[Domain.Code] = []
    country: str = "ایران"
    website: str = ""
    description: str = Field("", max_length=4000)


class PartnerPatch(Schema):
    """Every field is optional; a field left out is not changed."""

    name: str | None = None
    name_en: str | None = None
    kind: Partner.Kind | None = None
    domains: list[Domain.Code] | None = None
    country: str | None = None
    website: str | None = None
    description: str | None = Field(None, max_length=4000)
    is_active: bool | None = None


class ContactIn(Schema):
    name: str
    position: str = ""
    phone: str = ""
    email: str = ""
    notes: str = Field("", max_length=2000)


def _partner(pk: int) -> Partner:
    """The partner loaded with what ``PartnerDetailOut`` shows."""
    return (
        Partner.objects.select_related("owner_unit")
        .prefetch_related("domains", "contacts")
        .get(pk=pk)
    )


def _plain(value: Any) -> Any:
    # Enum members (kind) go to the services as their stored value.
    return str(value) if isinstance(value, str) else value


@router.get(
    "/partners",
    response={200: PartnerPage, **errors(400, 422)},
    summary="Active partners, by name, kind, domain and registering unit",
)
@service_errors
def partner_list(request: HttpRequest, filters: Query[PartnerFilters]) -> dict[str, object]:
    staff(request)
    partners = selectors.partner_search(
        q=filters.q,
        kind=filters.kind or "",
        domain=filters.domain or "",
        unit=unit_named(filters.unit),
    )
    return {
        "items": list(partners[page_slice(filters.page, filters.page_size)]),
        "count": partners.count(),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.get(
    "/partners/{partner_id}",
    response={200: PartnerDetailOut, **errors(404)},
    summary="One partner with its contacts",
)
@service_errors
def partner_detail(request: HttpRequest, partner_id: int) -> Partner:
    return _partner(fetch_partner(caller(request), partner_id).pk)


@router.post(
    "/partners",
    response={201: PartnerDetailOut, **errors(400, 422)},
    summary="Register a partner for one of your units",
)
@service_errors
def partner_create(request: HttpRequest, payload: PartnerIn) -> Status[Partner]:
    staff(request)
    owner_unit = unit_named(payload.owner_unit)
    if owner_unit is None:
        raise HttpError(400, _("واحد ثبت‌کننده را مشخص کنید."))
    fields = payload.model_dump(exclude={"owner_unit", "domains"})
    partner = services.partner_create(
        actor=caller(request),
        owner_unit=owner_unit,
        domains=[str(code) for code in payload.domains],
        **{name: _plain(value) for name, value in fields.items()},
    )
    return Status(201, _partner(partner.pk))


@router.patch(
    "/partners/{partner_id}",
    response={200: PartnerDetailOut, **errors(400, 404, 422)},
    summary="Change a partner (editors, heads and admins of the registering unit or above)",
)
@service_errors
def partner_update(request: HttpRequest, partner_id: int, payload: PartnerPatch) -> Partner:
    actor = caller(request)
    partner = fetch_partner(actor, partner_id, for_write=True)
    fields = payload.model_dump(exclude_unset=True, exclude={"domains"})
    if any(value is None for value in fields.values()):
        raise HttpError(400, _("برای نگه‌داشتن یک فیلد آن را نفرستید؛ مقدار null پذیرفته نیست."))
    services.partner_update(
        actor=actor,
        partner=partner,
        domains=[str(code) for code in payload.domains] if payload.domains is not None else None,
        **{name: _plain(value) for name, value in fields.items()},
    )
    return _partner(partner.pk)


@router.post(
    "/partners/{partner_id}/contacts",
    response={201: ContactOut, **errors(400, 404, 422)},
    summary="Add a contact person to a partner",
)
@service_errors
def partner_contact_add(
    request: HttpRequest, partner_id: int, payload: ContactIn
) -> Status[PartnerContact]:
    actor = caller(request)
    partner = fetch_partner(actor, partner_id, for_write=True)
    return Status(
        201, services.partner_contact_add(actor=actor, partner=partner, **payload.model_dump())
    )


@router.delete(
    "/partners/{partner_id}/contacts/{contact_id}",
    response={204: None, **errors(404)},
    summary="Remove a contact person from a partner",
)
@service_errors
def partner_contact_remove(request: HttpRequest, partner_id: int, contact_id: int) -> Status[None]:
    actor = caller(request)
    partner = fetch_partner(actor, partner_id, for_write=True)
    contact = PartnerContact.objects.filter(partner=partner, pk=contact_id).first()
    if contact is None:
        raise HttpError(404, _("رابطی با این شناسه در این همکار پیدا نشد."))
    contact.partner = partner
    services.partner_contact_remove(actor=actor, contact=contact)
    return Status(204, None)
