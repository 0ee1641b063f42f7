"""Production settings: secure cookies, HTTPS, HSTS, JSON-lines logs, Redis as the shared cache
when ``REDIS_URL`` is set. `manage.py check --deploy` passes clean.

The environment is checked first (``environment.py``): a missing or wrong value stops the start
with one clear message per problem."""

import os

from django.core.exceptions import ImproperlyConfigured

from .environment import production_problems, report

_problems = production_problems()
if _problems:
    raise ImproperlyConfigured(report(_problems))

from .base import *  # noqa: E402, F403
from .base import MIDDLEWARE, env_bool  # noqa: E402

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The probes answer on plain HTTP too (load balancers probe the backend directly).
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^health/live$", r"^health/ready$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# One JSON line per request (request id, user id, path, status, duration) and per error (with
# its stack trace once). LOG_FORMAT=text for people reading a terminal.
MIDDLEWARE = ["localret.core.requestlog.RequestLogMiddleware", *MIDDLEWARE]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "localret.core.requestlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"request": {"()": "localret.core.requestlog.RequestContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT") or "json",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": (os.environ.get("LOG_LEVEL") or "INFO").upper()},
    "loggers": {
        # 5xx: Django's "Internal Server Error" record carries the one stack trace (and the
        # request id, from the filter); 4xx are in the request lines already.
        "django.request": {"level": "ERROR"},
        # The PDF libraries tell at INFO about every font they load and subset (about 90
        # lines when a worker starts): their warnings and errors are enough.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
