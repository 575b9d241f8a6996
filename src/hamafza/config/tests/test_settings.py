"""Settings come from the environment and are secure by default: checked in fresh processes."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

HAMAFZA = [sys.executable, "-m", "hamafza"]


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "DEBUG",
            "DATABASE_URL",
            "REDIS_URL",
            "SECURE_SSL",
        }
    }
    base.update({"DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        HAMAFZA + args, env=base, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_like_configuration_passes_check_deploy(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_without_debug(tmp_path):
    result = _run(["check"], tmp_path)
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(50))
    result = _run(["check"], tmp_path, SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


def test_bad_boolean_fails_loudly(tmp_path):
    result = _run(["check"], tmp_path, DEBUG="maybe")
    assert result.returncode == 2
    assert "DEBUG must be a boolean" in result.stderr


def test_defaults_are_persian_tehran_and_secure():
    assert settings.LANGUAGE_CODE == "fa"
    assert [code for code, _ in settings.LANGUAGES] == ["fa", "en"]
    assert settings.TIME_ZONE == "Asia/Tehran"
    assert settings.USE_TZ
    assert settings.PASSWORD_HASHERS  # the test override; production is checked below
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_production_hasher_is_argon2():
    from hamafza.config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-specific")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    if connection.settings_dict["NAME"] and "memory" not in str(connection.settings_dict["NAME"]):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"


def test_redis_cache_when_configured():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL not set (CI sets it for the PostgreSQL run)")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    key = f"hamafza-test-{secrets.token_hex(4)}"
    cache.set(key, "۵۰۰", 30)
    assert cache.get(key) == "۵۰۰"
    cache.delete(key)


def test_static_files_collect_with_the_production_manifest(tmp_path, settings):
    """`make demo` and a deployment run collectstatic with the manifest storage, which refuses
    any reference (url(), sourceMappingURL) to a file that is not there."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
