"""`/api/v1/strategy`: the strategic media document through ``strategy.services``.

Every member reads the active version and the archived ones; HQ strategists also read drafts
and change them. Errors are the API's JSON errors; a change made from an out-of-date
``version`` is a 409 carrying the version number as it is now.
"""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from hamafza.org.api._common import (
    caller,
    staff,
    stale_as_conflict,
)
from hamafza.org.api._common import (
    errors as common_errors,
)
from hamafza.strategy import services
from hamafza.strategy.models import Audience, Goal, Indicator, KeyMessage, StrategyDocument
from hamafza.strategy.permissions import access_document, active_document, visible_documents
from hamafza.strategy.services import PeriodValue, StaleVersion
from hamafza.strategy.workflow import TRANSITIONS

router = Router(tags=["strategy"])

# --- Schemas -------------------------------------------------------------------------------


class StrategyConflictOut(Schema):
    detail: str
    code: str = Field(description="Always 'conflict'")
    version: int = Field(description="The document's version now")


class StrategyPeriodOut(Schema):
    year: int = Field(description="Jalali year, e.g. 1405")
    quarter: int | None = Field(description="1–4 (spring…winter); null for the whole year")
    baseline: Decimal
    target: Decimal


class StrategyKeyMessageOut(Schema):
    id: int
    text: str


class StrategyGoalOut(Schema):
    id: int
    title: str
    description: str
    messages: list[StrategyKeyMessageOut]

    @staticmethod
    def resolve_messages(obj: Goal) -> list[KeyMessage]:
        return list(obj.messages.all())


class StrategyAudienceOut(Schema):
    id: int
    name: str
    description: str


class StrategyIndicatorOut(Schema):
    id: int
    name: str
    measure: str
    goal: int | None
    periods: list[StrategyPeriodOut]

    @staticmethod
    def resolve_goal(obj: Indicator) -> int | None:
        return obj.goal_id

    @staticmethod
    def resolve_periods(obj: Indicator) -> list[Any]:
        return list(obj.periods.all())


class StrategyDocumentSummaryOut(Schema):
    id: int
    title: str
    status: str = Field(description="draft, active or archived")
    version: int
    created_at: datetime
    activated_at: datetime | None
    archived_at: datetime | None


class StrategyDocumentOut(StrategyDocumentSummaryOut):
    summary: str
    goals: list[StrategyGoalOut]
    audiences: list[StrategyAudienceOut]
    indicators: list[StrategyIndicatorOut]

    @staticmethod
    def resolve_goals(obj: StrategyDocument) -> list[Goal]:
        return list(obj.goals.all())

    @staticmethod
    def resolve_audiences(obj: StrategyDocument) -> list[Audience]:
        return list(obj.audiences.all())

    @staticmethod
    def resolve_indicators(obj: StrategyDocument) -> list[Indicator]:
        return list(obj.indicators.all())


class StrategyDocumentIn(Schema):
    title: str = Field(max_length=1000)
    summary: str = Field(default="", max_length=20_000)
    copy_active: bool = Field(default=True, description="Start from the active version's content")


class StrategyDocumentUpdateIn(Schema):
    version: int
    title: str = Field(max_length=1000)
    summary: str = Field(default="", max_length=20_000)


class StrategyVersionIn(Schema):
    version: int | None = Field(default=None, description="The version the caller saw")


class StrategyGoalIn(StrategyVersionIn):
    title: str = Field(max_length=1000)
    description: str = Field(default="", max_length=8000)


class StrategyKeyMessageIn(StrategyVersionIn):
    text: str = Field(max_length=1000)


class StrategyAudienceIn(StrategyVersionIn):
    name: str = Field(max_length=1000)
    description: str = Field(default="", max_length=8000)


class StrategyPeriodIn(Schema):
    year: int = Field(ge=1350, le=1500, description="Jalali year")
    quarter: int | None = Field(default=None, ge=1, le=4)
    baseline: Decimal = Field(max_digits=14, decimal_places=2)
    target: Decimal = Field(max_digits=14, decimal_places=2)


class StrategyIndicatorIn(StrategyVersionIn):
    name: str = Field(max_length=1000)
    measure: str = Field(default="", max_length=200)
    goal: int | None = Field(default=None, description="A goal of the same document")
    periods: list[StrategyPeriodIn] = []


class StrategyGoalUpdateIn(StrategyGoalIn):
    version: int = Field(description="The document's version the edit is made from")


class StrategyKeyMessageUpdateIn(StrategyKeyMessageIn):
    version: int = Field(description="The document's version the edit is made from")


class StrategyAudienceUpdateIn(StrategyAudienceIn):
    version: int = Field(description="The document's version the edit is made from")


class StrategyIndicatorUpdateIn(StrategyIndicatorIn):
    version: int = Field(description="The document's version the edit is made from")


def errors(*codes: int) -> dict[int, type[Schema]]:
    return common_errors(*codes, conflict=StrategyConflictOut)


def strategy_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """``service_errors`` plus ``StaleVersion`` → 409 with the version as it is now."""
    return stale_as_conflict(
        view,
        StaleVersion,
        detail=gettext_lazy("سند پس از آنکه شما آن را خواندید تغییر کرده است؛ چیزی ذخیره نشد."),
    )


def _full(document: StrategyDocument) -> StrategyDocument:
    return StrategyDocument.objects.prefetch_related(
        "goals__messages", "audiences", "indicators__periods"
    ).get(pk=document.pk)


def _document(request: HttpRequest, pk: int, *, for_write: bool = False) -> StrategyDocument:
    return access_document(caller(request), pk, for_write=for_write)


# --- Operations ----------------------------------------------------------------------------


@router.get("/documents", response={200: list[StrategyDocumentSummaryOut], **errors()})
@strategy_errors
def strategy_document_list(request: HttpRequest) -> list[StrategyDocument]:
    staff(request)
    return list(visible_documents(caller(request)))


@router.get("/active", response={200: StrategyDocumentOut, **errors(404)})
@strategy_errors
def strategy_active(request: HttpRequest) -> StrategyDocument:
    staff(request)
    document = active_document()
    if document is None:
        raise Http404
    return _full(document)


@router.get("/documents/{pk}", response={200: StrategyDocumentOut, **errors(404)})
@strategy_errors
def strategy_document_detail(request: HttpRequest, pk: int) -> StrategyDocument:
    return _full(_document(request, pk))


@router.post("/documents", response={201: StrategyDocumentOut, **errors(400, 422)})
@strategy_errors
def strategy_document_create(
    request: HttpRequest, payload: StrategyDocumentIn
) -> Status[StrategyDocument]:
    staff(request)
    document = services.document_create(
        actor=caller(request),
        title=payload.title,
        summary=payload.summary,
        copy_from=active_document() if payload.copy_active else None,
    )
    return Status(201, _full(document))


@router.patch("/documents/{pk}", response={200: StrategyDocumentOut, **errors(400, 404, 409, 422)})
@strategy_errors
def strategy_document_update(
    request: HttpRequest, pk: int, payload: StrategyDocumentUpdateIn
) -> StrategyDocument:
    document = services.document_update(
        actor=caller(request),
        document=_document(request, pk, for_write=True),
        version=payload.version,
        title=payload.title,
        summary=payload.summary,
    )
    return _full(document)


def _transition_view(name: str) -> Callable[..., Any]:
    @strategy_errors
    def view(
        request: HttpRequest, pk: int, payload: StrategyVersionIn | None = None
    ) -> StrategyDocument:
        payload = payload or StrategyVersionIn()
        document = services.document_transition(
            actor=caller(request),
            document=_document(request, pk, for_write=True),
            name=name,
            version=payload.version,
        )
        return _full(document)

    view.__name__ = view.__qualname__ = f"strategy_document_{name}"
    return view


for _name, _transition in TRANSITIONS.items():
    router.post(
        f"/documents/{{pk}}/{_name}",
        response={200: StrategyDocumentOut, **errors(400, 404, 409, 422)},
        summary=f"Versions: {', '.join(sorted(_transition.sources))} → {_transition.target}",
        description=str(_transition.label),
    )(_transition_view(_name))

PART_RESPONSES = {200: StrategyDocumentOut, **errors(400, 404, 409, 422)}


@router.post("/documents/{pk}/goals", response=PART_RESPONSES)
@strategy_errors
def strategy_goal_create(request: HttpRequest, pk: int, payload: StrategyGoalIn) -> Any:
    document = _document(request, pk, for_write=True)
    services.goal_create(
        actor=caller(request),
        document=document,
        title=payload.title,
        description=payload.description,
        version=payload.version,
    )
    return _full(document)


@router.post("/goals/{goal_id}/messages", response=PART_RESPONSES)
@strategy_errors
def strategy_key_message_create(
    request: HttpRequest, goal_id: int, payload: StrategyKeyMessageIn
) -> Any:
    goal = get_object_or_404(
        Goal.objects.filter(document__in=visible_documents(caller(request))), pk=goal_id
    )
    document = _document(request, goal.document_id, for_write=True)
    services.key_message_create(
        actor=caller(request), goal=goal, text=payload.text, version=payload.version
    )
    return _full(document)


@router.post("/documents/{pk}/audiences", response=PART_RESPONSES)
@strategy_errors
def strategy_audience_create(request: HttpRequest, pk: int, payload: StrategyAudienceIn) -> Any:
    document = _document(request, pk, for_write=True)
    services.audience_create(
        actor=caller(request),
        document=document,
        name=payload.name,
        description=payload.description,
        version=payload.version,
    )
    return _full(document)


@router.post("/documents/{pk}/indicators", response=PART_RESPONSES)
@strategy_errors
def strategy_indicator_create(request: HttpRequest, pk: int, payload: StrategyIndicatorIn) -> Any:
    document = _document(request, pk, for_write=True)
    goal = None
    if payload.goal is not None:
        goal = Goal.objects.filter(pk=payload.goal, document=document).first()
        if goal is None:
            raise ValidationError(_("این هدف از همین نسخه سند نیست."))
    services.indicator_create(
        actor=caller(request),
        document=document,
        name=payload.name,
        measure=payload.measure,
        goal=goal,
        periods=[PeriodValue(p.year, p.quarter, p.baseline, p.target) for p in payload.periods],
        version=payload.version,
    )
    return _full(document)


_DELETABLE: dict[str, tuple[type[Any], str, Callable[..., None]]] = {
    "goals": (Goal, "document", lambda a, o, v: services.goal_delete(actor=a, goal=o, version=v)),
    "messages": (
        KeyMessage,
        "goal__document",
        lambda a, o, v: services.key_message_delete(actor=a, message=o, version=v),
    ),
    "audiences": (
        Audience,
        "document",
        lambda a, o, v: services.audience_delete(actor=a, audience=o, version=v),
    ),
    "indicators": (
        Indicator,
        "document",
        lambda a, o, v: services.indicator_delete(actor=a, indicator=o, version=v),
    ),
}


def _delete_view(part: str) -> Callable[..., Any]:
    model, document_path, delete = _DELETABLE[part]

    @strategy_errors
    def view(request: HttpRequest, part_id: int, version: int | None = None) -> Any:
        user = caller(request)
        obj = get_object_or_404(
            model.objects.filter(**{f"{document_path}__in": visible_documents(user)}), pk=part_id
        )
        document_id = obj.goal.document_id if part == "messages" else obj.document_id
        document = _document(request, document_id, for_write=True)
        delete(user, obj, version)
        return _full(document)

    view.__name__ = view.__qualname__ = f"strategy_{part}_delete"
    return view


for _part in _DELETABLE:
    router.delete(
        f"/{_part}/{{part_id}}",
        response=PART_RESPONSES,
        summary=f"Remove one of a draft's {_part} (`version`: the document's, optional)",
    )(_delete_view(_part))


# --- Editing a draft's parts (PUT replaces the part; the document's `version` is required) --


def _part_for_edit(request: HttpRequest, model: type[Any], path: str, part_id: int) -> Any:
    """The part of a document the caller sees (else 404) and may edit (else 403)."""
    user = caller(request)
    obj = get_object_or_404(
        model.objects.filter(**{f"{path}__in": visible_documents(user)}), pk=part_id
    )
    document_id = obj.goal.document_id if path == "goal__document" else obj.document_id
    _document(request, document_id, for_write=True)
    return obj


@router.put("/goals/{part_id}", response=PART_RESPONSES, summary="Edit a draft's goal")
@strategy_errors
def strategy_goal_update(request: HttpRequest, part_id: int, payload: StrategyGoalUpdateIn) -> Any:
    goal = _part_for_edit(request, Goal, "document", part_id)
    services.goal_update(
        actor=caller(request), goal=goal, title=payload.title,
        description=payload.description, version=payload.version,
    )  # fmt: skip
    return _full(goal.document)


@router.put("/messages/{part_id}", response=PART_RESPONSES, summary="Edit a draft's key message")
@strategy_errors
def strategy_key_message_update(
    request: HttpRequest, part_id: int, payload: StrategyKeyMessageUpdateIn
) -> Any:
    message = _part_for_edit(request, KeyMessage, "goal__document", part_id)
    services.key_message_update(
        actor=caller(request), message=message, text=payload.text, version=payload.version
    )
    return _full(message.goal.document)


@router.put("/audiences/{part_id}", response=PART_RESPONSES, summary="Edit a draft's audience")
@strategy_errors
def strategy_audience_update(
    request: HttpRequest, part_id: int, payload: StrategyAudienceUpdateIn
) -> Any:
    audience = _part_for_edit(request, Audience, "document", part_id)
    services.audience_update(
        actor=caller(request), audience=audience, name=payload.name,
        description=payload.description, version=payload.version,
    )  # fmt: skip
    return _full(audience.document)


@router.put(
    "/indicators/{part_id}",
    response=PART_RESPONSES,
    summary="Edit a draft's indicator: its fields and all its periods",
)
@strategy_errors
def strategy_indicator_update(
    request: HttpRequest, part_id: int, payload: StrategyIndicatorUpdateIn
) -> Any:
    indicator = _part_for_edit(request, Indicator, "document", part_id)
    goal = None
    if payload.goal is not None:
        goal = Goal.objects.filter(pk=payload.goal, document_id=indicator.document_id).first()
        if goal is None:
            raise ValidationError(_("این هدف از همین نسخه سند نیست."))
    services.indicator_update(
        actor=caller(request), indicator=indicator, name=payload.name, measure=payload.measure,
        goal=goal,
        periods=[PeriodValue(p.year, p.quarter, p.baseline, p.target) for p in payload.periods],
        version=payload.version,
    )  # fmt: skip
    return _full(indicator.document)
