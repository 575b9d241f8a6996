"""Directives on the desk: the inbox of the units one belongs to, the issuer's list, status
page and overdue list, drafting and sending, and each recipient unit's page (read receipt,
acknowledgement, report, reply thread)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamafza.network.forms.directives import (
    DirectiveFilesForm,
    DirectiveForm,
    IssuedFilterForm,
    RecipientFilterForm,
    ReplyForm,
    ReportForm,
    VersionForm,
)
from hamafza.network.models.directives import Directive, DirectiveFile, DirectiveRecipient
from hamafza.network.permissions.directives import (
    access_directive,
    access_recipient,
    can_act_as_issuer,
    can_answer,
    can_edit,
    can_reply,
    issuer_line_directives,
    issuer_unit_ids,
    on_issuer_line,
    recipient_unit_ids,
    visible_recipients,
)
from hamafza.network.selectors import directives as selectors
from hamafza.network.services import directives as services
from hamafza.network.services.directives import StaleDirective
from hamafza.org import selectors as org_selectors
from hamafza.org.models import Unit
from hamafza.org.permissions import Access, access_for, access_staff
from hamafza.org.views._common import (
    DeskRequest,
    add_service_error,
    done,
    paginate,
    render_page,
)

PER_PAGE = 30
STALE = gettext_lazy(
    "این ابلاغیه پس از باز کردن این صفحه تغییر کرده یا ابلاغ شده است؛ چیزی ذخیره نشد. "
    "آنچه اکنون ثبت است را ببینید و دوباره اقدام کنید."
)


def _tabs(access: Access, request: DeskRequest, current: str) -> dict[str, Any]:
    can_issue = bool(issuer_unit_ids(access))
    return {
        "tab": current,
        "can_issue": can_issue,
        # The issuer's tabs for those who issue or oversee directives of their line.
        "show_issued": can_issue
        or current != "inbox"
        or issuer_line_directives(request.user).exists(),
        "unread_count": selectors.inbox_unread_count(request.user),
    }


@login_required
def directive_inbox(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    unread_only = request.GET.get("unread") == "1"
    rows = selectors.inbox(viewer=request.user, unread_only=unread_only)
    context = {
        **_tabs(access, request, "inbox"),
        "pagination": paginate(request, rows, PER_PAGE),
        "unread_only": unread_only,
        "now": timezone.now(),
    }
    return render_page(request, "network/directives/inbox.html", context, fragment="rows")


@login_required
def directive_issued(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = IssuedFilterForm(request.GET)
    pagination = None
    if form.is_valid():
        found = selectors.issued_list(
            viewer=request.user, q=form.cleaned_data["q"], status=form.cleaned_data["status"]
        )
        pagination = paginate(request, found, PER_PAGE)
    context = {
        **_tabs(access, request, "issued"),
        "form": form,
        "pagination": pagination,
        "now": timezone.now(),
    }
    return render_page(request, "network/directives/issued.html", context, fragment="rows")


@login_required
def directive_overdue(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    now = timezone.now()
    rows = selectors.overdue_list(viewer=request.user, now=now)
    context = {
        **_tabs(access, request, "overdue"),
        "pagination": paginate(request, rows, PER_PAGE),
        "now": now,
    }
    return render_page(request, "network/directives/overdue.html", context, fragment="rows")


# --- Drafting ------------------------------------------------------------------------------


def _form_units(access: Access) -> tuple[list[Unit], list[Unit]]:
    """(units the user issues for, units any of them may send to), in tree order."""
    issuers = issuer_unit_ids(access)
    reachable: set[int] = set()
    for unit_id in issuers:
        reachable |= recipient_unit_ids(access, unit_id)
    tree = [unit for unit in org_selectors.unit_tree() if unit.is_active]
    return (
        [unit for unit in tree if unit.pk in issuers],
        [unit for unit in tree if unit.pk in reachable],
    )


def _form_page(
    request: DeskRequest, form: DirectiveForm, directive: Directive | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "directive": directive}
    return render_page(request, "network/directives/form.html", context, status=status)


@login_required
def directive_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    issuers, recipients = _form_units(access)
    if not issuers:
        raise PermissionDenied
    if request.method == "POST":
        form = DirectiveForm(request.POST, request.FILES, issuers=issuers, recipients=recipients)
        if form.is_valid():
            try:
                directive = services.directive_create(
                    actor=request.user,
                    issuer_unit=form.selected_issuer,
                    **form.directive_fields(),
                )
                if form.cleaned_data["attachments"]:
                    services.directive_file_add(
                        actor=request.user,
                        directive=directive,
                        files=form.cleaned_data["attachments"],
                    )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("پیش‌نویس ابلاغیه ذخیره شد؛ پس از بازبینی آن را ابلاغ کنید.")
                return done(request, notice, "network:directive_detail", directive.pk)
        return _form_page(request, form, None, status=400)
    form = DirectiveForm(issuers=issuers, recipients=recipients)
    return _form_page(request, form, None)


@login_required
def directive_edit(request: DeskRequest, pk: int) -> HttpResponse:
    directive = access_directive(request.user, pk, for_write=True)
    access = access_for(request.user)
    issuers, _all = _form_units(access)
    reachable = recipient_unit_ids(access, directive.issuer_unit_id)
    recipients = [unit for unit in _all if unit.pk in reachable]
    if request.method == "POST":
        form = DirectiveForm(request.POST, issuers=issuers, recipients=recipients, editing=True)
        if form.is_valid():
            fields = form.directive_fields()
            try:
                services.directive_update(
                    actor=request.user,
                    directive=directive,
                    version=form.cleaned_data["version"],
                    **fields,
                )
            except StaleDirective:
                form.add_error(None, str(STALE))
                return _form_page(request, form, directive, status=409)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(request, _("پیش‌نویس ذخیره شد."), "network:directive_detail", pk)
        return _form_page(request, form, directive, status=400)
    local_due = timezone.localtime(directive.due_at)
    slugs = list(directive.recipients.values_list("unit__slug", flat=True))
    initial = {
        "kind": directive.kind,
        "title": directive.title,
        "body": directive.body,
        "required_action": directive.required_action,
        "audience": directive.audience,
        "due_date": local_due.date(),
        "due_time": local_due.strftime("%H:%M"),
        "units": slugs,
        "version": directive.version,
    }
    form = DirectiveForm(initial=initial, issuers=issuers, recipients=recipients, editing=True)
    return _form_page(request, form, directive)


def _version(request: DeskRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


@login_required
@require_POST
def directive_send(request: DeskRequest, pk: int) -> HttpResponse:
    directive = access_directive(request.user, pk, for_write=True)
    try:
        services.directive_send(actor=request.user, directive=directive, version=_version(request))
    except StaleDirective:
        return done(request, str(STALE), "network:directive_detail", pk, error=True)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:directive_detail", pk, error=True)
    count = directive.recipients.count()
    notice = _("ابلاغیه به %(count)s واحد ابلاغ شد.") % {"count": count}
    return done(request, notice, "network:directive_detail", pk)


@login_required
@require_POST
def directive_files_add(request: DeskRequest, pk: int) -> HttpResponse:
    directive = access_directive(request.user, pk, for_write=True)
    form = DirectiveFilesForm(request.POST, request.FILES)
    if not form.is_valid() or not form.cleaned_data["attachments"]:
        return done(request, _("پرونده‌ای انتخاب نشده است."), "network:directive_detail", pk,
                    error=True)  # fmt: skip
    try:
        services.directive_file_add(
            actor=request.user,
            directive=directive,
            files=form.cleaned_data["attachments"],
            version=form.cleaned_data["version"],
        )
    except StaleDirective:
        return done(request, str(STALE), "network:directive_detail", pk, error=True)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:directive_detail", pk, error=True)
    return done(request, _("پیوست افزوده شد."), "network:directive_detail", pk)


@login_required
@require_POST
def directive_file_delete(request: DeskRequest, pk: int, file_id: int) -> HttpResponse:
    directive = access_directive(request.user, pk, for_write=True)
    file = DirectiveFile.objects.filter(pk=file_id, directive=directive, recipient=None).first()
    if file is None:
        raise Http404
    try:
        services.directive_file_delete(actor=request.user, file=file, version=_version(request))
    except StaleDirective:
        return done(request, str(STALE), "network:directive_detail", pk, error=True)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:directive_detail", pk, error=True)
    return done(request, _("پیوست حذف شد."), "network:directive_detail", pk)


@login_required
def directive_file(request: DeskRequest, pk: int, file_id: int) -> FileResponse:
    """A file of the directive, or of a report the user may see (else 404)."""
    directive = access_directive(request.user, pk)
    file = DirectiveFile.objects.filter(pk=file_id, directive=directive).first()
    if file is None:
        raise Http404
    if file.recipient_id is not None and not (
        visible_recipients(request.user, directive).filter(pk=file.recipient_id).exists()
    ):
        raise Http404
    name = (file.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=name)


# --- The issuer's status page --------------------------------------------------------------


def _filter_rows(rows: list[DirectiveRecipient], state: str) -> list[DirectiveRecipient]:
    now = timezone.now()
    if state == "unread":
        return [r for r in rows if r.read_at is None]
    if state == "read":
        return [r for r in rows if r.read_at is not None and not r.is_done]
    if state == "done":
        return [r for r in rows if r.is_done]
    if state == "overdue":
        return [r for r in rows if r.is_overdue(now)]
    return rows


@login_required
def directive_detail(request: DeskRequest, pk: int) -> HttpResponse:
    directive = access_directive(request.user, pk)
    access = access_for(request.user)
    rows_qs = visible_recipients(request.user, directive)
    if not on_issuer_line(access, directive):
        # A recipient's line sees its own copy; with several (a province whose counties got
        # it too), it chooses.
        mine = list(rows_qs.select_related("unit"))
        if len(mine) == 1:
            return redirect("network:directive_recipient", pk, mine[0].unit.slug)
        context = {"directive": directive, "rows": mine}
        return render_page(request, "network/directives/choose.html", context)
    rows = selectors.recipient_rows(directive, rows_qs)
    form = RecipientFilterForm(request.GET)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    context = {
        "directive": directive,
        "files": list(directive.files.filter(recipient=None)),
        "rows": _filter_rows(rows, state),
        "counts": selectors.state_counts(rows),
        "filter_form": form,
        "state": state,
        "can_edit": can_edit(access, directive),
        "can_remind": can_act_as_issuer(access, directive) and not directive.is_draft,
        "files_form": DirectiveFilesForm(initial={"version": directive.version}),
        "now": timezone.now(),
    }
    return render_page(request, "network/directives/detail.html", context, fragment="rows")


@login_required
@require_POST
def directive_remind(request: DeskRequest, pk: int) -> HttpResponse:
    directive = access_directive(request.user, pk)
    try:
        count = services.directive_remind(actor=request.user, directive=directive)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:directive_detail", pk, error=True)
    if not count:
        return done(request, _("همه واحدها پاسخ داده‌اند."), "network:directive_detail", pk)
    notice = _("به %(count)s واحد یادآوری شد.") % {"count": count}
    return done(request, notice, "network:directive_detail", pk)


# --- One recipient unit --------------------------------------------------------------------


def _recipient_page(
    request: DeskRequest,
    recipient: DirectiveRecipient,
    *,
    report_form: ReportForm | None = None,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    access = access_for(request.user)
    directive = recipient.directive
    context = {
        "directive": directive,
        "recipient": recipient,
        "files": list(directive.files.filter(recipient=None)),
        "report_files": list(recipient.files.all()),
        "replies": list(recipient.replies.select_related("author")),
        "issuer_view": on_issuer_line(access, directive),
        "can_answer": can_answer(access, recipient),
        "can_reply": can_reply(access, recipient),
        "report_form": report_form or ReportForm(),
        "reply_form": reply_form or ReplyForm(),
        "now": timezone.now(),
    }
    return render_page(
        request, "network/directives/recipient.html", context, fragment="thread", status=status
    )


@login_required
def directive_recipient(request: DeskRequest, pk: int, unit_slug: str) -> HttpResponse:
    recipient = access_recipient(request.user, pk, unit_slug)
    services.directive_mark_read(actor=request.user, recipient=recipient)
    return _recipient_page(request, recipient)


def _back(pk: int, unit_slug: str) -> tuple[str, int, str]:
    return "network:directive_recipient", pk, unit_slug


@login_required
@require_POST
def directive_acknowledge(request: DeskRequest, pk: int, unit_slug: str) -> HttpResponse:
    recipient = access_recipient(request.user, pk, unit_slug)
    try:
        services.directive_acknowledge(actor=request.user, recipient=recipient)
    except ValidationError as error:
        return done(request, " ".join(error.messages), *_back(pk, unit_slug), error=True)
    return done(request, _("وصول ابلاغیه اعلام شد."), *_back(pk, unit_slug))


@login_required
@require_POST
def directive_report(request: DeskRequest, pk: int, unit_slug: str) -> HttpResponse:
    recipient = access_recipient(request.user, pk, unit_slug)
    if not can_answer(access_for(request.user), recipient):
        raise PermissionDenied
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.directive_report(
                actor=request.user,
                recipient=recipient,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(request, _("گزارش اقدام فرستاده شد."), *_back(pk, unit_slug))
    return _recipient_page(request, recipient, report_form=form, status=400)


@login_required
@require_POST
def directive_reply(request: DeskRequest, pk: int, unit_slug: str) -> HttpResponse:
    recipient = access_recipient(request.user, pk, unit_slug)
    if not can_reply(access_for(request.user), recipient):
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.directive_reply_post(
                actor=request.user, recipient=recipient, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if request.htmx:
                return _recipient_page(request, recipient)
            return done(request, _("پاسخ فرستاده شد."), *_back(pk, unit_slug))
    # htmx swaps only successful answers: the thread with the form's errors comes as a 200.
    status = 200 if request.htmx else 400
    return _recipient_page(request, recipient, reply_form=form, status=status)
