"""Who sees the network view (``/desk/network/``). The one place this rule lives.

* HQ — every member of HQ or one of its offices, whatever the role, and superusers — sees the
  whole network.
* The head (or admin) of any other unit sees that unit and every unit below it, plus the
  units those interact with, which are named on the graph but carry no figures.
* Anyone else (a county reporter, an editor without a head's role, an outsider) is refused:
  the page is a 403 like the oversight dashboard's, since it names no object that could leak.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_staff

OVERVIEW_ROLES = frozenset({Role.HEAD, Role.ADMIN})


@dataclass(frozen=True)
class OverviewScope:
    network: bool  # HQ: every unit
    unit_ids: frozenset[int]  # the units whose figures the viewer sees
    root_ids: frozenset[int]  # the tops of those subtrees (HQ's root for the network)


def overview_scope_for(access: Access) -> OverviewScope:
    """The units ``access`` oversees on the network view; ``PermissionDenied`` if none."""
    tree = access.tree
    if access.is_superuser or any(tree.is_hq_side(unit) for unit in access.roles_by_unit):
        return OverviewScope(
            network=True, unit_ids=frozenset(tree.parent), root_ids=frozenset(tree.roots())
        )
    heads = access.units_with(OVERVIEW_ROLES)
    if not heads:
        raise PermissionDenied
    # A head of a province and one of its counties sees the province's subtree once.
    tops = {unit for unit in heads if not set(tree.ancestors(unit)) & heads}
    return OverviewScope(
        network=False, unit_ids=frozenset(tree.subtrees(tops)), root_ids=frozenset(tops)
    )


def access_overview(user: Any) -> OverviewScope:
    """The viewer's scope: staff only (``PermissionDenied`` otherwise), then the rule above."""
    return overview_scope_for(access_staff(user))


def sees_network(access: Access) -> bool:
    """Whether the desk shows the network view's link (the nav's audience function)."""
    try:
        overview_scope_for(access)
    except PermissionDenied:
        return False
    return True
