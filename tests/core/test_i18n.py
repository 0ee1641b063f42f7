"""The translation checker: it finds missing, fuzzy, stale and uncompiled translations."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from localret.core import i18n
from tests.conftest import speaking

TEMPLATE = (
    '{% load i18n %}<h1>{% translate "Hello" %}</h1>\n'
    "{% blocktranslate count counter=n %}{{ counter }} town{% plural %}"
    "{{ counter }} towns{% endblocktranslate %}\n"
)
TRANSLATIONS = {
    "ca": {
        "Hello": "Hola",
        "Goodbye": "Adéu",
        "towns": ["%(counter)s poble", "%(counter)s pobles"],
    },
    "es": {
        "Hello": "Hola",
        "Goodbye": "Adiós",
        "towns": ["%(counter)s pueblo"] + ["%(counter)s pueblos"] * 2,
    },
}


@pytest.fixture
def app(tmp_path: Path) -> Path:
    """A small app with a template and a Python module holding translatable strings."""
    if shutil.which("xgettext") is None and os.environ.get("CI", "").lower() != "true":
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    app_dir = tmp_path / "demoapp"
    (app_dir / "templates" / "demoapp").mkdir(parents=True)
    (app_dir / "templates" / "demoapp" / "page.html").write_text(TEMPLATE, encoding="utf-8")
    (app_dir / "forms.py").write_text(
        "from django.utils.translation import gettext_lazy as _\n\nLABEL = _('Goodbye')\n",
        encoding="utf-8",
    )
    return app_dir


def translate_all(app_dir: Path) -> None:
    for language, strings in TRANSLATIONS.items():
        path = i18n.po_path(app_dir, language)
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid_plural:
                entry.msgstr_plural = dict(enumerate(strings["towns"]))
            else:
                entry.msgstr = strings[entry.msgid]
        po.save(str(path))
        i18n.compile_catalogue(path)


def messages(problems: list[i18n.Problem]) -> set[tuple[str, str, str]]:
    return {(Path(p.file).parts[2], p.msgid, p.message) for p in problems}


def test_update_creates_ca_and_es_catalogues_with_every_source_string(app: Path) -> None:
    written = i18n.update_app("demoapp", app)

    assert sorted(p.parent.parent.name for p in written) == ["ca", "es"]
    assert not (app / "locale" / "en").exists()
    po = polib.pofile(str(i18n.po_path(app, "ca")))
    assert {e.msgid for e in po} == {"Hello", "Goodbye", "%(counter)s town"}
    assert po.metadata["Language"] == "ca"
    assert i18n.po_path(app, "ca").with_suffix(".mo").is_file()


def test_check_reports_each_missing_translation_by_app_file_and_msgid(app: Path) -> None:
    i18n.update_app("demoapp", app)

    problems = i18n.check_app("demoapp", app)

    assert all(p.app == "demoapp" for p in problems)
    assert messages(problems) == {
        (language, msgid, "missing translation")
        for language in ("ca", "es")
        for msgid in ("Hello", "Goodbye", "%(counter)s town")
    }
    assert "demoapp: demoapp/locale/es/LC_MESSAGES/django.po: missing translation: 'Hello'" in {
        str(p) for p in problems
    }


def test_check_passes_when_everything_is_translated_and_compiled(app: Path) -> None:
    i18n.update_app("demoapp", app)
    translate_all(app)

    assert i18n.check_app("demoapp", app) == []


def test_check_reports_a_fuzzy_translation(app: Path) -> None:
    i18n.update_app("demoapp", app)
    translate_all(app)
    path = i18n.po_path(app, "ca")
    po = polib.pofile(str(path))
    po.find("Hello").flags.append("fuzzy")
    po.save(str(path))
    i18n.compile_catalogue(path)

    assert messages(i18n.check_app("demoapp", app)) == {("ca", "Hello", "fuzzy translation")}


def test_check_reports_a_plural_with_too_few_forms(app: Path) -> None:
    i18n.update_app("demoapp", app)
    translate_all(app)
    path = i18n.po_path(app, "es")
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = "nplurals=3; plural=n == 1 ? 0 : 2;"
    entry = po.find("%(counter)s town")
    entry.msgstr_plural = {0: "uno", 1: "varios"}
    po.save(str(path))
    i18n.compile_catalogue(path)

    assert messages(i18n.check_app("demoapp", app)) == {
        ("es", "%(counter)s town", "needs 3 plural forms (Plural-Forms)")
    }


def test_check_reports_strings_added_to_the_source_since_the_last_update(app: Path) -> None:
    i18n.update_app("demoapp", app)
    translate_all(app)
    page = app / "templates" / "demoapp" / "page.html"
    page.write_text(TEMPLATE.replace('"Hello"', '"Hello again"'), encoding="utf-8")

    found = messages(i18n.check_app("demoapp", app))

    assert found == {
        (lang, msgid, message)
        for lang in ("ca", "es")
        for msgid, message in (
            ("Hello again", "not in the catalogue (run update)"),
            ("Hello", "no longer in the source (run update)"),
        )
    }


def test_update_keeps_existing_translations_and_adds_new_strings_untranslated(app: Path) -> None:
    i18n.update_app("demoapp", app)
    translate_all(app)
    (app / "views.py").write_text(
        "from django.utils.translation import gettext as _\n\n\ndef f():\n    return _('Saved')\n",
        encoding="utf-8",
    )

    i18n.update_app("demoapp", app)

    po = polib.pofile(str(i18n.po_path(app, "ca")))
    assert po.find("Hello").msgstr == "Hola"
    assert po.find("Saved").msgstr == ""
    assert messages(i18n.check_app("demoapp", app)) == {
        ("ca", "Saved", "missing translation"),
        ("es", "Saved", "missing translation"),
    }


def test_check_reports_a_missing_or_stale_compiled_catalogue(app: Path) -> None:
    i18n.update_app("demoapp", app)
    translate_all(app)
    i18n.po_path(app, "ca").with_suffix(".mo").unlink()
    path = i18n.po_path(app, "es")
    po = polib.pofile(str(path))
    po.find("Hello").msgstr = "Buenas"
    po.save(str(path))  # not compiled

    found = {
        (Path(p.file).parts[2], Path(p.file).name, p.message)
        for p in i18n.check_app("demoapp", app)
    }

    assert found == {
        ("ca", "django.mo", "compiled catalogue missing (run update)"),
        ("es", "django.mo", "compiled catalogue is stale (run update)"),
    }


def test_a_second_update_without_source_changes_leaves_the_catalogue_untouched(app: Path) -> None:
    i18n.update_app("demoapp", app)
    translate_all(app)
    path = i18n.po_path(app, "ca")
    before = path.read_bytes()

    i18n.update_app("demoapp", app)

    assert path.read_bytes() == before


def test_check_reports_a_missing_catalogue_for_an_app_with_strings(app: Path) -> None:
    assert messages(i18n.check_app("demoapp", app)) == {
        ("ca", "", "catalogue missing (3 strings to translate)"),
        ("es", "", "catalogue missing (3 strings to translate)"),
    }


def test_command_line_check_exits_1_and_lists_the_problems(
    app: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n.update_app("demoapp", app)
    monkeypatch.setattr(i18n, "app_dirs", lambda: {"demoapp": app})

    status = i18n.main(["check"])

    out = capsys.readouterr().out
    assert status == 1
    assert "demoapp: demoapp/locale/ca/LC_MESSAGES/django.po: missing translation: 'Hello'" in out


def test_the_platform_pages_are_served_in_catalan_and_spanish(db, client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("territory:municipality_list")

    catalan = speaking(client, "ca").get(url).content.decode()
    spanish = speaking(client, "es").get(url).content.decode()

    assert "Salta al contingut principal" in catalan and "Municipis de Catalunya" in catalan
    assert "Saltar al contenido principal" in spanish and "Municipios de Cataluña" in spanish


@pytest.mark.parametrize("browser", ["", "en-US,en;q=0.9", "es-ES,es;q=0.9", "fr"])
def test_catalan_by_default_whatever_the_browser_speaks(db, client, browser: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/municipis/", headers={"Accept-Language": browser} if browser else {})
    html = response.content.decode()
    assert '<html lang="ca">' in html and "Municipis de Catalunya" in html
    assert response["Content-Language"] == "ca"


def test_the_language_switcher_chooses_spanish_then_english(db, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/municipis/"})
    assert response.status_code == 302 and response["Location"] == "/municipis/"
    html = client.get("/municipis/", headers={"Accept-Language": "en"}).content.decode()
    assert '<html lang="es">' in html and "Municipios de Cataluña" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/municipis/").content.decode()
    assert '<html lang="en">' in html and "Municipalities of Catalonia" in html
    # an unknown language in the cookie falls back to Catalan
    speaking(client, "xx")
    assert '<html lang="ca">' in client.get("/municipis/").content.decode()
