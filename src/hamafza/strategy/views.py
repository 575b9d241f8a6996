"""The strategy desk: the active strategic media document for everyone (and as a printable
page), its versions and the editing of drafts for HQ strategists.

Every change is a POST that goes to ``strategy.services``; with htmx only the document's
content is swapped, otherwise the page is loaded again with a message.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import DeskRequest, done, render_page, wants_fragment
from hamafza.strategy import services
from hamafza.strategy.forms import (
    AudienceForm,
    DocumentForm,
    GoalForm,
    IndicatorEditForm,
    IndicatorForm,
    IndicatorPeriodForm,
    KeyMessageForm,
    VersionedForm,
)
from hamafza.strategy.models import (
    Audience,
    Goal,
    Indicator,
    KeyMessage,
    StrategyDocument,
)
from hamafza.strategy.permissions import (
    access_document,
    active_document,
    is_strategist,
    visible_documents,
)
from hamafza.strategy.services import PeriodValue, StaleVersion
from hamafza.strategy.workflow import EDITABLE, TRANSITIONS


def _loaded(document: StrategyDocument) -> StrategyDocument:
    """The document with its parts, in a fixed number of queries."""
    return (
        StrategyDocument.objects.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related("messages")),
            "audiences",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("goal").prefetch_related("periods"),
            ),
        )
        .select_related("based_on")
        .get(pk=document.pk)
    )


def _context(request: DeskRequest, document: StrategyDocument, **extra: Any) -> dict[str, Any]:
    access = access_for(request.user)
    editable = is_strategist(access) and document.status in EDITABLE
    document = _loaded(document)
    goals = list(document.goals.all())
    context: dict[str, Any] = {
        "document": document,
        "goals": goals,
        "audiences": list(document.audiences.all()),
        "indicators": list(document.indicators.all()),
        "editable": editable,
        "strategist": is_strategist(access),
        "transitions": [t for t in TRANSITIONS.values() if document.status in t.sources]
        if is_strategist(access)
        else [],
        "notice": "",
        "notice_error": False,
    }
    if editable:
        initial = {"version": document.version}
        context |= {
            "document_form": DocumentForm(
                initial={**initial, "title": document.title, "summary": document.summary}
            ),
            "goal_form": GoalForm(initial=initial, prefix="goal"),
            "message_form": KeyMessageForm(initial=initial, prefix="message"),
            "audience_form": AudienceForm(initial=initial, prefix="audience"),
            "indicator_form": IndicatorForm(initial=initial, prefix="indicator", goals=goals),
            "period_form": IndicatorPeriodForm(
                initial=initial, prefix="period", indicators=list(document.indicators.all())
            ),
        }
    context.update(extra)
    return context


@login_required
def home(request: DeskRequest) -> HttpResponse:
    """The active version for everyone; strategists also see every version and start drafts."""
    access = access_staff(request.user)
    active = active_document()
    context: dict[str, Any] = {
        "active": active,
        "strategist": is_strategist(access),
        "versions": list(visible_documents(request.user).select_related("created_by")),
        "create_form": DocumentForm(prefix="new"),
    }
    if active is not None:
        context |= _context(request, active)
    return render_page(request, "strategy/home.html", context)


@login_required
def document(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_document(request.user, pk)
    return render_page(request, "strategy/document.html", _context(request, found))


@login_required
def document_print(request: DeskRequest, pk: int) -> HttpResponse:
    """The version as a standalone printable page (the browser prints or saves it as PDF)."""
    found = access_document(request.user, pk)
    return render(request, "strategy/print.html", _context(request, found))


@login_required
@require_POST
def document_create(request: DeskRequest) -> HttpResponse:
    access_staff(request.user)
    form = DocumentForm(request.POST, prefix="new")
    if not form.is_valid():
        return done(request, _("عنوان نسخه تازه را بنویسید."), "strategy:home", error=True)
    try:
        created = services.document_create(
            actor=request.user,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            copy_from=active_document(),
        )
    except ValidationError as error:
        return done(request, " ".join(error.messages), "strategy:home", error=True)
    return done(request, _("پیش‌نویس تازه ساخته شد."), "strategy:document", created.pk)


def _after(
    request: DeskRequest, document: StrategyDocument, change: Callable[[], object], notice: str
) -> HttpResponse:
    """Run ``change`` (a service call); answer with the content partial (htmx) or a redirect,
    saying what happened or why nothing did."""
    failed = False
    try:
        change()
    except StaleVersion:
        notice, failed = _("سند پس از باز کردن این صفحه تغییر کرده است؛ کاری انجام نشد."), True
    except ValidationError as error:
        notice, failed = " ".join(error.messages), True
    if not wants_fragment(request):
        return done(request, notice, "strategy:document", document.pk, error=failed)
    fresh = StrategyDocument.objects.get(pk=document.pk)
    context = _context(request, fresh, notice=notice, notice_error=failed)
    return render_page(
        request,
        "strategy/document.html",
        context,
        fragment="content",
        status=409 if failed and "تغییر کرده" in notice else 200,
    )


def _form_or_refuse(
    request: DeskRequest, document: StrategyDocument, form: Any
) -> HttpResponse | None:
    if form.is_valid():
        return None
    message = _("فرم کامل نیست: %(errors)s") % {
        "errors": " ".join(str(e) for errors in form.errors.values() for e in errors)
    }

    def refuse() -> None:
        raise ValidationError(message)

    return _after(request, document, refuse, "")


@login_required
@require_POST
def document_edit(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_document(request.user, pk, for_write=True)
    form = DocumentForm(request.POST)
    if (refused := _form_or_refuse(request, found, form)) is not None:
        return refused
    data = form.cleaned_data
    return _after(
        request,
        found,
        lambda: services.document_update(
            actor=request.user,
            document=found,
            version=data["version"] or found.version,
            title=data["title"],
            summary=data["summary"],
        ),
        _("تغییرات ذخیره شد."),
    )


@login_required
@require_POST
def document_transition(request: DeskRequest, pk: int, transition: str) -> HttpResponse:
    found = access_document(request.user, pk, for_write=True)
    move = TRANSITIONS.get(transition)
    if move is None:
        raise Http404
    form = VersionedForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.document_transition(
            actor=request.user, document=found, name=move.name, version=version
        )
    except StaleVersion:
        message = _("سند پس از باز کردن این صفحه تغییر کرده است؛ کاری انجام نشد.")
        return done(request, message, "strategy:document", found.pk, error=True)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "strategy:document", found.pk, error=True)
    notice = _("«%(action)s» انجام شد.") % {"action": move.label}
    return done(request, notice, "strategy:document", found.pk)


@login_required
@require_POST
def goal_add(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_document(request.user, pk, for_write=True)
    form = GoalForm(request.POST, prefix="goal")
    if (refused := _form_or_refuse(request, found, form)) is not None:
        return refused
    data = form.cleaned_data
    return _after(
        request,
        found,
        lambda: services.goal_create(
            actor=request.user,
            document=found,
            title=data["title"],
            description=data["description"],
            version=data["version"],
        ),
        _("هدف افزوده شد."),
    )


@login_required
@require_POST
def message_add(request: DeskRequest, pk: int, goal_id: int) -> HttpResponse:
    found = access_document(request.user, pk, for_write=True)
    goal = get_object_or_404(Goal, pk=goal_id, document=found)
    form = KeyMessageForm(request.POST, prefix="message")
    if (refused := _form_or_refuse(request, found, form)) is not None:
        return refused
    data = form.cleaned_data
    return _after(
        request,
        found,
        lambda: services.key_message_create(
            actor=request.user, goal=goal, text=data["text"], version=data["version"]
        ),
        _("پیام کلیدی افزوده شد."),
    )


@login_required
@require_POST
def audience_add(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_document(request.user, pk, for_write=True)
    form = AudienceForm(request.POST, prefix="audience")
    if (refused := _form_or_refuse(request, found, form)) is not None:
        return refused
    data = form.cleaned_data
    return _after(
        request,
        found,
        lambda: services.audience_create(
            actor=request.user,
            document=found,
            name=data["name"],
            description=data["description"],
            version=data["version"],
        ),
        _("مخاطب افزوده شد."),
    )


@login_required
@require_POST
def indicator_add(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_document(request.user, pk, for_write=True)
    form = IndicatorForm(request.POST, prefix="indicator", goals=list(found.goals.all()))
    if (refused := _form_or_refuse(request, found, form)) is not None:
        return refused
    data = form.cleaned_data
    period = PeriodValue(data["year"], data["quarter"], data["baseline"], data["target"])
    return _after(
        request,
        found,
        lambda: services.indicator_create(
            actor=request.user,
            document=found,
            name=data["name"],
            measure=data["measure"],
            goal=form.selected_goal,
            periods=[period],
            version=data["version"],
        ),
        _("شاخص افزوده شد."),
    )


@login_required
@require_POST
def period_set(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_document(request.user, pk, for_write=True)
    form = IndicatorPeriodForm(
        request.POST, prefix="period", indicators=list(found.indicators.all())
    )
    if (refused := _form_or_refuse(request, found, form)) is not None:
        return refused
    data = form.cleaned_data
    period = PeriodValue(data["year"], data["quarter"], data["baseline"], data["target"])
    return _after(
        request,
        found,
        lambda: services.indicator_period_set(
            actor=request.user,
            indicator=form.selected_indicator,
            period=period,
            version=data["version"],
        ),
        _("دوره شاخص ثبت شد."),
    )


_PARTS: dict[str, tuple[type[Any], Callable[..., None], str]] = {
    "goal": (Goal, lambda a, o, v: services.goal_delete(actor=a, goal=o, version=v), "document"),
    "message": (
        KeyMessage,
        lambda a, o, v: services.key_message_delete(actor=a, message=o, version=v),
        "goal__document",
    ),
    "audience": (
        Audience,
        lambda a, o, v: services.audience_delete(actor=a, audience=o, version=v),
        "document",
    ),
    "indicator": (
        Indicator,
        lambda a, o, v: services.indicator_delete(actor=a, indicator=o, version=v),
        "document",
    ),
}


@login_required
@require_POST
def part_delete(request: DeskRequest, pk: int, part: str, part_id: int) -> HttpResponse:
    found = access_document(request.user, pk, for_write=True)
    if part not in _PARTS:
        raise Http404
    model, delete, path = _PARTS[part]
    obj = get_object_or_404(model, pk=part_id, **{path: found})
    form = VersionedForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    return _after(request, found, lambda: delete(request.user, obj, version), _("حذف شد."))


def _edit_form(part: str, obj: Any, document: StrategyDocument, data: Any = None) -> Any:
    """The edit form of one of the draft's parts, filled from ``obj`` (or bound to ``data``)."""
    version = {"version": document.version}
    if part == "goal":
        initial = {"title": obj.title, "description": obj.description}
        return GoalForm(data, prefix="edit", initial={**initial, **version})
    if part == "message":
        return KeyMessageForm(data, prefix="edit", initial={"text": obj.text, **version})
    if part == "audience":
        initial = {"name": obj.name, "description": obj.description}
        return AudienceForm(data, prefix="edit", initial={**initial, **version})
    initial = {"name": obj.name, "measure": obj.measure, "goal": obj.goal_id}
    return IndicatorEditForm(
        data, prefix="edit", goals=list(document.goals.all()), initial={**initial, **version}
    )


def _edit_service(part: str, actor: Any, obj: Any, form: Any, version: int) -> Callable[[], object]:
    data = form.cleaned_data
    if part == "goal":
        return lambda: services.goal_update(
            actor=actor, goal=obj, title=data["title"], description=data["description"],
            version=version,
        )  # fmt: skip
    if part == "message":
        return lambda: services.key_message_update(
            actor=actor, message=obj, text=data["text"], version=version
        )
    if part == "audience":
        return lambda: services.audience_update(
            actor=actor, audience=obj, name=data["name"], description=data["description"],
            version=version,
        )  # fmt: skip
    # The indicator's periods stay as they are.
    periods = [PeriodValue(p.year, p.quarter, p.baseline, p.target) for p in obj.periods.all()]
    return lambda: services.indicator_update(
        actor=actor, indicator=obj, name=data["name"], measure=data["measure"],
        goal=form.selected_goal, periods=periods, version=version,
    )  # fmt: skip


@login_required
def part_edit(request: DeskRequest, pk: int, part: str, part_id: int) -> HttpResponse:
    """Edit a goal, key message, audience or indicator of a draft: in place (htmx: the form
    comes into the row) or on a page of its own. Saved from the document's version the form
    showed; a stale save is refused and changes nothing."""
    found = access_document(request.user, pk, for_write=True)
    if part not in _PARTS:
        raise Http404
    model, _delete, path = _PARTS[part]
    obj = get_object_or_404(model, pk=part_id, **{path: found})
    if request.method != "POST":
        context = {
            "document": found,
            "part": part,
            "obj": obj,
            "form": _edit_form(part, obj, found),
        }
        return render_page(request, "strategy/part_edit.html", context, fragment="form")
    form = _edit_form(part, obj, found, request.POST)
    if (refused := _form_or_refuse(request, found, form)) is not None:
        return refused
    # Without a version the edit cannot be checked: refused as stale (0 is never a version).
    version = form.cleaned_data["version"] or 0
    return _after(
        request, found, _edit_service(part, request.user, obj, form, version), _("ذخیره شد.")
    )
