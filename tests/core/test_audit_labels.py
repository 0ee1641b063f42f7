"""The history pages speak the reader's language (issue 14, point 1): every field of every
audited model has a translated label, many-to-many fields are named and listed by name, and
the recorded reasons read in Catalan and Spanish."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from localret.core.audit import _readable, reason_text, versions
from localret.core.audit_reasons import REASON_PREFIXES, REASONS

from ..conftest import VIC, client_for

# Labels that are the same word in English and in the language, checked one by one: Catalan
# administrative words English uses as they are (comarca, vegueria), and words spelt alike.
SAME_IN_CATALAN = {
    "capital",  # a comarca's capital: "capital" in Catalan too
    "comarca",
    "vegueria",
    "cost (EUR)",  # "cost" is Catalan ("el cost"); EUR is the currency's code
    "element",  # a plan element: "element" in Catalan
    "idea",
    "model",  # a campaign's maturity model: "model" in Catalan
    "notes",  # "notes" is the Catalan plural of "nota"
    "pilot",  # an innovation pilot: "pilot" in Catalan (la prova pilot, el pilot)
    "rural",
    "text",  # an agreement's text: "text" in Catalan
}
SAME_IN_SPANISH = {"capital", "comarca", "idea", "plan", "rural"}


def _lower(words: set[str]) -> set[str]:
    return {w.lower() for w in words}


def audited_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if hasattr(m, "history") and not m._meta.model_name.startswith("historical")
    ]


def shown_fields(model: type[models.Model]) -> list[Any]:
    """The fields the history page shows: every concrete field but the key and those the
    history excludes, and the many-to-many fields the history tracks."""
    history = model.history.model  # type: ignore[attr-defined]
    excluded = set(getattr(history, "_history_excluded_fields", None) or ())
    tracked_m2m = {f.name for f in getattr(history, "_history_m2m_fields", None) or ()}
    fields = [
        f for f in model._meta.concrete_fields if not f.primary_key and f.name not in excluded
    ]
    return fields + [f for f in model._meta.many_to_many if f.name in tracked_m2m]


def label(model: type[models.Model], field: Any, language: str) -> str:
    with translation.override(language):
        return _readable(model, field.name, None, None).label


def test_every_audited_model_is_walked() -> None:
    names = {m._meta.label for m in audited_models()}
    assert {"territory.Municipality", "governance.Agreement", "helpdesk.Request"} <= names
    assert len(names) >= 40
    agreement = apps.get_model("governance", "Agreement")
    assert "action_lines" in {f.name for f in shown_fields(agreement)}


@pytest.mark.parametrize("model", audited_models(), ids=lambda m: m._meta.label)
def test_every_field_the_history_shows_has_a_translated_label(model) -> None:  # type: ignore[no-untyped-def]
    untranslated = []
    for field in shown_fields(model):
        auto = field.name.replace("_", " ")
        english = label(model, field, "en")
        catalan, spanish = label(model, field, "ca"), label(model, field, "es")
        where = f"{model._meta.label}.{field.name}"
        if not isinstance(field.verbose_name, Promise):  # Django's own: the name, untranslated
            untranslated.append(f"{where}: no translatable verbose_name ({auto!r})")
            continue
        if catalan == english and english.lower() not in _lower(SAME_IN_CATALAN):
            untranslated.append(f"{where}: ca {catalan!r}")
        if spanish == english and english.lower() not in _lower(SAME_IN_SPANISH):
            untranslated.append(f"{where}: es {spanish!r}")
    assert untranslated == []


def test_the_allow_lists_hold_only_labels_in_use() -> None:
    """An allowed word that no field uses any more is removed from the list."""
    used = {
        label(model, field, "en").lower()
        for model in audited_models()
        for field in shown_fields(model)
    }
    assert _lower(SAME_IN_CATALAN) <= used and _lower(SAME_IN_SPANISH) <= used


@pytest.mark.parametrize("language", ["ca", "es"])
def test_every_recorded_reason_reads_in_the_readers_language(language) -> None:  # type: ignore[no-untyped-def]
    from localret.helpdesk.models import Request

    def read(reason: str, lang: str) -> str:
        with translation.override(lang):
            return reason_text(Request, reason)

    for key, text in REASONS.items():
        if not text:  # said by the kind of change already
            assert read(key, language) == "", key
        else:
            assert read(key, language) != read(key, "en") == key, (language, key)
    for prefix in REASON_PREFIXES:
        reason = f"{prefix} REF-1"
        assert read(reason, language).endswith(" REF-1"), (language, prefix)
        assert read(reason, language) != read(reason, "en"), (language, prefix)


def test_reasons_with_data_keep_the_data_and_read_in_catalan() -> None:
    from localret.participation.models import Consultation
    from localret.strategy.models import Measurement
    from localret.territory.models import Municipality

    with translation.override("ca"):
        assert (
            reason_text(Municipality, "register import") == "importació del registre de municipis"
        )
        assert reason_text(Measurement, "import mesures.csv") == "importat del fitxer mesures.csv"
        assert (
            reason_text(Consultation, "closed: plan approved (CA-2024/001)")
            == "tancada: pla aprovat (CA-2024/001)"
        )
        assert reason_text(Measurement, "deleted") == ""
        assert reason_text(Measurement, "typed by staff") == "typed by staff"


def test_the_register_history_page_reads_creat_per_la_importacio_del_registre(users) -> None:
    from localret.territory.models import Municipality

    vic = Municipality.objects.get(code=VIC)
    html = client_for(users["staff"]).get(f"/historial/territory/municipality/{vic.pk}/")
    page = html.content.decode()
    assert "(importació del registre de municipis)" in page and "register import" not in page
    assert "Nom per a la cerca" in page and "Search name" not in page
    assert "Actualitzat el" in page and "Updated at" not in page


def test_many_to_many_changes_are_labelled_and_listed_by_name(users) -> None:
    from localret.core.audit import audited_save

    from ..governance.factories import AgreementFactory
    from ..strategy.factories import ActionLineFactory

    agreement = AgreementFactory()
    line = ActionLineFactory(name="Oficina digital per a tots els municipis")
    agreement.action_lines.add(line)  # recorded as a version of its own
    audited_save(agreement, users["staff"], "published")
    with translation.override("ca"):
        changes = [c for v in versions(agreement) for c in v.changes]
    change = next(c for c in changes if c.field == "action_lines")
    assert change.label == "Línies d'actuació"
    assert change.after_text == str(line) and change.before_text == "—"
    page = client_for(users["staff"]).get(f"/historial/governance/agreement/{agreement.pk}/")
    html = page.content.decode()
    assert "Línies d&#x27;actuació" in html or "Línies d'actuació" in html
    assert "Action lines" not in html and "Meeting" not in html
