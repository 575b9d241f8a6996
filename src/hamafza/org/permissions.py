"""Who may see and do what in the network. The one place these rules live.

Rules:
* Staff are users with at least one membership (or superusers). Staff read the directory,
  the unit tree and the partner registry.
* A ``head`` or ``admin`` of a unit manages that unit and every unit below it: adds members,
  changes their roles, deactivates accounts whose memberships all lie inside what they manage.
  An ``admin`` of HQ (the root) therefore manages everything; superusers too.
* Only admins (of the unit or above) grant ``admin`` and ``hq_editor``; ``hq_editor`` is held
  only in HQ and its offices.
* Editors, heads and admins of a unit (or above) maintain the partners that unit registered.
* HQ admins (and superusers) browse the audit log.

The unit tree is small (hundreds of rows), so it is read once per request into memory and
subtrees are computed there: one query instead of a recursive CTE per check.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from hamafza.common.actors import SYSTEM
from hamafza.org.models import Membership, Partner, Role, Unit

MANAGER_ROLES = frozenset({Role.HEAD, Role.ADMIN})
ADMIN_ONLY_ROLES = frozenset({Role.ADMIN, Role.HQ_EDITOR})
HQ_ONLY_ROLES = frozenset({Role.HQ_EDITOR})
PARTNER_EDITOR_ROLES = frozenset({Role.EDITOR, Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})


@dataclass
class UnitTree:
    parent: dict[int, int | None]
    kind: dict[int, str]
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls) -> "UnitTree":
        parent: dict[int, int | None] = {}
        kind: dict[int, str] = {}
        children: dict[int, list[int]] = defaultdict(list)
        for pk, parent_id, unit_kind in Unit.objects.values_list("pk", "parent_id", "kind"):
            parent[pk] = parent_id
            kind[pk] = unit_kind
            if parent_id is not None:
                children[parent_id].append(pk)
        return cls(parent=parent, kind=kind, children=children)

    def subtree(self, unit_id: int) -> set[int]:
        """``unit_id`` and every unit below it."""
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            stack.extend(self.children.get(current, ()))
        return found

    def subtrees(self, unit_ids: Iterable[int]) -> set[int]:
        result: set[int] = set()
        for unit_id in unit_ids:
            result |= self.subtree(unit_id)
        return result

    def ancestors(self, unit_id: int) -> list[int]:
        """From the unit's parent up to the root."""
        chain, current = [], self.parent.get(unit_id)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent.get(current)
        return chain

    def roots(self) -> list[int]:
        return [pk for pk, parent_id in self.parent.items() if parent_id is None]

    def is_hq_side(self, unit_id: int) -> bool:
        return self.kind.get(unit_id) in {Unit.Kind.HQ, Unit.Kind.HQ_OFFICE}


@dataclass
class Access:
    """What one user may do, computed once and cached on the user object for the request."""

    user_id: int | None
    is_superuser: bool
    tree: UnitTree
    roles_by_unit: dict[int, set[str]]

    @property
    def is_staff_member(self) -> bool:
        return self.is_superuser or bool(self.roles_by_unit)

    def units_with(self, roles: Iterable[str]) -> set[int]:
        wanted = set(roles)
        return {unit for unit, roles_here in self.roles_by_unit.items() if roles_here & wanted}

    def managed_unit_ids(self) -> set[int]:
        if self.is_superuser:
            return set(self.tree.parent)
        return self.tree.subtrees(self.units_with(MANAGER_ROLES))

    def admin_unit_ids(self) -> set[int]:
        if self.is_superuser:
            return set(self.tree.parent)
        return self.tree.subtrees(self.units_with({Role.ADMIN}))

    @property
    def is_hq_admin(self) -> bool:
        if self.is_superuser:
            return True
        return any(self.tree.parent.get(unit) is None for unit in self.units_with({Role.ADMIN}))

    def can_manage_unit(self, unit: Unit) -> bool:
        return unit.pk in self.managed_unit_ids()

    def can_grant(self, unit: Unit, role: str) -> bool:
        if not self.can_manage_unit(unit):
            return False
        if role in HQ_ONLY_ROLES and not self.tree.is_hq_side(unit.pk):
            return False
        if role in ADMIN_ONLY_ROLES:
            return unit.pk in self.admin_unit_ids()
        return True

    def can_manage_user(self, target: Any) -> bool:
        """May change this person's account (deactivate, reactivate, edit their profile)?

        Only when every unit the person belongs to is inside what the actor manages, so a
        county head cannot switch off a colleague who also works for the province.
        """
        return target.pk in self.manageable_user_ids([target])

    def manageable_user_ids(self, users: Iterable[Any]) -> set[int]:
        """The ids of ``users`` that ``can_manage_user`` allows, in one query for all of them
        (tables show a deactivate button per row). The rule lives here only."""
        candidates = [
            user
            for user in users
            if user.pk != self.user_id and (self.is_superuser or not user.is_superuser)
        ]
        if not candidates:
            return set()
        if self.is_superuser or self.is_hq_admin:
            return {user.pk for user in candidates}
        managed = self.managed_unit_ids()
        if not managed:
            return set()
        units_of: dict[int, set[int]] = defaultdict(set)
        for user_id, unit_id in Membership.objects.filter(
            user_id__in=[user.pk for user in candidates]
        ).values_list("user_id", "unit_id"):
            units_of[user_id].add(unit_id)
        return {
            user.pk for user in candidates if units_of[user.pk] and units_of[user.pk] <= managed
        }

    def can_edit_partner(self, partner: Partner) -> bool:
        if self.is_superuser:
            return True
        editable = self.tree.subtrees(self.units_with(PARTNER_EDITOR_ROLES))
        return partner.owner_unit_id in editable

    def partner_owner_units(self) -> set[int]:
        """Units the user may register partners for."""
        if self.is_superuser:
            return set(self.tree.parent)
        return self.tree.subtrees(self.units_with(PARTNER_EDITOR_ROLES))


_CACHE_ATTR = "_hamafza_access"


def access_for(user: Any) -> Access:
    """The user's access, cached on the user object (one request, one computation)."""
    if user is SYSTEM:
        # Not cached: the singleton outlives requests, and the unit tree may change.
        return Access(user_id=None, is_superuser=True, tree=UnitTree.load(), roles_by_unit={})
    cached = getattr(user, _CACHE_ATTR, None)
    if isinstance(cached, Access):
        return cached
    roles: dict[int, set[str]] = defaultdict(set)
    if user is not None and user.is_authenticated and user.is_active:
        for unit_id, role in Membership.objects.filter(
            Q(user=user) & Q(unit__is_active=True)
        ).values_list("unit_id", "role"):
            roles[unit_id].add(role)
        is_superuser = bool(user.is_superuser)
        user_id = user.pk
    else:
        is_superuser, user_id = False, None
    access = Access(
        user_id=user_id, is_superuser=is_superuser, tree=UnitTree.load(), roles_by_unit=dict(roles)
    )
    if user is not None:
        setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user: Any) -> None:
    """Drop the cached access after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_over(access: Access, unit_id: int) -> set[str]:
    """Roles the user holds in ``unit_id`` or any unit above it."""
    if access.is_superuser:
        return set(Role.values)
    roles: set[str] = set()
    for held_in in [unit_id, *access.tree.ancestors(unit_id)]:
        roles |= access.roles_by_unit.get(held_in, set())
    return roles


# --- Fetch-and-check helpers: one per object type ------------------------------------------
# Each returns the object or raises Http404 (it does not exist, or the user may not know it
# exists) / PermissionDenied (the user can see it but may not change it).


def access_staff(user: Any) -> Access:
    """The workspace is for members of the network; others get PermissionDenied."""
    from django.core.exceptions import PermissionDenied

    access = access_for(user)
    if not access.is_staff_member:
        raise PermissionDenied
    return access


def access_unit(user: Any, slug: str, *, for_manage: bool = False) -> Unit:
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    access = access_staff(user)
    unit = get_object_or_404(Unit, slug=slug)
    if for_manage and not access.can_manage_unit(unit):
        raise PermissionDenied
    return unit


def access_member(user: Any, username: str, *, for_write: bool = False) -> Any:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    access = access_staff(user)
    target = get_object_or_404(get_user_model(), username=username)
    if for_write and target.pk != user.pk and not access.can_manage_user(target):
        raise PermissionDenied
    return target


def access_partner(user: Any, pk: int, *, for_write: bool = False) -> Partner:
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    access = access_staff(user)
    partner = get_object_or_404(Partner.objects.select_related("owner_unit"), pk=pk)
    if for_write and not access.can_edit_partner(partner):
        raise PermissionDenied
    return partner


def access_audit_log(user: Any) -> Access:
    from django.core.exceptions import PermissionDenied

    access = access_staff(user)
    if not access.is_hq_admin:
        raise PermissionDenied
    return access
