"""`/units`: the organization's tree."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Field, Router, Schema

from hamafza.org import selectors
from hamafza.org.api._common import UnitRef, caller, errors, fetch_unit, service_errors, staff
from hamafza.org.models import Unit

router = Router()
User = get_user_model()


class UnitOut(Schema):
    id: int
    slug: str
    name: str
    name_en: str
    kind: str
    parent: str | None = Field(description="The parent unit's slug; null for the root")
    depth: int = Field(description="0 for the root")
    is_active: bool


class UnitDetailOut(Schema):
    id: int
    slug: str
    name: str
    name_en: str
    kind: str
    is_active: bool
    parent: UnitRef | None
    member_count: int = Field(description="Active people holding a role in this unit itself")
    children: list[UnitRef]


@router.get(
    "/units",
    response={200: list[UnitOut], **errors()},
    summary="Every unit, depth-first, siblings by name",
)
@service_errors
def unit_list(request: HttpRequest) -> list[UnitOut]:
    staff(request)
    units = selectors.unit_tree()
    slugs = {unit.pk: unit.slug for unit in units}
    return [
        UnitOut(
            id=unit.pk,
            slug=unit.slug,
            name=unit.name,
            name_en=unit.name_en,
            kind=unit.kind,
            parent=slugs.get(unit.parent_id),
            depth=unit.tree_depth,
            is_active=unit.is_active,
        )
        for unit in units
    ]


@router.get(
    "/units/{slug}",
    response={200: UnitDetailOut, **errors(404)},
    summary="One unit with its member count and sub-units",
)
@service_errors
def unit_detail(request: HttpRequest, slug: str) -> UnitDetailOut:
    unit = fetch_unit(caller(request), slug)
    parent = Unit.objects.filter(pk=unit.parent_id).first() if unit.parent_id else None
    return UnitDetailOut(
        id=unit.pk,
        slug=unit.slug,
        name=unit.name,
        name_en=unit.name_en,
        kind=unit.kind,
        is_active=unit.is_active,
        parent=UnitRef.model_validate(parent) if parent else None,
        member_count=User.objects.filter(memberships__unit=unit, is_active=True).distinct().count(),
        children=[
            UnitRef.model_validate(c) for c in Unit.objects.filter(parent=unit).order_by("name")
        ],
    )
