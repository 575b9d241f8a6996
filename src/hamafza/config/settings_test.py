"""Test settings: the real settings with fast hashing and local-only side effects.

DATABASE_URL still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "t" * 20)
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="hamafza-test-"))
os.environ.setdefault("SECURE_SSL", "0")

from hamafza.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Background tasks stay on the database backend: scheduled publishing must honour run_after,
# which the immediate backend ignores. Tests drive the worker in-process, one round at a time
# (newsroom/tests/test_scheduling.py), so no separate worker process is needed.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# The page cache and its generations in each test process's memory, even with REDIS_URL set:
# conftest empties them before every test, and emptying a Redis cache empties its whole database.
CACHES = {
    **CACHES,  # noqa: F405
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "generations": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gen"},
}
# Off by default: most tests change stories through factories, which tell no one, and then read
# the page again. The page cache's own tests (portal/tests/test_pagecache.py) and the browser
# tests that go through the services turn it on.
PAGE_CACHE = False
