"""``hamafza demo`` and ``hamafza createuser``."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from hamafza.accounts.models import User
from hamafza.common.models import AuditEntry
from hamafza.org.demo import DEMO_PASSWORD
from hamafza.org.management.commands import demo as demo_command
from hamafza.org.models import Membership, Profile, Role, Unit
from hamafza.org.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-long-and-uncommon-passphrase-42"
MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"
PLAIN = "django.contrib.staticfiles.storage.StaticFilesStorage"


def run(name: str, *args: str, stdin: str | None = None, **options: object) -> str:
    out = io.StringIO()
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command(name, *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


# --- demo -----------------------------------------------------------------------------------


def test_demo_migrates_loads_and_prints_the_logins():
    with mock.patch.object(demo_command, "call_command", wraps=call_command) as called:
        output = run("demo")
    assert called.call_args_list[0] == mock.call("migrate", interactive=False, verbosity=0)
    assert [c.args[0] for c in called.call_args_list] == ["migrate"]  # plain static storage
    assert "The demo network is ready." in output
    assert DEMO_PASSWORD in output
    for username in ("admin", "hq.editor", "tehran.reporter", "neyshabur.reporter"):
        assert f"  {username} " in output
    assert "units: 56" in output
    assert User.objects.filter(username="intl.editor").exists()


def test_demo_twice_is_a_no_op():
    run("demo")
    users, audit = User.objects.count(), AuditEntry.objects.count()
    output = run("demo")
    assert "nothing was added" in output
    assert "hq.head" in output
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, audit)


def test_demo_refuses_a_database_with_real_data_before_migrating():
    UserFactory.create(username="real.person")
    with (
        mock.patch.object(demo_command, "call_command") as called,
        pytest.raises(CommandError, match="real users or units"),
    ):
        run("demo")
    called.assert_not_called()
    assert not Unit.objects.exists()


def test_demo_collects_static_files_only_with_the_manifest_storage():
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST},
    }
    with override_settings(STORAGES=storages):
        assert demo_command.needs_collectstatic()
        with mock.patch.object(demo_command, "call_command") as called:
            run("demo")
    assert mock.call("collectstatic", interactive=False, verbosity=0) in called.call_args_list
    storages["staticfiles"] = {"BACKEND": PLAIN}
    with override_settings(STORAGES=storages):
        assert not demo_command.needs_collectstatic()


# --- createuser -----------------------------------------------------------------------------


@pytest.fixture
def units():
    hq = UnitFactory.create(slug="hq", name="ستاد", kind=Unit.Kind.HQ)
    hq_pr = UnitFactory.create(
        slug="hq-pr", name="روابط عمومی", kind=Unit.Kind.HQ_OFFICE, parent=hq
    )
    tehran = UnitFactory.create(slug="tehran", name="تهران", kind=Unit.Kind.PROVINCE, parent=hq)
    return hq, hq_pr, tehran


def createuser(*args: str, stdin: str | None = None) -> str:
    return run("createuser", *args, stdin=stdin)


def test_createuser_with_a_password_from_stdin(units):
    output = createuser(
        "Sara.M",
        "--unit=tehran",
        "--role=editor",
        "--first-name=سارا",
        "--last-name=محمدی",
        "--email=sara@example.org",
        "--password-stdin",
        stdin=GOOD_PASSWORD + "\n",
    )
    assert "Created sara.m: editor in tehran." in output
    user = User.objects.get(username="sara.m")
    assert user.check_password(GOOD_PASSWORD)
    assert (user.first_name, user.last_name, user.email) == ("سارا", "محمدی", "sara@example.org")
    assert not user.is_superuser
    assert Profile.objects.filter(user=user).exists()
    assert list(Membership.objects.filter(user=user).values_list("unit__slug", "role")) == [
        ("tehran", Role.EDITOR)
    ]
    entries = AuditEntry.objects.filter(object_id__in=[str(user.pk)], action="org.member.create")
    assert entries.get().actor is None
    assert AuditEntry.objects.filter(action="org.membership.add", actor__isnull=True).count() == 1


def test_createuser_without_a_password(units):
    output = createuser("nopass", "--unit=hq", "--role=admin", "--last-name=x", "--no-password")
    user = User.objects.get(username="nopass")
    assert not user.has_usable_password()
    assert "forgot password" in output


def test_createuser_superuser(units):
    createuser(
        "root", "--unit=hq", "--role=admin", "--first-name=a", "--superuser", "--no-password"
    )
    user = User.objects.get(username="root")
    assert user.is_superuser
    assert user.is_staff


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["x", "--unit=nowhere", "--role=editor"], None, "No unit with slug 'nowhere'"),
        (["x", "--unit=tehran", "--role=boss"], None, "Unknown role 'boss'"),
        (
            ["x", "--unit=tehran", "--role=hq_editor", "--first-name=a", "--no-password"],
            None,
            "فقط در ستاد",
        ),
        (["bad name", "--unit=tehran", "--role=editor", "--no-password"], None, "حروف لاتین"),
        (["x", "--unit=tehran", "--role=editor", "--no-password"], None, "نام خانوادگی"),
        (
            [
                "x",
                "--unit=tehran",
                "--role=editor",
                "--first-name=a",
                "--email=nope",
                "--no-password",
            ],
            None,
            "ایمیل",
        ),
        (
            ["x", "--unit=tehran", "--role=editor", "--first-name=a", "--password-stdin"],
            "12345\n",
            "Weak password",
        ),
        (
            ["x", "--unit=tehran", "--role=editor", "--first-name=a", "--password-stdin"],
            "\n",
            "The password is empty",
        ),
        (
            ["x", "--unit=tehran", "--role=editor", "--first-name=a"],
            "",
            "--password-stdin, or use --no-password",
        ),
    ],
)
def test_createuser_refuses_bad_input_and_changes_nothing(units, args, stdin, message):
    before = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError, match=message):
        createuser(*args, stdin=stdin)
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == before


def test_createuser_refuses_an_existing_username_case_insensitively(units):
    UserFactory.create(username="taken")
    with pytest.raises(CommandError, match="قبلاً گرفته شده"):
        createuser("Taken", "--unit=tehran", "--role=editor", "--first-name=a", "--no-password")
    assert User.objects.count() == 1


def test_createuser_weak_password_message_is_bilingual(units):
    with pytest.raises(CommandError) as caught:
        createuser(
            "x", "--unit=tehran", "--role=editor", "--first-name=a", "--password-stdin", stdin="1\n"
        )
    persian, english = str(caught.value).split("\n")
    assert persian.startswith("گذرواژه پذیرفته نشد")
    assert "too short" in english


def test_createuser_options_are_mutually_exclusive(units):
    with pytest.raises(CommandError):
        createuser(
            "x", "--unit=tehran", "--role=editor", "--first-name=a", "--no-password",
            "--password-stdin",
        )  # fmt: skip


# --- createunit -----------------------------------------------------------------------------


def test_createunit_starts_a_fresh_installation():
    run("createunit", "hq", "--name=ستاد", "--kind=hq")
    run("createunit", "tehran", "--name=استان تهران", "--kind=province", "--parent=hq")
    run(
        "createuser", "first.admin", "--unit=hq", "--role=admin", "--first-name=مدیر",
        "--superuser", "--no-password",
    )  # fmt: skip
    tehran = Unit.objects.get(slug="tehran")
    assert tehran.parent is not None
    assert tehran.parent.slug == "hq"
    admin = User.objects.get(username="first.admin")
    assert admin.is_superuser
    assert AuditEntry.objects.filter(action="org.unit.create", actor__isnull=True).count() == 2
    assert AuditEntry.objects.filter(action="org.member.superuser", actor__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--name=x", "--kind=planet"], "Unknown kind"),
        (["x", "--name=x", "--kind=county", "--parent=nowhere"], "No unit with slug"),
        (["hq", "--name=دوباره", "--kind=hq"], "وجود دارد"),
        (["x", "--name=  ", "--kind=county"], "نام واحد"),
    ],
)
def test_createunit_refuses_bad_input_and_changes_nothing(args, message):
    run("createunit", "hq", "--name=ستاد", "--kind=hq")
    before = (Unit.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError, match=message):
        run("createunit", *args)
    assert (Unit.objects.count(), AuditEntry.objects.count()) == before
