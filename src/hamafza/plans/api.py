"""`/api/v1/plans`: plans, their media attachments, activities and indicator results, through
``plans.services`` with the same unit scoping as stories (another unit's unapproved plan is
404). A change from an out-of-date ``version`` is a 409; refusing approval (of the plan or of
its attachment) is a 400 whose ``missing`` lists exactly what is missing, with codes.
"""

import functools
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from hamafza.org.api._common import (
    ErrorOut,
    PageFilters,
    caller,
    page_slice,
    service_errors,
    staff,
    unit_named,
)
from hamafza.org.api._common import (
    errors as common_errors,
)
from hamafza.org.models import Domain, Partner
from hamafza.plans import selectors, services
from hamafza.plans.completeness import approval_missing, attachment_missing
from hamafza.plans.models import Activity, Channel, Plan, PlanIndicator
from hamafza.plans.permissions import access_activity, access_plan
from hamafza.plans.services import PART_KINDS, GateClosed, StaleActivity, StaleVersion
from hamafza.plans.workflow import TRANSITIONS
from hamafza.strategy.models import Audience, Goal, KeyMessage

router = Router(tags=["plans"])

# --- Schemas -------------------------------------------------------------------------------


class PlanMissingOut(Schema):
    code: str = Field(description="Stable code of the missing item, e.g. 'objectives'")
    message: str = Field(description="The same in Persian, for people")


class PlanRefusalOut(ErrorOut):
    missing: list[PlanMissingOut] = Field(
        default=[], description="What keeps the plan or its attachment from approval"
    )


class PlanConflictOut(Schema):
    detail: str
    code: str = Field(description="Always 'conflict'")
    version: int = Field(description="The plan's version now")
    attachment_version: int = Field(description="The attachment's version now")


class PlanUnitOut(Schema):
    slug: str
    name: str


class PlanOut(Schema):
    id: int
    title: str
    description: str
    unit: PlanUnitOut
    status: str = Field(description=", ".join(Plan.Status.values))
    version: int
    starts_on: date
    ends_on: date
    domains: list[str]
    partners: list[int]
    attachment_version: int
    attachment_approved: bool
    approval_missing: list[PlanMissingOut] = Field(
        description="What stands between the plan and approval now (empty: the gate is open)"
    )
    updated_at: datetime

    @staticmethod
    def resolve_domains(obj: Plan) -> list[str]:
        return sorted(d.code for d in obj.domains.all())

    @staticmethod
    def resolve_partners(obj: Plan) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())

    @staticmethod
    def resolve_attachment_version(obj: Plan) -> int:
        return obj.attachment.version

    @staticmethod
    def resolve_attachment_approved(obj: Plan) -> bool:
        return obj.attachment.is_approved

    @staticmethod
    def resolve_approval_missing(obj: Plan) -> list[Any]:
        return approval_missing(obj)


class PlanPage(Schema):
    items: list[PlanOut]
    count: int
    page: int
    page_size: int


class PlanObjectiveOut(Schema):
    id: int
    text: str
    goal: int | None = Field(alias="goal_id")
    measure: str
    target: str
    deadline: date | None


class PlanSegmentOut(Schema):
    id: int
    name: str
    audience: int | None = Field(alias="audience_id")
    insight: str
    think: str
    feel: str
    do: str


class PlanMessageOut(Schema):
    id: int
    key_message: int | None = Field(alias="key_message_id")
    text: str


class PlanSpokespersonOut(Schema):
    id: int
    name: str
    title: str
    topics: str


class PlanRiskOut(Schema):
    id: int
    kind: str
    description: str
    mitigation: str


class PlanIndicatorOut(Schema):
    id: int
    level: str = Field(description="output, outtake or outcome")
    name: str
    source: str = Field(
        description="manual (entered with evidence); counted: published_stories (outputs), "
        "reads and approved_comments (out-takes, from the portal)"
    )
    baseline: Decimal | None
    target: Decimal | None


class PlanAttachmentOut(Schema):
    plan: int = Field(alias="plan_id")
    version: int
    approved: bool = Field(alias="is_approved")
    approved_version: int | None
    approved_at: datetime | None
    idea: str
    channels: list[str]
    consent_and_dignity: str
    people: str
    budget: Decimal | None
    objectives: list[PlanObjectiveOut]
    segments: list[PlanSegmentOut]
    messages: list[PlanMessageOut]
    spokespeople: list[PlanSpokespersonOut]
    risks: list[PlanRiskOut]
    indicators: list[PlanIndicatorOut]
    missing: list[PlanMissingOut] = Field(description="The completeness checklist's failures")

    @staticmethod
    def resolve_missing(obj: Any) -> list[Any]:
        return attachment_missing(obj)

    @staticmethod
    def resolve_objectives(obj: Any) -> list[Any]:
        return list(obj.objectives.all())

    @staticmethod
    def resolve_segments(obj: Any) -> list[Any]:
        return list(obj.segments.all())

    @staticmethod
    def resolve_messages(obj: Any) -> list[Any]:
        return list(obj.messages.all())

    @staticmethod
    def resolve_spokespeople(obj: Any) -> list[Any]:
        return list(obj.spokespeople.all())

    @staticmethod
    def resolve_risks(obj: Any) -> list[Any]:
        return list(obj.risks.all())

    @staticmethod
    def resolve_indicators(obj: Any) -> list[Any]:
        return list(obj.indicators.all())


class PlanActivityOut(Schema):
    id: int
    plan: int = Field(alias="plan_id")
    title: str
    description: str
    channel: str
    date: date
    unit: str
    owner: str | None
    domain: str | None = Field(alias="domain_id")
    key_message: int | None = Field(alias="key_message_id")
    partners: list[int]
    status: str
    version: int = Field(description="Send it back with a change; a stale one is a 409")
    published_stories: list[int] = Field(description="Ids of the linked published stories")

    @staticmethod
    def resolve_unit(obj: Activity) -> str:
        return obj.unit.slug

    @staticmethod
    def resolve_owner(obj: Activity) -> str | None:
        return obj.owner.username if obj.owner else None

    @staticmethod
    def resolve_partners(obj: Activity) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())

    @staticmethod
    def resolve_published_stories(obj: Activity) -> list[int]:
        return sorted(o.story_id for o in obj.outputs.all())


class PlanProgressOut(Schema):
    indicator: PlanIndicatorOut
    actual: Decimal | None = Field(
        description="Counted (published stories, public reads, approved comments) or last entered"
    )
    automatic: bool = Field(description="Measured by the system, not entered with evidence")
    percent: int | None = Field(description="From baseline towards target, 0–100")


class PlanFilters(PageFilters):
    status: str = Field(default="", description="A plan status")
    unit: str = Field(default="", description="A unit's slug; includes the units below it")
    q: str = Field(default="", max_length=200)


class PlanIn(Schema):
    unit: str = Field(description="The owning unit's slug")
    title: str = Field(max_length=1000)
    description: str = Field(default="", max_length=40_000)
    starts_on: date
    ends_on: date
    domains: list[str] = []
    partners: list[int] = []


class PlanUpdateIn(Schema):
    """Only the fields sent are changed."""

    version: int
    title: str | None = Field(default=None, max_length=1000)
    description: str | None = Field(default=None, max_length=40_000)
    starts_on: date | None = None
    ends_on: date | None = None
    domains: list[str] | None = None
    partners: list[int] | None = None


class PlanTransitionIn(Schema):
    version: int | None = None
    note: str = Field(default="", max_length=2000)


class PlanAttachmentUpdateIn(Schema):
    """Only the fields sent are changed."""

    version: int = Field(description="The attachment's version the edit started from")
    idea: str | None = Field(default=None, max_length=16_000)
    channels: list[str] | None = Field(default=None, description=", ".join(Channel.values))
    consent_and_dignity: str | None = Field(default=None, max_length=8000)
    people: str | None = Field(default=None, max_length=8000)
    budget: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=0)


class PlanAttachmentVersionIn(Schema):
    version: int = Field(description="The attachment's version")


class PlanObjectiveIn(PlanAttachmentVersionIn):
    text: str = Field(max_length=1000)
    goal: int | None = Field(default=None, description="A goal of the active strategy")
    measure: str = Field(default="", max_length=600)
    target: str = Field(default="", max_length=400)
    deadline: date | None = None


class PlanSegmentIn(PlanAttachmentVersionIn):
    name: str = Field(max_length=400)
    audience: int | None = Field(default=None, description="An audience of the active strategy")
    insight: str = ""
    think: str = ""
    feel: str = ""
    do: str = ""


class PlanMessageIn(PlanAttachmentVersionIn):
    key_message: int | None = Field(default=None, description="A key message of the strategy")
    text: str = Field(default="", description="A local message")


class PlanSpokespersonIn(PlanAttachmentVersionIn):
    name: str = Field(max_length=400)
    title: str = ""
    topics: str = ""


class PlanRiskIn(PlanAttachmentVersionIn):
    kind: str = "risk"
    description: str = Field(max_length=2000)
    mitigation: str = ""


class PlanIndicatorIn(PlanAttachmentVersionIn):
    level: str = Field(description="output, outtake or outcome")
    name: str = Field(max_length=600)
    source: str = "manual"
    baseline: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)
    target: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)


PART_SCHEMAS: dict[str, type[PlanAttachmentVersionIn]] = {
    "objective": PlanObjectiveIn,
    "segment": PlanSegmentIn,
    "message": PlanMessageIn,
    "spokesperson": PlanSpokespersonIn,
    "risk": PlanRiskIn,
    "indicator": PlanIndicatorIn,
}
# Fields that name a row of the strategy, resolved to it (an unknown id is bad input).
_REFS: dict[str, type[Any]] = {"goal": Goal, "audience": Audience, "key_message": KeyMessage}


class PlanActivityIn(Schema):
    title: str = Field(max_length=600)
    description: str = ""
    channel: str = Field(description=", ".join(Channel.values))
    date: date
    unit: str = Field(default="", description="The carrying unit's slug; the plan's by default")
    owner: str = Field(default="", description="A username")
    domain: str | None = None
    key_message: int | None = None
    partners: list[int] = []


class PlanActivityUpdateIn(PlanActivityIn):
    version: int = Field(description="The activity's version the change is made from")


class PlanActivityStatusIn(Schema):
    status: str = Field(description=", ".join(Activity.Status.values))
    version: int | None = Field(
        default=None, description="The activity's version (checked if sent)"
    )


class PlanActivityConflictOut(Schema):
    detail: str
    code: str = Field(description="Always 'conflict'")
    version: int = Field(description="The activity's version now")


class PlanResultIn(Schema):
    value: Decimal = Field(max_digits=14, decimal_places=2)
    evidence: str = Field(max_length=8000)
    measured_on: date


def errors(*codes: int) -> dict[int, type[Schema]]:
    return common_errors(*codes, conflict=PlanConflictOut, refusal=PlanRefusalOut)


def plan_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """``service_errors`` plus ``GateClosed`` → 400 with ``missing`` and ``StaleVersion`` →
    409 with the versions as they are now. Nothing changed in any of these cases."""

    @functools.wraps(view)
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except GateClosed as gate:
            refusal = {
                "detail": " ".join(gate.messages),
                "code": "gate_closed",
                "missing": [{"code": m.code, "message": m.message} for m in gate.missing],
            }
            return Status(400, refusal)  # type: ignore[return-value]
        except StaleActivity as exc:
            conflict = {
                "detail": _("فعالیت پس از آنکه شما خواندید تغییر کرده است؛ چیزی ذخیره نشد."),
                "code": "conflict",
                "version": exc.current.version,
            }
            return Status(409, conflict)  # type: ignore[return-value]
        except StaleVersion as exc:
            current = Plan.objects.select_related("attachment").get(pk=exc.current.pk)
            conflict = {
                "detail": _(
                    "طرح یا پیوست آن پس از آنکه شما خواندید تغییر کرده است؛ چیزی ذخیره نشد."
                ),
                "code": "conflict",
                "version": current.version,
                "attachment_version": current.attachment.version,
            }
            return Status(409, conflict)  # type: ignore[return-value]

    return service_errors(inner)


def _plan(request: HttpRequest, pk: int) -> Plan:
    return access_plan(caller(request), pk)


def _plan_out(plan: Plan) -> Plan:
    return (
        Plan.objects.select_related("unit", "attachment")
        .prefetch_related("domains", "partners")
        .get(pk=plan.pk)
    )


def _attachment_out(plan: Plan) -> Any:
    fresh = Plan.objects.select_related("attachment").get(pk=plan.pk)
    return fresh.attachment


def _ref(model: type[Any], pk: int | None) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError(_("شناسه %(id)s پیدا نشد.") % {"id": pk})
    return found


# --- Plans ---------------------------------------------------------------------------------


@router.get("", response={200: PlanPage, **errors(400, 422)}, summary="Plans the caller may see")
@plan_errors
def plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> dict[str, Any]:
    access = staff(request)
    unit = unit_named(filters.unit)
    plans = selectors.plan_list(
        viewer=caller(request),
        status=filters.status,
        unit_ids=access.tree.subtree(unit.pk) if unit is not None else None,
        q=filters.q,
    ).prefetch_related("domains", "partners")
    return {
        "items": list(plans[page_slice(filters.page, filters.page_size)]),
        "count": plans.count(),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.post("", response={201: PlanOut, **errors(400, 422)}, summary="Register a plan")
@plan_errors
def plan_create(request: HttpRequest, payload: PlanIn) -> Status[Plan]:
    staff(request)
    unit = unit_named(payload.unit)
    if unit is None:
        raise ValidationError(_("واحد مجری را نام ببرید."))
    fields = payload.model_dump(exclude={"unit"})
    plan = services.plan_create(actor=caller(request), unit=unit, **fields)
    return Status(201, _plan_out(plan))


@router.get("/{pk}", response={200: PlanOut, **errors(404)}, summary="One plan")
@plan_errors
def plan_detail(request: HttpRequest, pk: int) -> Plan:
    return _plan_out(_plan(request, pk))


@router.patch("/{pk}", response={200: PlanOut, **errors(400, 404, 409, 422)})
@plan_errors
def plan_update(request: HttpRequest, pk: int, payload: PlanUpdateIn) -> Plan:
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    fields = {name: value for name, value in sent.items() if value is not None}
    plan = services.plan_update(
        actor=caller(request), plan=_plan(request, pk), version=payload.version, **fields
    )
    return _plan_out(plan)


def _transition_view(name: str) -> Callable[..., Any]:
    @plan_errors
    def view(request: HttpRequest, pk: int, payload: PlanTransitionIn | None = None) -> Plan:
        payload = payload or PlanTransitionIn()
        plan = services.plan_transition(
            actor=caller(request),
            plan=_plan(request, pk),
            name=name,
            version=payload.version,
            note=payload.note,
        )
        return _plan_out(plan)

    view.__name__ = view.__qualname__ = f"plan_{name}"
    return view


for _name, _transition in TRANSITIONS.items():
    router.post(
        f"/{{pk}}/{_name}",
        response={200: PlanOut, **errors(400, 404, 409, 422)},
        summary=f"Workflow: {', '.join(sorted(_transition.sources))} → {_transition.target}"
        + (" (`note` required)" if _transition.needs_note else "")
        + (
            " — refused with `missing` until the attachment is complete and PR-approved"
            if _name == "approve"
            else ""
        ),
        description=str(_transition.label),
    )(_transition_view(_name))


# --- The media attachment ------------------------------------------------------------------

ATTACHMENT_RESPONSES = {200: PlanAttachmentOut, **errors(400, 404, 409, 422)}


@router.get("/{pk}/attachment", response={200: PlanAttachmentOut, **errors(404)})
@plan_errors
def plan_attachment(request: HttpRequest, pk: int) -> Any:
    return _attachment_out(_plan(request, pk))


@router.patch("/{pk}/attachment", response=ATTACHMENT_RESPONSES)
@plan_errors
def plan_attachment_update(request: HttpRequest, pk: int, payload: PlanAttachmentUpdateIn) -> Any:
    plan = _plan(request, pk)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    services.attachment_update(actor=caller(request), plan=plan, version=payload.version, **sent)
    return _attachment_out(plan)


@router.post(
    "/{pk}/attachment/approve",
    response=ATTACHMENT_RESPONSES,
    summary="PR approves the attachment at `version` (the unit's head or HQ); refused with "
    "`missing` while it is incomplete",
)
@plan_errors
def plan_attachment_approve(request: HttpRequest, pk: int, payload: PlanAttachmentVersionIn) -> Any:
    plan = _plan(request, pk)
    services.attachment_approve(actor=caller(request), plan=plan, version=payload.version)
    return _attachment_out(plan)


def _part_fields(payload: Schema) -> dict[str, Any]:
    fields = payload.model_dump(exclude={"version"})
    for name, model in _REFS.items():
        if name in fields:
            fields[name] = _ref(model, fields[name])
    return fields


def _part_add_view(kind: str, schema: type[PlanAttachmentVersionIn]) -> Callable[..., Any]:
    @plan_errors
    def view(request: HttpRequest, pk: int, payload: schema) -> Any:  # type: ignore[valid-type]
        plan = _plan(request, pk)
        services.attachment_part_add(
            actor=caller(request),
            plan=plan,
            section=kind,
            version=payload.version,  # type: ignore[attr-defined]
            **_part_fields(payload),
        )
        return _attachment_out(plan)

    view.__name__ = view.__qualname__ = f"plan_attachment_{kind}_add"
    return view


def _part_update_view(kind: str, schema: type[PlanAttachmentVersionIn]) -> Callable[..., Any]:
    @plan_errors
    def view(request: HttpRequest, pk: int, part_id: int, payload: schema) -> Any:  # type: ignore[valid-type]
        plan = _plan(request, pk)
        part = get_object_or_404(PART_KINDS[kind].model, pk=part_id, attachment__plan=plan)
        services.attachment_part_update(
            actor=caller(request),
            part=part,
            section=kind,
            version=payload.version,  # type: ignore[attr-defined]
            **_part_fields(payload),
        )
        return _attachment_out(plan)

    view.__name__ = view.__qualname__ = f"plan_attachment_{kind}_update"
    return view


def _part_remove_view(kind: str) -> Callable[..., Any]:
    @plan_errors
    def view(request: HttpRequest, pk: int, part_id: int, version: int) -> Any:
        plan = _plan(request, pk)
        part = get_object_or_404(PART_KINDS[kind].model, pk=part_id, attachment__plan=plan)
        services.attachment_part_remove(
            actor=caller(request), part=part, section=kind, version=version
        )
        return _attachment_out(plan)

    view.__name__ = view.__qualname__ = f"plan_attachment_{kind}_remove"
    return view


for _kind, _schema in PART_SCHEMAS.items():
    router.post(
        f"/{{pk}}/attachment/{_kind}s",
        response={200: PlanAttachmentOut, **errors(400, 404, 409, 422)},
        summary=f"Add a {_kind} to the attachment (from its `version`)",
    )(_part_add_view(_kind, _schema))
    router.put(
        f"/{{pk}}/attachment/{_kind}s/{{part_id}}",
        response={200: PlanAttachmentOut, **errors(400, 404, 409, 422)},
        summary=f"Replace a {_kind} of the attachment (from its `version`)",
    )(_part_update_view(_kind, _schema))
    router.delete(
        f"/{{pk}}/attachment/{_kind}s/{{part_id}}",
        response={200: PlanAttachmentOut, **errors(400, 404, 409, 422)},
        summary=f"Remove a {_kind} from the attachment (`version` in the query)",
    )(_part_remove_view(_kind))


# --- Activities and results ----------------------------------------------------------------

ACTIVITY_RESPONSES = {200: PlanActivityOut, **errors(400, 404, 422), 409: PlanActivityConflictOut}


def _activity_out(activity: Activity) -> Activity:
    return (
        Activity.objects.select_related("unit", "owner")
        .prefetch_related("partners", "outputs")
        .get(pk=activity.pk)
    )


def _activity_fields(plan: Plan, payload: PlanActivityIn) -> tuple[dict[str, Any], list[int]]:
    data = payload.model_dump()
    partners = data.pop("partners")
    data["unit"] = unit_named(data["unit"]) or plan.unit
    username = data.pop("owner")
    data["owner"] = get_user_model().objects.filter(username=username).first() if username else None
    if username and data["owner"] is None:
        raise ValidationError(_("کاربر «%(name)s» پیدا نشد.") % {"name": username})
    data["domain"] = _ref(Domain, data["domain"]) if data["domain"] else None
    data["key_message"] = _ref(KeyMessage, data["key_message"])
    return data, [_ref(Partner, pid).pk for pid in partners]


@router.get("/{pk}/activities", response={200: list[PlanActivityOut], **errors(404)})
@plan_errors
def plan_activities(request: HttpRequest, pk: int) -> list[Activity]:
    return selectors.activities_with_outputs(_plan(request, pk))


@router.post("/{pk}/activities", response={201: PlanActivityOut, **errors(400, 404, 422)})
@plan_errors
def plan_activity_create(request: HttpRequest, pk: int, payload: PlanActivityIn) -> Any:
    plan = _plan(request, pk)
    fields, partners = _activity_fields(plan, payload)
    activity = services.activity_create(
        actor=caller(request), plan=plan, partners=partners, **fields
    )
    return Status(201, _activity_out(activity))


@router.put("/activities/{activity_id}", response=ACTIVITY_RESPONSES)
@plan_errors
def plan_activity_update(
    request: HttpRequest, activity_id: int, payload: PlanActivityUpdateIn
) -> Any:
    activity = access_activity(caller(request), activity_id)
    fields, partners = _activity_fields(activity.plan, payload)
    version = fields.pop("version")
    services.activity_update(
        actor=caller(request), activity=activity, partners=partners, version=version, **fields
    )
    return _activity_out(activity)


@router.post("/activities/{activity_id}/status", response=ACTIVITY_RESPONSES)
@plan_errors
def plan_activity_status(
    request: HttpRequest, activity_id: int, payload: PlanActivityStatusIn
) -> Any:
    activity = access_activity(caller(request), activity_id)
    services.activity_set_status(
        actor=caller(request), activity=activity, status=payload.status, version=payload.version
    )
    return _activity_out(activity)


@router.delete(
    "/activities/{activity_id}",
    response={204: None, **errors(400, 404), 409: PlanActivityConflictOut},
    summary="Remove an activity (`version` in the query is checked when sent)",
)
@plan_errors
def plan_activity_delete(request: HttpRequest, activity_id: int, version: int | None = None) -> Any:
    activity = access_activity(caller(request), activity_id)
    services.activity_delete(actor=caller(request), activity=activity, version=version)
    return Status(204, None)


@router.get(
    "/{pk}/indicators",
    response={200: list[PlanProgressOut], **errors(404)},
    summary="The plan's indicators with their current values (outputs counted from the "
    "linked published stories, out-takes from their public reads and approved comments)",
)
@plan_errors
def plan_indicator_progress(request: HttpRequest, pk: int) -> list[Any]:
    return selectors.plan_indicator_progress(_plan(request, pk))


@router.post(
    "/{pk}/indicators/{indicator_id}/results",
    response={201: PlanProgressOut, **errors(400, 404, 422)},
)
@plan_errors
def plan_result_add(request: HttpRequest, pk: int, indicator_id: int, payload: PlanResultIn) -> Any:
    plan = _plan(request, pk)
    indicator = get_object_or_404(PlanIndicator, pk=indicator_id, attachment__plan=plan)
    services.indicator_result_add(
        actor=caller(request), indicator=indicator, **payload.model_dump()
    )
    progress = [
        p for p in selectors.plan_indicator_progress(plan) if p.indicator.pk == indicator.pk
    ]
    return Status(201, progress[0])
