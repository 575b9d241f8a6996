"""Support requests on the desk: the list, asking for support, a request's page (offers,
confirmation, more people, completion with credited stories, cancelling), the offers inbox
with accept/decline, and a practitioner's network contributions page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.network.forms.support import (
    CancelForm,
    CompleteForm,
    DeclineForm,
    OfferMoreForm,
    SupportFilterForm,
    SupportRequestForm,
    jalali_input,
)
from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.network.permissions.support import (
    TRANSITIONS,
    access_support_offer,
    access_support_request,
    can_confirm,
    can_edit,
    can_manage,
    can_offer_more,
    can_respond,
    can_set_credits,
    can_transition,
    can_withdraw,
    request_unit_ids,
    sees_all_offers,
)
from hamafza.network.selectors import support as selectors
from hamafza.network.services import support as services
from hamafza.network.services.support import StaleSupportRequest
from hamafza.org import selectors as org_selectors
from hamafza.org.models import Profile
from hamafza.org.permissions import access_for, access_member, access_staff
from hamafza.org.views._common import DeskRequest, add_service_error, done, paginate, render_page

PER_PAGE = 30
STALE = _("این درخواست پس از باز کردن این صفحه تغییر کرده است؛ کاری انجام نشد.")


@login_required
def support_list(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = SupportFilterForm(request.GET)
    pagination = None
    if form.is_valid():
        found = selectors.support_request_list(
            viewer=request.user, status=form.cleaned_data["status"]
        )
        pagination = paginate(request, found, PER_PAGE)
    context = {
        "form": form,
        "pagination": pagination,
        "can_create": bool(request_unit_ids(access)),
        "pending_offers": selectors.pending_offer_count(request.user),
    }
    return render_page(request, "network/support/list.html", context, fragment="rows")


@login_required
def support_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    allowed = request_unit_ids(access)
    if not allowed:
        raise PermissionDenied
    units = [unit for unit in org_selectors.unit_tree() if unit.pk in allowed and unit.is_active]
    if request.method == "POST":
        form = SupportRequestForm(request.POST, units=units)
        if form.is_valid():
            try:
                support = services.support_request_create(
                    actor=request.user, unit=form.selected_unit, **form.request_fields()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                offered = support.offers.count()
                if offered:
                    notice = _("درخواست ثبت شد و به %(n)s همکار نزدیک پیشنهاد شد.") % {"n": offered}
                else:
                    notice = _("درخواست ثبت شد؛ همکاری با این مهارت در شبکه پیدا نشد.")
                return done(request, notice, "network:support_detail", support.pk)
        return render_page(request, "network/support/form.html", {"form": form}, status=400)
    form = SupportRequestForm(units=units)
    return render_page(request, "network/support/form.html", {"form": form})


@login_required
def support_edit(request: DeskRequest, pk: int) -> HttpResponse:
    support = access_support_request(request.user, pk)
    if not can_edit(access_for(request.user), support):
        raise PermissionDenied
    context: dict[str, Any] = {"support": support}
    if request.method == "POST":
        form = SupportRequestForm(request.POST)
        if form.is_valid():
            try:
                services.support_request_update(
                    actor=request.user,
                    request=support,
                    version=form.cleaned_data["version"],
                    **form.request_fields(),
                )
            except StaleSupportRequest:
                form.add_error(
                    None,
                    _("این درخواست پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد. صفحه را "
                      "دوباره باز کنید و تغییرها را دوباره وارد کنید."),
                )  # fmt: skip
                context["form"] = form
                return render_page(request, "network/support/form.html", context, status=409)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(request, _("تغییرات درخواست ذخیره شد."), "network:support_detail", pk)
        context["form"] = form
        return render_page(request, "network/support/form.html", context, status=400)
    local = timezone.localtime(support.starts_at)
    context["form"] = SupportRequestForm(
        initial={
            "title": support.title,
            "description": support.description,
            "place": support.place,
            "day": jalali_input(local.date()),
            "at": local.strftime("%H:%M"),
            "hours": support.hours,
            "people_needed": support.people_needed,
            "version": support.version,
        }
    )
    return render_page(request, "network/support/form.html", context)


def _detail_context(
    request: DeskRequest,
    support: SupportRequest,
    *,
    complete_form: CompleteForm | None = None,
    cancel_form: CancelForm | None = None,
) -> dict[str, Any]:
    access = access_for(request.user)
    all_offers = selectors.request_offers(support)
    sees_all = sees_all_offers(access, support)
    mine = next((o for o in all_offers if o.user_id == request.user.pk), None)
    managing = can_manage(access, support)
    offers = all_offers if sees_all else [o for o in all_offers if o is mine]
    rows = [
        {
            "offer": offer,
            "can_confirm": can_confirm(access, offer),
            "can_withdraw": can_withdraw(access, offer),
            "tier_label": selectors.TIER_LABELS.get(offer.tier, ""),
        }
        for offer in offers
    ]
    context: dict[str, Any] = {
        "support": support,
        "offers": rows,
        "any_actions": any(row["can_confirm"] or row["can_withdraw"] for row in rows),
        "sees_all": sees_all,
        "mine": mine,
        "can_respond": mine is not None and can_respond(access, mine),
        "decline_form": DeclineForm(),
        "can_manage": managing,
        "can_edit": can_edit(access, support),
        "stories": selectors.request_stories(support, viewer=request.user),
        "helpers": [o for o in all_offers if o.status == SupportOffer.Status.DONE],
        "confirmed_count": sum(
            1
            for o in all_offers
            if o.status in {SupportOffer.Status.CONFIRMED, SupportOffer.Status.DONE}
        ),
    }
    if can_offer_more(access, support):
        candidates = selectors.support_candidates(support)[:40]
        context["candidates"] = candidates
        context["offer_form"] = OfferMoreForm(candidates=candidates)
    creditable = can_transition(access, support, TRANSITIONS["complete"]) or can_set_credits(
        access, support
    )
    if creditable:
        choices = list(selectors.creditable_stories(support)[:50])
        context["complete_form"] = complete_form or CompleteForm(
            stories=choices,
            initial={
                "version": support.version,
                "stories": list(support.stories.values_list("pk", flat=True)),
            },
        )
        context["completing"] = support.status != SupportRequest.Status.COMPLETED
    if can_transition(access, support, TRANSITIONS["cancel"]):
        context["cancel_form"] = cancel_form or CancelForm(initial={"version": support.version})
    return context


@login_required
def support_detail(request: DeskRequest, pk: int) -> HttpResponse:
    support = access_support_request(request.user, pk)
    return render_page(request, "network/support/detail.html", _detail_context(request, support))


@login_required
@require_POST
def support_offer_more(request: DeskRequest, pk: int) -> HttpResponse:
    support = access_support_request(request.user, pk)
    candidates = selectors.support_candidates(support)
    form = OfferMoreForm(request.POST, candidates=candidates)
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return done(request, errors, "network:support_detail", pk, error=True)
    try:
        if form.cleaned_data["users"]:
            offers = services.support_offer_add(
                actor=request.user, request=support, users=form.cleaned_data["users"]
            )
        else:
            offers = services.support_offer_next(
                actor=request.user, request=support, count=form.cleaned_data["count"] or 3
            )
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:support_detail", pk, error=True)
    notice = _("درخواست به %(n)s همکار دیگر پیشنهاد شد.") % {"n": len(offers)}
    return done(request, notice, "network:support_detail", pk)


@login_required
@require_POST
def support_complete(request: DeskRequest, pk: int) -> HttpResponse:
    support = access_support_request(request.user, pk)
    choices = list(selectors.creditable_stories(support)[:50])
    form = CompleteForm(request.POST, stories=choices)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if support.status == SupportRequest.Status.COMPLETED:
                services.support_credits_set(
                    actor=request.user,
                    request=support,
                    stories=data["stories"],
                    version=data["version"],
                )
                notice = _("خبرهای این کمک به‌روز شد.")
            else:
                services.support_request_complete(
                    actor=request.user,
                    request=support,
                    stories=data["stories"],
                    note=data["note"],
                    version=data["version"],
                )
                notice = _("انجام درخواست ثبت شد و همکاران اعتبار گرفتند.")
        except StaleSupportRequest:
            return done(request, STALE, "network:support_detail", pk, error=True)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(request, notice, "network:support_detail", pk)
    context = _detail_context(request, support, complete_form=form)
    context["notice"] = " ".join(str(e) for errs in form.errors.values() for e in errs)
    context["notice_error"] = True
    return render_page(request, "network/support/detail.html", context, status=400)


@login_required
@require_POST
def support_cancel(request: DeskRequest, pk: int) -> HttpResponse:
    support = access_support_request(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.support_request_cancel(
            actor=request.user,
            request=support,
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        )
    except StaleSupportRequest:
        return done(request, STALE, "network:support_detail", pk, error=True)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:support_detail", pk, error=True)
    return done(request, _("درخواست لغو شد."), "network:support_detail", pk)


# --- Offers ----------------------------------------------------------------------------------


@login_required
def support_offers(request: DeskRequest) -> HttpResponse:
    """The "offers" inbox: what the network asked the user for, waiting ones first."""
    access_staff(request.user)
    offers = list(selectors.support_offers_for(request.user))
    access = access_for(request.user)
    waiting = [o for o in offers if can_respond(access, o)]
    others = [o for o in offers if o not in waiting]
    context = {
        "waiting": waiting,
        "others": others[:50],
        "decline_form": DeclineForm(),
    }
    return render_page(request, "network/support/offers.html", context)


@login_required
@require_POST
def support_offer_respond(request: DeskRequest, offer_id: int, answer: str) -> HttpResponse:
    offer = access_support_offer(request.user, offer_id)
    next_page = "network:support_offers"
    if request.POST.get("next") == "detail":
        next_page = "network:support_detail"
    args = [offer.request_id] if next_page == "network:support_detail" else []
    try:
        if answer == "accept":
            services.support_offer_accept(actor=request.user, offer=offer)
            notice = _("پذیرفتید؛ واحد درخواست‌کننده باید کمک شما را تأیید کند.")
        elif answer == "decline":
            form = DeclineForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            if not form.is_valid():
                return done(request, _("دلیل حداکثر ۵۰۰ نویسه است."), next_page, *args, error=True)
            services.support_offer_decline(actor=request.user, offer=offer, reason=reason)
            notice = _("پاسخ منفی شما ثبت شد.")
        else:
            raise Http404
    except ValidationError as error:
        return done(request, " ".join(error.messages), next_page, *args, error=True)
    return done(request, notice, next_page, *args)


@login_required
@require_POST
def support_offer_manage(request: DeskRequest, offer_id: int, action: str) -> HttpResponse:
    offer = access_support_offer(request.user, offer_id)
    pk = offer.request_id
    try:
        if action == "confirm":
            services.support_offer_confirm(actor=request.user, offer=offer)
            notice = _("کمک %(name)s تأیید شد.") % {"name": offer.user.display_name}
        elif action == "withdraw":
            services.support_offer_withdraw(actor=request.user, offer=offer)
            notice = _("پیشنهاد به %(name)s پس گرفته شد.") % {"name": offer.user.display_name}
        else:
            raise Http404
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:support_detail", pk, error=True)
    return done(request, notice, "network:support_detail", pk)


# --- A practitioner's contributions ----------------------------------------------------------


@login_required
def support_person(request: DeskRequest, username: str) -> HttpResponse:
    """What a practitioner contributed where: completed support, for which unit, which
    stories. Every member of the network may look (like the directory); titles and stories
    show only as far as the viewer may see them."""
    person = access_member(request.user, username)
    profile = Profile.objects.filter(user=person).prefetch_related("skills").first()
    contributions = selectors.support_contributions(person, viewer=request.user)
    units = {c.request.unit_id for c in contributions}
    context = {
        "person": person,
        "profile": profile,
        "contributions": contributions,
        "unit_count": len(units),
        "story_count": sum(len(c.stories) for c in contributions),
    }
    return render_page(request, "network/support/person.html", context)
