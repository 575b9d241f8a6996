import time

import pytest
from django.contrib.auth import authenticate
from django.core.management.base import CommandError

from hamafza.accounts.models import User
from hamafza.common.models import AuditEntry, SystemFlag
from hamafza.org.demo import DEMO_FLAG, DEMO_PASSWORD, PARTNERS, PEOPLE, demo_load
from hamafza.org.models import Domain, Membership, Partner, PartnerContact, Profile, Role, Unit
from hamafza.org.selectors import people_search
from hamafza.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROVINCE_SLUGS = {
    "tehran", "isfahan", "khorasan-razavi", "fars", "east-azerbaijan", "west-azerbaijan",
    "ardabil", "alborz", "ilam", "bushehr", "chaharmahal-bakhtiari", "south-khorasan",
    "north-khorasan", "khuzestan", "zanjan", "semnan", "sistan-baluchestan", "qazvin", "qom",
    "kurdistan", "kerman", "kermanshah", "kohgiluyeh-boyerahmad", "golestan", "gilan",
    "lorestan", "mazandaran", "markazi", "hormozgan", "hamadan", "yazd",
}  # fmt: skip

REQUIRED_USERNAMES = [
    "admin", "hq.editor", "hq.head", "intl.editor", "tehran.head", "tehran.editor",
    "tehran.reporter", "isfahan.head", "isfahan.editor", "isfahan.reporter", "khorasan.head",
    "khorasan.editor", "shemiranat.reporter", "kashan.reporter", "mashhad.reporter",
    "neyshabur.reporter",
]  # fmt: skip


def _counts() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "profiles": Profile.objects.count(),
        "memberships": Membership.objects.count(),
        "partners": Partner.objects.count(),
        "contacts": PartnerContact.objects.count(),
        "audit": AuditEntry.objects.count(),
        "flags": SystemFlag.objects.count(),
    }


@pytest.fixture
def demo():
    return demo_load()


def test_builds_hq_offices_and_all_31_provinces(demo):
    hq = Unit.objects.get(slug="hq")
    assert hq.name == "ستاد سازمان بهزیستی کشور"
    assert hq.kind == Unit.Kind.HQ
    assert hq.parent is None
    pr = Unit.objects.get(slug="hq-pr")
    assert (pr.name, pr.kind, pr.parent) == (
        "دفتر روابط عمومی و امور بین‌الملل",
        Unit.Kind.HQ_OFFICE,
        hq,
    )
    assert Unit.objects.filter(kind=Unit.Kind.HQ_OFFICE).count() >= 4
    provinces = Unit.objects.filter(kind=Unit.Kind.PROVINCE)
    assert set(provinces.values_list("slug", flat=True)) == PROVINCE_SLUGS
    assert all(p.parent_id == hq.pk for p in provinces)
    assert all(p.name.startswith("اداره کل بهزیستی استان ") and p.name_en for p in provinces)
    assert Unit.objects.get(slug="khorasan-razavi").name == "اداره کل بهزیستی استان خراسان رضوی"


@pytest.mark.parametrize(
    ("province", "counties"),
    [
        ("tehran", {"shemiranat", "rey", "eslamshahr", "shahriar", "varamin", "damavand"}),
        ("isfahan", {"kashan", "najafabad", "khomeinishahr", "shahinshahr", "natanz"}),
        ("khorasan-razavi", {"mashhad", "neyshabur", "sabzevar", "torbat-heydarieh", "quchan"}),
    ],
)
def test_builds_the_counties_of_three_provinces(demo, province, counties):
    found = Unit.objects.filter(parent__slug=province, kind=Unit.Kind.COUNTY)
    assert set(found.values_list("slug", flat=True)) == counties
    assert all(c.name.startswith("اداره بهزیستی شهرستان ") for c in found)


def test_builds_centers_below_counties(demo):
    center = Unit.objects.get(slug="mashhad-rehab")
    assert center.kind == Unit.Kind.CENTER
    assert center.parent.slug == "mashhad"
    assert Unit.objects.filter(kind=Unit.Kind.CENTER).count() >= 2


def test_members_roles_and_profiles(demo):
    assert User.objects.count() >= 38
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert not User.objects.filter(profile__isnull=True).exists()
    assert not Profile.objects.filter(title="").exists()
    # Phones are stored in ASCII digits, Iranian mobile format.
    for phone in Profile.objects.values_list("phone", flat=True):
        assert phone.isascii()
        assert phone.isdigit()
        assert len(phone) == 11
        assert phone.startswith("09")
    # One person holds roles in two units; one account is deactivated.
    two_units = [
        u for u in User.objects.all() if u.memberships.values("unit").distinct().count() > 1
    ]
    assert two_units
    assert User.objects.filter(is_active=False).count() == 1


def test_required_accounts_exist_and_sign_in_with_the_shared_password(demo, rf):
    for username in REQUIRED_USERNAMES:
        user = authenticate(rf.post("/accounts/login/"), username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.username == username
    assert User.objects.get(username="sabzevar.former").check_password(DEMO_PASSWORD)


def test_key_personas_have_their_roles_and_skills(demo):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert Membership.objects.filter(user=admin, unit__slug="hq", role=Role.ADMIN).exists()
    expected = {
        "hq.editor": ("hq-pr", Role.HQ_EDITOR),
        "hq.head": ("hq-pr", Role.HEAD),
        "intl.editor": ("hq-pr", Role.HQ_EDITOR),
        "tehran.head": ("tehran", Role.HEAD),
        "isfahan.editor": ("isfahan", Role.EDITOR),
        "khorasan.editor": ("khorasan-razavi", Role.EDITOR),
        "kashan.reporter": ("kashan", Role.REPORTER),
    }
    for username, (slug, role) in expected.items():
        assert Membership.objects.filter(
            user__username=username, unit__slug=slug, role=role
        ).exists(), username
    intl = Profile.objects.get(user__username="intl.editor")
    assert {"en", "ar"} <= set(intl.languages.values_list("code", flat=True))
    assert intl.skills.filter(code="translation").exists()
    assert set(
        Profile.objects.get(user__username="neyshabur.reporter").skills.values_list(
            "code", flat=True
        )
    ) >= {"video", "photo"}
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()


def test_directory_answers_who_can_shoot_video_or_photos(demo):
    viewer = User.objects.get(username="hq.head")
    khorasan = Unit.objects.get(slug="khorasan-razavi")
    video = people_search(viewer=viewer, unit=khorasan, skill="video")
    usernames = set(video.values_list("username", flat=True))
    assert len(usernames) >= 2
    assert {"mashhad.reporter", "neyshabur.reporter"} <= usernames
    assert "sabzevar.former" not in usernames  # deactivated
    tehran = Unit.objects.get(slug="tehran")
    assert people_search(viewer=viewer, unit=tehran, skill="photo").count() >= 2


def test_partners_cover_every_domain_with_contacts(demo):
    assert Partner.objects.count() == len(PARTNERS) >= 12
    assert set(Partner.objects.values_list("domains__code", flat=True)) == set(Domain.Code.values)
    assert Partner.objects.filter(kind=Partner.Kind.FOREIGN).count() >= 2
    for partner in Partner.objects.all():
        assert 1 <= partner.contacts.count() <= 2, partner.name
    assert Partner.objects.get(name="صدا و سیمای مرکز اصفهان").owner_unit.slug == "isfahan"


def test_marks_the_database_and_audits_the_load(demo):
    assert SystemFlag.objects.get(key=DEMO_FLAG).value == "1"
    entry = AuditEntry.objects.get(action="org.demo.load")
    assert entry.actor is None
    assert entry.changes["members"] == [0, len(PEOPLE)]


def test_summary(demo):
    assert demo.created["units"] == Unit.objects.count()
    assert demo.created["members"] == len(PEOPLE)
    assert demo.units_by_kind[Unit.Kind.PROVINCE] == 31
    assert demo.password == DEMO_PASSWORD
    assert [login.username for login in demo.logins] == [p.username for p in PEOPLE]
    assert demo.created_anything


def test_a_second_run_creates_nothing(demo):
    before = _counts()
    again = demo_load()
    assert _counts() == before
    assert not again.created_anything
    assert again.totals == demo.totals


def test_a_second_run_keeps_edits_and_recreates_only_what_is_missing(demo):
    User.objects.filter(username="tehran.head").update(first_name="ویرایش‌شده")
    User.objects.filter(username="qom.viewer").delete()
    again = demo_load()
    assert again.created["members"] == 1
    assert User.objects.get(username="tehran.head").first_name == "ویرایش‌شده"
    assert User.objects.filter(username="qom.viewer").exists()


def test_refuses_a_database_with_real_users():
    UserFactory.create(username="real.person")
    before = _counts()
    with pytest.raises(CommandError, match="real users or units"):
        demo_load()
    assert _counts() == before
    assert not Unit.objects.exists()


def test_refuses_a_database_with_real_units():
    Unit.objects.create(slug="hq", name="ستاد", kind=Unit.Kind.HQ)
    with pytest.raises(CommandError):
        demo_load()
    assert not User.objects.exists()
    assert not SystemFlag.objects.filter(key=DEMO_FLAG).exists()


def test_is_fast():
    started = time.perf_counter()
    demo_load()
    # Generous bound for slow CI machines; on a laptop it takes a fraction of this.
    assert time.perf_counter() - started < 5
