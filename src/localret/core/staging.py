"""Uploaded files kept between a dry run and its application ("Check" then "Import").

After a successful dry run the file is staged under ``MEDIA_ROOT/private/staged/<user>/<token>/``
and the page offers to import *that* file, so that what is applied is exactly what was checked
(the user does not choose it again). Only the user who staged a file can take it, once; files
older than a day are removed whenever another is staged. Nothing here is served over HTTP.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings

MAX_AGE_S = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "private" / "staged"


def _safe_name(filename: str) -> str:
    name = Path(filename or "file").name
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "file"


def _cleanup(root: Path) -> None:
    limit = time.time() - MAX_AGE_S
    for user_dir in root.glob("*"):
        for folder in user_dir.glob("*"):
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


def stage(user: Any, data: bytes, filename: str) -> str:
    """Keep ``data`` for ``user``; returns the token that :func:`take` needs."""
    root = _root()
    if root.exists():
        _cleanup(root)
    token = secrets.token_urlsafe(18)
    folder = root / str(user.pk) / token
    folder.mkdir(parents=True)
    (folder / _safe_name(filename)).write_bytes(data)
    return token


def take(user: Any, token: str) -> tuple[bytes, str] | None:
    """The staged file's bytes and name, removed from the stage; None if unknown or expired."""
    if not _TOKEN.match(token or ""):
        return None
    folder = _root() / str(user.pk) / token
    files = [p for p in folder.glob("*") if p.is_file()] if folder.is_dir() else []
    if len(files) != 1 or files[0].stat().st_mtime < time.time() - MAX_AGE_S:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    data, name = files[0].read_bytes(), files[0].name
    shutil.rmtree(folder, ignore_errors=True)
    return data, name
