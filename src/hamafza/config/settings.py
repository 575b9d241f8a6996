"""Hamafza settings: one module, read from the environment, secure by default.

Environment variables (all optional except SECRET_KEY outside debug):
  DEBUG            1 to enable debug mode (never in production)
  SECRET_KEY       or SECRET_KEY_FILE; required unless DEBUG
  DATABASE_URL     default sqlite:///$DATA_DIR/hamafza.sqlite3 (postgres://… for production)
  DATA_DIR         folder for the SQLite database and media (default ./var)
  MEDIA_ROOT       uploaded files (default $DATA_DIR/media)
  PRIVATE_MEDIA_ROOT files handed out only by views that check access: directive files,
                   campaign assets and evidence (default $DATA_DIR/private; never serve it)
  STATIC_ROOT      collected static files (default $DATA_DIR/static)
  ALLOWED_HOSTS    comma separated (default 127.0.0.1,localhost)
  CSRF_TRUSTED_ORIGINS comma separated origins when served behind a proxy on another origin
  REDIS_URL        optional shared cache, e.g. redis://127.0.0.1:6379/0
  PAGE_CACHE       0 turns the portal's page cache off (default on; portal/pagecache.py)
  PAGE_CACHE_TIMEOUT seconds a cached page lives at most (default 300)
  PAGE_CACHE_SHARED_MAX_AGE seconds nginx may serve a page before revalidating (default 5)
  PAGE_CACHE_MAX_ENTRIES pages kept per process without Redis (default 1000)
  Mail: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                   EMAIL_USE_TLS; without EMAIL_HOST mail is printed to the console
  DEFAULT_FROM_EMAIL
  NOTIFICATIONS_DIGEST_HOUR the hour (0-23, Tehran time) the daily notification digest goes out
                   (default 7); e-mail goes out only while a worker runs
  SECURE_SSL       1 when served over HTTPS (secure cookies, HSTS, SSL redirect)
  BEHIND_PROXY     1 behind the shipped nginx configuration (deploy/): trust its
                   X-Forwarded-Proto, and its X-Real-IP from TRUSTED_PROXIES
  TRUSTED_PROXIES  comma separated proxy addresses (default with BEHIND_PROXY: 127.0.0.1,::1)
  NEWS_CODE_START  first news code handed out (default 100000)
  PUBLIC_BASE_URL  scheme and host the public reaches the portal at (https://news.example.org),
                   for absolute links in feeds, sitemaps and the public API; default: each
                   request's own
  PUBLICATION_NAME the portal's name in feeds, the news sitemap and share tags
"""

import re
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from hamafza.config.env import env_bool, env_int, env_list, env_path, env_secret, env_str

# Lets admin.ModelAdmin[Model] and QuerySet[Model] be subscripted at run time, as mypy sees them.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env_path("DATA_DIR", Path.cwd() / "var")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Ours first, so our templates (login, password reset) win over contrib's.
    "hamafza.common",
    "hamafza.accounts",
    "hamafza.org",
    "hamafza.strategy",
    "hamafza.plans",
    "hamafza.notifications",
    "hamafza.newsroom",
    "hamafza.search",
    "hamafza.portal",
    "hamafza.comments",
    "hamafza.network",
    "hamafza.insights",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_prose_editor",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    # First: everything below sees the visitor's address, not the proxy's.
    "hamafza.common.proxy.RealIPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything that reads the session or the user: a cached page costs none of it.
    "hamafza.portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Persian unless the visitor chose English with the switch; never the browser's setting.
    "hamafza.common.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns lockouts into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hamafza.config.urls"
WSGI_APPLICATION = "hamafza.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hamafza.org.context_processors.desk",
                "hamafza.notifications.context_processors.inbox",
                "hamafza.comments.context_processors.moderation",
            ],
            "builtins": ["hamafza.common.templatetags.hamafza"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'hamafza.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer writes; IMMEDIATE transactions take the write
    # lock up front, so two writers queue on the busy timeout instead of failing with
    # "database is locked" halfway through a transaction.
    # A connection per worker thread, kept for a while: opening one runs the PRAGMAs below and
    # rereads the schema, about 1.2 ms of every request (measured under gunicorn on the portal
    # benchmark). Whoever replaces the database file (a restore) restarts the server.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Three caches: "default" for the app's small things (rate limits…), "pages" for the portal's
# page cache (whole anonymous pages) and "generations" for what tells a cached page it is stale
# (portal/pagecache.py). The generations must be one for every process — web workers and the
# background worker that publishes scheduled stories — so without Redis they are small files
# under DATA_DIR, while the pages themselves stay in each process's memory.
REDIS_URL = env_str("REDIS_URL")
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 300)  # seconds an entry lives at most
PAGE_CACHE_SHARED_MAX_AGE = env_int("PAGE_CACHE_SHARED_MAX_AGE", 5)  # nginx's micro-cache
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "hamafza"},
        "pages": {**_redis, "KEY_PREFIX": "hamafza-pages", "TIMEOUT": PAGE_CACHE_TIMEOUT},
        "generations": {**_redis, "KEY_PREFIX": "hamafza-generations", "TIMEOUT": None},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "TIMEOUT": PAGE_CACHE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 1000)},
        },
        "generations": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache" / "generations"),
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
    }

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "org:desk_home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock a username+IP pair after repeated failures, not a whole username, so an
# attacker cannot lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# One-time messages (a new API token is shown once through one) stay on the server.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# --- Security -------------------------------------------------------------------------------
SECURE_SSL = env_bool("SECURE_SSL", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
# The reverse proxy's own addresses: a request from one of them carries the visitor's address
# in X-Real-IP (common/proxy.py). Default with BEHIND_PROXY: nginx on this machine.
TRUSTED_PROXIES = env_list(
    "TRUSTED_PROXIES", ["127.0.0.1", "::1"] if env_bool("BEHIND_PROXY", False) else []
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything is served by the app itself: no CDN, no outside fonts, scripts or analytics.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("فارسی")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "hamafza_language"
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
# Files only views that check access hand out (``common.storage.private_storage``): kept out of
# MEDIA_ROOT, which the app (SERVE_MEDIA) or nginx serve to anyone who has a file's path.
PRIVATE_MEDIA_ROOT = env_path("PRIVATE_MEDIA_ROOT", DATA_DIR / "private")
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
_email_host = env_str("EMAIL_HOST")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_secret("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    # Password-reset mail and notifications are printed to the server's console.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hamafza@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The hour (0–23, Asia/Tehran) the daily notification digest goes out (notifications/delivery.py).
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 7)
if not 0 <= NOTIFICATIONS_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("NOTIFICATIONS_DIGEST_HOUR must be an hour from 0 to 23")

# --- Hamafza --------------------------------------------------------------------------------
NEWS_CODE_START = env_int("NEWS_CODE_START", 100000)
# Behind a proxy the request may not carry the address the public knows: feeds, sitemaps,
# ninjs and share tags then use this one. Empty: the scheme and host of each request.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL").strip().rstrip("/")
if PUBLIC_BASE_URL and not re.fullmatch(r"https?://[^/?#\s]+", PUBLIC_BASE_URL):
    raise ImproperlyConfigured(
        f"PUBLIC_BASE_URL must be a scheme and host (https://news.example.org), "
        f"not {PUBLIC_BASE_URL!r}"
    )
PUBLICATION_NAME = env_str("PUBLICATION_NAME", "هم‌افزا")
# The two-person rule: whoever wrote a story does not approve it. A one-person office can
# turn it off.
NEWSROOM_ALLOW_SELF_APPROVAL = env_bool("NEWSROOM_ALLOW_SELF_APPROVAL", False)

# Background work (scheduled publishing, later deliveries and imports) goes through Django's
# tasks API into the database; `hamafza serve` runs a worker beside the web server, or run
# `hamafza worker` on its own.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
API_TOKEN_PREFIX = "hmz"  # noqa: S105 (a public marker, not a secret)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
