"""Production settings are checked at start: one clear message for each missing or wrong value."""

from __future__ import annotations

import os
import subprocess
import sys

from localret.settings.environment import production_problems

from .conftest import PROJECT_DIR, SECRET


def test_a_complete_environment_has_no_problem() -> None:
    env = {
        "SECRET_KEY": SECRET,
        "DATABASE_URL": "postgres://localret:pw@127.0.0.1:5432/localret",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "plataforma.localret.cat",
        "CSRF_TRUSTED_ORIGINS": "https://plataforma.localret.cat",
        "WEB_CONCURRENCY": "5",
        "LOG_LEVEL": "info",
    }
    assert production_problems(env) == []


def test_every_wrong_value_is_named_with_what_to_do() -> None:
    problems = production_problems(
        {
            "SECRET_KEY": "",
            "DEBUG": "true",
            "SECURE_SSL_REDIRECT": "maybe",
            "CONN_MAX_AGE": "a minute",
            "DATABASE_URL": "mysql://x@host/db",
            "REDIS_URL": "127.0.0.1:6379",
            "ALLOWED_HOSTS": "https://plataforma.localret.cat",
            "CSRF_TRUSTED_ORIGINS": "plataforma.localret.cat",
            "LOG_LEVEL": "loud",
            "LOCALRET_DATA_DIR": "/no/such/dir",
        }
    )
    text = "\n".join(problems)
    assert len(problems) == 10, text
    for name in (
        "SECRET_KEY is missing",
        "DEBUG is on",
        "SECURE_SSL_REDIRECT='maybe' is not a yes/no value",
        "CONN_MAX_AGE='a minute' is not a whole number",
        "DATABASE_URL has scheme 'mysql'",
        "REDIS_URL='127.0.0.1:6379' is not a Redis address",
        "ALLOWED_HOSTS has 'https://plataforma.localret.cat'",
        "CSRF_TRUSTED_ORIGINS has 'plataforma.localret.cat'",
        "LOG_LEVEL='loud'",
        "LOCALRET_DATA_DIR='/no/such/dir' is not a directory",
    ):
        assert name in text


def test_the_example_files_placeholder_key_and_bad_numbers_are_refused() -> None:
    example = (PROJECT_DIR / "deploy/localret.env.example").read_text()
    placeholder = next(
        line.split("=", 1)[1] for line in example.splitlines() if line.startswith("SECRET_KEY=")
    )
    problems = production_problems(
        {
            "SECRET_KEY": placeholder,
            "LOCALRET_TRUSTED_PROXY_COUNT": "one",
            "AXES_IP_FAILURE_LIMIT": "30x",
            "EMAIL_PORT": "smtp",
            "LOCALRET_DISCLOSURE_MIN_GROUP": "-1",
        }
    )
    text = "\n".join(problems)
    assert len(problems) == 5, text
    assert "SECRET_KEY is the example file's placeholder" in text
    for name in (
        "LOCALRET_TRUSTED_PROXY_COUNT='one'",
        "AXES_IP_FAILURE_LIMIT='30x'",
        "EMAIL_PORT='smtp'",
        "LOCALRET_DISCLOSURE_MIN_GROUP='-1'",
    ):
        assert f"{name} is not a whole number" in text


def test_a_production_start_stops_with_the_list_of_problems() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "localret.settings.production",
            "SECRET_KEY": "short",
            "WEB_CONCURRENCY": "many",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "localret.cli", "run", "--port", "1"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 2
    assert "The environment is not ready for production (2 problem(s)):" in result.stderr
    assert "SECRET_KEY is too short" in result.stderr
    assert "WEB_CONCURRENCY='many' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr
