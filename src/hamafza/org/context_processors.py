"""The desk's navigation and the user's units and roles, for every staff page."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils.module_loading import import_string

from hamafza.org.models import Membership, Role
from hamafza.org.permissions import Access, access_for


@dataclass
class NavItem:
    label: str
    url: str
    active: bool


# Each app lists its own desk sections on its AppConfig as ``desk_nav``: (order, url name,
# label, who sees it: "staff", "hq_editor" (HQ editors and HQ admins), "hq_admin", or the
# dotted path of a function of the user's ``Access`` that says). The desk collects them, so
# this app never imports the apps above it.
def nav_entries() -> list[tuple[int, str, Any, str]]:
    entries: list[tuple[int, str, Any, str]] = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "desk_nav", ()))
    return sorted(entries, key=lambda entry: entry[0])


class DeskContext:
    """Computed only when a template reads it, so public pages pay nothing."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def memberships(self) -> list[Membership]:
        user = self.request.user
        if not user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(user=user).select_related("unit").order_by("unit__name")
        )

    @cached_property
    def nav(self) -> list[NavItem]:
        access = access_for(self.request.user)
        shown = [
            (str(label), reverse(name))
            for _order, name, label, audience in nav_entries()
            if _shown_to(audience, access)
        ]
        # The section is the one whose address is the longest prefix of this page's.
        path = self.request.path
        matches = [url for _label, url in shown if path.startswith(url)]
        current = max(matches, key=len, default=None)
        return [NavItem(label=label, url=url, active=url == current) for label, url in shown]


def _shown_to(audience: str, access: Access) -> bool:
    if audience == "staff" or access.is_hq_admin:
        return True
    if audience == "hq_editor":
        return bool(access.units_with({Role.HQ_EDITOR}))
    if audience == "hq_admin":
        return False
    return bool(import_string(audience)(access))


def desk(request: HttpRequest) -> dict[str, Any]:
    return {"desk": DeskContext(request)}
