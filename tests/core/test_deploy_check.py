"""Production settings pass Django's deployment checks with no warning."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def manage(*args: str, secret_key: str) -> subprocess.CompletedProcess[str]:
    # Only what a production server has: no test-only switches such as the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE (itself a deploy-check error).
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "LOCALRET_DEMO"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "localret.settings.production", "SECRET_KEY": secret_key})
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "manage.py"), *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_check_deploy_reports_no_warning_with_production_settings() -> None:
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", secret_key=secrets.token_urlsafe(64)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


def test_production_settings_refuse_a_weak_or_default_secret_key() -> None:
    for weak in ("too-short", "insecure-development-key-change-me-in-production" + "x" * 10):
        result = manage("check", secret_key=weak)

        assert result.returncode != 0
        assert "Set SECRET_KEY to a random string of at least 50 characters." in result.stderr
