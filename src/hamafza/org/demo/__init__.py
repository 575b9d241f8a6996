"""The demo network: a welfare organization's HQ, its 31 provincial offices, some counties and
centers, about forty PR practitioners and a dozen partners — enough to try every screen.

``demo_load`` writes the models directly, in one transaction, instead of calling the org
services. The services need an acting user who already holds the right to act (an HQ admin to
create units, a head to add members…); the demo *creates* those people, so there is nobody to act
as until it has run. Going through the services would also write a few hundred audit rows
describing a history that never happened. Instead the load writes one audit row,
``org.demo.load`` with ``actor=None`` (the installation acting on its own), that says what was
created, and it marks the database with ``SystemFlag(key="demo_dataset")``.

Contract:

* Refuses (``DemoRefusedError``, a ``CommandError``) when the database already holds users or
  units and is not marked as a demo database, so a real installation is never mixed with
  invented people. Nothing is written then.
* Idempotent: each demo object (unit by slug, account by username, partner by name) is created
  only when it is missing; what exists is left exactly as it is, so a second run creates
  nothing and an administrator's edits in the demo survive a re-run.
* Every demo account has the password ``DEMO_PASSWORD``. It is hashed once per run and the same
  hash is given to every new account: with Argon2 hashing forty times would take seconds.
* People, phone numbers and contacts are invented (phone numbers follow the Iranian mobile format
  with a ``000`` block; e-mail addresses use the reserved ``.example`` domain). Partner
  organizations are real institutions, named as examples of the four domains of synergy.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction

from hamafza.common.audit import audit_log
from hamafza.common.models import SystemFlag
from hamafza.org.demo.data import (
    DEMO_FLAG,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    PARTNERS,
    PEOPLE,
    PersonSpec,
    demo_phone,
    demo_units,
)
from hamafza.org.models import (
    Domain,
    Language,
    Membership,
    Partner,
    PartnerContact,
    Profile,
    Skill,
    Unit,
)
from hamafza.org.reference import reference_data_ensure


class Writer(Protocol):
    """Where progress lines go: a text stream or a management command's ``self.stdout``."""

    def write(self, msg: str, /) -> Any: ...


class DemoRefusedError(CommandError):
    """The database holds real (non-demo) data; the demo would mix invented people into it."""


# --- Loading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    unit_slug: str
    unit_name: str
    active: bool
    more_roles: tuple[str, ...] = ()  # "role@unit-slug" for the roles after the first


@dataclass
class DemoSummary:
    """What the load created this time (``created``) and what the database now holds."""

    created: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    units_by_kind: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = DEMO_PASSWORD

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


def demo_guard() -> None:
    """Raise ``DemoRefusedError`` when the database holds users or units and is not a demo."""
    if SystemFlag.objects.filter(key=DEMO_FLAG).exists():
        return
    if get_user_model().objects.exists() or Unit.objects.exists():
        raise DemoRefusedError(
            "این پایگاه داده داده‌های واقعی (کاربر یا واحد) دارد و نسخه نمایشی روی آن بارگذاری "
            "نمی‌شود؛ برای نسخه نمایشی یک DATA_DIR یا DATABASE_URL تازه به کار ببرید.\n"
            "This database already holds real users or units, so the demo will not be loaded "
            "into it; use a fresh DATA_DIR or DATABASE_URL for the demo."
        )


def demo_load(*, stdout: Writer | None = None) -> DemoSummary:
    """Build (or complete) the demo network and return a summary. See the module docstring."""

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    with transaction.atomic():
        demo_guard()
        reference_data_ensure()
        created: Counter[str] = Counter()
        units = _load_units(created)
        say(f"  واحدها / units: +{created['units']}")
        _load_people(units, created)
        say(f"  اعضا / members: +{created['members']}, نقش‌ها / roles: +{created['memberships']}")
        _load_partners(units, created)
        say(f"  همکاران / partners: +{created['partners']}, contacts: +{created['contacts']}")
        SystemFlag.objects.get_or_create(key=DEMO_FLAG, defaults={"value": "1"})
        totals = {
            "units": Unit.objects.count(),
            "members": get_user_model().objects.count(),
            "memberships": Membership.objects.count(),
            "partners": Partner.objects.count(),
            "contacts": PartnerContact.objects.count(),
        }
        if any(created.values()):
            audit_log(
                actor=None,
                action="org.demo.load",
                unit=units["hq"],
                summary="، ".join(f"{key}: +{count}" for key, count in sorted(created.items())),
                changes={key: [totals[key] - created[key], totals[key]] for key in totals},
            )
    by_kind = Counter(Unit.objects.values_list("kind", flat=True))
    return DemoSummary(
        created={key: created[key] for key in totals},
        totals=totals,
        units_by_kind=dict(by_kind),
        logins=[_login(person, units) for person in PEOPLE],
    )


def _login(person: PersonSpec, units: dict[str, Unit]) -> DemoLogin:
    slug, role = person.roles[0]
    return DemoLogin(
        username=person.username,
        full_name=f"{person.first_name} {person.last_name}",
        role=role,
        unit_slug=slug,
        unit_name=units[slug].name,
        active=person.active,
        more_roles=tuple(f"{r}@{s}" for s, r in person.roles[1:]),
    )


def _load_units(created: Counter[str]) -> dict[str, Unit]:
    """Create the missing demo units, parents first; return every unit by slug."""
    units = {unit.slug: unit for unit in Unit.objects.all()}
    for spec in demo_units():
        if spec.slug in units:
            continue
        unit = Unit.objects.create(
            slug=spec.slug,
            name=spec.name,
            name_en=spec.name_en,
            kind=spec.kind,
            parent=units[spec.parent] if spec.parent else None,
        )
        units[spec.slug] = unit
        created["units"] += 1
    return units


def _load_people(units: dict[str, Unit], created: Counter[str]) -> None:
    """Create the missing demo accounts with profile, skills, languages and memberships.

    Accounts that exist are not touched. Rows are written in bulk (one query per table) so the
    load stays well under a second.
    """
    user_model = get_user_model()
    existing = set(
        user_model.objects.filter(username__in=[p.username for p in PEOPLE]).values_list(
            "username", flat=True
        )
    )
    missing = [p for p in PEOPLE if p.username not in existing]
    if not missing:
        return
    hashed = make_password(DEMO_PASSWORD)
    users: list[Any] = user_model.objects.bulk_create(
        [
            user_model(
                username=p.username,
                first_name=p.first_name,
                last_name=p.last_name,
                email=f"{p.username}@{EMAIL_DOMAIN}",
                password=hashed,
                is_active=p.active,
                is_staff=p.superuser,
                is_superuser=p.superuser,
            )
            for p in missing
        ]
    )
    slug_of = {unit.pk: slug for slug, unit in units.items()}
    parents = {slug: slug_of.get(unit.parent_id) for slug, unit in units.items()}
    index = {p.username: n for n, p in enumerate(PEOPLE, start=1)}
    profiles = Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                title=p.title,
                phone=demo_phone(index[p.username], p.roles[0][0], parents),
                bio=p.bio,
            )
            for user, p in zip(users, missing, strict=True)
        ]
    )
    skills = {s.code: s for s in Skill.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    Profile.skills.through.objects.bulk_create(
        [
            Profile.skills.through(profile=profile, skill=skills[code])
            for profile, p in zip(profiles, missing, strict=True)
            for code in p.skills
        ]
    )
    Profile.languages.through.objects.bulk_create(
        [
            Profile.languages.through(profile=profile, language=languages[code])
            for profile, p in zip(profiles, missing, strict=True)
            for code in p.languages
        ]
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(user=user, unit=units[slug], role=role)
            for user, p in zip(users, missing, strict=True)
            for slug, role in p.roles
        ]
    )
    created["members"] += len(users)
    created["memberships"] += len(memberships)


def _load_partners(units: dict[str, Unit], created: Counter[str]) -> None:
    """Create the missing demo partners (by name) with their domains and contacts."""
    existing = set(Partner.objects.values_list("name", flat=True))
    domains = {d.code: d for d in Domain.objects.all()}
    for spec in PARTNERS:
        if spec.name in existing:
            continue
        partner = Partner.objects.create(
            name=spec.name,
            name_en=spec.name_en,
            kind=spec.kind,
            country=spec.country,
            website=spec.website,
            description=spec.description,
            owner_unit=units[spec.owner],
        )
        partner.domains.set([domains[code] for code in spec.domains])
        PartnerContact.objects.bulk_create(
            [
                PartnerContact(partner=partner, name=c.name, position=c.position, phone=c.phone)
                for c in spec.contacts
            ]
        )
        created["partners"] += 1
        created["contacts"] += len(spec.contacts)
