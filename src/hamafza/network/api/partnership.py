"""`/api/v1/partnership`: joint activities (list with filters, detail, record, change, remove)
and internal bulletins (list, detail, issue), through ``network.services.partnership`` with
the same rules as the desk. A change from an out-of-date ``version`` is a 409 with the version
as it is now; nothing changes on any refusal.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from hamafza.network.models.partnership import Bulletin, JointActivity
from hamafza.network.permissions.partnership import access_bulletin, access_joint_activity
from hamafza.network.selectors import partnership as selectors
from hamafza.network.services import partnership as services
from hamafza.network.services.partnership import StaleBulletin, StaleJointActivity
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
from hamafza.org.models import Domain, Partner, Unit

router = Router(tags=["network"])

# --- Schemas -------------------------------------------------------------------------------


class JointUnitOut(Schema):
    slug: str
    name: str


class JointPartnerOut(Schema):
    id: int
    name: str
    kind: str


class JointStoryOut(Schema):
    id: int
    code: int | None
    headline: str
    unit: str = Field(description="The story's unit slug")
    status: str
    published_at: datetime | None

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return str(obj.unit.slug)


class JointActivityOut(Schema):
    id: int
    title: str
    occurred_on: date
    place: str
    domain: str = Field(description=", ".join(Domain.Code.values))
    unit: JointUnitOut = Field(description="The unit that recorded it")
    other_units: list[JointUnitOut]
    partners: list[JointPartnerOut]
    description: str
    outcome: str
    stories: list[JointStoryOut] = Field(description="Linked stories the caller may see")
    version: int = Field(description="Send it back with a change; a stale one is a 409")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_domain(obj: JointActivity) -> str:
        return obj.domain_id

    @staticmethod
    def resolve_other_units(obj: JointActivity) -> list[Any]:
        return list(obj.other_units.all())

    @staticmethod
    def resolve_partners(obj: JointActivity) -> list[Any]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_stories(obj: JointActivity) -> list[Any]:
        return getattr(obj, "visible_story_list", [])


class JointActivityPage(Schema):
    items: list[JointActivityOut]
    count: int
    page: int
    page_size: int


class JointActivityFilters(PageFilters):
    domain: str = Field("", description="A domain code")
    partner: int | None = Field(None, description="A partner id")
    unit: str = Field(
        "", description="A unit slug: activities it (or a unit below it) took part in"
    )
    date_from: date | None = None
    date_to: date | None = None
    q: str = Field("", max_length=100)


class JointActivityIn(Schema):
    unit: str = Field(description="Slug of the recording unit")
    title: str = Field(max_length=300)
    occurred_on: date
    domain: str = Field(description=", ".join(Domain.Code.values))
    place: str = Field("", max_length=200)
    description: str = Field("", max_length=8000)
    outcome: str = Field("", max_length=4000)
    partners: list[int] = Field(default=[], description="Partner ids")
    other_units: list[str] = Field(default=[], description="Slugs of the other units taking part")
    stories: list[int] = Field(default=[], description="Story ids")


class JointActivityUpdateIn(Schema):
    version: int
    title: str | None = Field(None, max_length=300)
    occurred_on: date | None = None
    domain: str | None = None
    place: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=8000)
    outcome: str | None = Field(None, max_length=4000)
    partners: list[int] | None = None
    other_units: list[str] | None = None
    stories: list[int] | None = None


class JointConflictOut(Schema):
    detail: str
    code: str = Field(description="Always 'conflict'")
    version: int = Field(description="The version now")


class BulletinItemOut(Schema):
    position: int
    note: str
    story: JointStoryOut


class BulletinOut(Schema):
    id: int
    title: str
    intro: str
    unit: JointUnitOut
    status: str = Field(description=", ".join(Bulletin.Status.values))
    to_everyone: bool
    audience_units: list[JointUnitOut]
    items: list[BulletinItemOut]
    version: int
    issued_at: datetime | None
    web_url: str = Field(description="The bulletin's page on the desk")

    @staticmethod
    def resolve_audience_units(obj: Bulletin) -> list[Any]:
        return list(obj.audience_units.order_by("name"))

    @staticmethod
    def resolve_items(obj: Bulletin) -> list[Any]:
        return selectors.bulletin_items(obj)

    @staticmethod
    def resolve_web_url(obj: Bulletin) -> str:
        from django.urls import reverse

        return reverse("network:partnership_bulletin", args=[obj.pk])


class BulletinSummaryOut(Schema):
    id: int
    title: str
    unit: JointUnitOut
    status: str
    issued_at: datetime | None


class BulletinPage(Schema):
    items: list[BulletinSummaryOut]
    count: int
    page: int
    page_size: int


class BulletinFilters(PageFilters):
    status: str = Field("", description=", ".join(Bulletin.Status.values))


class BulletinIssueIn(Schema):
    version: int | None = Field(None, description="Checked when sent")


class BulletinIssueOut(Schema):
    bulletin: BulletinOut
    deliveries_created: int = Field(
        description="E-mails this call queued (0 when the bulletin was already issued)"
    )


def errors(*codes: int) -> dict[int, type[Schema]]:
    return common_errors(*codes, conflict=JointConflictOut)


def partnership_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """``service_errors`` plus a stale version → 409 with the version as it is now."""
    return stale_as_conflict(view, StaleJointActivity, StaleBulletin)


def _activity_out(request: HttpRequest, activity: JointActivity) -> JointActivity:
    fresh = (
        JointActivity.objects.select_related("unit", "domain")
        .prefetch_related("partners", "other_units")
        .get(pk=activity.pk)
    )
    fresh.visible_story_list = selectors.joint_activity_stories(  # type: ignore[attr-defined]
        viewer=caller(request), activity=fresh
    )
    return fresh


def _units(slugs: list[str]) -> list[Unit]:
    units = [unit_named(slug) for slug in slugs]
    return [unit for unit in units if unit is not None]


def _partner_ids(ids: list[int]) -> list[int]:
    found = set(Partner.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            _("همکاری با این شناسه پیدا نشد: %(ids)s") % {"ids": "، ".join(missing)}
        )
    return ids


def _story_ids(request: HttpRequest, ids: list[int]) -> list[int]:
    """Stories the caller may not see are "not found" (400), like ids that do not exist."""
    found = set(visible_stories(caller(request)).filter(pk__in=ids).values_list("pk", flat=True))
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            _("خبری با این شناسه پیدا نشد: %(ids)s") % {"ids": "، ".join(missing)}
        )
    return ids


# --- Joint activities -----------------------------------------------------------------------


@router.get(
    "/activities",
    response={200: JointActivityPage, **errors(400, 422)},
    summary="Joint activities (every staff member sees all)",
)
@partnership_errors
def joint_activity_list(
    request: HttpRequest, filters: Query[JointActivityFilters]
) -> dict[str, Any]:
    staff(request)
    partner = None
    if filters.partner is not None:
        partner = Partner.objects.filter(pk=filters.partner).first()
        if partner is None:
            raise ValidationError(_("همکاری با این شناسه پیدا نشد."))
    if filters.domain and filters.domain not in Domain.Code.values:
        raise ValidationError(_("حوزه نامعتبر است."))
    found = selectors.joint_activity_list(
        viewer=caller(request),
        domain=filters.domain,
        partner=partner,
        unit=unit_named(filters.unit),
        date_from=filters.date_from,
        date_to=filters.date_to,
        q=" ".join(filters.q.split()),
    )
    page = list(found[page_slice(filters.page, filters.page_size)])
    stories: dict[int, list[Any]] = {activity.pk: [] for activity in page}
    links = JointActivity.stories.through.objects.filter(
        jointactivity_id__in=list(stories), story__in=visible_stories(caller(request))
    ).select_related("story__unit")
    for link in links.order_by("-story__published_at", "-story_id"):
        stories[link.jointactivity_id].append(link.story)
    for activity in page:
        activity.visible_story_list = stories[activity.pk]  # type: ignore[attr-defined]
    return {
        "items": page,
        "count": found.count(),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.post(
    "/activities",
    response={201: JointActivityOut, **errors(400, 422)},
    summary="Record a joint activity",
)
@partnership_errors
def joint_activity_create(request: HttpRequest, payload: JointActivityIn) -> Any:
    staff(request)
    unit = unit_named(payload.unit)
    if unit is None:
        raise ValidationError(_("واحد ثبت‌کننده را نام ببرید."))
    data = payload.model_dump(exclude={"unit"})
    data["other_units"] = _units(data["other_units"])
    data["partners"] = _partner_ids(data["partners"])
    data["stories"] = _story_ids(request, data["stories"])
    activity = services.joint_activity_create(actor=caller(request), unit=unit, **data)
    return Status(201, _activity_out(request, activity))


@router.get(
    "/activities/{pk}", response={200: JointActivityOut, **errors(404)}, summary="One activity"
)
@partnership_errors
def joint_activity_detail(request: HttpRequest, pk: int) -> JointActivity:
    return _activity_out(request, access_joint_activity(caller(request), pk))


@router.patch(
    "/activities/{pk}",
    response={200: JointActivityOut, **errors(400, 404, 409, 422)},
    summary="Change a joint activity (fields sent only)",
)
@partnership_errors
def joint_activity_update(
    request: HttpRequest, pk: int, payload: JointActivityUpdateIn
) -> JointActivity:
    activity = access_joint_activity(caller(request), pk)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    fields = {name: value for name, value in sent.items() if value is not None}
    if "other_units" in fields:
        fields["other_units"] = _units(fields["other_units"])
    if "partners" in fields:
        fields["partners"] = _partner_ids(fields["partners"])
    if "stories" in fields:
        kept = set(activity.stories.values_list("pk", flat=True))
        _story_ids(request, [pk for pk in fields["stories"] if pk not in kept])
    services.joint_activity_update(
        actor=caller(request), activity=activity, version=payload.version, **fields
    )
    return _activity_out(request, activity)


@router.delete(
    "/activities/{pk}",
    response={204: None, **errors(400, 404, 409)},
    summary="Remove a joint activity (`version` in the query is checked when sent)",
)
@partnership_errors
def joint_activity_delete(request: HttpRequest, pk: int, version: int | None = None) -> Any:
    activity = access_joint_activity(caller(request), pk)
    services.joint_activity_delete(actor=caller(request), activity=activity, version=version)
    return Status(204, None)


# --- Bulletins --------------------------------------------------------------------------------


@router.get(
    "/bulletins",
    response={200: BulletinPage, **errors(400, 422)},
    summary="Bulletins: issued ones, and the drafts of the caller's line",
)
@partnership_errors
def bulletin_list(request: HttpRequest, filters: Query[BulletinFilters]) -> dict[str, Any]:
    staff(request)
    if filters.status and filters.status not in Bulletin.Status.values:
        raise ValidationError(_("وضعیت نامعتبر است."))
    found = selectors.bulletin_list(viewer=caller(request), status=filters.status)
    return {
        "items": list(found[page_slice(filters.page, filters.page_size)]),
        "count": found.count(),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.get("/bulletins/{pk}", response={200: BulletinOut, **errors(404)}, summary="One bulletin")
@partnership_errors
def bulletin_detail(request: HttpRequest, pk: int) -> Bulletin:
    return access_bulletin(caller(request), pk)


@router.post(
    "/bulletins/{pk}/issue",
    response={200: BulletinIssueOut, **errors(400, 404, 409, 422)},
    summary="Issue a draft bulletin: its page opens to the network and its e-mail is queued "
    "once per recipient (issuing again queues nothing)",
)
@partnership_errors
def bulletin_issue(
    request: HttpRequest, pk: int, payload: BulletinIssueIn | None = None
) -> dict[str, Any]:
    bulletin = access_bulletin(caller(request), pk)
    site_url = request.build_absolute_uri("/").rstrip("/")
    issued, created = services.bulletin_issue(
        actor=caller(request),
        bulletin=bulletin,
        version=payload.version if payload is not None else None,
        site_url=site_url,
    )
    return {"bulletin": issued, "deliveries_created": created}
