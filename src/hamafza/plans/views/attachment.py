"""The media attachment on the desk: its editor (the plan's writers), PR's approval, its
revisions and its PDF. Each change posts to ``plans.services`` from the version the page
showed; with htmx only the attachment's body is swapped."""

import copy
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamafza.org.views._common import (
    DeskRequest,
    add_service_error,
    done,
    render_page,
    wants_fragment,
)
from hamafza.plans import services
from hamafza.plans.forms import PART_FORMS, AttachmentForm, VersionForm
from hamafza.plans.models import MediaAttachment
from hamafza.plans.pdf import render_pdf
from hamafza.plans.permissions import access_plan
from hamafza.plans.selectors import plan_indicator_progress
from hamafza.plans.services import PART_KINDS, GateClosed, StaleVersion
from hamafza.plans.views._common import attachment_context, plan_for_page

TEMPLATE = "plans/attachment.html"
STALE = gettext_lazy(
    "پیوست پس از باز کردن این صفحه تغییر کرده است؛ تغییر شما ذخیره نشد. "
    "صفحه تازه شد؛ دوباره وارد کنید."
)

STALE_EDIT = gettext_lazy(
    "پیوست پس از باز کردن این فرم تغییر کرده است؛ تغییر شما ذخیره نشد. آنچه نوشته بودید در "
    "فرم مانده است: پیوست را ببینید و اگر هنوز درست است دوباره ذخیره کنید."
)


def _answer(
    request: DeskRequest, pk: int, notice: str, *, failed: bool = False, status: int = 200,
    **kwargs: object,
) -> HttpResponse:  # fmt: skip
    """The attachment body (htmx) or the page again after a redirect, saying what happened."""
    if not wants_fragment(request) and not kwargs:
        return done(request, notice, "plans:attachment", pk, error=failed)
    plan = plan_for_page(pk, request.user)
    context = attachment_context(request, plan, notice=notice, notice_error=failed, **kwargs)  # type: ignore[arg-type]
    fragment = "body" if wants_fragment(request) else None
    return render_page(request, TEMPLATE, context, fragment=fragment, status=status)


@login_required
def attachment_page(request: DeskRequest, pk: int) -> HttpResponse:
    plan = plan_for_page(pk, request.user)
    return render_page(request, TEMPLATE, attachment_context(request, plan))


@login_required
@require_POST
def attachment_update(request: DeskRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk, for_write=True)
    form = AttachmentForm(request.POST)
    if not form.is_valid():
        return _answer(request, pk, _("فرم را اصلاح کنید."), failed=True, status=400,
                       attachment_form=form)  # fmt: skip
    try:
        services.attachment_update(
            actor=request.user,
            plan=plan,
            version=form.cleaned_data["version"] or 0,
            **form.attachment_fields(),
        )
    except StaleVersion:
        return _answer(request, pk, str(STALE), failed=True, status=409)
    except ValidationError as error:
        return _answer(request, pk, " ".join(error.messages), failed=True, status=400)
    return _answer(request, pk, _("پیوست رسانه‌ای ذخیره شد."))


@login_required
@require_POST
def part_add(request: DeskRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in PART_FORMS:
        raise Http404
    plan = access_plan(request.user, pk, for_write=True)
    form = PART_FORMS[kind](request.POST, prefix=kind)
    version_form = VersionForm(request.POST, prefix=kind)
    if not (form.is_valid() and version_form.is_valid()):
        return _answer(request, pk, _("فرم را اصلاح کنید."), failed=True, status=400,
                       forms={kind: form})  # fmt: skip
    try:
        services.attachment_part_add(
            actor=request.user,
            plan=plan,
            section=kind,
            version=version_form.cleaned_data["version"],
            **form.part_fields(),
        )
    except StaleVersion:
        return _answer(request, pk, str(STALE), failed=True, status=409)
    except ValidationError as error:
        return _answer(request, pk, " ".join(error.messages), failed=True, status=400)
    return _answer(request, pk, _("افزوده شد."))


def _part_edit_page(
    request: DeskRequest, plan: Any, kind: str, part: Any, form: Any, *, notice: str = "",
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    context = {
        "plan": plan,
        "attachment": plan.attachment,
        "kind": kind,
        "kind_label": PART_KINDS[kind].model._meta.verbose_name,
        "part": part,
        "form": form,
        "notice": notice,
        "notice_error": bool(notice),
    }
    return render_page(request, "plans/part_edit.html", context, fragment="form", status=status)


@login_required
def part_edit(request: DeskRequest, pk: int, kind: str, part_id: int) -> HttpResponse:
    """Edit one row of the attachment's lists in place (htmx: the row becomes this form) or
    on its own page. A save made from an out-of-date attachment version is refused."""
    if kind not in PART_FORMS:
        raise Http404
    plan = access_plan(request.user, pk, for_write=True)
    plan = plan_for_page(plan.pk, request.user)
    part = get_object_or_404(PART_KINDS[kind].model, pk=part_id, attachment__plan=plan)
    if request.method != "POST":
        form = PART_FORMS[kind](instance=part, prefix=kind)
        return _part_edit_page(request, plan, kind, part, form)
    form = PART_FORMS[kind](request.POST, prefix=kind, instance=copy.copy(part))
    version_form = VersionForm(request.POST, prefix=kind)
    if not (form.is_valid() and version_form.is_valid()):
        return _part_edit_page(request, plan, kind, part, form, status=400)
    try:
        services.attachment_part_update(
            actor=request.user,
            part=part,
            section=kind,
            version=version_form.cleaned_data["version"] or 0,
            **form.part_fields(),
        )
    except StaleVersion:
        if wants_fragment(request):
            return _answer(request, pk, str(STALE), failed=True, status=409)
        # What the person typed stays; the next save is made from the version now.
        current = MediaAttachment.objects.get(plan=plan).version
        data = request.POST.copy()
        data[f"{kind}-version"] = str(current)
        plan.attachment.version = current
        form = PART_FORMS[kind](data, prefix=kind, instance=copy.copy(part))
        form.is_valid()
        return _part_edit_page(request, plan, kind, part, form, notice=str(STALE_EDIT), status=409)
    except ValidationError as error:
        if wants_fragment(request):
            return _answer(request, pk, " ".join(error.messages), failed=True, status=400)
        add_service_error(cast(Any, form), error)
        return _part_edit_page(request, plan, kind, part, form, status=400)
    return _answer(request, pk, _("ذخیره شد."))


@login_required
@require_POST
def part_remove(request: DeskRequest, pk: int, kind: str, part_id: int) -> HttpResponse:
    if kind not in PART_KINDS:
        raise Http404
    plan = access_plan(request.user, pk, for_write=True)
    part = get_object_or_404(PART_KINDS[kind].model, pk=part_id, attachment__plan=plan)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.attachment_part_remove(
            actor=request.user, part=part, section=kind, version=version
        )
    except StaleVersion:
        return _answer(request, pk, str(STALE), failed=True, status=409)
    except ValidationError as error:
        return _answer(request, pk, " ".join(error.messages), failed=True, status=400)
    return _answer(request, pk, _("حذف شد."))


@login_required
@require_POST
def attachment_approve(request: DeskRequest, pk: int) -> HttpResponse:
    plan = plan_for_page(pk, request.user)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.attachment_approve(actor=request.user, plan=plan, version=version or 0)
    except StaleVersion:
        return _answer(request, pk, str(STALE), failed=True, status=409)
    except GateClosed as gate:
        message = _("پیوست هنوز کامل نیست: %(items)s") % {
            "items": "؛ ".join(item.message for item in gate.missing)
        }
        return _answer(request, pk, message, failed=True, status=400)
    except ValidationError as error:
        return _answer(request, pk, " ".join(error.messages), failed=True, status=400)
    return _answer(request, pk, _("پیوست رسانه‌ای از سوی روابط عمومی تأیید شد."))


@login_required
def attachment_pdf(request: DeskRequest, pk: int) -> HttpResponse:
    plan = plan_for_page(pk, request.user)
    context = attachment_context(request, plan)
    context["progress"] = plan_indicator_progress(plan)
    pdf = render_pdf("plans/attachment_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="media-attachment-{plan.pk}.pdf"'
    return response
