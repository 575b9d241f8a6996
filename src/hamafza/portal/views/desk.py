"""``/desk/e-services/``: HQ's staff keep the e-services block of the public pages.

Short views: ``access_eservices`` (403 for anyone else) → form → ``services.eservice_*`` →
redirect with a message. Bad input re-renders the form with Persian errors and changes
nothing.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.org.views._common import DeskRequest, add_service_error, done, render_page
from hamafza.portal import services
from hamafza.portal.forms import EServiceLinkForm
from hamafza.portal.models import EServiceLink
from hamafza.portal.permissions import access_eservices


def _list_page(request: DeskRequest, form: EServiceLinkForm, *, status: int = 200) -> HttpResponse:
    context = {"links": list(EServiceLink.objects.order_by("position", "id")), "form": form}
    return render_page(request, "portal/eservices.html", context, status=status)


@login_required
def eservices(request: DeskRequest) -> HttpResponse:
    """The block's links in order, with a form to add one (POST here adds it)."""
    access_eservices(request.user)
    if request.method != "POST":
        return _list_page(request, EServiceLinkForm(initial={"is_active": True}))
    form = EServiceLinkForm(request.POST)
    if form.is_valid():
        try:
            link = services.eservice_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            notice = _("«%(title)s» به خدمات الکترونیک افزوده شد.") % {"title": link.title}
            return done(request, notice, "portal:eservices")
    return _list_page(request, form, status=400)


@login_required
def eservice_edit(request: DeskRequest, pk: int) -> HttpResponse:
    access_eservices(request.user)
    link = get_object_or_404(EServiceLink, pk=pk)
    status = 200
    if request.method == "POST":
        form = EServiceLinkForm(request.POST)
        if form.is_valid():
            try:
                services.eservice_update(actor=request.user, link=link, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("تغییرات «%(title)s» ذخیره شد.") % {"title": form.cleaned_data["title"]}
                return done(request, notice, "portal:eservices")
        status = 400
    else:
        form = EServiceLinkForm(initial=EServiceLinkForm.initial_for(link))
    return render_page(
        request, "portal/eservice_form.html", {"form": form, "link": link}, status=status
    )


@login_required
@require_POST
def eservice_delete(request: DeskRequest, pk: int) -> HttpResponse:
    access_eservices(request.user)
    link = get_object_or_404(EServiceLink, pk=pk)
    services.eservice_delete(actor=request.user, link=link)
    return done(request, _("«%(title)s» حذف شد.") % {"title": link.title}, "portal:eservices")


@login_required
@require_POST
def eservice_move(request: DeskRequest, pk: int) -> HttpResponse:
    access_eservices(request.user)
    link = get_object_or_404(EServiceLink, pk=pk)
    match request.POST.get("direction", ""):
        case "up":
            services.eservice_move(actor=request.user, link=link, direction="up")
        case "down":
            services.eservice_move(actor=request.user, link=link, direction="down")
        case _:
            notice = _("جهت جابه‌جایی نامعتبر است.")
            return done(request, notice, "portal:eservices", error=True)
    return done(request, _("ترتیب خدمات الکترونیک به‌روز شد."), "portal:eservices")
