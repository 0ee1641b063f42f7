"""Settings shared by every environment. Everything that differs comes from the environment."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SRC_DIR = PACKAGE_DIR.parent
PROJECT_DIR = SRC_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Where the SQLite database, uploads and generated files live by default.
VAR_DIR = Path(os.environ.get("LOCALRET_VAR_DIR", PROJECT_DIR / "var"))
# The default SQLite database lives there; a read-only deployment sets DATABASE_URL instead.
with contextlib.suppress(OSError):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-change-me-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo mode creates the demo accounts (password "localret-demo"). Only `localret demo` sets it.
LOCALRET_DEMO = env_bool("LOCALRET_DEMO", False)

# Run-time reference data that must not be committed (boundaries, EMEX indicators).
_data_dir = os.environ.get("LOCALRET_DATA_DIR", "")
LOCALRET_DATA_DIR: Path | None = Path(_data_dir) if _data_dir else None

# API tokens expire this many days after they are issued (POST /api/v1/auth/token).
LOCALRET_TOKEN_DAYS = int(os.environ.get("LOCALRET_TOKEN_DAYS") or "90")
# Statistical disclosure control (docs/privacy.md): the smallest group any public statistic may
# describe. Never below 5, whatever is configured (core/disclosure.py enforces the floor).
LOCALRET_DISCLOSURE_MIN_GROUP = int(os.environ.get("LOCALRET_DISCLOSURE_MIN_GROUP") or "5")

INSTALLED_APPS = [
    "localret.core",
    "localret.accounts",
    "localret.territory",
    "localret.strategy",
    "localret.diagnosis",
    "localret.participation",
    "localret.maturity",
    "localret.innovation",
    "localret.connectivity",
    "localret.governance",
    "localret.helpdesk",
    "localret.reporting",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # Swagger UI at /api/docs from ninja's own static files, not from a CDN
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "localret.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "localret.core.middleware.LanguageMiddleware",
    "localret.core.middleware.EmptyParametersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "localret.core.middleware.PrivateCacheMiddleware",
    "localret.core.uploads.UploadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "localret.core.failures.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "localret.urls"
WSGI_APPLICATION = "localret.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "localret.accounts.context_processors.platform",
            ],
        },
    }
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'localret.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_sqlite)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# A connection is kept between requests (SQLite too: opening one costs the PRAGMAs above and
# the parse of the whole schema on its first statement, several times a cached page's cost).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Per-process memory cache (REDIS_URL: shared). Cached values are keyed by the data versions they
# read (core/versions.py, core/cache.py), read from the database once per request, so they stay
# correct across processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "localret",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# With several processes or machines, REDIS_URL makes Redis the one shared cache, so that a
# write in one process is seen by the next request in any other (docs/deploy.md).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "localret",
            # A Redis that stops answering fails fast (and /health/ready says so) instead of
            # holding every request.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reporting:home_for"
LOGOUT_REDIRECT_URL = "core:home"

# Lock-out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# Two lock-outs (docs/security.md): a username tried from one address (the usual guessing), and
# any address that fails many times whatever the usernames (password spraying), with a higher
# limit so that a shared office address is not locked by a few typos.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "30"))
# The client address. Without a reverse proxy, REMOTE_ADDR. Behind one (or a chain of them) set
# LOCALRET_TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For, and
# optionally LOCALRET_TRUSTED_PROXIES to their addresses (comma-separated prefixes): the client
# is then the address those proxies saw, and a client cannot forge it by sending the header.
LOCALRET_TRUSTED_PROXY_COUNT = int(os.environ.get("LOCALRET_TRUSTED_PROXY_COUNT") or "0")
LOCALRET_TRUSTED_PROXIES = env_list("LOCALRET_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "localret.core.clientip.client_ip"
AXES_HANDLER = "localret.accounts.lockout.LocalretAxesHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "ca"
LANGUAGES = [("ca", _("Catalan")), ("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS: list[Path] = []  # each app keeps its own catalogue in <app>/locale
TIME_ZONE = "Europe/Madrid"
USE_I18N = True
USE_TZ = True
# Figures for people go through core.formatting / {% load localret %} (grouping forced there);
# only what differs from Django's built-in formats is in core/formats (Spanish thousands point).
FORMAT_MODULE_PATH = ["localret.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "plataforma@localret.cat")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend) from the environment.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Links in e-mails (notifications) start with this address.
LOCALRET_BASE_URL = os.environ.get("LOCALRET_BASE_URL", "http://localhost:8000")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("LOCALRET_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp) on every response: scripts only from our own static files
# (no inline script, no eval). Inline styles stay allowed: templates set widths of progress bars
# with style attributes and ECharts and HTMX style the elements they create (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Features the site never uses, refused to every frame (Permissions-Policy header).
LOCALRET_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
