"""Checks of the environment a production process starts with, one clear message per value.

``production.py`` calls :func:`production_problems` before anything reads the environment, so a
wrong value stops the start with every problem listed at once (not with the first traceback of
an ``int()`` deep inside the settings). Pure Python: no Django import, easy to test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
REDIS_SCHEMES = {"redis", "rediss", "unix"}
SECRET_KEY_MESSAGE = "Set SECRET_KEY to a random string of at least 50 characters."  # noqa: S105 - a message
# Non-negative whole numbers, with what each one means (for the message).
INTEGERS = {
    "SECURE_HSTS_SECONDS": "seconds browsers keep to HTTPS",
    "CONN_MAX_AGE": "seconds a database connection is kept",
    "LOCALRET_TOKEN_DAYS": "days an API token works",
    "AXES_FAILURE_LIMIT": "failed log-ins before a lock-out",
    "WEB_CONCURRENCY": "number of web worker processes",
    "WEB_THREADS": "threads per web worker process",
    "WEB_TIMEOUT": "seconds a request may take before its worker is restarted",
    "TASK_WORKERS": "number of background task worker processes",
    "AXES_IP_FAILURE_LIMIT": "failed log-ins from one address before a lock-out",
    "LOCALRET_TRUSTED_PROXY_COUNT": "reverse proxies in front that add X-Forwarded-For",
    "LOCALRET_DISCLOSURE_MIN_GROUP": "smallest group a public statistic shows",
    "EMAIL_PORT": "port of the mail server",
}
# Words of the placeholders in the example environment files (deploy/localret.env.example):
# a key that still holds them was copied, not generated.
PLACEHOLDER_WORDS = ("change-me", "changeme", "replace-me", "example")
BOOLEANS = ("DEBUG", "SECURE_SSL_REDIRECT", "LOCALRET_DEMO")


def _set(env: Mapping[str, str], name: str) -> str:
    return (env.get(name) or "").strip()


def production_problems(env: Mapping[str, str] | None = None) -> list[str]:
    """Every problem of ``env`` (default ``os.environ``) for a production start, in order."""
    env = os.environ if env is None else env
    problems: list[str] = []

    secret = env.get("SECRET_KEY", "")
    if not secret:
        problems.append(f"SECRET_KEY is missing. {SECRET_KEY_MESSAGE}")
    elif len(secret) < 50 or secret.startswith("insecure"):
        problems.append(f"SECRET_KEY is too short or the development default. {SECRET_KEY_MESSAGE}")
    elif any(word in secret.lower() for word in PLACEHOLDER_WORDS):
        problems.append(
            f"SECRET_KEY is the example file's placeholder. {SECRET_KEY_MESSAGE} "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
        )

    for name in BOOLEANS:
        value = _set(env, name).lower()
        if value and value not in TRUE_WORDS | FALSE_WORDS:
            problems.append(f"{name}={env[name]!r} is not a yes/no value: use true or false.")
    if _set(env, "DEBUG").lower() in TRUE_WORDS:
        problems.append("DEBUG is on: production settings never show debug pages; unset it.")

    for name, meaning in INTEGERS.items():
        value = _set(env, name)
        if value and not value.isdigit():
            problems.append(f"{name}={env[name]!r} is not a whole number ({meaning}).")

    database = _set(env, "DATABASE_URL")
    if database:
        scheme = urlsplit(database).scheme
        if scheme not in DATABASE_SCHEMES:
            problems.append(
                f"DATABASE_URL has scheme {scheme!r}: use postgres://user:password@host:5432/name "
                "(or sqlite:////absolute/path.sqlite3)."
            )
        elif scheme != "sqlite" and not urlsplit(database).path.strip("/"):
            problems.append("DATABASE_URL names no database: add /name after host and port.")

    redis = _set(env, "REDIS_URL")
    if redis and urlsplit(redis).scheme not in REDIS_SCHEMES:
        problems.append(f"REDIS_URL={redis!r} is not a Redis address: use redis://host:6379/0.")

    for host in [h.strip() for h in _set(env, "ALLOWED_HOSTS").split(",") if h.strip()]:
        if "://" in host or "/" in host:
            problems.append(
                f"ALLOWED_HOSTS has {host!r}: list host names only "
                "(plataforma.localret.cat), without scheme or path."
            )
    for origin in [o.strip() for o in _set(env, "CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]:
        if not origin.startswith(("https://", "http://")):
            problems.append(
                f"CSRF_TRUSTED_ORIGINS has {origin!r}: each origin starts with https:// "
                "(https://plataforma.localret.cat)."
            )

    level = _set(env, "LOG_LEVEL")
    if level and level.upper() not in LOG_LEVELS:
        problems.append(f"LOG_LEVEL={level!r} is not one of {', '.join(sorted(LOG_LEVELS))}.")
    log_format = _set(env, "LOG_FORMAT")
    if log_format and log_format not in {"json", "text"}:
        problems.append(f"LOG_FORMAT={log_format!r}: use json (the default) or text.")

    data_dir = _set(env, "LOCALRET_DATA_DIR")
    if data_dir and not Path(data_dir).is_dir():
        problems.append(f"LOCALRET_DATA_DIR={data_dir!r} is not a directory.")
    var_dir = _set(env, "LOCALRET_VAR_DIR")
    if var_dir and Path(var_dir).exists() and not Path(var_dir).is_dir():
        problems.append(f"LOCALRET_VAR_DIR={var_dir!r} exists and is not a directory.")
    return problems


def report(problems: list[str]) -> str:
    lines = [f"The environment is not ready for production ({len(problems)} problem(s)):"]
    lines += [f"  - {p}" for p in problems]
    lines.append("Every setting comes from the environment: see .env.example and docs/deploy.md.")
    return "\n".join(lines)
