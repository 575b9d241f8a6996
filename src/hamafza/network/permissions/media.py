"""Who may see and do what in media relations. The one place these rules live.

* Contacts are personal data. A contact exists only for the unit that owns it, the units
  above it, and HQ (any member of HQ or its offices): a province sees its own contacts and its
  counties', a county only its own. Anybody else gets a 404, never a 403.
* Press enquiries follow the same rule by their unit; interactions by their unit, and also for
  whoever sees their contact (an interaction with your contact is part of your contact's data).
* Outlets are organizations, not people: every member of the network sees the register.
* Writing (registering contacts and outlets, logging interactions, handling enquiries): the
  reporters, editors, heads and admins of the unit or a unit above it; HQ strategists
  (``hq_editor``/``admin`` in HQ or its offices) anywhere. Viewers read only.
* A person's data on request: editors, heads and admins export it; heads and admins (or HQ
  strategists) erase it.
* An enquiry's owner must be a member (not a viewer) of the enquiry's unit; the owner may work
  on it even without a writer's role above it.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hamafza.network.models.media import (
    EnquiryTransition,
    MediaContact,
    MediaInteraction,
    MediaOutlet,
    PressEnquiry,
)
from hamafza.org.models import Membership, Role
from hamafza.org.permissions import Access, access_for, access_staff, roles_over

WRITER_ROLES = frozenset({Role.REPORTER, Role.EDITOR, Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})
EXPORT_ROLES = frozenset({Role.EDITOR, Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})
ERASE_ROLES = frozenset({Role.HEAD, Role.ADMIN})
OWNER_ROLES = frozenset({Role.REPORTER, Role.EDITOR, Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})


def is_hq(access: Access) -> bool:
    """A member of HQ or one of its offices (any role), or a superuser: sees every contact."""
    return access.is_superuser or any(access.tree.is_hq_side(u) for u in access.roles_by_unit)


def is_hq_strategist(access: Access) -> bool:
    return access.is_superuser or any(
        access.tree.is_hq_side(u) for u in access.units_with({Role.HQ_EDITOR, Role.ADMIN})
    )


def scope_unit_ids(access: Access) -> set[int]:
    """Units whose contacts, interactions and enquiries the user sees."""
    if not access.is_staff_member:
        return set()
    if is_hq(access):
        return set(access.tree.parent)
    return access.tree.subtrees(access.roles_by_unit)


def write_unit_ids(access: Access) -> set[int]:
    """Units the user may keep contacts for and log interactions and enquiries of."""
    if is_hq_strategist(access):
        return set(access.tree.parent)
    return access.tree.subtrees(access.units_with(WRITER_ROLES))


def _holds(access: Access, unit_id: int, roles: frozenset[str]) -> bool:
    return is_hq_strategist(access) or bool(roles_over(access, unit_id) & roles)


# --- Querysets -----------------------------------------------------------------------------


def visible_contacts(user: Any) -> QuerySet[MediaContact]:
    access = access_for(user)
    if not access.is_staff_member:
        return MediaContact.objects.none()
    if is_hq(access):
        return MediaContact.objects.all()
    return MediaContact.objects.filter(owner_unit_id__in=scope_unit_ids(access))


def visible_interactions(user: Any) -> QuerySet[MediaInteraction]:
    access = access_for(user)
    if not access.is_staff_member:
        return MediaInteraction.objects.none()
    if is_hq(access):
        return MediaInteraction.objects.all()
    scope = scope_unit_ids(access)
    return MediaInteraction.objects.filter(
        Q(unit_id__in=scope) | Q(contact__owner_unit_id__in=scope)
    )


def visible_enquiries(user: Any) -> QuerySet[PressEnquiry]:
    access = access_for(user)
    if not access.is_staff_member:
        return PressEnquiry.objects.none()
    if is_hq(access):
        return PressEnquiry.objects.all()
    return PressEnquiry.objects.filter(
        Q(unit_id__in=scope_unit_ids(access)) | Q(owner_id=access.user_id)
    )


def visible_outlets(user: Any) -> QuerySet[MediaOutlet]:
    access = access_for(user)
    if not access.is_staff_member:
        return MediaOutlet.objects.none()
    return MediaOutlet.objects.all()


# --- Checks on one object ------------------------------------------------------------------


def can_view_contact(access: Access, contact: MediaContact) -> bool:
    return access.is_staff_member and contact.owner_unit_id in scope_unit_ids(access)


def can_edit_contact(access: Access, contact: MediaContact) -> bool:
    return can_view_contact(access, contact) and _holds(access, contact.owner_unit_id, WRITER_ROLES)


def can_export_contact(access: Access, contact: MediaContact) -> bool:
    return can_view_contact(access, contact) and _holds(access, contact.owner_unit_id, EXPORT_ROLES)


def can_erase_contact(access: Access, contact: MediaContact) -> bool:
    return can_view_contact(access, contact) and _holds(access, contact.owner_unit_id, ERASE_ROLES)


def can_edit_outlet(access: Access, outlet: MediaOutlet) -> bool:
    return access.is_staff_member and _holds(access, outlet.owner_unit_id, WRITER_ROLES)


def can_log_for(access: Access, unit_id: int) -> bool:
    """May log interactions and register enquiries of this unit."""
    return unit_id in write_unit_ids(access)


def can_view_enquiry(access: Access, enquiry: PressEnquiry) -> bool:
    if not access.is_staff_member:
        return False
    return enquiry.unit_id in scope_unit_ids(access) or enquiry.owner_id == access.user_id


def can_work_enquiry(access: Access, enquiry: PressEnquiry) -> bool:
    """May move the enquiry, answer it and change its fields: its unit's writers (or above),
    HQ strategists and its owner."""
    if not can_view_enquiry(access, enquiry):
        return False
    return enquiry.owner_id == access.user_id or _holds(access, enquiry.unit_id, WRITER_ROLES)


def can_transition_enquiry(
    access: Access, enquiry: PressEnquiry, transition: EnquiryTransition
) -> bool:
    return enquiry.status in transition.sources and can_work_enquiry(access, enquiry)


def can_assign_enquiry(access: Access, enquiry: PressEnquiry) -> bool:
    """May choose the owner: the unit's writers (or above) and HQ strategists."""
    return can_view_enquiry(access, enquiry) and _holds(access, enquiry.unit_id, WRITER_ROLES)


def can_view_interaction(access: Access, interaction: MediaInteraction) -> bool:
    if not access.is_staff_member:
        return False
    scope = scope_unit_ids(access)
    if interaction.unit_id in scope:
        return True
    return interaction.contact is not None and interaction.contact.owner_unit_id in scope


def can_remove_interaction(access: Access, interaction: MediaInteraction) -> bool:
    return can_view_interaction(access, interaction) and _holds(
        access, interaction.unit_id, WRITER_ROLES
    )


def enquiry_owner_candidates(unit_id: int) -> QuerySet[Any]:
    """Who may own an enquiry of the unit: its active members, other than viewers."""
    user_ids = Membership.objects.filter(unit_id=unit_id, role__in=OWNER_ROLES).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


# --- Fetch-and-check helpers ---------------------------------------------------------------


def access_contact(
    user: Any, pk: int, *, for_write: bool = False, for_export: bool = False
) -> MediaContact:
    """The contact if the user may see it (else 404); ``for_write``/``for_export``: also
    change or export it (else 403)."""
    access = access_staff(user)
    contact = (
        visible_contacts(user)
        .select_related("owner_unit", "outlet", "region")
        .prefetch_related("beat_rows")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise Http404
    if for_write and not can_edit_contact(access, contact):
        raise PermissionDenied
    if for_export and not can_export_contact(access, contact):
        raise PermissionDenied
    return contact


def access_outlet(user: Any, pk: int, *, for_write: bool = False) -> MediaOutlet:
    access = access_staff(user)
    outlet = MediaOutlet.objects.select_related("region", "owner_unit").filter(pk=pk).first()
    if outlet is None:
        raise Http404
    if for_write and not can_edit_outlet(access, outlet):
        raise PermissionDenied
    return outlet


def access_enquiry(user: Any, pk: int, *, for_write: bool = False) -> PressEnquiry:
    access = access_staff(user)
    enquiry = (
        visible_enquiries(user)
        .select_related("unit", "contact", "outlet", "owner")
        .filter(pk=pk)
        .first()
    )
    if enquiry is None:
        raise Http404
    if for_write and not can_work_enquiry(access, enquiry):
        raise PermissionDenied
    return enquiry


def access_interaction(user: Any, pk: int, *, for_write: bool = False) -> MediaInteraction:
    access = access_staff(user)
    interaction = (
        visible_interactions(user)
        .select_related("unit", "contact", "outlet", "story")
        .filter(pk=pk)
        .first()
    )
    if interaction is None:
        raise Http404
    if for_write and not can_remove_interaction(access, interaction):
        raise PermissionDenied
    return interaction
