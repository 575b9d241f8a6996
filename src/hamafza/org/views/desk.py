"""The desk's home page and the signed-in person's own profile page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hamafza.org.models import Membership, Partner, Profile, Unit
from hamafza.org.permissions import MANAGER_ROLES, access_staff
from hamafza.org.views._common import DeskRequest


@login_required
def desk_home(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    # "My units" are the units I belong to and everything below them; HQ admins and
    # superusers therefore see the whole network's numbers.
    my_unit_ids = access.managed_unit_ids() | access.tree.subtrees(access.roles_by_unit)
    people_in_my_units = (
        Membership.objects.filter(unit_id__in=my_unit_ids, user__is_active=True)
        .values("user_id")
        .distinct()
        .count()
    )
    partners = Partner.objects.filter(is_active=True).aggregate(
        mine=Count("pk", filter=Q(owner_unit_id__in=my_unit_ids)), everyone=Count("pk")
    )
    managed_units = Unit.objects.filter(
        pk__in=access.units_with(MANAGER_ROLES), is_active=True
    ).order_by("name")
    context = {
        "people_in_my_units": people_in_my_units,
        "my_partners": partners["mine"],
        "all_partners": partners["everyone"],
        "managed_units": managed_units,
        "can_add_partner": bool(access.partner_owner_units()),
        "is_hq_admin": access.is_hq_admin,
        "today": timezone.now(),
    }
    return render(request, "org/desk_home.html", context)


@login_required
def my_profile(request: DeskRequest) -> HttpResponse:
    access_staff(request.user)
    profile = (
        Profile.objects.filter(user=request.user).prefetch_related("skills", "languages").first()
    )
    context = {
        "person": request.user,
        "profile": profile,
        "tokens": request.user.api_tokens.all(),
    }
    return render(request, "org/my_profile.html", context)
