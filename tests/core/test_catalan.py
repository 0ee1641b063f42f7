"""Catalan grammar of generated sentences: elision and contraction (issue 14)."""

from __future__ import annotations

import pytest

from localret.core import catalan


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("OE4", "d'OE4"),
        ("Ascó", "d'Ascó"),
        ("Horta de Sant Joan", "d'Horta de Sant Joan"),
        ("L'Hospitalet de Llobregat", "de l'Hospitalet de Llobregat"),
        ("El Masnou", "del Masnou"),
        ("Els Prats de Rei", "dels Prats de Rei"),
        ("La Seu d'Urgell", "de la Seu d'Urgell"),
        ("Les Borges Blanques", "de les Borges Blanques"),
        ("Vic", "de Vic"),
        ("UE", "d'UE"),
        ("Iowa", "de Iowa"),  # a semivowel: no elision
        ("hiena", "de hiena"),
    ],
)
def test_de_elides_and_contracts(name, expected):
    assert catalan.de(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Vic", "a Vic"),
        ("El Vendrell", "al Vendrell"),
        ("Els Hostalets de Pierola", "als Hostalets de Pierola"),
        ("L'Ametlla de Mar", "a l'Ametlla de Mar"),
        ("Olot", "a Olot"),
    ],
)
def test_a_contracts_with_the_masculine_article(name, expected):
    assert catalan.a(name) == expected


def test_per_contracts():
    assert catalan.per("El Masnou") == "pel Masnou"
    assert catalan.per("Vic") == "per Vic"


@pytest.mark.parametrize(
    ("noun", "feminine", "expected"),
    [
        ("indicador", False, "l'indicador"),
        ("home", False, "l'home"),
        ("pla", False, "el pla"),
        ("iode", False, "el iode"),
        ("illa", True, "l'illa"),
        ("hora", True, "l'hora"),
        ("universitat", True, "la universitat"),
        ("humanitat", True, "la humanitat"),
        ("dada", True, "la dada"),
    ],
)
def test_article(noun, feminine, expected):
    assert catalan.article(noun, feminine=feminine) == expected


def test_fix_repairs_a_generated_sentence():
    assert catalan.fix("Línies d'actuació de OE1") == "Línies d'actuació d'OE1"
    assert (
        catalan.fix("Maduresa digital de El Masnou i connectivitat a El Vendrell")
        == "Maduresa digital del Masnou i connectivitat al Vendrell"
    )
    assert catalan.fix("Historial de L'Hospitalet de Llobregat") == (
        "Historial de l'Hospitalet de Llobregat"
    )
    assert catalan.fix("Historial de L&#x27;Hospitalet") == "Historial de l&#x27;Hospitalet"
    assert catalan.fix("Fites de Vic i de Iowa") == "Fites de Vic i de Iowa"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Del 1 de març al 11 d'abril.", "De l'1 de març a l'11 d'abril."),
        ("El Consell es va reunir el 1 de juny.", "El Consell es va reunir l'1 de juny."),
        ("El 11 de setembre", "L'11 de setembre"),
        ("Xifres a data de 1 de gener de 2026.", "Xifres a data d'1 de gener de 2026."),
        ("la fita del 11 d&#x27;octubre", "la fita de l'11 d&#x27;octubre"),
        (
            "Del 21 de març al 10 de maig, el 12 de juny",
            "Del 21 de març al 10 de maig, el 12 de juny",
        ),
        ("el 1 % dels municipis, del 11 al 12", "el 1 % dels municipis, del 11 al 12"),
    ],
)
def test_fix_elides_before_the_days_one_and_eleven(sentence, expected):
    """A day read "u" or "onze" elides the article and ``de`` as a vowel does."""
    assert catalan.fix(sentence) == expected


@pytest.mark.parametrize(
    ("comarca", "with_article", "after_de"),
    [
        ("Bages", "el Bages", "del Bages"),
        ("Alt Camp", "l'Alt Camp", "de l'Alt Camp"),
        ("Anoia", "l'Anoia", "de l'Anoia"),
        ("Garrotxa", "la Garrotxa", "de la Garrotxa"),
        ("Alta Ribagorça", "l'Alta Ribagorça", "de l'Alta Ribagorça"),
        ("Garrigues", "les Garrigues", "de les Garrigues"),
        ("Osona", "Osona", "d'Osona"),
        ("Aran", "Aran", "d'Aran"),
        ("Urgell", "l'Urgell", "de l'Urgell"),
        ("Vallès Occidental", "el Vallès Occidental", "del Vallès Occidental"),
    ],
)
def test_comarca_with_article(comarca, with_article, after_de):
    assert catalan.comarca_with_article(comarca) == with_article
    assert catalan.de(catalan.comarca_with_article(comarca)) == after_de


def test_every_comarca_of_the_register_takes_an_article_or_none_on_purpose():
    import csv
    from pathlib import Path

    import localret.territory

    path = Path(localret.territory.__file__).parent / "data" / "comarques_catalunya.csv"
    with path.open(encoding="utf-8") as fh:
        names = [row["comarca"] for row in csv.DictReader(fh)]
    assert len(names) == 43
    bare = [n for n in names if catalan.comarca_with_article(n) == n]
    assert sorted(bare) == ["Aran", "Osona"]


@pytest.mark.django_db
def test_demo_names_read_as_catalan(demo_data):  # type: ignore[no-untyped-def]
    """The demo's bodies and member entities: "Ajuntament de l'Hospitalet...", "Consell
    Comarcal de l'Alt Camp", never "de L'...", "de Alt", "de El"."""
    import re

    from localret.governance.models import MemberEntity

    names = list(MemberEntity.objects.values_list("name", flat=True))
    assert "Consell Comarcal de l'Alt Camp" in names
    wrong = [n for n in names if re.search(r"\bde ([AEIOUÀÈÉÍÒÓÚ]|L'|El |Els |La |Les )", n)]
    assert not wrong, wrong
