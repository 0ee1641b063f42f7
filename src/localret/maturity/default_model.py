"""The default maturity model (version ``2021``) and Localret's services catalogue, as data.

Pure data, no Django import. Loaded into the database by the migration ``0002_default_model``
(so every installation has it) and by ``localret load-maturity-model`` (idempotent). The names
are stored in Catalan, the interface language of the content; ``docs/maturity.md`` gives the
English reading and the sources each dimension draws on.

Indicator kinds:

- ``check``: yes/no, verifiable on the town hall's website or records (answer 0 or 1).
- ``ratio``: an activity count over the last year; the platform divides it by the population
  (per 1,000 inhabitants) and scores it as the percentile within the population band.
- ``self``: 0-4 self-assessment, only where nothing can be observed.

``bands``: population bands (``territory.bands`` codes) the indicator applies to; ``None``
means every band.
"""

from __future__ import annotations

from typing import Any

DEFAULT_VERSION = "2021"

_ALL = None
_FROM_1001 = ["1001-5000", "5001-20000", "20001-50000", "50001+"]
_FROM_5001 = ["5001-20000", "20001-50000", "50001+"]
_FROM_20001 = ["20001-50000", "50001+"]


def _i(
    code: str,
    name: str,
    kind: str,
    weight: float,
    bands: list[str] | None = _ALL,
    services: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "weight": weight,
        "bands": bands,
        "services": list(services),
    }


DIMENSIONS: list[dict[str, Any]] = [
    {
        "code": "EST",
        "name": "Estratègia i governança",
        "weight": 1,
        "indicators": [
            _i("EST01", "Pla o estratègia digital aprovat pel ple", "check", 2, _ALL, ("ASSES",)),
            _i(
                "EST02",
                "Responsable de transformació digital designat",
                "check",
                1.5,
                _ALL,
                ("ASSES",),
            ),
            _i(
                "EST03",
                "Partida pressupostària pròpia per a la transformació digital",
                "check",
                1,
                _FROM_1001,
                ("ASSES",),
            ),
            _i(
                "EST04",
                "Comissió de transformació digital que es reuneix cada any",
                "check",
                1,
                _FROM_5001,
                ("ASSES",),
            ),
            _i(
                "EST05",
                "Catàleg de procediments i inventari de processos actualitzats",
                "self",
                1,
                _ALL,
                ("ASSES", "EADM"),
            ),
            _i("EST06", "Delegat de protecció de dades designat", "check", 1.5, _ALL, ("ASSES",)),
            _i(
                "EST07",
                "Compromís dels càrrecs electes amb la transformació digital",
                "self",
                1,
                _ALL,
                ("FORM",),
            ),
        ],
    },
    {
        "code": "SER",
        "name": "Serveis digitals i drets de la ciutadania",
        "weight": 1,
        "indicators": [
            _i("SER01", "Seu electrònica amb el contingut obligatori", "check", 2, _ALL, ("EADM",)),
            _i("SER02", "Registre electrònic general disponible 24/7", "check", 2, _ALL, ("EADM",)),
            _i(
                "SER03",
                "Tràmits del catàleg que es poden fer íntegrament en línia",
                "self",
                1.5,
                _ALL,
                ("EADM",),
            ),
            _i("SER04", "Cita prèvia en línia", "check", 1, _FROM_1001, ("WEB",)),
            _i(
                "SER05",
                "Notificacions electròniques (e-NOTUM o equivalent)",
                "check",
                1.5,
                _ALL,
                ("EADM",),
            ),
            _i(
                "SER06",
                "Identitat digital acceptada (idCAT Mòbil, Cl@ve, certificat)",
                "check",
                1.5,
                _ALL,
                ("INTEROP",),
            ),
            _i(
                "SER07",
                "Declaració d'accessibilitat del web publicada",
                "check",
                1,
                _ALL,
                ("WEB", "ASSES"),
            ),
            _i("SER08", "Web municipal adaptat a mòbil", "check", 1, _ALL, ("WEB",)),
        ],
    },
    {
        "code": "ACT",
        "name": "Activitat i ús",
        "weight": 1,
        "indicators": [
            _i(
                "ACT01",
                "Entrades al registre electrònic per 1.000 habitants",
                "ratio",
                2,
                _ALL,
                ("EADM",),
            ),
            _i(
                "ACT02",
                "Factures electròniques rebudes per 1.000 habitants",
                "ratio",
                1.5,
                _ALL,
                ("EFACT",),
            ),
            _i(
                "ACT03",
                "Notificacions electròniques enviades per 1.000 habitants",
                "ratio",
                1.5,
                _ALL,
                ("EADM",),
            ),
            _i(
                "ACT04",
                "Expedients electrònics oberts per 1.000 habitants",
                "ratio",
                1,
                _ALL,
                ("EADM",),
            ),
            _i(
                "ACT05",
                "Pagaments en línia per 1.000 habitants",
                "ratio",
                1,
                _FROM_1001,
                ("EFACT",),
            ),
            _i(
                "ACT06",
                "Documents signats electrònicament per 1.000 habitants",
                "ratio",
                1,
                _ALL,
                ("EADM",),
            ),
            _i(
                "ACT07",
                "Consultes d'interoperabilitat (Via Oberta) per 1.000 habitants",
                "ratio",
                1,
                _ALL,
                ("INTEROP",),
            ),
        ],
    },
    {
        "code": "GOV",
        "name": "Govern obert i dades",
        "weight": 1,
        "indicators": [
            _i("GOV01", "Portal de transparència actualitzat", "check", 2, _ALL, ("WEB",)),
            _i(
                "GOV02",
                "Dades obertes publicades al catàleg de Catalunya",
                "check",
                1,
                _FROM_5001,
                ("OPENDATA",),
            ),
            _i(
                "GOV03",
                "Sessions del ple retransmeses o enregistrades en línia",
                "check",
                1,
                _FROM_1001,
                ("WEB",),
            ),
            _i(
                "GOV04",
                "Plataforma de participació digital en ús (p. ex. Decidim)",
                "check",
                1,
                _FROM_5001,
                ("OPENDATA",),
            ),
            _i(
                "GOV05",
                "Contractes publicats a la Plataforma de serveis de contractació",
                "check",
                1.5,
                _ALL,
                ("EFACT", "ASSES"),
            ),
            _i(
                "GOV06",
                "Sol·licituds d'accés a la informació pública en línia",
                "check",
                1,
                _ALL,
                ("EADM", "ASSES"),
            ),
            _i(
                "GOV07",
                "Governança de les dades (responsables, inventari, qualitat)",
                "self",
                1,
                _FROM_20001,
                ("OPENDATA", "ASSES"),
            ),
        ],
    },
    {
        "code": "INT",
        "name": "Interoperabilitat, plataformes i ciberseguretat",
        "weight": 1,
        "indicators": [
            _i("INT01", "Gestor d'expedients electrònic en ús", "check", 2, _ALL, ("EADM",)),
            _i(
                "INT02",
                "Connexió a la plataforma d'interoperabilitat Via Oberta",
                "check",
                1.5,
                _ALL,
                ("INTEROP",),
            ),
            _i(
                "INT03",
                "Arxiu electrònic amb preservació a llarg termini (iArxiu)",
                "check",
                1,
                _ALL,
                ("EADM",),
            ),
            _i(
                "INT04",
                "Declaració o certificació de conformitat amb l'ENS",
                "check",
                2,
                _ALL,
                ("CIBER",),
            ),
            _i(
                "INT05",
                "Política de seguretat de la informació aprovada",
                "check",
                1.5,
                _ALL,
                ("CIBER",),
            ),
            _i(
                "INT06",
                "Còpies de seguretat verificades durant l'últim any",
                "self",
                1,
                _ALL,
                ("CIBER",),
            ),
            _i(
                "INT07",
                "Procediment de resposta a incidents de ciberseguretat",
                "check",
                1,
                _FROM_1001,
                ("CIBER",),
            ),
        ],
    },
    {
        "code": "PER",
        "name": "Persones i competències",
        "weight": 1,
        "indicators": [
            _i(
                "PER01",
                "Personal format en administració electrònica (últims dos anys)",
                "self",
                1.5,
                _ALL,
                ("FORM",),
            ),
            _i(
                "PER02",
                "Càrrecs electes formats en transformació digital",
                "check",
                1,
                _ALL,
                ("FORM",),
            ),
            _i(
                "PER03",
                "Personal TIC propi o servei compartit disponible",
                "check",
                1.5,
                _ALL,
                ("ASSES", "CIBER"),
            ),
            _i(
                "PER04",
                "Formació en competències digitals per a la ciutadania",
                "check",
                1,
                _FROM_1001,
                ("FORM",),
            ),
            _i("PER05", "Cultura digital a l'organització", "self", 1, _ALL, ("FORM",)),
            _i(
                "PER06",
                "Formació del personal en ciberseguretat",
                "check",
                1,
                _ALL,
                ("CIBER", "FORM"),
            ),
        ],
    },
]

# Localret's services (Objective 1). effort: 1 low, 2 medium, 3 high (for the municipality).
SERVICES: list[dict[str, Any]] = [
    {
        "code": "EADM",
        "name": "Plataforma d'administració electrònica",
        "category": "platforms",
        "effort": 2,
        "description": "Seu electrònica, registre, gestor d'expedients, notificacions i arxiu "
        "electrònic, en un servei compartit per als ajuntaments.",
    },
    {
        "code": "CIBER",
        "name": "Oficina municipal de ciberseguretat",
        "category": "security",
        "effort": 2,
        "description": "Adequació a l'Esquema Nacional de Seguretat, polítiques, còpies de "
        "seguretat, resposta a incidents i sensibilització.",
    },
    {
        "code": "TELCO",
        "name": "Contractació agregada de telecomunicacions",
        "category": "procurement",
        "effort": 1,
        "description": "Compra conjunta de telefonia i dades per als ajuntaments adherits.",
    },
    {
        "code": "FORM",
        "name": "Formació per a personal i càrrecs electes",
        "category": "training",
        "effort": 1,
        "description": "Itineraris formatius en administració electrònica, competències "
        "digitals i ciberseguretat.",
    },
    {
        "code": "ASSES",
        "name": "Assessorament jurídic i tecnològic",
        "category": "advice",
        "effort": 1,
        "description": "Suport en estratègia digital, protecció de dades, contractació i "
        "organització.",
    },
    {
        "code": "CONNECT",
        "name": "Assessorament en connectivitat",
        "category": "connectivity",
        "effort": 1,
        "description": "Diagnosi de la cobertura i acompanyament en projectes de desplegament.",
    },
    {
        "code": "WEB",
        "name": "Web municipal i portal de transparència",
        "category": "platforms",
        "effort": 1,
        "description": "Web accessible i adaptat a mòbil, portal de transparència i cita prèvia.",
    },
    {
        "code": "OPENDATA",
        "name": "Dades obertes i participació",
        "category": "platforms",
        "effort": 2,
        "description": "Publicació de dades obertes i plataforma de participació ciutadana.",
    },
    {
        "code": "EFACT",
        "name": "Factura electrònica, pagaments i contractació",
        "category": "platforms",
        "effort": 1,
        "description": "Recepció de factures electròniques, pagaments en línia i publicació de "
        "contractes.",
    },
    {
        "code": "INTEROP",
        "name": "Interoperabilitat i identitat digital",
        "category": "platforms",
        "effort": 1,
        "description": "Connexió a Via Oberta i acceptació de l'identitat digital.",
    },
]
