"""`.env.example` lists every variable the settings read, and the README's table agrees."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "localret" / "settings"
READ = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|env_bool|env_int|env_list|env)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by the test settings or tools only, not by an installation.
NOT_FOR_INSTALLATIONS = {"DJANGO_SETTINGS_MODULE"}


def _read_by_settings() -> set[str]:
    names: set[str] = set()
    for path in SETTINGS.glob("*.py"):
        if path.name == "test.py":
            continue
        names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names - NOT_FOR_INSTALLATIONS


def _in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_settings_read():
    read = _read_by_settings()
    assert {"DATABASE_URL", "SECRET_KEY", "AXES_FAILURE_LIMIT", "CONN_MAX_AGE"} <= read
    missing = sorted(read - _in_env_example())
    assert missing == [], f".env.example misses {missing}"


def test_env_example_says_debug_is_off_by_default_as_the_readme_does():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    debug = text.split("DEBUG=")[0].rsplit("\n\n", 1)[-1]
    assert "off everywhere" in debug
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\| `DEBUG` \| off", readme)


def test_readme_configuration_table_names_every_variable_of_env_example():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    production_only = {
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "LOCALRET_DEMO",
    }
    missing = sorted(n for n in _in_env_example() - production_only if f"`{n}`" not in table)
    assert missing == [], f"README's configuration table misses {missing}"


def test_env_example_and_readme_say_the_same_databases_keep_connections():
    """``CONN_MAX_AGE`` applies to whatever database is configured (settings/base.py sets it
    after choosing the engine): both files say PostgreSQL and SQLite."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    comment = text.split("CONN_MAX_AGE=")[0].rsplit("\n\n", 1)[-1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `CONN_MAX_AGE`"))
    for words in (comment, row):
        assert "PostgreSQL and SQLite" in words, words
