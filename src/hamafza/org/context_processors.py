"""The desk's navigation and the user's units and roles, for every staff page."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.org.models import Membership
from hamafza.org.permissions import access_for


@dataclass
class NavItem:
    label: str
    url: str
    active: bool


# (url name, label, who sees it: "staff" or "hq_admin")
NAV = [
    ("org:desk_home", _("میز کار"), "staff"),
    ("org:people", _("اعضای شبکه"), "staff"),
    ("org:units", _("واحدها"), "staff"),
    ("org:partners", _("همکاران"), "staff"),
    ("org:audit_log", _("گزارش ممیزی"), "hq_admin"),
]


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
        items = []
        for name, label, audience in NAV:
            if audience == "hq_admin" and not access.is_hq_admin:
                continue
            url = reverse(name)
            path = self.request.path
            active = path == url if url.rstrip("/").endswith("desk") else path.startswith(url)
            items.append(NavItem(label=str(label), url=url, active=active))
        return items


def desk(request: HttpRequest) -> dict[str, Any]:
    return {"desk": DeskContext(request)}
