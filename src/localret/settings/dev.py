"""Settings for `localret demo` and local development: SQLite by default.

Debug is off, as in production, so that visitors of a demo see the platform's own error pages
(in Catalan, accessible) and no traceback; ``DEBUG=true`` turns Django's debug pages on."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
