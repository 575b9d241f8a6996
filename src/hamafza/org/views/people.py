"""The people directory, a person's profile page, editing it, and (de)activating accounts."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.common.sections import render_sections
from hamafza.org import selectors, services
from hamafza.org.forms import AccountActiveForm, DirectoryFilterForm, ProfileForm
from hamafza.org.models import Language, Membership, Profile, Skill, Unit
from hamafza.org.permissions import Access, access_for, access_member, access_staff
from hamafza.org.views._common import (
    DeskRequest,
    add_service_error,
    done,
    paginate,
    render_page,
    set_active,
    wants_fragment,
)

PEOPLE_PER_PAGE = 24


def _directory_scope(access: Access, form: DirectoryFilterForm) -> tuple[Unit | None, bool, bool]:
    """Combine the unit and province filters into the one unit ``people_search`` takes.

    Returns (unit, include_subunits, nobody). Subtrees of a tree are nested or disjoint, so
    "in this unit and in this province" is the smaller of the two, or nobody at all.
    """
    unit, province = form.selected_unit, form.selected_province
    with_subunits = bool(form.cleaned_data.get("subunits"))
    if province is None:
        return unit, with_subunits, False
    if unit is None:
        return province, True, False
    if unit.pk in access.tree.subtree(province.pk):
        return unit, with_subunits, False
    if with_subunits and province.pk in access.tree.subtree(unit.pk):
        return province, True, False
    return None, False, True


@login_required
def people(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    can_see_inactive = bool(access.managed_unit_ids())
    form = DirectoryFilterForm(
        request.GET,
        units=selectors.unit_tree(),
        provinces=list(selectors.province_choices()),
        skills=Skill.objects.all(),
        languages=Language.objects.all(),
        can_see_inactive=can_see_inactive,
    )
    results: QuerySet[Any] | None = None
    if form.is_valid():
        unit, include_subunits, nobody = _directory_scope(access, form)
        data = form.cleaned_data
        results = selectors.people_search(
            viewer=request.user,
            q=data["q"],
            unit=unit,
            include_subunits=include_subunits,
            role=data["role"],
            skill=data["skill"],
            language=data["language"],
            include_inactive=can_see_inactive and bool(data.get("inactive")),
        )
        if nobody:
            results = results.none()
    context = {
        "form": form,
        "pagination": paginate(request, results, PEOPLE_PER_PAGE) if results is not None else None,
    }
    return render_page(request, "org/people.html", context, fragment="results")


def _person_context(request: DeskRequest, person: Any, **extra: Any) -> dict[str, Any]:
    access = access_for(request.user)
    profile = Profile.objects.filter(user=person).prefetch_related("skills", "languages").first()
    memberships = (
        Membership.objects.filter(user=person)
        .select_related("unit")
        .order_by("unit__name", "unit_id", "role")
    )
    is_self = person.pk == request.user.pk
    can_manage = access.can_manage_user(person)
    return {
        "person": person,
        "profile": profile,
        "memberships": memberships,
        "is_self": is_self,
        "can_edit": is_self or can_manage,
        "can_manage": can_manage,
        **extra,
    }


@login_required
def person(request: DeskRequest, username: str) -> HttpResponse:
    target = access_member(request.user, username)
    context = _person_context(request, target)
    context["sections"] = render_sections("org.person", request, target)
    return render_page(request, "org/person.html", context)


@login_required
def person_edit(request: DeskRequest, username: str) -> HttpResponse:
    target = access_member(request.user, username, for_write=True)
    profile = Profile.objects.filter(user=target).first()
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.profile_update(
                    actor=request.user,
                    user=target,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    title=data["title"],
                    phone=data["phone"],
                    bio=data["bio"],
                    skills=data["skills"],
                    languages=data["languages"],
                    photo=data["photo"],
                    remove_photo=data["remove_photo"],
                )
            except ValidationError as error:
                add_service_error(form, error, field="photo" if data["photo"] else None)
            else:
                return done(request, _("نمایه ذخیره شد."), "org:person", target.username)
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(target, profile))
    context = {"person": target, "profile": profile, "form": form}
    return render_page(request, "org/person_edit.html", context)


@login_required
@require_POST
def person_set_active(request: DeskRequest, username: str) -> HttpResponse:
    """Deactivate or reactivate from the profile page; htmx swaps the status block."""
    target = access_member(request.user, username, for_write=True)
    form = AccountActiveForm(request.POST)
    if not form.is_valid():
        return redirect("org:person", target.username)
    notice, failed = set_active(request, target, active=form.active)
    if wants_fragment(request):
        context = _person_context(request, target, notice=notice, notice_error=failed)
        return render_page(request, "org/person.html", context, fragment="status")
    return done(request, notice, "org:person", target.username, error=failed)
