"""``/api/v1/support-requests``: support requests, the caller's offers, answers, confirmation,
completion with story credits — through ``network.services.support`` with the same scoping as
the desk (a request the caller may not see is a 404). A change from an out-of-date
``version`` is a 409 with the version now."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.network.permissions.support import (
    access_support_offer,
    access_support_request,
    sees_all_offers,
)
from hamafza.network.selectors import support as selectors
from hamafza.network.services import support as services
from hamafza.network.services.support import StaleSupportRequest
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
from hamafza.org.models import Skill
from hamafza.org.permissions import access_for

router = Router(tags=["network"])

# --- Schemas -------------------------------------------------------------------------------


class SupportUnitOut(Schema):
    slug: str
    name: str


class SupportOfferOut(Schema):
    id: int
    request: int = Field(alias="request_id")
    user: str = Field(description="The practitioner's username")
    name: str = Field(description="The practitioner's display name")
    unit: SupportUnitOut = Field(description="The helper's unit the offer was ranked by")
    tier: int = Field(
        description="0 same unit, 1 neighbour, 2 rest of the province, 3 other province, 4 HQ"
    )
    distance: int = Field(description="Edges between the two units in the tree")
    status: str = Field(description=", ".join(SupportOffer.Status.values))
    reason: str
    offered_at: datetime
    responded_at: datetime | None
    confirmed_at: datetime | None

    @staticmethod
    def resolve_user(obj: SupportOffer) -> str:
        return obj.user.get_username()

    @staticmethod
    def resolve_name(obj: SupportOffer) -> str:
        return str(obj.user.display_name)


class SupportRequestOut(Schema):
    id: int
    title: str
    description: str
    unit: SupportUnitOut
    skill: str = Field(description="The skill's code")
    place: str
    starts_at: datetime
    hours: int
    people_needed: int
    status: str = Field(description=", ".join(SupportRequest.Status.values))
    version: int = Field(description="Send it back with a change; a stale one is a 409")
    closing_note: str
    created_at: datetime
    completed_at: datetime | None

    @staticmethod
    def resolve_skill(obj: SupportRequest) -> str:
        return obj.skill.code


class SupportRequestDetailOut(SupportRequestOut):
    stories: list[int] = Field(description="Ids of the credited stories (the caller may see)")
    offers: list[SupportOfferOut] = Field(
        description="Every offer for the requesting unit's line and HQ; only one's own otherwise"
    )

    @staticmethod
    def resolve_offers(obj: SupportRequest) -> list[SupportOffer]:
        return list(getattr(obj, "offer_list", []))

    @staticmethod
    def resolve_stories(obj: SupportRequest) -> list[int]:
        return sorted(s.pk for s in getattr(obj, "visible_story_list", []))


class SupportRequestPage(Schema):
    items: list[SupportRequestOut]
    count: int
    page: int
    page_size: int


class SupportMyOfferOut(SupportOfferOut):
    request_title: str
    request_unit: SupportUnitOut
    skill: str
    starts_at: datetime
    place: str
    request_status: str

    @staticmethod
    def resolve_request_title(obj: SupportOffer) -> str:
        return obj.request.title

    @staticmethod
    def resolve_request_unit(obj: SupportOffer) -> Any:
        return obj.request.unit

    @staticmethod
    def resolve_skill(obj: SupportOffer) -> str:
        return obj.request.skill.code

    @staticmethod
    def resolve_starts_at(obj: SupportOffer) -> datetime:
        return obj.request.starts_at

    @staticmethod
    def resolve_place(obj: SupportOffer) -> str:
        return obj.request.place

    @staticmethod
    def resolve_request_status(obj: SupportOffer) -> str:
        return obj.request.status


class SupportFilters(PageFilters):
    status: str = Field("", description=", ".join(SupportRequest.Status.values))
    unit: str = Field("", description="A unit's slug: its requests and those below it")


class SupportRequestIn(Schema):
    unit: str = Field(description="The requesting unit's slug")
    skill: str = Field(description="The skill's code (photo, video, design, translation…)")
    title: str = Field(max_length=200)
    description: str = Field("", max_length=4000)
    place: str = Field(max_length=300)
    starts_at: datetime = Field(description="With its time zone")
    hours: int = 2
    people_needed: int = 1
    offer_count: int | None = Field(
        None, ge=0, le=30, description="How many nearest practitioners to offer it to at once"
    )


class SupportRequestUpdateIn(Schema):
    version: int = Field(description="The request's version the change is made from")
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=4000)
    place: str | None = Field(None, max_length=300)
    starts_at: datetime | None = None
    hours: int | None = None
    people_needed: int | None = None


class SupportOfferMoreIn(Schema):
    usernames: list[str] = Field(default=[], description="Chosen practitioners")
    count: int | None = Field(
        None, ge=1, le=30, description="Or: the next nearest practitioners not yet asked"
    )


class SupportDeclineIn(Schema):
    reason: str = Field("", max_length=500)


class SupportCompleteIn(Schema):
    version: int | None = Field(None, description="The request's version (checked if sent)")
    stories: list[int] = Field(default=[], description="Story ids of the requesting unit")
    note: str = Field("", max_length=2000)


class SupportCreditsIn(Schema):
    version: int | None = None
    stories: list[int]


class SupportCancelIn(Schema):
    version: int | None = None
    note: str = Field("", max_length=2000)


class SupportConflictOut(Schema):
    detail: str
    code: str = Field(description="Always 'conflict'")
    version: int = Field(description="The request's version now")


def errors(*codes: int) -> dict[int, type[Schema]]:
    return common_errors(*codes, conflict=SupportConflictOut)


def support_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """``service_errors`` plus ``StaleSupportRequest`` → 409 with the version now."""
    return stale_as_conflict(view, StaleSupportRequest)


def _detail(request: HttpRequest, pk: int) -> SupportRequest:
    user = caller(request)
    support = access_support_request(user, pk)
    access = access_for(user)
    offers = selectors.request_offers(support)
    if not sees_all_offers(access, support):
        offers = [o for o in offers if o.user_id == user.pk]
    support.offer_list = offers  # type: ignore[attr-defined]
    support.visible_story_list = selectors.request_stories(support, viewer=user)  # type: ignore[attr-defined]
    return support


# --- Requests ------------------------------------------------------------------------------


@router.get(
    "",
    response={200: SupportRequestPage, **errors(400, 422)},
    summary="Support requests the caller may see",
)
@support_errors
def support_request_list(request: HttpRequest, filters: Query[SupportFilters]) -> dict[str, Any]:
    access = staff(request)
    if filters.status and filters.status not in SupportRequest.Status.values:
        raise ValidationError(_("وضعیت نامعتبر است."))
    unit = unit_named(filters.unit)
    found = selectors.support_request_list(
        viewer=caller(request),
        status=filters.status,
        unit_ids=access.tree.subtree(unit.pk) if unit is not None else None,
    )
    items = list(found[page_slice(filters.page, filters.page_size)])
    return {
        "items": items,
        "count": found.count(),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.post(
    "", response={201: SupportRequestDetailOut, **errors(400, 422)}, summary="Ask for support"
)
@support_errors
def support_request_create(request: HttpRequest, payload: SupportRequestIn) -> Any:
    staff(request)
    unit = unit_named(payload.unit)
    if unit is None:
        raise ValidationError(_("واحد درخواست‌کننده را نام ببرید."))
    skill = Skill.objects.filter(code=payload.skill).first()
    if skill is None:
        raise ValidationError(_("مهارت «%(code)s» وجود ندارد.") % {"code": payload.skill})
    support = services.support_request_create(
        actor=caller(request),
        unit=unit,
        skill=skill,
        **payload.model_dump(exclude={"unit", "skill"}),
    )
    return Status(201, _detail(request, support.pk))


@router.get("/offers", response={200: list[SupportMyOfferOut], **errors(400, 422)})
@support_errors
def support_my_offers(request: HttpRequest, status: str = "") -> list[SupportOffer]:
    """The caller's offers (their "offers" inbox), newest first."""
    staff(request)
    if status and status not in SupportOffer.Status.values:
        raise ValidationError(_("وضعیت نامعتبر است."))
    return list(selectors.support_offers_for(caller(request), status=status)[:200])


@router.get("/{pk}", response={200: SupportRequestDetailOut, **errors(404)}, summary="One request")
@support_errors
def support_request_detail(request: HttpRequest, pk: int) -> SupportRequest:
    return _detail(request, pk)


@router.patch(
    "/{pk}",
    response={200: SupportRequestDetailOut, **errors(400, 404, 409, 422)},
    summary="Change the details of a request still looking for people",
)
@support_errors
def support_request_update(
    request: HttpRequest, pk: int, payload: SupportRequestUpdateIn
) -> SupportRequest:
    support = access_support_request(caller(request), pk)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    services.support_request_update(
        actor=caller(request),
        request=support,
        version=payload.version,
        **{name: value for name, value in sent.items() if value is not None},
    )
    return _detail(request, pk)


@router.post(
    "/{pk}/offers",
    response={200: SupportRequestDetailOut, **errors(400, 404, 422)},
    summary="Offer the request to more practitioners (chosen, or the next nearest)",
)
@support_errors
def support_request_offer_more(
    request: HttpRequest, pk: int, payload: SupportOfferMoreIn
) -> SupportRequest:
    support = access_support_request(caller(request), pk)
    if payload.usernames:
        users = [c.user for c in selectors.support_candidates(support, include_offered=True)]
        by_name = {u.get_username(): u for u in users}
        unknown = [name for name in payload.usernames if name not in by_name]
        if unknown:
            raise ValidationError(
                _("این افراد این مهارت را ندارند: %(names)s") % {"names": "، ".join(unknown)}
            )
        services.support_offer_add(
            actor=caller(request),
            request=support,
            users=[by_name[name] for name in payload.usernames],
        )
    else:
        services.support_offer_next(
            actor=caller(request), request=support, count=payload.count or 3
        )
    return _detail(request, pk)


@router.post(
    "/{pk}/complete",
    response={200: SupportRequestDetailOut, **errors(400, 404, 409, 422)},
    summary="in_progress → completed: confirmed helpers are credited on the stories",
)
@support_errors
def support_request_complete(
    request: HttpRequest, pk: int, payload: SupportCompleteIn
) -> SupportRequest:
    support = access_support_request(caller(request), pk)
    services.support_request_complete(
        actor=caller(request),
        request=support,
        stories=payload.stories,
        note=payload.note,
        version=payload.version,
    )
    return _detail(request, pk)


@router.put(
    "/{pk}/stories",
    response={200: SupportRequestDetailOut, **errors(400, 404, 409, 422)},
    summary="Change the credited stories of a completed request",
)
@support_errors
def support_request_credits(
    request: HttpRequest, pk: int, payload: SupportCreditsIn
) -> SupportRequest:
    support = access_support_request(caller(request), pk)
    services.support_credits_set(
        actor=caller(request), request=support, stories=payload.stories, version=payload.version
    )
    return _detail(request, pk)


@router.post(
    "/{pk}/cancel",
    response={200: SupportRequestDetailOut, **errors(400, 404, 409, 422)},
    summary="open / in_progress → cancelled",
)
@support_errors
def support_request_cancel(
    request: HttpRequest, pk: int, payload: SupportCancelIn
) -> SupportRequest:
    support = access_support_request(caller(request), pk)
    services.support_request_cancel(
        actor=caller(request), request=support, note=payload.note, version=payload.version
    )
    return _detail(request, pk)


# --- Offers --------------------------------------------------------------------------------


@router.post("/offers/{offer_id}/accept", response={200: SupportOfferOut, **errors(400, 404)})
@support_errors
def support_offer_accept(request: HttpRequest, offer_id: int) -> SupportOffer:
    offer = access_support_offer(caller(request), offer_id)
    return services.support_offer_accept(actor=caller(request), offer=offer)


@router.post("/offers/{offer_id}/decline", response={200: SupportOfferOut, **errors(400, 404, 422)})
@support_errors
def support_offer_decline(
    request: HttpRequest, offer_id: int, payload: SupportDeclineIn | None = None
) -> SupportOffer:
    offer = access_support_offer(caller(request), offer_id)
    reason = payload.reason if payload is not None else ""
    return services.support_offer_decline(actor=caller(request), offer=offer, reason=reason)


@router.post("/offers/{offer_id}/confirm", response={200: SupportOfferOut, **errors(400, 404)})
@support_errors
def support_offer_confirm(request: HttpRequest, offer_id: int) -> SupportOffer:
    offer = access_support_offer(caller(request), offer_id)
    return services.support_offer_confirm(actor=caller(request), offer=offer)


@router.post("/offers/{offer_id}/withdraw", response={200: SupportOfferOut, **errors(400, 404)})
@support_errors
def support_offer_withdraw(request: HttpRequest, offer_id: int) -> SupportOffer:
    offer = access_support_offer(caller(request), offer_id)
    return services.support_offer_withdraw(actor=caller(request), offer=offer)
