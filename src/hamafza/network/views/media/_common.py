"""What the media desk views share: the units a person picks from, and the section tabs
(contacts, outlets, enquiries — with the overdue enquiries' badge)."""

from typing import Any

from hamafza.network.permissions.media import scope_unit_ids, write_unit_ids
from hamafza.network.selectors import media as selectors
from hamafza.org import selectors as org_selectors
from hamafza.org.models import Unit
from hamafza.org.permissions import Access

REGION_KINDS = frozenset({Unit.Kind.PROVINCE, Unit.Kind.COUNTY, Unit.Kind.CENTER})


def writable_units(access: Access) -> list[Unit]:
    allowed = write_unit_ids(access)
    return [unit for unit in org_selectors.unit_tree() if unit.pk in allowed and unit.is_active]


def scope_units(access: Access) -> list[Unit]:
    scope = scope_unit_ids(access)
    return [unit for unit in org_selectors.unit_tree() if unit.pk in scope]


def regions() -> list[Unit]:
    """Provinces and the counties below them, indented (a contact's or an outlet's region)."""
    found = []
    for unit in org_selectors.unit_tree():
        if unit.kind in REGION_KINDS:
            unit.tree_depth = max(0, (getattr(unit, "tree_depth", 1) or 1) - 1)
            found.append(unit)
    return found


def tabs(user: Any, current: str) -> dict[str, Any]:
    return {"media_tab": current, "overdue_total": selectors.overdue_count(user)}
