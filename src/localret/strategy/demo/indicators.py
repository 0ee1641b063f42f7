"""What each demo action line measures: a distinct indicator for each place it is attached.

Each line lists its indicators in the order the builder attaches them: two on the line itself,
then two on each of its initiatives (pilot, deployment, guide and training, support service).
Every name is distinct within the plan and says what it measures; qualifiers (population band,
territory) narrow a measure without repeating another's name. A unit counting or sharing
municipalities ("ajuntaments", "municipis", "% de municipis") is measured as a total only: a
municipality's own value of it would say nothing. Per-municipality values (``sum``, ``mean``)
are kept for what a town hall has of its own: its staff trained, its hours of training, its
sensors, its fibre and 5G coverage, the downloads of its data.

Row: name | unit | direction (+ increase, - decrease, = keep within a range) | baseline |
target | flags (``c`` cumulative; ``sum`` or ``mean``: measured per municipality).
"""

from __future__ import annotations

# name, unit, direction, baseline, target, cumulative, per-municipality aggregation ("" = none)
Kind = tuple[str, str, str, float, float, bool, str]

_DIRECTIONS = {"+": "increase", "-": "decrease", "=": "range"}

_TABLE = """
[1.1]
Ajuntaments amb full de ruta digital acordat | ajuntaments | + | 10 | 200 | c
Municipis amb la diagnosi digital actualitzada en dos anys | % de municipis | + | 15 | 60 |
Ajuntaments de fins a 500 habitants en la diagnosi simplificada | ajuntaments | + | 0 | 60 | c
Temps mitjà per respondre el qüestionari simplificat | hores | - | 12 | 5 |
Municipis d'entre 1.001 i 5.000 habitants amb diagnosi validada | % de municipis | + | 10 | 60 |
Municipis de més de 20.000 habitants amb diagnosi validada | % de municipis | + | 30 | 90 |
Personal municipal format en l'autodiagnosi digital | persones | + | 0 | 600 | c sum
Sessions de suport a l'autodiagnosi | sessions | + | 0 | 120 | c
Consultes ateses sobre el qüestionari de maduresa | consultes | + | 0 | 900 | c
Temps mitjà de validació d'una diagnosi | dies | - | 45 | 15 |
[1.2]
Tràmits municipals disponibles en línia | tràmits | + | 120 | 400 | c
Municipis amb seu electrònica operativa | % de municipis | + | 20 | 80 |
Expedients tramitats sense paper en la prova pilot | expedients | + | 0 | 3000 | c
Ajuntaments en la prova pilot de l'arxiu electrònic | ajuntaments | + | 0 | 25 | c
Municipis amb notificacions electròniques actives | % de municipis | + | 15 | 70 |
Factures electròniques rebudes pels ajuntaments | % de les factures | + | 40 | 90 |
Personal municipal format en tramitació electrònica | persones | + | 0 | 1200 | c sum
Guies de tramitació publicades per als ajuntaments | guies | + | 0 | 30 | c
Peticions de suport a la seu electrònica resoltes | peticions | + | 0 | 4000 | c
Temps mitjà de resposta a les peticions de suport | hores | - | 48 | 16 |
[1.3]
Ajuntaments usuaris dels serveis al núvol | ajuntaments | + | 60 | 400 | c
Cost per usuari del servei al núvol | €/usuari | - | 14 | 9 |
Ajuntaments en la prova del correu corporatiu al núvol | ajuntaments | + | 0 | 40 | c
Disponibilitat dels serveis al núvol | % del temps | + | 97 | 99.5 |
Municipis de fins a 1.000 habitants amb ofimàtica al núvol | % de municipis | + | 5 | 50 |
Ajuntaments amb còpia de seguretat al núvol | ajuntaments | + | 30 | 300 | c
Personal municipal format en eines col·laboratives al núvol | persones | + | 0 | 1500 | c sum
Cursos en línia sobre els serveis al núvol | cursos | + | 0 | 40 | c
[1.4]
Personal municipal format en competències digitals | persones | + | 0 | 2500 | c
Hores de formació digital impartides | hores | + | 0 | 6000 | c sum
Participants en la formació en microcàpsules | persones | + | 0 | 300 | c
Satisfacció amb la formació en microcàpsules | punts (0-10) | = | 7 | 8.5 |
Cursos de competències digitals oferts | cursos | + | 10 | 80 | c
Municipis de fins a 5.000 habitants amb personal format | % de municipis | + | 10 | 55 |
Personal municipal que obté la certificació ACTIC | persones | + | 0 | 500 | c
Alumnes que completen els cursos en línia | % dels inscrits | + | 55 | 80 |
Electes municipals formats en govern digital | persones | + | 0 | 400 | c
Hores de formació a mida per als ajuntaments | hores | + | 0 | 1500 | c
[1.5]
Incidents de seguretat greus | incidents/any | - | 18 | 4 |
Temps mitjà de resolució d'incidents de seguretat | hores | - | 36 | 12 |
Ajuntaments en la prova del centre d'operacions de seguretat | ajuntaments | + | 0 | 30 | c
Correus maliciosos bloquejats abans d'arribar a l'usuari | % dels detectats | + | 80 | 98 |
Ajuntaments adequats a l'Esquema Nacional de Seguretat | ajuntaments | + | 40 | 350 | c
Ajuntaments amb autenticació de doble factor | ajuntaments | + | 20 | 400 | c
Personal municipal format en ciberseguretat | persones | + | 0 | 2000 | c sum
Simulacres de pesca electrònica als ajuntaments | simulacres | + | 0 | 150 | c
[2.1]
Proves pilot amb avaluació de resultats | pilots | + | 0 | 20 | c
Ajuntaments participants en proves pilot | ajuntaments | + | 0 | 60 | c
Propostes d'innovació rebudes dels ajuntaments | propostes | + | 0 | 120 | c
Proves pilot amb un ajuntament de fins a 1.000 habitants | pilots | + | 0 | 8 | c
Proves pilot que passen a ser un servei de Localret | pilots | + | 0 | 8 | c
Temps mitjà entre la proposta i l'inici de la prova | dies | - | 180 | 90 |
Participants en les jornades d'innovació municipal | persones | + | 0 | 800 | c
Fitxes de resultats de proves pilot publicades | fitxes | + | 0 | 20 | c
Empreses i centres de recerca col·laboradors | entitats | + | 5 | 40 | c
Finançament extern obtingut per a proves pilot | € | + | 0 | 1500000 | c
[2.2]
Conjunts de dades oberts publicats | conjunts | + | 30 | 250 | c
Ajuntaments que publiquen dades obertes | ajuntaments | + | 15 | 150 | c
Quadres de comandament municipals en prova | quadres | + | 0 | 15 | c
Ajuntaments en la prova d'analítica de dades del padró | ajuntaments | + | 0 | 20 | c
Conjunts de dades actualitzats automàticament | % dels conjunts | + | 10 | 70 |
Descàrregues de dades obertes municipals | descàrregues | + | 5000 | 60000 | c sum
Personal municipal format en anàlisi de dades | persones | + | 0 | 700 | c
Conjunts publicats amb les metadades completes | % dels conjunts | + | 30 | 95 |
Ajuntaments amb un quadre de comandament en ús | ajuntaments | + | 0 | 90 | c
Consultes ateses sobre la publicació de dades | consultes | + | 0 | 600 | c
[2.3]
Sensors integrats a la plataforma Sentilo | sensors | + | 0 | 1500 | c sum
Municipis amb plataforma de sensors | municipis | + | 0 | 40 | c
Sensors de qualitat de l'aire en prova | sensors | + | 0 | 200 | c
Lectures vàlides dels sensors en prova | % de les lectures | + | 85 | 98 |
Municipis amb l'enllumenat públic telegestionat | municipis | + | 5 | 80 | c
Comptadors d'aigua amb lectura a distància | comptadors | + | 0 | 20000 | c
Tècnics municipals formats en plataformes de sensors | persones | + | 0 | 250 | c
Guies de desplegament de sensors publicades | guies | + | 0 | 10 | c
[2.4]
Solucions replicades en altres municipis | solucions | + | 0 | 30 | c
Ajuntaments que adopten una solució provada | ajuntaments | + | 0 | 80 | c
Solucions avaluades per replicar-les | solucions | + | 0 | 20 | c
Ajuntaments de l'Alt Pirineu i Aran que adopten una solució | ajuntaments | + | 0 | 15 | c
Bones pràctiques documentades al catàleg | fitxes | + | 10 | 80 | c
Cost mitjà d'adoptar una solució provada | € | - | 18000 | 9000 |
Trobades d'intercanvi d'experiències entre ajuntaments | sessions | + | 0 | 40 | c
Participants en les trobades d'intercanvi | persones | + | 0 | 900 | c
Ajuntaments acompanyats en la implantació d'una solució | ajuntaments | + | 0 | 60 | c
Solucions adoptades que continuen en ús al cap d'un any | % de les solucions | + | 60 | 90 |
[3.1]
Cobertura de fibra òptica als nuclis de població | % dels nuclis | + | 45 | 90 | mean
Municipis amb fibra a tots els nuclis | municipis | + | 300 | 700 | c
Nuclis disseminats amb fibra en la prova de desplegament | nuclis | + | 0 | 40 | c
Cost per llar connectada amb fibra en zones rurals | €/llar | - | 2500 | 1400 |
Quilòmetres de fibra òptica desplegats | km | + | 0 | 1200 | c
Llars amb accés a fibra òptica | % de les llars | + | 70 | 95 |
Ajuntaments assessorats en ordenances de desplegament de fibra | ajuntaments | + | 0 | 200 | c
Llicències d'obra per a fibra resoltes en menys d'un mes | % de les llicències | + | 40 | 85 |
Incidències de desplegament de fibra resoltes | incidències | + | 0 | 500 | c
Temps mitjà de resolució d'incidències de fibra | dies | - | 60 | 20 |
[3.2]
Equipaments municipals connectats | equipaments | + | 150 | 900 | c
Equipaments amb connexió d'1 Gbps | % d'equipaments | + | 10 | 60 |
Escoles amb connexió de 10 Gbps en la prova pilot | equipaments | + | 0 | 20 | c
Biblioteques amb connexió wifi pública | equipaments | + | 20 | 200 | c
Equipaments connectats a la xarxa municipal de fibra | equipaments | + | 50 | 500 | c sum
Disponibilitat de la connexió dels equipaments | % del temps | + | 98 | 99.8 |
Ajuntaments assessorats en la contractació de connectivitat | ajuntaments | + | 0 | 250 | c
Estalvi de la contractació agregada de connectivitat | % del cost | + | 0 | 25 |
Incidències de connexió resoltes en 24 hores | % de les incidències | + | 70 | 95 |
Equipaments amb connexió de reserva | equipaments | + | 10 | 150 | c
[3.3]
Municipis amb cobertura 5G | municipis | + | 10 | 180 | c
Nuclis sense cobertura mòbil | nuclis | - | 240 | 60 |
Nuclis rurals amb 5G en la prova pilot | nuclis | + | 0 | 25 | c
Velocitat mitjana de baixada 5G en zones rurals | Mbps | + | 80 | 250 |
Població amb cobertura 5G | % de la població | + | 20 | 80 | mean
Noves estacions base de telefonia mòbil en zones rurals | estacions | + | 0 | 120 | c
Carreteres principals amb cobertura mòbil contínua | % dels quilòmetres | + | 60 | 95 |
Ajuntaments assessorats sobre la ubicació d'antenes 5G | ajuntaments | + | 0 | 150 | c
[3.4]
Convenis signats amb operadors | convenis | + | 2 | 12 | c
Llars en zones blanques | llars | - | 60000 | 15000 |
Operadors que comparteixen infraestructura en la prova pilot | operadors | + | 0 | 6 | c
Llars de zones blanques connectades en la prova pilot | llars | + | 0 | 3000 | c
Municipis amb desplegament coordinat amb els operadors | municipis | + | 20 | 200 | c
Llars en zones grises | llars | - | 120000 | 50000 |
Tècnics municipals formats en connectivitat i telecomunicacions | persones | + | 0 | 300 | c
Reunions de coordinació amb operadors | reunions | + | 0 | 60 | c
Sol·licituds dels operadors informades en termini | % de les sol·licituds | + | 50 | 90 |
Queixes veïnals sobre cobertura resoltes | % de les queixes | + | 40 | 85 |
[4.1]
Assistència a l'Assemblea General | % d'ens consorciats | + | 55 | 75 |
Ens consorciats | ens | + | 780 | 900 | c
Ens que voten telemàticament a l'Assemblea General | % d'ens consorciats | + | 5 | 40 |
Propostes dels ens consorciats presentades a l'Assemblea | propostes | + | 0 | 40 | c
Sessions del Consell amb la documentació enviada amb antelació | % de sessions | + | 60 | 100 |
Ens consorciats que participen en una comissió de treball | % d'ens consorciats | + | 10 | 35 |
Electes assistents a les sessions informatives del consorci | persones | + | 0 | 600 | c
Sessions informatives territorials per als ens consorciats | sessions | + | 0 | 30 | c
Consultes dels ens consorciats sobre els òrgans de govern | consultes | + | 0 | 300 | c
Ens consorciats amb representant designat a l'Assemblea | % d'ens consorciats | + | 70 | 95 |
[4.2]
Acords del Consell publicats | % dels acords | + | 60 | 100 |
Conjunts del portal de transparència actualitzats | % dels conjunts | + | 50 | 95 |
Sol·licituds d'accés a la informació resoltes en termini | % de les sol·licituds | + | 70 | 98 |
Visites anuals al portal de transparència | visites | + | 10000 | 40000 |
Contractes publicats al perfil de contractant en termini | % dels contractes | + | 80 | 100 |
Informes de seguiment del pla publicats | informes | + | 0 | 8 | c
Indicadors del pla amb fitxa metodològica pública | % dels indicadors | + | 20 | 100 |
Personal format en transparència i accés a la informació | persones | + | 0 | 80 | c
Temps mitjà de resposta a les sol·licituds d'informació | dies | - | 25 | 10 |
Puntuació en l'avaluació externa de transparència | punts (0-10) | = | 6.5 | 9 |
[4.3]
Execució pressupostària | % | = | 78 | 95 |
Ingressos per serveis als ajuntaments | € | + | 2500000 | 3500000 |
Serveis amb tarifa per trams de població | serveis | + | 0 | 10 | c
Estalvi dels ajuntaments en la compra agregada de llicències | € | + | 0 | 800000 | c
Ingressos de fons europeus i subvencions | € | + | 500000 | 3000000 |
Costos dels serveis finançats amb ingressos propis | % dels costos | + | 60 | 85 |
Ajuntaments amb el pressupost digital planificat | ajuntaments | + | 20 | 200 | c
Termini mitjà de pagament a proveïdors | dies | - | 40 | 25 |
[4.4]
Satisfacció dels ajuntaments amb els serveis del consorci | punts (0-10) | = | 6.2 | 8 |
Personal amb pla de desenvolupament | % de la plantilla | + | 10 | 80 |
Personal en la prova de teletreball | % de la plantilla | + | 0 | 30 |
Processos interns digitalitzats de cap a cap | processos | + | 5 | 40 | c
Hores de formació per persona de la plantilla | hores | + | 12 | 30 |
Rotació voluntària de la plantilla | % de la plantilla | - | 14 | 7 |
Incorporacions amb el pla d'acollida completat | % de les incorporacions | + | 40 | 100 |
Satisfacció de la plantilla | punts (0-10) | = | 6.5 | 8 |
Places cobertes en menys de tres mesos | % de les places | + | 30 | 80 |
Dies d'absència per persona i any | dies | - | 9 | 6 |
"""


def _parse(table: str) -> dict[str, list[Kind]]:
    out: dict[str, list[Kind]] = {}
    line = ""
    for row in table.strip().splitlines():
        if row.startswith("["):
            line = row.strip("[]")
            out[line] = []
            continue
        name, unit, direction, base, target, flags = (part.strip() for part in row.split("|"))
        words = flags.split()
        aggregation = next((w for w in words if w in ("sum", "mean")), "")
        out[line].append(
            (
                name,
                unit,
                _DIRECTIONS[direction],
                float(base),
                float(target),
                "c" in words,
                aggregation,
            )
        )
    return out


LINE_INDICATORS: dict[str, list[Kind]] = _parse(_TABLE)
