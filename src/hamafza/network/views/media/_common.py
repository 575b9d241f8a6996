"""What the media desk views share: the units a person picks from, and the section tabs
(contacts, outlets, enquiries — with the overdue enquiries' badge), and logging an interaction."""

from typing import Any

from django.core.exceptions import ValidationError

from hamafza.network.permissions.media import scope_unit_ids, write_unit_ids
from hamafza.network.selectors import media as selectors
from hamafza.network.services import media as services
from hamafza.org import selectors as org_selectors
from hamafza.org.models import Unit
from hamafza.org.permissions import Access
from hamafza.org.views._common import add_service_error

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


def log_interaction(request: Any, form: Any, **about: Any) -> bool:
    """Log the interaction a valid ``form`` describes, about a contact or an outlet
    (``about``); a refusal lands on the form. Whether it was logged."""
    if not form.is_valid():
        return False
    try:
        services.interaction_log(
            actor=request.user,
            unit=form.selected_unit,
            kind=form.cleaned_data["kind"],
            story=form.cleaned_data.get("story"),
            occurred_at=form.cleaned_data["occurred_at"],
            note=form.cleaned_data["note"],
            **about,
        )
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True
