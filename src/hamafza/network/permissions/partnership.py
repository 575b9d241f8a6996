"""Who may see and do what with joint activities and internal bulletins. The one place these
rules live.

Joint activities are facts, not drafts:

* every member of the network sees every joint activity (its linked stories are still shown to
  each person only as far as they may see them: ``visible_stories``);
* a unit's writers (reporter, editor, head, admin) record activities for their unit and the
  units below it; HQ's (members of HQ or its offices with one of those roles) for any unit;
* changing or removing an activity: its unit's line (those roles in the unit or above it) and
  HQ; removing needs an editor, head or admin (a reporter corrects, does not delete).

Internal bulletins:

* composed and issued by an editor, head or admin of a unit (for it and the units below it) or
  by HQ's editors for any unit; recipients: the staff of the composing unit's subtree, and only
  HQ may address everyone or units outside its own line;
* a draft exists only for its unit's line and for HQ (another unit's draft is a 404); an issued
  bulletin is readable by every member of the network.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hamafza.network.models.partnership import Bulletin, JointActivity
from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_for, access_staff, roles_over

RECORDER_ROLES = frozenset({Role.REPORTER, Role.EDITOR, Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})
REMOVER_ROLES = frozenset({Role.EDITOR, Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})
BULLETIN_ROLES = frozenset({Role.EDITOR, Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})


def is_hq(access: Access) -> bool:
    """A member of HQ or one of its offices (any role), or a superuser."""
    return access.is_superuser or any(access.tree.is_hq_side(u) for u in access.roles_by_unit)


def _hq_with(access: Access, roles: frozenset[str]) -> bool:
    return access.is_superuser or any(access.tree.is_hq_side(u) for u in access.units_with(roles))


# --- Joint activities -------------------------------------------------------------------------


def record_unit_ids(access: Access) -> set[int]:
    """Units the user may record joint activities for."""
    if _hq_with(access, RECORDER_ROLES):
        return set(access.tree.parent)
    return access.tree.subtrees(access.units_with(RECORDER_ROLES))


def visible_joint_activities(user: Any) -> QuerySet[JointActivity]:
    if not access_for(user).is_staff_member:
        return JointActivity.objects.none()
    return JointActivity.objects.all()


def can_edit_activity(access: Access, activity: JointActivity) -> bool:
    if not access.is_staff_member:
        return False
    if _hq_with(access, RECORDER_ROLES):
        return True
    return bool(roles_over(access, activity.unit_id) & RECORDER_ROLES)


def can_delete_activity(access: Access, activity: JointActivity) -> bool:
    if not access.is_staff_member:
        return False
    if _hq_with(access, REMOVER_ROLES):
        return True
    return bool(roles_over(access, activity.unit_id) & REMOVER_ROLES)


def access_joint_activity(user: Any, pk: int, *, for_write: bool = False) -> JointActivity:
    """The activity (404 when there is none); ``for_write``: the user may change it (else 403)."""
    access = access_staff(user)
    activity = (
        JointActivity.objects.select_related("unit", "domain", "created_by").filter(pk=pk).first()
    )
    if activity is None:
        raise Http404
    if for_write and not can_edit_activity(access, activity):
        raise PermissionDenied
    return activity


# --- Bulletins --------------------------------------------------------------------------------


def bulletin_unit_ids(access: Access) -> set[int]:
    """Units the user may compose bulletins for."""
    if _hq_with(access, BULLETIN_ROLES):
        return set(access.tree.parent)
    return access.tree.subtrees(access.units_with(BULLETIN_ROLES))


def may_address_everyone(access: Access) -> bool:
    return _hq_with(access, BULLETIN_ROLES)


def addressable_unit_ids(access: Access, bulletin_unit_id: int) -> set[int]:
    """Units whose staff a bulletin of ``bulletin_unit_id`` may be sent to by this user."""
    if may_address_everyone(access):
        return set(access.tree.parent)
    return access.tree.subtree(bulletin_unit_id)


def _scope_unit_ids(access: Access) -> set[int]:
    if is_hq(access):
        return set(access.tree.parent)
    return access.tree.subtrees(access.roles_by_unit)


def visible_bulletins(user: Any) -> QuerySet[Bulletin]:
    access = access_for(user)
    if not access.is_staff_member:
        return Bulletin.objects.none()
    if is_hq(access):
        return Bulletin.objects.all()
    return Bulletin.objects.filter(
        Q(status=Bulletin.Status.ISSUED) | Q(unit_id__in=_scope_unit_ids(access))
    )


def can_view_bulletin(access: Access, bulletin: Bulletin) -> bool:
    if not access.is_staff_member:
        return False
    return bulletin.is_issued or bulletin.unit_id in _scope_unit_ids(access)


def can_edit_bulletin(access: Access, bulletin: Bulletin) -> bool:
    """May change the draft's content and issue it."""
    if not can_view_bulletin(access, bulletin) or bulletin.is_issued:
        return False
    if _hq_with(access, BULLETIN_ROLES):
        return True
    return bool(roles_over(access, bulletin.unit_id) & BULLETIN_ROLES)


def access_bulletin(user: Any, pk: int, *, for_write: bool = False) -> Bulletin:
    """The bulletin if the user may see it (else 404); ``for_write``: edit/issue it (else 403)."""
    access = access_staff(user)
    bulletin = visible_bulletins(user).select_related("unit").filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    if for_write and not can_edit_bulletin(access, bulletin):
        raise PermissionDenied
    return bulletin
