"""Translation catalogues of the platform's apps: update them and check them.

    uv run python -m localret.core.i18n update <app> [<app> ...]   (or --all)
    uv run python -m localret.core.i18n check [<app> ...]

Every app keeps its own catalogue in ``src/localret/<app>/locale/{ca,es}/LC_MESSAGES/django.po``
with the compiled ``django.mo`` beside it (Django finds app locale directories by itself).
English is the source language: msgids are English and there is no ``en`` catalogue.
Project-wide strings (``settings``, ``urls.py``, ``api.py``) belong to ``core``.

``update`` runs Django's ``makemessages`` for one app (in a scratch copy of the app directory,
so that nothing but the catalogues is touched), merges the new strings into the catalogues and
compiles them. ``check`` fails (exit status 1) and lists app, file and msgid when a Catalan or
Spanish catalogue has an empty or fuzzy translation, when a catalogue misses strings of the
source or keeps strings the source no longer has, or when a ``.mo`` is missing or stale.

Needs GNU gettext (``xgettext``, ``msgmerge``): ``apt-get install gettext``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib  # type: ignore[import-untyped]  # dev dependency: the tool runs in development and CI

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ("ca", "es")
SOURCE_EXTENSIONS = (".py", ".html", ".txt")
# Directories never scanned for strings.
SKIP_DIRS = {"__pycache__", "migrations", "static", "data", "locale", "node_modules"}
# Project-wide files whose strings belong to the core catalogue (relative to the package).
PROJECT_WIDE = ("settings", "urls.py", "api.py", "wsgi.py")
PROJECT_WIDE_DIR = "_project"
_POT_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)

Key = tuple[str | None, str, str | None]  # msgctxt, msgid, msgid_plural


@dataclass(frozen=True)
class Problem:
    app: str
    file: str
    msgid: str
    message: str

    def __str__(self) -> str:
        where = f"{self.app}: {self.file}"
        return f"{where}: {self.message}" + (f": {self.msgid!r}" if self.msgid else "")


def app_dirs(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """The platform's apps (every package with an ``apps.py``), by label."""
    return {
        path.parent.name: path.parent
        for path in sorted(package_dir.glob("*/apps.py"))
        if not path.parent.name.startswith("_")
    }


def po_path(app_dir: Path, language: str) -> Path:
    return app_dir / "locale" / language / "LC_MESSAGES" / "django.po"


def _require_gettext() -> None:
    missing = [tool for tool in ("xgettext", "msgmerge", "msguniq") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"GNU gettext is missing ({', '.join(missing)}): apt-get install -y gettext"
        )


def _setup_django() -> None:
    """Minimal settings: extracting strings needs neither the apps nor the database."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, LOCALE_PATHS=[])


def _copy_sources(src: Path, dst: Path) -> None:
    """Copy the translatable sources (and the catalogues) of a directory tree."""
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        rel = Path(root).relative_to(src)
        for name in files:
            if name.endswith(SOURCE_EXTENSIONS):
                (dst / rel).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(root) / name, dst / rel / name)


@contextmanager
def _scratch_catalogues(
    app: str, app_dir: Path, package_dir: Path, languages: tuple[str, ...]
) -> Iterator[Path]:
    """Run makemessages in a scratch copy of the app; yield the scratch directory.

    The scratch copy holds the app's sources and its current catalogues, so ``makemessages``
    merges (``msgmerge``) exactly as it would in the app directory itself.
    """
    from django.core.management import call_command
    from django.core.management.commands.makemessages import Command as MakeMessages
    from django.test.utils import override_settings

    with tempfile.TemporaryDirectory(prefix=f"i18n-{app}-") as tmp:
        scratch = Path(tmp) / app
        _copy_sources(app_dir, scratch)
        if app == "core":
            for name in PROJECT_WIDE:
                path = package_dir / name
                if path.is_dir():
                    _copy_sources(path, scratch / PROJECT_WIDE_DIR / name)
                elif path.is_file():
                    (scratch / PROJECT_WIDE_DIR).mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, scratch / PROJECT_WIDE_DIR / name)
        for language in languages:
            current = po_path(app_dir, language)
            target = po_path(scratch, language)
            target.parent.mkdir(parents=True, exist_ok=True)
            if current.is_file():
                shutil.copy2(current, target)
        cwd = Path.cwd()
        os.chdir(scratch)
        try:
            # LOCALE_PATHS would take the strings away from the app's own locale directory.
            with override_settings(LOCALE_PATHS=[]):
                call_command(
                    MakeMessages(),
                    locale=list(languages),
                    domain="django",
                    extensions=["html", "txt", "py"],
                    add_location="file",
                    no_obsolete=True,
                    ignore_patterns=["migrations/*"],
                    verbosity=0,
                )
        finally:
            os.chdir(cwd)
        yield scratch


def _keys(po: polib.POFile) -> set[Key]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in po if not e.obsolete}


def _same_but_date(old: str, new: str) -> bool:
    return _POT_DATE.sub("", old) == _POT_DATE.sub("", new)


def _fill_header(text: str, app: str, language: str) -> str:
    """Replace the placeholders gettext leaves in a new catalogue's header."""
    if text.startswith("# SOME DESCRIPTIVE TITLE."):
        head, _sep, rest = text.partition('msgid ""\n')
        text = (
            f"# Localret platform, {app} app: {language} translation.\n"
            "# Distributed under the same licence as the Localret platform.\n"
            'msgid ""\n' + rest
        )
    replacements = {
        '"Language: \\n"': f'"Language: {language}\\n"',
        '"Project-Id-Version: PACKAGE VERSION\\n"': '"Project-Id-Version: localret\\n"',
        '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"': '"PO-Revision-Date: 2026-11-25\\n"',
        '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"': '"Last-Translator: Localret\\n"',
        '"Language-Team: LANGUAGE <LL@li.org>\\n"': '"Language-Team: Localret\\n"',
    }
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def compile_catalogue(po_file: Path) -> None:
    """Write the ``.mo`` of a ``.po`` (fuzzy and empty entries are left out)."""
    po = polib.pofile(str(po_file))
    po.save_as_mofile(str(po_file.with_suffix(".mo")))


def update_app(app: str, app_dir: Path, package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Extract the app's strings into its ca and es catalogues and compile them."""
    written: list[Path] = []
    with _scratch_catalogues(app, app_dir, package_dir, LANGUAGES) as scratch:
        for language in LANGUAGES:
            generated = po_path(scratch, language)
            target = po_path(app_dir, language)
            if not generated.is_file():
                continue  # the app has no translatable string
            new = _fill_header(generated.read_text(encoding="utf-8"), app, language)
            old = target.read_text(encoding="utf-8") if target.is_file() else None
            if old is None or not _same_but_date(old, new):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(new, encoding="utf-8")
            compile_catalogue(target)
            written.append(target)
    return written


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def _mo_entries(po: polib._BaseFile) -> dict[Key, object]:
    entries: dict[Key, object] = {}
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if isinstance(po, polib.POFile) and not entry.translated():
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            entries[key] = tuple(v for _, v in sorted(entry.msgstr_plural.items()))
        else:
            entries[key] = entry.msgstr
    return entries


def check_app(app: str, app_dir: Path, package_dir: Path = PACKAGE_DIR) -> list[Problem]:
    """Every problem of the app's catalogues (empty list when they are complete and current)."""
    problems: list[Problem] = []
    with _scratch_catalogues(app, app_dir, package_dir, LANGUAGES[:1]) as scratch:
        generated = po_path(scratch, LANGUAGES[0])
        source = _keys(polib.pofile(str(generated))) if generated.is_file() else set()
    for language in LANGUAGES:
        path = po_path(app_dir, language)
        rel = (
            str(path.relative_to(app_dir.parent))
            if path.is_relative_to(app_dir.parent)
            else str(path)
        )
        if not path.is_file():
            if source:
                problems.append(
                    Problem(app, rel, "", f"catalogue missing ({len(source)} strings to translate)")
                )
            continue
        po = polib.pofile(str(path))
        keys = _keys(po)
        nplurals = _nplurals(po)
        for _ctx, msgid, _plural in sorted(source - keys, key=lambda k: k[1]):
            problems.append(Problem(app, rel, msgid, "not in the catalogue (run update)"))
        for _ctx, msgid, _plural in sorted(keys - source, key=lambda k: k[1]):
            problems.append(Problem(app, rel, msgid, "no longer in the source (run update)"))
        for entry in po:
            if entry.obsolete:
                continue
            if entry.fuzzy:
                problems.append(Problem(app, rel, entry.msgid, "fuzzy translation"))
            elif not entry.translated():
                problems.append(Problem(app, rel, entry.msgid, "missing translation"))
            elif entry.msgid_plural and len(entry.msgstr_plural) < nplurals:
                problems.append(
                    Problem(app, rel, entry.msgid, f"needs {nplurals} plural forms (Plural-Forms)")
                )
        mo = path.with_suffix(".mo")
        mo_rel = rel[: -len(".po")] + ".mo"
        if not mo.is_file():
            problems.append(Problem(app, mo_rel, "", "compiled catalogue missing (run update)"))
        elif _mo_entries(polib.mofile(str(mo))) != _mo_entries(po):
            problems.append(Problem(app, mo_rel, "", "compiled catalogue is stale (run update)"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m localret.core.i18n", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    update = sub.add_parser("update", help="extract strings into the ca/es catalogues, compile")
    update.add_argument("apps", nargs="*", help="app labels (e.g. territory)")
    update.add_argument("--all", action="store_true", help="every app of the platform")
    check = sub.add_parser("check", help="fail when a translation is missing, fuzzy or stale")
    check.add_argument("apps", nargs="*", help="app labels (default: every app)")
    args = parser.parse_args(argv)

    apps = app_dirs()
    every = getattr(args, "all", False) or (args.command == "check" and not args.apps)
    selected = list(apps) if every else args.apps
    if args.command == "update" and not selected:
        parser.error("name an app or use --all")
    unknown = [a for a in selected if a not in apps]
    if unknown:
        parser.error(f"unknown app(s): {', '.join(unknown)}; known: {', '.join(apps)}")
    _require_gettext()
    _setup_django()

    if args.command == "update":
        for app in selected:
            for path in update_app(app, apps[app]):
                print(f"{app}: {path.relative_to(PACKAGE_DIR)}")
        return 0
    problems: list[Problem] = []
    for app in selected:
        problems.extend(check_app(app, apps[app]))
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} translation problem(s). Fix the .po files, then run "
            "`uv run python -m localret.core.i18n update <app>`.",
            file=sys.stderr,
        )
        return 1
    print(f"Translations complete and compiled for {', '.join(LANGUAGES)} in {len(selected)} apps.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
