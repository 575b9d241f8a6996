"""`/api/v1/`: the caller, units, the people directory and partners."""

from django.http import HttpRequest
from ninja import Router, Schema

from hamafza.org.models import Membership
from hamafza.org.permissions import access_for

router = Router(tags=["org"])


class MembershipOut(Schema):
    unit: str
    unit_slug: str
    role: str


class MeOut(Schema):
    username: str
    name: str
    email: str
    memberships: list[MembershipOut]
    is_hq_admin: bool


@router.get("/me", response=MeOut, summary="The signed-in user, their units and roles")
def me(request: HttpRequest) -> dict[str, object]:
    user = request.auth  # type: ignore[attr-defined]
    memberships = Membership.objects.filter(user=user).select_related("unit")
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "memberships": [
            {"unit": m.unit.name, "unit_slug": m.unit.slug, "role": m.role} for m in memberships
        ],
        "is_hq_admin": access_for(user).is_hq_admin,
    }
