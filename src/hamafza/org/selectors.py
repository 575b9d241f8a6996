"""Queries for the directory, the unit tree and the partner registry."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from hamafza.common.persian import to_ascii_digits
from hamafza.org.models import Membership, Partner, Unit
from hamafza.org.permissions import access_for

User = get_user_model()


def people_search(
    *,
    viewer: Any,
    q: str = "",
    unit: Unit | None = None,
    include_subunits: bool = True,
    role: str = "",
    skill: str = "",
    language: str = "",
    include_inactive: bool = False,
) -> QuerySet[Any]:
    """Practitioners matching every given filter, with their profile, skills and memberships.

    ``unit`` with ``include_subunits`` finds everyone in a province and its counties — the
    directory's "who can shoot video in Khorasan Razavi?". Deactivated accounts are shown only
    to those who manage someone (``include_inactive``), so they can reactivate them.
    """
    people = User.objects.filter(memberships__isnull=False)
    if not include_inactive:
        people = people.filter(is_active=True)
    if unit is not None:
        unit_ids = access_for(viewer).tree.subtree(unit.pk) if include_subunits else {unit.pk}
        people = people.filter(memberships__unit_id__in=unit_ids)
        if role:
            # The role must be held in the chosen units, not anywhere in the network.
            people = people.filter(memberships__unit_id__in=unit_ids, memberships__role=role)
    elif role:
        people = people.filter(memberships__role=role)
    if skill:
        people = people.filter(profile__skills__code=skill)
    if language:
        people = people.filter(profile__languages__code=language)
    # A ZWNJ separates words here: to_ascii_digits drops it, which would turn "فیلم‌بردار"
    # into "فیلمبردار" and miss the name as it is stored.
    for word in to_ascii_digits(q.replace("\u200c", " ")).split()[:8]:
        people = people.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(profile__title__icontains=word)
            | Q(profile__phone__icontains=word)
        )
    return (
        people.distinct()
        .select_related("profile")
        .prefetch_related(
            "profile__skills",
            "profile__languages",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("unit").order_by("unit__name", "role"),
            ),
        )
        .order_by("last_name", "first_name", "username")
    )


def province_choices() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=Unit.Kind.PROVINCE, is_active=True).order_by("name")


def unit_tree() -> list[Unit]:
    """All units depth-first with ``tree_depth``, for indented lists and pickers."""
    return list(Unit.objects.with_tree_fields().order_siblings_by("name"))


def partner_search(
    *, q: str = "", kind: str = "", domain: str = "", unit: Unit | None = None
) -> QuerySet[Partner]:
    partners = Partner.objects.filter(is_active=True)
    if kind:
        partners = partners.filter(kind=kind)
    if domain:
        partners = partners.filter(domains__code=domain)
    if unit is not None:
        partners = partners.filter(owner_unit=unit)
    for word in q.split()[:8]:
        partners = partners.filter(Q(name__icontains=word) | Q(name_en__icontains=word))
    return (
        partners.distinct()
        .select_related("owner_unit")
        .prefetch_related("domains")
        .order_by("name")
    )
