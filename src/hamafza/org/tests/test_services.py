"""Every org service: what a success writes (one audit row per change) and that every refusal
(PermissionDenied, ValidationError) leaves the database exactly as it was."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hamafza.common.models import AuditEntry
from hamafza.org import services
from hamafza.org.models import (
    Domain,
    Language,
    Membership,
    Partner,
    PartnerContact,
    Profile,
    Role,
    Skill,
    Unit,
)
from hamafza.org.permissions import access_for
from hamafza.org.tests.factories import MembershipFactory, PartnerFactory

User = get_user_model()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def db_state() -> dict[str, Any]:
    """Everything the org services may write, in comparable form."""
    return {
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "first_name", "last_name", "email", "is_active", "password"
            )
        ),
        "memberships": sorted(Membership.objects.values_list("user_id", "unit_id", "role")),
        "profiles": list(
            Profile.objects.order_by("pk").values_list("user_id", "title", "phone", "bio", "photo")
        ),
        "skills": sorted(Profile.skills.through.objects.values_list("profile_id", "skill_id")),
        "languages": sorted(
            Profile.languages.through.objects.values_list("profile_id", "language_id")
        ),
        "units": list(Unit.objects.order_by("pk").values()),
        "partners": list(Partner.objects.order_by("pk").values()),
        "partner_domains": sorted(
            Partner.domains.through.objects.values_list("partner_id", "domain_id")
        ),
        "contacts": list(PartnerContact.objects.order_by("pk").values()),
        "audit": AuditEntry.objects.count(),
    }


@contextmanager
def unchanged() -> Iterator[None]:
    """Assert the block leaves every org table and the audit log as they were."""
    before = db_state()
    yield
    assert db_state() == before


@contextmanager
def refused(exception: type[Exception]) -> Iterator[None]:
    with unchanged(), pytest.raises(exception):
        yield


@contextmanager
def audited(*actions: str) -> Iterator[list[AuditEntry]]:
    """Assert the block writes exactly these audit rows (in order); yields them afterwards."""
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    written: list[AuditEntry] = []
    yield written
    written.extend(AuditEntry.objects.filter(id__gt=last).order_by("id"))
    assert [entry.action for entry in written] == list(actions)


def _image(fmt: str = "JPEG", size: tuple[int, int] = (800, 400), **save: Any) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def _exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone 9"  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x8825] = {2: (35.0, 41.0, 0.0)}  # GPS latitude
    return exif


def _photo_name(user: Any) -> str:
    return Profile.objects.get(user=user).photo.name or ""


def _upload(content: bytes, name: str = "me.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


# --- unit_create ---------------------------------------------------------------------------


def test_unit_create_audits_under_the_new_unit(net):
    with audited("org.unit.create") as entries:
        unit = services.unit_create(
            actor=net.hq_admin, parent=net.tehran, name=" شهرری ", slug="rey", kind="county"
        )
    assert (unit.name, unit.parent_id, unit.slug) == ("شهرری", net.tehran.pk, "rey")
    assert entries[0].unit_id == unit.pk
    assert entries[0].actor == net.hq_admin


def test_unit_create_needs_admin_of_parent(net):
    with refused(PermissionDenied):
        services.unit_create(
            actor=net.tehran_head, parent=net.tehran, name="ری", slug="rey", kind="county"
        )


def test_unit_create_root_only_by_superuser(net):
    with refused(PermissionDenied):
        services.unit_create(actor=net.hq_admin, parent=None, name="ریشه", slug="r", kind="hq")


@pytest.mark.parametrize(
    ("name", "slug", "kind"),
    [
        ("", "rey", "county"),
        ("ری", "", "county"),
        ("ری", "rey", "planet"),
        ("ری", "kashan", "county"),
    ],
)
def test_unit_create_rejects_bad_input(net, name, slug, kind):
    with refused(ValidationError):
        services.unit_create(actor=net.hq_admin, parent=net.tehran, name=name, slug=slug, kind=kind)


# --- membership_add / membership_remove ----------------------------------------------------


def test_membership_add_audits_role_and_unit(net):
    with audited("org.membership.add") as entries:
        services.membership_add(
            actor=net.tehran_head, user=net.tehran_reporter, unit=net.shemiranat, role="editor"
        )
    assert Membership.objects.filter(user=net.tehran_reporter, unit=net.shemiranat).exists()
    assert entries[0].unit_id == net.shemiranat.pk
    assert entries[0].changes == {"role": [None, "editor"]}


def test_membership_add_existing_role_changes_nothing(net):
    with unchanged():
        services.membership_add(
            actor=net.tehran_head, user=net.tehran_reporter, unit=net.tehran, role="reporter"
        )


def test_membership_add_refused_outside_managed_units(net):
    with refused(PermissionDenied):
        services.membership_add(
            actor=net.tehran_head, user=net.tehran_reporter, unit=net.isfahan, role="reporter"
        )


def test_membership_add_admin_role_needs_an_admin(net):
    with refused(PermissionDenied):
        services.membership_add(
            actor=net.tehran_head, user=net.tehran_editor, unit=net.tehran, role="admin"
        )


def test_membership_add_hq_editor_outside_hq_is_invalid(net):
    with refused(ValidationError):
        services.membership_add(
            actor=net.hq_admin, user=net.tehran_editor, unit=net.tehran, role="hq_editor"
        )


def test_membership_add_unknown_role(net):
    with refused(ValidationError):
        services.membership_add(
            actor=net.hq_admin, user=net.tehran_editor, unit=net.tehran, role="king"
        )


def test_membership_add_refreshes_the_targets_access(net):
    assert not access_for(net.tehran_reporter).can_manage_unit(net.tehran)
    services.membership_add(
        actor=net.tehran_head, user=net.tehran_reporter, unit=net.tehran, role="head"
    )
    assert access_for(net.tehran_reporter).can_manage_unit(net.tehran)


def test_membership_remove_audits(net):
    membership = Membership.objects.get(user=net.shemiranat_reporter)
    with audited("org.membership.remove") as entries:
        services.membership_remove(actor=net.tehran_head, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert entries[0].unit_id == net.shemiranat.pk
    assert entries[0].changes == {"role": ["reporter", None]}


def test_membership_remove_refused_from_below(net):
    membership = Membership.objects.get(user=net.tehran_reporter)
    with refused(PermissionDenied):
        services.membership_remove(actor=net.shemiranat_head, membership=membership)


def test_membership_remove_own_manager_role_refused(net):
    membership = Membership.objects.get(user=net.tehran_head)
    with refused(ValidationError):
        services.membership_remove(actor=net.tehran_head, membership=membership)


# --- member_set_roles ----------------------------------------------------------------------


def test_member_set_roles_one_audit_row_per_change(net):
    with audited("org.membership.add", "org.membership.add", "org.membership.remove"):
        roles = services.member_set_roles(
            actor=net.tehran_head,
            user=net.tehran_reporter,
            unit=net.tehran,
            roles=["editor", "viewer"],
        )
    assert roles == {"editor", "viewer"}
    assert set(
        Membership.objects.filter(user=net.tehran_reporter).values_list("role", flat=True)
    ) == {"editor", "viewer"}


def test_member_set_roles_same_roles_changes_nothing(net):
    with unchanged():
        services.member_set_roles(
            actor=net.tehran_head, user=net.tehran_reporter, unit=net.tehran, roles=["reporter"]
        )


def test_member_set_roles_all_or_nothing_when_an_add_is_refused(net):
    # "editor" alone would be allowed; "admin" is not, so neither is added, nothing removed.
    with refused(PermissionDenied):
        services.member_set_roles(
            actor=net.tehran_head,
            user=net.tehran_reporter,
            unit=net.tehran,
            roles=["editor", "admin"],
        )


def test_member_set_roles_all_or_nothing_when_a_removal_is_refused(net):
    with refused(ValidationError):
        services.member_set_roles(
            actor=net.tehran_head, user=net.tehran_head, unit=net.tehran, roles=["editor"]
        )


def test_member_set_roles_unknown_role(net):
    with refused(ValidationError):
        services.member_set_roles(
            actor=net.hq_admin, user=net.tehran_reporter, unit=net.tehran, roles=["editor", "x"]
        )


# --- member_create -------------------------------------------------------------------------


def test_member_create_audits_account_and_first_role(net):
    with audited("org.member.create", "org.membership.add") as entries:
        user = services.member_create(
            actor=net.tehran_head,
            unit=net.shemiranat,
            username=" Sara.K ",
            first_name="سارا",
            last_name="کاظمی",
            email="sara@example.org",
            role="editor",
        )
    assert user.username == "sara.k"
    assert not user.has_usable_password()
    assert Profile.objects.filter(user=user).exists()
    assert Membership.objects.filter(user=user, unit=net.shemiranat, role="editor").exists()
    assert {entry.unit_id for entry in entries} == {net.shemiranat.pk}


def test_member_create_with_password_can_sign_in(net):
    user = services.member_create(
        actor=net.hq_admin,
        unit=net.hq,
        username="pw.user",
        first_name="الف",
        last_name="ب",
        password="a-long-enough-passphrase-1405",
    )
    assert user.check_password("a-long-enough-passphrase-1405")


def test_member_create_refused_outside_managed_units(net):
    with refused(PermissionDenied):
        services.member_create(
            actor=net.tehran_head, unit=net.isfahan, username="x", first_name="x", last_name="x"
        )


def test_member_create_admin_role_needs_an_admin(net):
    with refused(PermissionDenied):
        services.member_create(
            actor=net.tehran_head,
            unit=net.tehran,
            username="x",
            first_name="x",
            last_name="x",
            role="admin",
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"username": "TEHRAN.Head"},  # taken, whatever the case
        {"username": "  "},
        {"username": "نام فارسی"},
        {"first_name": "", "last_name": " "},
        {"email": "not-an-address"},
        {"first_name": "ن" * 151},
        {"password": "123"},
        {"role": "hq_editor"},  # only on the HQ side
        {"role": "king"},
    ],
)
def test_member_create_rejects_bad_input(net, fields):
    data = {"username": "new.one", "first_name": "نام", "last_name": "خانوادگی", **fields}
    with refused(ValidationError):
        services.member_create(actor=net.hq_admin, unit=net.tehran, **data)


# --- user_set_active -----------------------------------------------------------------------


def test_deactivate_then_reactivate(net):
    with audited("org.member.deactivate") as entries:
        services.user_set_active(actor=net.tehran_head, user=net.tehran_reporter, active=False)
    net.tehran_reporter.refresh_from_db()
    assert not net.tehran_reporter.is_active
    assert entries[0].changes == {"is_active": [True, False]}
    with audited("org.member.activate"):
        services.user_set_active(actor=net.tehran_head, user=net.tehran_reporter, active=True)
    net.tehran_reporter.refresh_from_db()
    assert net.tehran_reporter.is_active


def test_deactivated_user_loses_access(net):
    services.user_set_active(actor=net.hq_admin, user=net.tehran_head, active=False)
    assert not access_for(User.objects.get(pk=net.tehran_head.pk)).is_staff_member


def test_deactivate_twice_writes_one_row(net):
    services.user_set_active(actor=net.tehran_head, user=net.tehran_reporter, active=False)
    with unchanged():
        services.user_set_active(actor=net.tehran_head, user=net.tehran_reporter, active=False)


def test_cannot_deactivate_self(net):
    with refused(ValidationError):
        services.user_set_active(actor=net.hq_admin, user=net.hq_admin, active=False)


def test_cannot_deactivate_someone_who_also_works_elsewhere(net):
    MembershipFactory.create(user=net.tehran_reporter, unit=net.isfahan, role=Role.REPORTER)
    with refused(PermissionDenied):
        services.user_set_active(actor=net.tehran_head, user=net.tehran_reporter, active=False)


def test_editor_cannot_deactivate(net):
    with refused(PermissionDenied):
        services.user_set_active(actor=net.tehran_editor, user=net.tehran_reporter, active=False)


# --- profile_update ------------------------------------------------------------------------


def test_profile_update_by_self_audits_the_changes(net):
    with audited("org.profile.update") as entries:
        services.profile_update(
            actor=net.tehran_reporter,
            user=net.tehran_reporter,
            first_name=" مریم ",
            title="کارشناس خبر",
            skills=Skill.objects.filter(code__in=["photo", "video"]),
            languages=Language.objects.filter(code="ar"),
        )
    profile = Profile.objects.get(user=net.tehran_reporter)
    assert profile.title == "کارشناس خبر"
    assert User.objects.get(pk=net.tehran_reporter.pk).first_name == "مریم"
    assert entries[0].changes == {
        "first_name": ["کاربر", "مریم"],
        "languages": [[], ["ar"]],
        "skills": [[], ["photo", "video"]],
        "title": ["", "کارشناس خبر"],
    }


def test_profile_update_without_changes_writes_nothing(net):
    with unchanged():
        services.profile_update(actor=net.tehran_reporter, user=net.tehran_reporter, title="")


def test_profile_update_stores_phone_digits_as_ascii(net):
    services.profile_update(actor=net.tehran_reporter, user=net.tehran_reporter, phone="۰۹۱۲۱۲۳")
    assert Profile.objects.get(user=net.tehran_reporter).phone == "0912123"


def test_profile_update_by_manager(net):
    services.profile_update(actor=net.tehran_head, user=net.shemiranat_reporter, title="عکاس")
    assert Profile.objects.get(user=net.shemiranat_reporter).title == "عکاس"


def test_profile_update_refused_for_a_colleague(net):
    with refused(PermissionDenied):
        services.profile_update(actor=net.tehran_reporter, user=net.tehran_editor, title="x")


@pytest.mark.parametrize(
    "fields",
    [{"title": "ع" * 201}, {"email": "nope"}, {"last_name": "ن" * 151}, {"phone": "1" * 31}],
)
def test_profile_update_rejects_bad_input(net, fields):
    with refused(ValidationError):
        services.profile_update(
            actor=net.tehran_reporter, user=net.tehran_reporter, first_name="نو", **fields
        )


def test_profile_photo_reencoded_as_jpeg_without_exif(net):
    upload = _upload(_image("JPEG", (1200, 600), exif=_exif(orientation=6)))
    with audited("org.profile.update"):
        services.profile_update(actor=net.tehran_reporter, user=net.tehran_reporter, photo=upload)
    profile = Profile.objects.get(user=net.tehran_reporter)
    with Image.open(profile.photo.open("rb")) as saved:
        assert saved.format == "JPEG"
        assert "exif" not in saved.info
        assert not saved.getexif()
        # Orientation 6 (rotated 90°) was applied before the EXIF went, then bounded to 512.
        assert saved.size == (256, 512)


def test_profile_photo_from_png_with_exif(net):
    upload = _upload(_image("PNG", (300, 300), exif=_exif()), name="me.png")
    services.profile_update(actor=net.tehran_reporter, user=net.tehran_reporter, photo=upload)
    with Image.open(Profile.objects.get(user=net.tehran_reporter).photo.open("rb")) as saved:
        assert saved.format == "JPEG"
        assert not saved.getexif()
        assert saved.size == (300, 300)


@pytest.mark.parametrize(
    "content",
    [b"not an image at all", _image("JPEG")[:200], b"\xff" * (services.PHOTO_MAX_BYTES + 1)],
    ids=["garbage", "truncated", "too-large"],
)
def test_profile_photo_bad_image_rejected(net, content):
    with refused(ValidationError):
        services.profile_update(
            actor=net.tehran_reporter, user=net.tehran_reporter, photo=_upload(content)
        )


def test_profile_refusal_keeps_the_existing_photo_file(net):
    services.profile_update(
        actor=net.tehran_reporter, user=net.tehran_reporter, photo=_upload(_image())
    )
    name = _photo_name(net.tehran_reporter)
    with refused(ValidationError):
        services.profile_update(
            actor=net.tehran_reporter,
            user=net.tehran_reporter,
            photo=_upload(_image()),
            title="ع" * 201,
        )
    assert default_storage.exists(name)


def test_profile_new_photo_replaces_the_old_file_on_commit(net, django_capture_on_commit_callbacks):
    services.profile_update(
        actor=net.tehran_reporter, user=net.tehran_reporter, photo=_upload(_image())
    )
    old = _photo_name(net.tehran_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_update(
            actor=net.tehran_reporter, user=net.tehran_reporter, photo=_upload(_image())
        )
    new = _photo_name(net.tehran_reporter)
    assert new != old
    assert default_storage.exists(new)
    assert not default_storage.exists(old)


def test_profile_remove_photo(net, django_capture_on_commit_callbacks):
    services.profile_update(
        actor=net.tehran_reporter, user=net.tehran_reporter, photo=_upload(_image())
    )
    old = _photo_name(net.tehran_reporter)
    with django_capture_on_commit_callbacks(execute=True), audited("org.profile.update"):
        services.profile_update(
            actor=net.tehran_reporter, user=net.tehran_reporter, remove_photo=True
        )
    assert not Profile.objects.get(user=net.tehran_reporter).photo
    assert not default_storage.exists(old)


# --- Partners ------------------------------------------------------------------------------


def _partner_fields(**overrides: Any) -> dict[str, Any]:
    return {"name": "انجمن نابینایان", "kind": Partner.Kind.NGO, **overrides}


def test_partner_create_audits_under_the_owner_unit(net):
    with audited("org.partner.create") as entries:
        partner = services.partner_create(
            actor=net.tehran_editor,
            owner_unit=net.shemiranat,
            domains=["extra_agency", "inter_agency"],
            **_partner_fields(),
        )
    assert sorted(partner.domains.values_list("code", flat=True)) == [
        "extra_agency",
        "inter_agency",
    ]
    assert entries[0].unit_id == net.shemiranat.pk
    assert entries[0].changes["domains"] == [None, ["extra_agency", "inter_agency"]]


@pytest.mark.parametrize("persona", ["tehran_reporter", "tehran_viewer", "isfahan_editor"])
def test_partner_create_refused(net, persona):
    with refused(PermissionDenied):
        services.partner_create(
            actor=getattr(net, persona), owner_unit=net.tehran, domains=[], **_partner_fields()
        )


@pytest.mark.parametrize(
    ("domains", "fields"),
    [
        (["inter_agency", "galactic"], {}),
        ([], {"name": ""}),
        ([], {"kind": "alien"}),
        ([], {"website": "not a url"}),
    ],
)
def test_partner_create_rejects_bad_input(net, domains, fields):
    with refused(ValidationError):
        services.partner_create(
            actor=net.tehran_editor,
            owner_unit=net.tehran,
            domains=domains,
            **_partner_fields(**fields),
        )


def test_partner_update_audits_only_what_changed(net):
    partner = PartnerFactory.create(owner_unit=net.tehran, name="قدیم")
    partner.domains.add(Domain.objects.get(code="inter_agency"))
    with audited("org.partner.update") as entries:
        services.partner_update(
            actor=net.tehran_editor, partner=partner, name="جدید", domains=["pr_network"]
        )
    assert entries[0].changes == {
        "domains": [["inter_agency"], ["pr_network"]],
        "name": ["قدیم", "جدید"],
    }
    assert entries[0].unit_id == net.tehran.pk


def test_partner_update_same_values_writes_nothing(net):
    partner = PartnerFactory.create(owner_unit=net.tehran, name="همان")
    with audited():
        services.partner_update(actor=net.tehran_editor, partner=partner, name="همان")


def test_partner_update_refused_for_other_units(net):
    partner = PartnerFactory.create(owner_unit=net.tehran)
    with refused(PermissionDenied):
        services.partner_update(actor=net.isfahan_editor, partner=partner, name="x")


@pytest.mark.parametrize(
    ("domains", "fields"),
    [(["nope"], {"name": "x"}), (None, {"kind": "alien"}), (["pr_network"], {"name": ""})],
)
def test_partner_update_rejects_bad_input(net, domains, fields):
    partner = PartnerFactory.create(owner_unit=net.tehran)
    with refused(ValidationError):
        services.partner_update(actor=net.tehran_editor, partner=partner, domains=domains, **fields)


def test_partner_contact_add_and_remove(net):
    partner = PartnerFactory.create(owner_unit=net.tehran)
    with audited("org.partner.contact_add") as added:
        contact = services.partner_contact_add(
            actor=net.tehran_head, partner=partner, name="رابط", email="r@example.org"
        )
    with audited("org.partner.contact_remove") as removed:
        services.partner_contact_remove(actor=net.tehran_head, contact=contact)
    assert not PartnerContact.objects.exists()
    assert added[0].unit_id == removed[0].unit_id == net.tehran.pk


def test_partner_contact_add_refused(net):
    partner = PartnerFactory.create(owner_unit=net.tehran)
    with refused(PermissionDenied):
        services.partner_contact_add(actor=net.tehran_reporter, partner=partner, name="x")


def test_partner_contact_add_rejects_bad_email(net):
    partner = PartnerFactory.create(owner_unit=net.tehran)
    with refused(ValidationError):
        services.partner_contact_add(
            actor=net.tehran_editor, partner=partner, name="x", email="nope"
        )


def test_partner_contact_remove_refused(net):
    contact = PartnerContact.objects.create(
        partner=PartnerFactory.create(owner_unit=net.isfahan), name="x"
    )
    with refused(PermissionDenied):
        services.partner_contact_remove(actor=net.tehran_head, contact=contact)


def test_every_audit_action_is_dotted_under_org(net):
    services.membership_add(
        actor=net.hq_admin, user=net.outsider, unit=net.kashan, role=Role.VIEWER
    )
    assert all(
        action.startswith("org.") and action.count(".") == 2
        for action in AuditEntry.objects.values_list("action", flat=True)
    )
