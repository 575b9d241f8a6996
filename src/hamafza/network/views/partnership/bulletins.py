"""The internal bulletin on the desk: the list, composing and editing a draft, its preview (as
a page and as the e-mail), issuing it and its web page once issued."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from hamafza.network.forms.partnership import BulletinForm, VersionForm
from hamafza.network.models.partnership import Bulletin
from hamafza.network.permissions.partnership import (
    access_bulletin,
    addressable_unit_ids,
    bulletin_unit_ids,
    can_edit_bulletin,
    may_address_everyone,
)
from hamafza.network.selectors import partnership as selectors
from hamafza.network.services import partnership as services
from hamafza.network.services.partnership import StaleBulletin
from hamafza.org import selectors as org_selectors
from hamafza.org.permissions import Access, access_for, access_staff
from hamafza.org.views._common import (
    DeskRequest,
    add_service_error,
    done,
    paginate,
    render_page,
)

BULLETINS_PER_PAGE = 25
STALE_MESSAGE = gettext_lazy(
    "این خبرنامه پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد. صفحه را دوباره باز کنید."
)


@login_required
def bulletin_list(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    status = request.GET.get("status", "")
    if status not in Bulletin.Status.values:
        status = ""
    found = selectors.bulletin_list(viewer=request.user, status=status)
    context = {
        "pagination": paginate(request, found, BULLETINS_PER_PAGE),
        "status": status,
        "statuses": Bulletin.Status.choices,
        "can_create": bool(bulletin_unit_ids(access)),
    }
    return render_page(request, "network/partnership/bulletin_list.html", context)


def _form_kwargs(access: Access, unit_ids: set[int]) -> dict[str, Any]:
    """What the bulletin form offers: recipients the person may address, recent stories."""
    all_units = org_selectors.unit_tree()
    addressable: set[int] = set()
    for unit_id in unit_ids:
        addressable |= addressable_unit_ids(access, unit_id)
    everyone = may_address_everyone(access)
    return {
        "all_units": all_units,
        "audience_units": [u for u in all_units if u.pk in addressable and u.is_active],
        "candidates": selectors.bulletin_candidate_stories(unit_ids=None),
        "everyone_allowed": everyone,
    }


def _form_page(
    request: DeskRequest, form: BulletinForm, bulletin: Bulletin | None, status: int
) -> HttpResponse:
    context = {"form": form, "bulletin": bulletin}
    return render_page(request, "network/partnership/bulletin_form.html", context, status=status)


@login_required
def bulletin_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    allowed = bulletin_unit_ids(access)
    if not allowed:
        raise PermissionDenied
    kwargs = _form_kwargs(access, allowed)
    kwargs["owner_units"] = [u for u in kwargs["all_units"] if u.pk in allowed and u.is_active]
    if request.method == "POST":
        form = BulletinForm(request.POST, **kwargs)
        if form.is_valid():
            fields = form.bulletin_fields()
            if not fields["audience_units"] and not fields.get("to_everyone"):
                fields["audience_units"] = [form.selected_unit]
            try:
                bulletin = services.bulletin_create(
                    actor=request.user, unit=form.selected_unit, **fields
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("پیش‌نویس خبرنامه ساخته شد؛ پیش‌نمایش آن را ببینید و منتشرش کنید.")
                return done(request, notice, "network:partnership_bulletin", bulletin.pk)
        return _form_page(request, form, None, 400)
    return _form_page(request, BulletinForm(**kwargs), None, 200)


@login_required
def bulletin_edit(request: DeskRequest, pk: int) -> HttpResponse:
    bulletin = access_bulletin(request.user, pk, for_write=True)
    access = access_for(request.user)
    kwargs = _form_kwargs(access, {bulletin.unit_id})
    kwargs["items"] = selectors.bulletin_items(bulletin)
    if request.method == "POST":
        form = BulletinForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.bulletin_update(
                    actor=request.user,
                    bulletin=bulletin,
                    version=form.cleaned_data["version"],
                    **form.bulletin_fields(),
                )
            except StaleBulletin:
                form.add_error(None, STALE_MESSAGE)
                return _form_page(request, form, bulletin, 409)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(
                    request, _("تغییرات خبرنامه ذخیره شد."), "network:partnership_bulletin", pk
                )
        return _form_page(request, form, bulletin, 400)
    units_by_pk = {unit.pk: unit for unit in kwargs["all_units"]}
    initial = {
        "title": bulletin.title,
        "intro": bulletin.intro,
        "to_everyone": bulletin.to_everyone,
        "audience_units": [
            units_by_pk[pk].slug
            for pk in bulletin.audience_units.values_list("pk", flat=True)
            if pk in units_by_pk
        ],
        "version": bulletin.version,
    }
    return _form_page(request, BulletinForm(initial=initial, **kwargs), bulletin, 200)


@login_required
def bulletin_detail(request: DeskRequest, pk: int) -> HttpResponse:
    """The issued bulletin's web page, or a draft's preview with what can be done with it."""
    bulletin = access_bulletin(request.user, pk)
    access = access_for(request.user)
    can_edit = can_edit_bulletin(access, bulletin)
    context: dict[str, Any] = {
        "bulletin": bulletin,
        "items": selectors.bulletin_items(bulletin),
        "audience_units": list(bulletin.audience_units.order_by("name")),
        "can_edit": can_edit,
    }
    if can_edit:
        context["recipient_count"] = len(services.bulletin_recipient_ids(bulletin))
    if bulletin.is_issued and (can_edit or bulletin.unit_id in _line_units(access)):
        context["deliveries"] = selectors.bulletin_delivery_counts(bulletin)
    return render_page(request, "network/partnership/bulletin_detail.html", context)


def _line_units(access: Access) -> set[int]:
    """Units whose bulletins' delivery figures the person sees: where they edit, and below."""
    return bulletin_unit_ids(access)


@login_required
@require_POST
def bulletin_issue(request: DeskRequest, pk: int) -> HttpResponse:
    bulletin = access_bulletin(request.user, pk)
    if bulletin.is_issued:
        notice = _("این خبرنامه پیش‌تر منتشر شده است؛ به هیچ‌کس دوباره فرستاده نمی‌شود.")
        return done(request, notice, "network:partnership_bulletin", pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    site_url = request.build_absolute_uri("/").rstrip("/")
    try:
        _issued, count = services.bulletin_issue(
            actor=request.user, bulletin=bulletin, version=version, site_url=site_url
        )
    except StaleBulletin:
        return done(request, str(STALE_MESSAGE), "network:partnership_bulletin", pk, error=True)
    except ValidationError as error:
        return done(
            request, " ".join(error.messages), "network:partnership_bulletin", pk, error=True
        )
    notice = _("خبرنامه منتشر شد و برای %(n)s نفر فرستاده می‌شود.") % {"n": count}
    return done(request, notice, "network:partnership_bulletin", pk)


@login_required
@require_POST
def bulletin_delete(request: DeskRequest, pk: int) -> HttpResponse:
    bulletin = access_bulletin(request.user, pk, for_write=True)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.bulletin_delete(actor=request.user, bulletin=bulletin, version=version)
    except StaleBulletin:
        return done(request, str(STALE_MESSAGE), "network:partnership_bulletin", pk, error=True)
    return done(request, _("پیش‌نویس خبرنامه حذف شد."), "network:partnership_bulletins")


# The e-mail carries its styles inline (mail clients drop style sheets); this one page of our
# own template may use them. Scripts stay as strict as everywhere else.
@csp_override(
    {
        "default-src": [CSP.NONE],
        "style-src": [CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "frame-ancestors": [CSP.SELF],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.NONE],
    }
)
@login_required
def bulletin_email_preview(request: DeskRequest, pk: int) -> HttpResponse:
    """The e-mail exactly as recipients get it (its HTML part; ``?part=text`` the plain text)."""
    bulletin = access_bulletin(request.user, pk)
    if not bulletin.site_url:
        bulletin.site_url = request.build_absolute_uri("/").rstrip("/")
    _subject, text, html = services.bulletin_email_render(bulletin)
    if request.GET.get("part") == "text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)
