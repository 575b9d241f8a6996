"""`/api/v1/campaigns`: campaigns, joining them, their outputs and participation board, through
``network.services.campaigns`` with the desk's scoping (another unit's draft is a 404, the
board is for the owner's line and HQ). A change from an out-of-date ``version`` is a 409."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from hamafza.network.models.campaigns import (
    Campaign,
    CampaignAsset,
    CampaignOutput,
    CampaignParticipation,
)
from hamafza.network.permissions.campaigns import (
    TRANSITIONS,
    access_campaign,
    access_campaign_board,
    can_view_board,
)
from hamafza.network.selectors import campaigns as selectors
from hamafza.network.services import campaigns as services
from hamafza.network.services.campaigns import StaleCampaign
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
from hamafza.org.models import Unit
from hamafza.plans.models import Channel

router = Router(tags=["campaigns"])

# --- Schemas -------------------------------------------------------------------------------


class CampaignUnitOut(Schema):
    slug: str
    name: str


class CampaignOut(Schema):
    id: int
    title: str
    summary: str
    owner_unit: CampaignUnitOut
    status: str = Field(description=", ".join(Campaign.Status.values))
    version: int = Field(description="Send it back with a change; a stale one is a 409")
    starts_on: date
    ends_on: date
    hashtag: str = Field(description="Without '#'; published stories tagged with it count")
    extra_hashtags: list[str]
    scope: str = Field(description=", ".join(Campaign.Scope.values))
    goals: list[int]
    key_messages: list[int]
    units: list[str] = Field(description="Slugs of the invited units")
    launched_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_goals(obj: Campaign) -> list[int]:
        return sorted(g.pk for g in obj.goals.all())

    @staticmethod
    def resolve_key_messages(obj: Campaign) -> list[int]:
        return sorted(m.pk for m in obj.key_messages.all())

    @staticmethod
    def resolve_units(obj: Campaign) -> list[str]:
        return sorted(p.unit.slug for p in obj.participations.all())


class CampaignMessageOut(Schema):
    id: int
    channel: str
    text: str


class CampaignAssetOut(Schema):
    id: int
    title: str
    credit: str
    consent: str = Field(description=", ".join(CampaignAsset.Consent.values))
    downloadable: bool = Field(description="False without consent: for reference, not publication")
    size: int
    url: str | None = Field(description="Download address (only when downloadable)")

    @staticmethod
    def resolve_url(obj: CampaignAsset) -> str | None:
        if not obj.downloadable:
            return None
        return reverse("network:campaign_asset", args=[obj.campaign_id, obj.pk])


class CampaignTemplateOut(Schema):
    id: int
    title: str
    kind: str
    body: str


class CampaignDetailOut(CampaignOut):
    messages: list[CampaignMessageOut]
    assets: list[CampaignAssetOut]
    templates: list[CampaignTemplateOut]

    @staticmethod
    def resolve_messages(obj: Campaign) -> list[Any]:
        return list(obj.messages.all())

    @staticmethod
    def resolve_assets(obj: Campaign) -> list[Any]:
        return list(obj.assets.all())

    @staticmethod
    def resolve_templates(obj: Campaign) -> list[Any]:
        return list(obj.templates.all())


class CampaignPage(Schema):
    items: list[CampaignOut]
    count: int
    page: int
    page_size: int


class CampaignFilters(PageFilters):
    state: str = Field(default="", description="active, upcoming, past or draft")
    q: str = Field(default="", max_length=200)


class CampaignIn(Schema):
    owner_unit: str = Field(description="The owning unit's slug (HQ, or a province)")
    title: str = Field(max_length=1000)
    summary: str = Field(default="", max_length=16_000)
    starts_on: date
    ends_on: date
    hashtag: str = Field(max_length=200)
    extra_hashtags: list[str] = []
    goals: list[int] = Field(default=[], description="Goals of the active strategy")
    key_messages: list[int] = Field(default=[], description="Key messages of the active strategy")
    scope: str = Field(
        default=Campaign.Scope.CHILDREN, description=", ".join(Campaign.Scope.values)
    )
    units: list[str] = Field(default=[], description="Slugs, with scope 'chosen'")


class CampaignPatchIn(Schema):
    """Only the fields sent change. A running campaign takes title, summary, dates (the end
    not before today, the start only while it has not come), extra_hashtags, goals and
    key_messages; a draft every field."""

    version: int = Field(description="The version read; a stale one is a 409")
    title: str | None = Field(default=None, max_length=1000)
    summary: str | None = Field(default=None, max_length=16_000)
    starts_on: date | None = None
    ends_on: date | None = None
    hashtag: str | None = Field(default=None, max_length=200, description="A draft's only")
    extra_hashtags: list[str] | None = None
    goals: list[int] | None = None
    key_messages: list[int] | None = None
    scope: str | None = Field(default=None, description="A draft's only")
    units: list[str] | None = Field(default=None, description="A draft's only (slugs)")


class CampaignInviteIn(Schema):
    units: list[str] = Field(default=[], description="Slugs of the units to invite")


class CampaignTransitionIn(Schema):
    version: int | None = None
    note: str = Field(default="", max_length=2000)


class CampaignJoinIn(Schema):
    unit: str = Field(description="The invited unit's slug")


class CampaignParticipationOut(Schema):
    unit: CampaignUnitOut
    joined_at: datetime | None


class CampaignOutputOut(Schema):
    id: int
    unit: CampaignUnitOut
    kind: str = Field(description=", ".join(CampaignOutput.Kind.values))
    story: int | None = Field(alias="story_id")
    story_code: int | None
    url: str
    channel: str
    note: str
    has_evidence: bool
    occurred_at: datetime

    @staticmethod
    def resolve_story_code(obj: CampaignOutput) -> int | None:
        return obj.story.code if obj.story_id and obj.story else None

    @staticmethod
    def resolve_has_evidence(obj: CampaignOutput) -> bool:
        return bool(obj.evidence)


class CampaignOutputFilters(Schema):
    unit: str = Field(default="", description="A unit's slug")
    kind: str = Field(default="", description=", ".join(CampaignOutput.Kind.values))


class CampaignBoardRowOut(Schema):
    unit: CampaignUnitOut
    state: str = Field(description="active (has outputs), joined (none yet) or silent")
    joined_at: datetime | None
    story: int
    republish: int
    external: int
    total: int
    activities: int
    last_output: datetime | None


class CampaignSeriesPointOut(Schema):
    starts_on: date
    count: int


class CampaignBoardOut(Schema):
    invited: int
    joined: int
    active: int
    silent: int
    totals: dict[str, int]
    weekly: bool = Field(description="Buckets of seven days (else one day each)")
    rows: list[CampaignBoardRowOut]
    series: list[CampaignSeriesPointOut]


class CampaignConflictOut(Schema):
    detail: str
    code: str = Field(description="Always 'conflict'")
    version: int = Field(description="The campaign's version now")


def errors(*codes: int) -> dict[int, type[Schema]]:
    return common_errors(*codes, conflict=CampaignConflictOut)


def campaign_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """``service_errors`` plus ``StaleCampaign`` → 409 with the version as it is now."""
    return stale_as_conflict(
        view,
        StaleCampaign,
        detail=gettext_lazy("کارزار پس از آنکه شما خواندید تغییر کرده است؛ چیزی ذخیره نشد."),
    )


def _out(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_related("owner_unit")
        .prefetch_related("goals", "key_messages", "participations__unit")
        .get(pk=campaign.pk)
    )


def _units(slugs: list[str]) -> list[Unit]:
    units = []
    for slug in slugs:
        unit = unit_named(slug)
        if unit is not None:
            units.append(unit)
    return units


def _named_units(slugs: list[str]) -> list[Unit]:
    """Every unit named; an unknown slug is bad input."""
    units = []
    for slug in slugs:
        unit = unit_named(slug)
        if unit is None:
            raise ValidationError(_("واحد «%(slug)s» پیدا نشد.") % {"slug": slug})
        units.append(unit)
    return units


# --- Campaigns -----------------------------------------------------------------------------


@router.get(
    "", response={200: CampaignPage, **errors(400, 422)}, summary="Campaigns the caller may see"
)
@campaign_errors
def campaign_list(request: HttpRequest, filters: Query[CampaignFilters]) -> dict[str, Any]:
    staff(request)
    campaigns = selectors.campaign_list(
        viewer=caller(request), state=filters.state, q=filters.q
    ).prefetch_related("goals", "key_messages", "participations__unit")
    return {
        "items": list(campaigns[page_slice(filters.page, filters.page_size)]),
        "count": campaigns.count(),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.post("", response={201: CampaignOut, **errors(400, 422)}, summary="Create a draft campaign")
@campaign_errors
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Status[Campaign]:
    staff(request)
    owner = unit_named(payload.owner_unit)
    if owner is None:
        raise ValidationError(_("واحد برگزارکننده را نام ببرید."))
    fields = payload.model_dump(exclude={"owner_unit", "units"})
    campaign = services.campaign_create(
        actor=caller(request), owner_unit=owner, units=_units(payload.units), **fields
    )
    return Status(201, _out(campaign))


@router.get(
    "/{pk}",
    response={200: CampaignDetailOut, **errors(404)},
    summary="One campaign with its toolkit",
)
@campaign_errors
def campaign_detail(request: HttpRequest, pk: int) -> Campaign:
    return _out(access_campaign(caller(request), pk))


@router.patch(
    "/{pk}",
    response={200: CampaignOut, **errors(400, 404, 409, 422)},
    summary="Edit a draft, or a running campaign's texts, goals, extra hashtags and dates",
)
@campaign_errors
def campaign_update(request: HttpRequest, pk: int, payload: CampaignPatchIn) -> Campaign:
    campaign = access_campaign(caller(request), pk, for_write=True)
    given = payload.model_dump(exclude_unset=True, exclude={"version", "units"})
    fields = {name: value for name, value in given.items() if value is not None}
    if payload.units is not None:
        fields["units"] = _named_units(payload.units)
    services.campaign_update(
        actor=caller(request), campaign=campaign, version=payload.version, **fields
    )
    return _out(campaign)


@router.post(
    "/{pk}/participants",
    response={201: list[CampaignParticipationOut], **errors(400, 404, 422)},
    summary="Invite more units to a running campaign (its managers); returns the new ones",
)
@campaign_errors
def campaign_invite(
    request: HttpRequest, pk: int, payload: CampaignInviteIn
) -> Status[list[CampaignParticipation]]:
    campaign = access_campaign(caller(request), pk)
    added = services.campaign_invite(
        actor=caller(request), campaign=campaign, units=_named_units(payload.units)
    )
    found = CampaignParticipation.objects.select_related("unit").filter(
        pk__in=[p.pk for p in added]
    )
    return Status(201, list(found.order_by("unit__slug")))


@router.delete(
    "/{pk}/participants/{unit}",
    response={204: None, **errors(400, 404)},
    summary="Take an invited unit without outputs off a running campaign (its managers)",
)
@campaign_errors
def campaign_participant_remove(request: HttpRequest, pk: int, unit: str) -> Status[None]:
    campaign = access_campaign(caller(request), pk)
    named = _named_units([unit])[0]
    services.campaign_participant_remove(actor=caller(request), campaign=campaign, unit=named)
    return Status(204, None)


def _transition_view(name: str) -> Callable[..., Any]:
    @campaign_errors
    def view(
        request: HttpRequest, pk: int, payload: CampaignTransitionIn | None = None
    ) -> Campaign:
        payload = payload or CampaignTransitionIn()
        campaign = services.campaign_transition(
            actor=caller(request),
            campaign=access_campaign(caller(request), pk),
            name=name,
            version=payload.version,
            note=payload.note,
        )
        return _out(campaign)

    view.__name__ = view.__qualname__ = f"campaign_{name}"
    return view


for _name, _transition in TRANSITIONS.items():
    router.post(
        f"/{{pk}}/{_name}",
        response={200: CampaignOut, **errors(400, 404, 409, 422)},
        summary=f"Workflow: {', '.join(sorted(_transition.sources))} → {_transition.target}"
        + (" (`note` required)" if _transition.needs_note else ""),
        description=str(_transition.label),
    )(_transition_view(_name))


@router.post(
    "/{pk}/join",
    response={200: CampaignParticipationOut, **errors(400, 404, 422)},
    summary="The invited unit joins (its head or editor)",
)
@campaign_errors
def campaign_join(request: HttpRequest, pk: int, payload: CampaignJoinIn) -> CampaignParticipation:
    campaign = access_campaign(caller(request), pk)
    unit = unit_named(payload.unit)
    if unit is None:
        raise ValidationError(_("واحد را نام ببرید."))
    participation = services.campaign_join(actor=caller(request), campaign=campaign, unit=unit)
    return CampaignParticipation.objects.select_related("unit").get(pk=participation.pk)


@router.get(
    "/{pk}/outputs",
    response={200: list[CampaignOutputOut], **errors(400, 404, 422)},
    summary="Outputs: all for the owner's line and HQ, else the caller's units'",
)
@campaign_errors
def campaign_outputs(
    request: HttpRequest, pk: int, filters: Query[CampaignOutputFilters]
) -> list[CampaignOutput]:
    access = staff(request)
    campaign = access_campaign(caller(request), pk)
    shown = None if can_view_board(access, campaign) else access.tree.subtrees(access.roles_by_unit)
    outputs = selectors.unit_outputs(campaign, shown)
    unit = unit_named(filters.unit)
    if unit is not None:
        outputs = outputs.filter(unit=unit)
    if filters.kind:
        outputs = outputs.filter(kind=filters.kind)
    return list(outputs[:500])


@router.post(
    "/{pk}/outputs",
    response={201: CampaignOutputOut, **errors(400, 404, 422)},
    summary="Log an external post (multipart: unit, url, occurred_on, channel, note, evidence)",
)
@campaign_errors
def campaign_output_log(
    request: HttpRequest,
    pk: int,
    unit: Form[str],
    url: Form[str],
    occurred_on: Form[date],
    evidence: File[UploadedFile],
    channel: Form[str] = Channel.SOCIAL,
    note: Form[str] = "",
) -> Status[CampaignOutput]:
    campaign = access_campaign(caller(request), pk)
    named = unit_named(unit)
    if named is None:
        raise ValidationError(_("واحد را نام ببرید."))
    output = services.campaign_output_log(
        actor=caller(request),
        campaign=campaign,
        unit=named,
        url=url,
        occurred_on=occurred_on,
        channel=channel,
        note=note,
        evidence=evidence,
    )
    return Status(201, CampaignOutput.objects.select_related("unit", "story").get(pk=output.pk))


@router.get(
    "/{pk}/board",
    response={200: CampaignBoardOut, **errors(404)},
    summary="The participation board's figures (owner's line and HQ)",
)
@campaign_errors
def campaign_board(request: HttpRequest, pk: int) -> dict[str, Any]:
    campaign = access_campaign_board(caller(request), pk)
    board = selectors.campaign_board(campaign)
    step = 7 if board.weekly else 1
    return {
        "invited": board.invited,
        "joined": board.joined,
        "active": board.active,
        "silent": len(board.silent),
        "totals": board.totals,
        "weekly": board.weekly,
        "rows": [
            {
                "unit": row.unit,
                "state": row.state,
                "joined_at": row.participation.joined_at,
                **row.counts,
                "total": row.total,
                "activities": row.activities,
                "last_output": row.last_output,
            }
            for row in board.rows
        ],
        "series": [
            {"starts_on": campaign.starts_on + timedelta(days=i * step), "count": value}
            for i, value in enumerate(board.series_values)
        ],
    }
