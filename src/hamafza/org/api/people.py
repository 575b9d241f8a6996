"""`/me`, `/people`: the caller, the people directory, profiles, accounts and roles."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from hamafza.org import selectors, services
from hamafza.org.api._common import (
    ErrorOut,
    PageFilters,
    caller,
    errors,
    fetch_member,
    fetch_unit,
    page_slice,
    service_errors,
    staff,
    unit_named,
)
from hamafza.org.models import Language, Membership, Profile, Role, Skill, Unit
from hamafza.org.permissions import access_for

router = Router()
User = get_user_model()


class MembershipOut(Schema):
    unit: str
    unit_slug: str
    role: str

    @staticmethod
    def resolve_unit(obj: Membership) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_unit_slug(obj: Membership) -> str:
        return obj.unit.slug


class MeOut(Schema):
    username: str
    name: str
    email: str
    memberships: list[MembershipOut]
    is_hq_admin: bool


def _profile(person: Any) -> Profile | None:
    # None for an account created outside the services (createsuperuser), which has none.
    return getattr(person, "profile", None)


class PersonOut(Schema):
    username: str
    first_name: str
    last_name: str
    name: str
    email: str
    title: str
    phone: str
    bio: str
    photo_url: str | None
    skills: list[str] = Field(description="Skill codes")
    languages: list[str] = Field(description="Language codes")
    memberships: list[MembershipOut]
    is_active: bool

    # The resolvers read what people_search / _with_directory_data prefetch.
    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)

    @staticmethod
    def resolve_title(obj: Any) -> str:
        profile = _profile(obj)
        return profile.title if profile else ""

    @staticmethod
    def resolve_phone(obj: Any) -> str:
        profile = _profile(obj)
        return profile.phone if profile else ""

    @staticmethod
    def resolve_bio(obj: Any) -> str:
        profile = _profile(obj)
        return profile.bio if profile else ""

    @staticmethod
    def resolve_photo_url(obj: Any) -> str | None:
        profile = _profile(obj)
        return profile.photo.url if profile and profile.photo else None

    @staticmethod
    def resolve_skills(obj: Any) -> list[str]:
        profile = _profile(obj)
        return [skill.code for skill in profile.skills.all()] if profile else []

    @staticmethod
    def resolve_languages(obj: Any) -> list[str]:
        profile = _profile(obj)
        return [language.code for language in profile.languages.all()] if profile else []

    @staticmethod
    def resolve_memberships(obj: Any) -> list[Membership]:
        return list(obj.memberships.all())


class PeoplePage(Schema):
    items: list[PersonOut]
    count: int
    page: int
    page_size: int


class PeopleFilters(PageFilters):
    q: str = Field("", max_length=200, description="Words in the name, username, title, phone")
    unit: str = Field("", max_length=100, description="A unit's slug")
    include_subunits: bool = True
    province: str = Field("", max_length=100, description="A province's slug")
    role: Role | None = None
    skill: str = Field("", max_length=50, description="A skill code")
    language: str = Field("", max_length=10, description="A language code")
    include_inactive: bool = Field(False, description="Only for people who manage a unit")


class ProfileIn(Schema):
    """Every field is optional; a field left out is not changed."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    title: str | None = None
    phone: str | None = None
    bio: str | None = Field(None, max_length=2000)
    skills: list[str] | None = Field(None, description="Skill codes; replaces the list")
    languages: list[str] | None = Field(None, description="Language codes; replaces the list")
    remove_photo: bool = False


class MemberIn(Schema):
    username: str
    first_name: str
    last_name: str
    email: str = ""
    role: Role = Role.REPORTER
    password: str | None = Field(None, description="Without one the account signs in after a reset")


class RolesIn(Schema):
    roles: list[Role]


class RolesOut(Schema):
    username: str
    unit: str
    roles: list[str]


def _with_directory_data(people: Any) -> Any:
    return people.select_related("profile").prefetch_related(
        "profile__skills",
        "profile__languages",
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("unit").order_by("unit__name", "role"),
        ),
    )


def _person(person: Any) -> Any:
    """The person reloaded with what ``PersonOut`` shows."""
    return _with_directory_data(User.objects.filter(pk=person.pk)).get()


def _by_codes[M: (Skill, Language)](model: type[M], codes: Iterable[str], label: str) -> list[M]:
    """Reference rows for the given codes; an unknown code is bad input (400)."""
    wanted = set(codes)
    found = list(model.objects.filter(code__in=wanted))
    unknown = sorted(wanted - {row.code for row in found})
    if unknown:
        raise HttpError(
            400, _("%(label)s نامعتبر: %(codes)s") % {"label": label, "codes": "، ".join(unknown)}
        )
    return found


@router.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    summary="The signed-in user, their units and roles",
)
def me(request: HttpRequest) -> dict[str, object]:
    user = caller(request)
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "memberships": list(Membership.objects.filter(user=user).select_related("unit")),
        "is_hq_admin": access_for(user).is_hq_admin,
    }


@router.get(
    "/people",
    response={200: PeoplePage, **errors(400, 422)},
    summary="The people directory: search by name, unit, province, role, skill, language",
)
@service_errors
def people_list(request: HttpRequest, filters: Query[PeopleFilters]) -> dict[str, object]:
    access = staff(request)
    if filters.include_inactive and not access.managed_unit_ids():
        raise PermissionDenied(_("فقط مدیران واحدها حساب‌های غیرفعال را می‌بینند."))
    unit = unit_named(filters.unit)
    province = unit_named(filters.province, kind=Unit.Kind.PROVINCE)
    include_subunits = filters.include_subunits
    outside_province = False
    if province is not None:
        if unit is None:
            unit, include_subunits = province, True
        else:
            # The unit's own subtree lies inside the province's, or the two do not meet.
            outside_province = unit.pk not in access.tree.subtree(province.pk)
    people = selectors.people_search(
        viewer=caller(request),
        q=filters.q,
        unit=unit,
        include_subunits=include_subunits,
        role=filters.role or "",
        skill=filters.skill,
        language=filters.language,
        include_inactive=filters.include_inactive,
    )
    if outside_province:
        people = people.none()
    return {
        "items": list(people[page_slice(filters.page, filters.page_size)]),
        "count": people.count(),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.get(
    "/people/{username}",
    response={200: PersonOut, **errors(404)},
    summary="One person's profile, skills and roles",
)
@service_errors
def person_detail(request: HttpRequest, username: str) -> Any:
    return _person(fetch_member(caller(request), username))


@router.patch(
    "/people/{username}/profile",
    response={200: PersonOut, **errors(400, 404, 422)},
    summary="Update a profile (the person themselves, or someone who manages them)",
)
@service_errors
def profile_update(request: HttpRequest, username: str, payload: ProfileIn) -> Any:
    actor = caller(request)
    person = fetch_member(actor, username, for_write=True)
    skills = languages = None
    if payload.skills is not None:
        skills = _by_codes(Skill, payload.skills, _("مهارت"))
    if payload.languages is not None:
        languages = _by_codes(Language, payload.languages, _("زبان"))
    services.profile_update(
        actor=actor,
        user=person,
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
        title=payload.title,
        phone=payload.phone,
        bio=payload.bio,
        skills=skills,
        languages=languages,
        remove_photo=payload.remove_photo,
    )
    return _person(person)


@router.post(
    "/units/{slug}/members",
    response={201: PersonOut, **errors(400, 404, 422)},
    summary="Create an account with its first role in the unit",
)
@service_errors
def member_create(request: HttpRequest, slug: str, payload: MemberIn) -> Status[Any]:
    actor = caller(request)
    person = services.member_create(
        actor=actor,
        unit=fetch_unit(actor, slug),
        username=payload.username,
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
        role=str(payload.role),
        password=payload.password,
    )
    return Status(201, _person(person))


@router.put(
    "/units/{slug}/members/{username}/roles",
    response={200: RolesOut, **errors(400, 404, 422)},
    summary="Set a person's roles in the unit: all or nothing; an empty list removes them all",
)
@service_errors
def member_set_roles(request: HttpRequest, slug: str, username: str, payload: RolesIn) -> RolesOut:
    actor = caller(request)
    unit = fetch_unit(actor, slug, for_manage=True)
    person = fetch_member(actor, username)
    roles = services.member_set_roles(
        actor=actor, user=person, unit=unit, roles=[str(role) for role in payload.roles]
    )
    return RolesOut(username=person.username, unit=unit.slug, roles=sorted(roles))


def _set_active(request: HttpRequest, username: str, *, active: bool) -> Any:
    actor = caller(request)
    person = fetch_member(actor, username, for_write=True)
    services.user_set_active(actor=actor, user=person, active=active)
    return _person(person)


@router.post(
    "/people/{username}/deactivate",
    response={200: PersonOut, **errors(400, 404)},
    summary="Deactivate an account: it stops signing in; nothing it wrote is removed",
)
@service_errors
def person_deactivate(request: HttpRequest, username: str) -> Any:
    return _set_active(request, username, active=False)


@router.post(
    "/people/{username}/activate",
    response={200: PersonOut, **errors(400, 404)},
    summary="Reactivate an account",
)
@service_errors
def person_activate(request: HttpRequest, username: str) -> Any:
    return _set_active(request, username, active=True)
