"""`/api/v1/directives`: directives through ``network.services.directives`` with the desk's
scoping: the issuer's line sees every recipient, a recipient unit's line only its own copy
(another recipient's is a 404). Changing a draft from an out-of-date ``version`` is a 409;
a sent directive is frozen (400). Opening one unit's copy as a member of that unit records
its read receipt, as the desk page does.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from hamafza.network.models.directives import (
    Directive,
    DirectiveFile,
    DirectiveRecipient,
    DirectiveReply,
)
from hamafza.network.permissions.directives import (
    access_directive,
    access_recipient,
    visible_recipients,
)
from hamafza.network.selectors import directives as selectors
from hamafza.network.services import directives as services
from hamafza.network.services.directives import StaleDirective
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

router = Router(tags=["directives"])
D = Directive

# --- Schemas -------------------------------------------------------------------------------


class DirectiveUnitOut(Schema):
    slug: str
    name: str


class DirectiveFileOut(Schema):
    id: int
    title: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: DirectiveFile) -> str:
        return reverse("network:directive_file", args=(obj.directive_id, obj.pk))


class DirectiveRecipientOut(Schema):
    unit: DirectiveUnitOut
    state: str = Field(description="unread, read, acknowledged or reported")
    done: bool = Field(description="The required action is carried out")
    overdue: bool
    read_at: datetime | None
    read_by: str | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    reported_at: datetime | None
    reported_by: str | None
    report_text: str
    report_files: list[DirectiveFileOut]

    @staticmethod
    def resolve_done(obj: DirectiveRecipient) -> bool:
        return obj.is_done

    @staticmethod
    def resolve_overdue(obj: DirectiveRecipient) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_read_by(obj: DirectiveRecipient) -> str | None:
        return obj.read_by.get_username() if obj.read_by else None

    @staticmethod
    def resolve_acknowledged_by(obj: DirectiveRecipient) -> str | None:
        return obj.acknowledged_by.get_username() if obj.acknowledged_by else None

    @staticmethod
    def resolve_reported_by(obj: DirectiveRecipient) -> str | None:
        return obj.reported_by.get_username() if obj.reported_by else None

    @staticmethod
    def resolve_report_files(obj: DirectiveRecipient) -> list[Any]:
        return list(obj.files.all())


class DirectiveSummaryOut(Schema):
    id: int
    title: str
    kind: str = Field(description=", ".join(D.Kind.values))
    required_action: str = Field(description=", ".join(D.RequiredAction.values))
    status: str = Field(description=", ".join(D.Status.values))
    issuer_unit: DirectiveUnitOut
    due_at: datetime
    sent_at: datetime | None
    overdue: bool = Field(description="Sent and past its due date")

    @staticmethod
    def resolve_overdue(obj: Directive) -> bool:
        return obj.is_overdue()


class DirectiveIssuedOut(DirectiveSummaryOut):
    recipients: int = Field(alias="n_recipients")
    read: int = Field(alias="n_read")
    done: int = Field(alias="n_done")


class DirectiveIssuedPage(Schema):
    items: list[DirectiveIssuedOut]
    count: int
    page: int
    page_size: int


class DirectiveInboxOut(Schema):
    directive: DirectiveSummaryOut
    unit: DirectiveUnitOut
    state: str
    unread: bool
    overdue: bool

    @staticmethod
    def resolve_unread(obj: DirectiveRecipient) -> bool:
        return obj.read_at is None

    @staticmethod
    def resolve_overdue(obj: DirectiveRecipient) -> bool:
        return obj.is_overdue()


class DirectiveInboxPage(Schema):
    items: list[DirectiveInboxOut]
    count: int
    unread: int
    page: int
    page_size: int


class DirectiveOut(DirectiveSummaryOut):
    body: str
    audience: str = Field(description=", ".join(D.Audience.values))
    version: int
    files: list[DirectiveFileOut]
    recipients: list[DirectiveRecipientOut] = Field(
        description="Every recipient for the issuer's line; otherwise only the caller's units'"
    )

    @staticmethod
    def resolve_recipients(obj: Any) -> list[Any]:
        return list(obj.recipients_out)

    @staticmethod
    def resolve_files(obj: Any) -> list[Any]:
        return list(obj.files_out)


class DirectiveIn(Schema):
    issuer_unit: str = Field(description="Slug of the unit the directive is issued for")
    title: str = Field(max_length=600)
    body: str = Field(max_length=40_000)
    kind: str = D.Kind.INSTRUCTION.value
    required_action: str = D.RequiredAction.ACKNOWLEDGE.value
    audience: str = Field(
        default=D.Audience.CHOSEN.value,
        description="chosen (the units listed), provinces (HQ only) or below (every unit "
        "below the issuer)",
    )
    due_at: datetime
    units: list[str] = Field(default=[], description="Unit slugs, for audience 'chosen'")


class DirectiveUpdateIn(Schema):
    version: int = Field(description="The draft's version the change is made from")
    title: str | None = Field(default=None, max_length=600)
    body: str | None = Field(default=None, max_length=40_000)
    kind: str | None = None
    required_action: str | None = None
    audience: str | None = None
    due_at: datetime | None = None
    units: list[str] | None = None


class DirectiveVersionIn(Schema):
    version: int | None = Field(default=None, description="Checked when sent")


class DirectiveConflictOut(Schema):
    detail: str
    code: str = Field(description="Always 'conflict'")
    version: int = Field(description="The directive's version now")
    status: str = Field(description="The directive's status now")


class DirectiveReplyIn(Schema):
    body: str = Field(max_length=16_000)


class DirectiveReplyOut(Schema):
    id: int
    author: str | None
    from_issuer: bool
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: DirectiveReply) -> str | None:
        return obj.author.get_username() if obj.author else None


class DirectiveRemindOut(Schema):
    reminded: int = Field(description="How many recipient units were reminded")


class DirectiveInboxFilters(PageFilters):
    unread: bool = Field(False, description="Only those nobody in the unit has opened yet")


class DirectiveIssuedFilters(PageFilters):
    status: str = Field("", description="draft or sent")
    q: str = Field("", max_length=200)


def errors(*codes: int) -> dict[int, type[Schema]]:
    return common_errors(*codes, conflict=DirectiveConflictOut)


def directive_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """``service_errors`` plus ``StaleDirective`` → 409 with the version and status now."""
    return stale_as_conflict(view, StaleDirective, extra=lambda current: {"status": current.status})


def _units(slugs: list[str]) -> list[Unit]:
    units = []
    for slug in slugs:
        unit = unit_named(slug)
        if unit is not None:
            units.append(unit)
    return units


def _directive_out(request: HttpRequest, directive: Directive) -> Directive:
    fresh = Directive.objects.select_related("issuer_unit").get(pk=directive.pk)
    rows = list(
        visible_recipients(caller(request), fresh)
        .select_related("unit", "read_by", "acknowledged_by", "reported_by")
        .prefetch_related("files")
        .order_by("unit__name")
    )
    for row in rows:
        row.directive = fresh
    fresh.recipients_out = rows  # type: ignore[attr-defined]
    fresh.files_out = list(fresh.files.filter(recipient=None))  # type: ignore[attr-defined]
    return fresh


def _recipient_out(recipient: DirectiveRecipient) -> DirectiveRecipient:
    fresh = (
        DirectiveRecipient.objects.select_related(
            "unit", "read_by", "acknowledged_by", "reported_by", "directive__issuer_unit"
        )
        .prefetch_related("files")
        .get(pk=recipient.pk)
    )
    return fresh


# --- Lists ---------------------------------------------------------------------------------


@router.get(
    "",
    response={200: DirectiveInboxPage, **errors(400, 422)},
    summary="Sent directives addressed to the caller's units, newest first",
)
@directive_errors
def directive_inbox(request: HttpRequest, filters: Query[DirectiveInboxFilters]) -> dict[str, Any]:
    staff(request)
    viewer = caller(request)
    rows = selectors.inbox(viewer=viewer, unread_only=filters.unread)
    return {
        "items": list(rows[page_slice(filters.page, filters.page_size)]),
        "count": rows.count(),
        "unread": selectors.inbox_unread_count(viewer),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.get(
    "/issued",
    response={200: DirectiveIssuedPage, **errors(400, 422)},
    summary="Directives the caller sees from the issuer's side, with recipient counts",
)
@directive_errors
def directive_issued(
    request: HttpRequest, filters: Query[DirectiveIssuedFilters]
) -> dict[str, Any]:
    staff(request)
    found = selectors.issued_list(viewer=caller(request), q=filters.q, status=filters.status)
    return {
        "items": list(found[page_slice(filters.page, filters.page_size)]),
        "count": found.count(),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.get(
    "/overdue",
    response={200: list[DirectiveInboxOut], **errors()},
    summary="Recipient units past the due date, across directives the caller issued or oversees",
)
@directive_errors
def directive_overdue(request: HttpRequest) -> list[DirectiveRecipient]:
    staff(request)
    return list(selectors.overdue_list(viewer=caller(request))[:500])


# --- One directive -------------------------------------------------------------------------


@router.post("", response={201: DirectiveOut, **errors(400, 422)}, summary="Draft a directive")
@directive_errors
def directive_create(request: HttpRequest, payload: DirectiveIn) -> Status[Directive]:
    staff(request)
    issuer = unit_named(payload.issuer_unit)
    if issuer is None:
        raise ValidationError(_("واحد صادرکننده را نام ببرید."))
    directive = services.directive_create(
        actor=caller(request),
        issuer_unit=issuer,
        title=payload.title,
        body=payload.body,
        kind=payload.kind,
        required_action=payload.required_action,
        audience=payload.audience,
        due_at=payload.due_at,
        units=_units(payload.units),
    )
    return Status(201, _directive_out(request, directive))


@router.get("/{pk}", response={200: DirectiveOut, **errors(404)}, summary="One directive")
@directive_errors
def directive_detail(request: HttpRequest, pk: int) -> Directive:
    return _directive_out(request, access_directive(caller(request), pk))


@router.patch(
    "/{pk}", response={200: DirectiveOut, **errors(400, 404, 409, 422)}, summary="Edit a draft"
)
@directive_errors
def directive_update(request: HttpRequest, pk: int, payload: DirectiveUpdateIn) -> Directive:
    directive = access_directive(caller(request), pk)
    sent = payload.model_dump(exclude_unset=True, exclude={"version", "units"})
    fields = {name: value for name, value in sent.items() if value is not None}
    units = _units(payload.units) if payload.units is not None else None
    services.directive_update(
        actor=caller(request), directive=directive, version=payload.version, units=units, **fields
    )
    return _directive_out(request, directive)


@router.post(
    "/{pk}/send", response={200: DirectiveOut, **errors(400, 404, 409, 422)}, summary="Send"
)
@directive_errors
def directive_send(request: HttpRequest, pk: int, payload: DirectiveVersionIn) -> Directive:
    directive = access_directive(caller(request), pk)
    services.directive_send(actor=caller(request), directive=directive, version=payload.version)
    return _directive_out(request, directive)


@router.post(
    "/{pk}/files",
    response={201: list[DirectiveFileOut], **errors(400, 404, 409, 422)},
    summary="Attach files to a draft (multipart, field 'files')",
)
@directive_errors
def directive_files_add(
    request: HttpRequest,
    pk: int,
    files: File[list[UploadedFile]],
    version: Form[int | None] = None,
) -> Status[list[DirectiveFile]]:
    directive = access_directive(caller(request), pk)
    rows = services.directive_file_add(
        actor=caller(request), directive=directive, files=files, version=version
    )
    return Status(201, rows)


@router.post(
    "/{pk}/remind",
    response={200: DirectiveRemindOut, **errors(400, 404)},
    summary="Remind the recipient units that have not done the required action",
)
@directive_errors
def directive_remind(request: HttpRequest, pk: int) -> dict[str, int]:
    directive = access_directive(caller(request), pk)
    return {"reminded": services.directive_remind(actor=caller(request), directive=directive)}


# --- Recipients ----------------------------------------------------------------------------


@router.get(
    "/{pk}/recipients",
    response={200: list[DirectiveRecipientOut], **errors(404)},
    summary="Status per recipient unit (all for the issuer's line, else the caller's own)",
)
@directive_errors
def directive_recipients(request: HttpRequest, pk: int) -> list[DirectiveRecipient]:
    directive = access_directive(caller(request), pk)
    return _directive_out(request, directive).recipients_out  # type: ignore[attr-defined]


@router.get(
    "/{pk}/recipients/{unit}",
    response={200: DirectiveRecipientOut, **errors(404)},
    summary="One unit's copy (a member of the unit opening it records the read receipt)",
)
@directive_errors
def directive_recipient(request: HttpRequest, pk: int, unit: str) -> DirectiveRecipient:
    recipient = access_recipient(caller(request), pk, unit)
    services.directive_mark_read(actor=caller(request), recipient=recipient)
    return _recipient_out(recipient)


@router.post(
    "/{pk}/recipients/{unit}/acknowledge",
    response={200: DirectiveRecipientOut, **errors(400, 404)},
    summary="Acknowledge for the unit (its head, editor or admin)",
)
@directive_errors
def directive_acknowledge(request: HttpRequest, pk: int, unit: str) -> DirectiveRecipient:
    recipient = access_recipient(caller(request), pk, unit)
    services.directive_acknowledge(actor=caller(request), recipient=recipient)
    return _recipient_out(recipient)


@router.post(
    "/{pk}/recipients/{unit}/report",
    response={200: DirectiveRecipientOut, **errors(400, 404, 422)},
    summary="Report back for the unit (multipart: 'text' and optional 'files')",
)
@directive_errors
def directive_report(
    request: HttpRequest,
    pk: int,
    unit: str,
    text: Form[str],
    files: File[list[UploadedFile] | None] = None,
) -> DirectiveRecipient:
    recipient = access_recipient(caller(request), pk, unit)
    services.directive_report(
        actor=caller(request), recipient=recipient, text=text, files=list(files or [])
    )
    return _recipient_out(recipient)


@router.get(
    "/{pk}/recipients/{unit}/replies",
    response={200: list[DirectiveReplyOut], **errors(404)},
    summary="The unit's thread with the issuer",
)
@directive_errors
def directive_replies(request: HttpRequest, pk: int, unit: str) -> list[DirectiveReply]:
    recipient = access_recipient(caller(request), pk, unit)
    return list(recipient.replies.select_related("author"))


@router.post(
    "/{pk}/recipients/{unit}/replies",
    response={201: DirectiveReplyOut, **errors(400, 404, 422)},
    summary="Write in the unit's thread",
)
@directive_errors
def directive_reply(
    request: HttpRequest, pk: int, unit: str, payload: DirectiveReplyIn
) -> Status[DirectiveReply]:
    recipient = access_recipient(caller(request), pk, unit)
    reply = services.directive_reply_post(
        actor=caller(request), recipient=recipient, body=payload.body
    )
    return Status(201, reply)
