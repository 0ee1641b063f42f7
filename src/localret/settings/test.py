"""Settings for the test suite. DATABASE_URL picks PostgreSQL; SQLite otherwise."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import PROJECT_DIR

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - test settings only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

_shared = PROJECT_DIR.parent / "shared" / "data"
_data_dir = os.environ.get("LOCALRET_DATA_DIR") or (str(_shared) if _shared.is_dir() else "")
LOCALRET_DATA_DIR = Path(_data_dir) if _data_dir else None
