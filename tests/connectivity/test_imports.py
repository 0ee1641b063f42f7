"""Coverage and candidate imports through the API: valid files, dry runs, and at least ten
malformed files per format (area CSV, area XLSX, premise CSV, candidate CSV): 422 with row and
field, nothing written."""

import io

import pytest
from openpyxl import Workbook

from localret.connectivity.models import (
    Area,
    AreaCoverage,
    Candidate,
    CandidateSet,
    CoverageVintage,
    ImportJob,
)

from ..conftest import api_client
from .factories import AreaFactory, upload

pytestmark = pytest.mark.django_db

AREA_HEADER = (
    "area_id,municipality,year,kind,name,households,premises,"
    "covered_30,covered_100,covered_1000,networks_30,networks_1000"
)
AREA_OK = [
    "VIC-01,082981,2024,nucleus,Vic centre,15000,16000,16000,15500,15000,3,2",
    "VIC-02,08298,2024,scattered,Vic disseminat,300,320,200,100,0,1,0",
    "OLOT-01,171143,2024,nucleus,Olot,13000,14000,14000,14000,13000,2,1",
]


def area_csv(*rows, header=AREA_HEADER):
    return ("\n".join([header, *rows]) + "\n").encode()


def post_areas(client, data, name="cov.csv", dry_run=False):
    return client.post(
        f"/api/v1/connectivity/coverage/import?format=areas&dry_run={str(dry_run).lower()}",
        {"file": upload(name, data)},
    )


def nothing_written():
    return not (
        Area.objects.exists() or AreaCoverage.objects.exists() or CoverageVintage.objects.exists()
    )


def test_area_import_dry_run_then_apply_and_replace(staff_user):
    client = api_client(staff_user)
    dry = post_areas(client, area_csv(*AREA_OK), dry_run=True)
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert body["dry_run"] and body["rows"] == 3 and body["areas_created"] == 3
    assert nothing_written()
    applied = post_areas(client, area_csv(*AREA_OK)).json()
    assert applied["coverage_created"] == 3
    assert Area.objects.get(code="VIC-02").municipality.code == "082981"
    assert AreaCoverage.objects.get(area__code="VIC-02").covered_30 == 200
    # Importing the same year again replaces, never duplicates.
    again = post_areas(client, area_csv(*AREA_OK)).json()
    assert again["coverage_replaced"] == 3 and again["areas_created"] == 0
    assert AreaCoverage.objects.count() == 3


def test_area_import_accepts_semicolons_and_xlsx(staff_user):
    client = api_client(staff_user)
    text = AREA_HEADER.replace(",", ";") + "\n" + AREA_OK[0].replace(",", ";") + "\n"
    assert post_areas(client, text.encode()).status_code == 200
    wb = Workbook()
    ws = wb.active
    ws.append(AREA_HEADER.split(","))
    ws.append([int(v) if v.isdigit() and len(v) < 5 else v for v in AREA_OK[2].split(",")])
    buf = io.BytesIO()
    wb.save(buf)
    r = post_areas(client, buf.getvalue(), name="cov.xlsx")
    assert r.status_code == 200, r.content
    assert AreaCoverage.objects.count() == 2


BAD_AREA_CSV = [
    ("empty", b"", None, None),
    ("header only", area_csv(), None, None),
    (
        "missing column",
        area_csv("X,082981,2024,1,1", header="area_id,municipality,year,premises,covered_30"),
        1,
        "covered_100",
    ),
    ("unknown municipality", area_csv("X,999999,2024,nucleus,,1,10,5,5,0,1,0"), 2, "municipality"),
    ("text in premises", area_csv("X,082981,2024,nucleus,,1,many,5,5,0,1,0"), 2, "premises"),
    ("negative", area_csv("X,082981,2024,nucleus,,1,10,-5,0,0,1,0"), 2, "covered_30"),
    ("covered above premises", area_csv("X,082981,2024,nucleus,,1,10,11,5,0,1,0"), 2, "covered_30"),
    ("1000 above 100", area_csv("X,082981,2024,nucleus,,1,10,8,5,6,1,1"), 2, "covered_1000"),
    ("bad year", area_csv("X,082981,1850,nucleus,,1,10,5,5,0,1,0"), 2, "year"),
    ("bad kind", area_csv("X,082981,2024,village,,1,10,5,5,0,1,0"), 2, "kind"),
    ("bad area id", area_csv("X Y!,082981,2024,nucleus,,1,10,5,5,0,1,0"), 2, "area_id"),
    ("covered but no network", area_csv("X,082981,2024,nucleus,,1,10,5,5,0,0,0"), 2, "networks_30"),
    ("duplicate area-year", area_csv(AREA_OK[0], AREA_OK[1], AREA_OK[0]), 4, None),
    (
        "not utf-8",
        area_csv().replace(b"area_id", b"\xe0rea_id") + "X,082981".encode("latin-1"),
        None,
        None,
    ),
    ("decimal households", area_csv("X,082981,2024,nucleus,,1.5,10,5,5,0,1,0"), 2, "households"),
]


@pytest.mark.parametrize("label,data,row,field", BAD_AREA_CSV, ids=[b[0] for b in BAD_AREA_CSV])
def test_malformed_area_csv_is_422_with_row_and_field_and_writes_nothing(
    staff_user, label, data, row, field
):
    # A valid row in front of the bad ones must not be written either.
    r = post_areas(api_client(staff_user), data)
    assert r.status_code == 422, (label, r.content)
    assert r["Content-Type"].startswith("application/problem+json")
    errors = r.json()["errors"]
    assert errors and all("message" in e for e in errors)
    if row is not None:
        assert any(
            e.get("row") == row and (field is None or e["field"] == field) for e in errors
        ), errors
    assert nothing_written()


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


H = AREA_HEADER.split(",")
GOOD = ["VIC-01", "082981", 2024, "nucleus", "Vic", 100, 110, 110, 100, 90, 2, 1]


def bad(index, value):
    row = list(GOOD)
    row[index] = value
    return xlsx([H, row])


BAD_XLSX = [
    ("broken zip", b"PK\x03\x04garbage", None, None),
    ("empty workbook", xlsx([]), None, None),
    ("header only", xlsx([H]), None, None),
    ("missing column", xlsx([H[:-6], GOOD[:-6]]), 1, "covered_30"),
    ("unknown municipality", bad(1, "000000"), 2, "municipality"),
    ("text premises", bad(6, "n/a"), 2, "premises"),
    ("fraction", bad(7, 10.5), 2, "covered_30"),
    ("negative 1000", bad(9, -1), 2, "covered_1000"),
    ("bad year", bad(2, "2024-01"), 2, "year"),
    ("bad kind", bad(3, "town"), 2, "kind"),
    ("covered above premises", bad(7, 500), 2, "covered_30"),
    ("duplicate", xlsx([H, GOOD, GOOD]), 3, None),
]


@pytest.mark.parametrize("label,data,row,field", BAD_XLSX, ids=[b[0] for b in BAD_XLSX])
def test_malformed_area_xlsx_is_422_and_writes_nothing(staff_user, label, data, row, field):
    r = post_areas(api_client(staff_user), data, name="cov.xlsx")
    assert r.status_code == 422, (label, r.content)
    errors = r.json()["errors"]
    if row is not None:
        assert any(
            e.get("row") == row and (field is None or e["field"] == field) for e in errors
        ), errors
    assert nothing_written()


def test_area_cannot_move_to_another_municipality(staff_user):
    AreaFactory(code="VIC-01")
    r = post_areas(api_client(staff_user), area_csv(AREA_OK[0].replace("082981", "171143")))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "municipality"
    assert not AreaCoverage.objects.exists()


P_HEADER = "premise_id,municipality,lat,lon,technology,down_mbps,up_mbps,operator"
P_OK = [
    "P1,082981,41.93,2.25,FTTH,1000,300,Movistar",
    "P1,082981,41.93,2.25,FTTH,600,600,Digi",
    "P2,08298,,,VDSL,50,5,Movistar",
    "P3,171143,,,4G,40,10,Orange",
    "P4,171143,,,FTTH,1000,100,Orange",
]


def premise_csv(*rows, header=P_HEADER):
    return ("\n".join([header, *rows]) + "\n").encode()


def post_premises(client, data, dry_run=False, year=2025):
    return client.post(
        f"/api/v1/connectivity/coverage/import?format=premises&dry_run={str(dry_run).lower()}"
        f"&year={year}",
        {"file": upload("premises.csv", data)},
    )


def test_premise_import_aggregates_per_municipality_with_a_job(staff_user):
    client = api_client(staff_user)
    dry = post_premises(client, premise_csv(*P_OK), dry_run=True)
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert body["status"] == "done" and body["job_id"]
    assert body["source_rows"] == 5 and body["premises"] == 4
    assert nothing_written()
    body = post_premises(client, premise_csv(*P_OK)).json()
    assert body["areas_created"] == 2
    vic = AreaCoverage.objects.get(area__code="082981")
    assert (vic.premises, vic.covered_30, vic.covered_100, vic.covered_1000) == (2, 2, 1, 1)
    assert (vic.covered_gigabit, vic.networks_30, vic.networks_gigabit) == (1, 2, 1)
    olot = AreaCoverage.objects.get(area__code="171143")
    # P4 has 1 Gbps down but only 100 Mbps up: not gigabit under the EU 2023 target.
    assert (olot.premises, olot.covered_1000, olot.covered_gigabit, olot.mobile_4g) == (2, 1, 0, 1)
    job = client.get(body["poll"]).json()
    assert job["status"] == "done" and job["progress"] == 100


def test_premise_job_progress_is_polled(staff_user):
    client = api_client(staff_user)
    body = post_premises(client, premise_csv(*P_OK), dry_run=True).json()
    job = ImportJob.objects.get(pk=body["job_id"])
    assert job.status == "done" and job.progress == 100 and job.result["premises"] == 4
    assert client.get(f"/api/v1/connectivity/jobs/{job.pk}").json()["result"]["premises"] == 4


BAD_PREMISES = [
    ("empty", b"", None, None),
    ("header only", premise_csv(), None, None),
    (
        "missing column",
        premise_csv("P1,082981,FTTH,1000", header="premise_id,municipality,technology,down_mbps"),
        1,
        "up_mbps",
    ),
    ("xlsx instead of csv", xlsx([P_HEADER.split(",")]), None, None),
    ("unknown municipality", premise_csv(P_OK[0], "P9,999999,,,FTTH,100,10,X"), 3, "municipality"),
    ("text speed", premise_csv(P_OK[0], P_OK[2], "P9,082981,,,FTTH,fast,10,X"), 4, "down_mbps"),
    ("negative upload", premise_csv("P9,082981,,,FTTH,100,-10,X"), 2, "up_mbps"),
    ("unknown technology", premise_csv("P9,082981,,,LTE,100,10,X"), 2, "technology"),
    ("empty premise id", premise_csv(",082981,,,FTTH,100,10,X"), 2, "premise_id"),
    ("empty operator", premise_csv("P9,082981,,,FTTH,100,10,"), 2, "operator"),
    ("latitude outside Catalonia", premise_csv("P9,082981,48.85,2.35,FTTH,100,10,X"), 2, "lat"),
    ("longitude not a number", premise_csv("P9,082981,41.9,east,FTTH,100,10,X"), 2, "lon"),
    (
        "not utf-8",
        P_HEADER.encode() + "\nP9,082981,,,FTTH,100,10,Telefónica\n".encode("latin-1"),
        None,
        None,
    ),
    ("too many values", premise_csv("P9,082981,,,FTTH,100,10,X,extra,more"), None, None),
    (
        "duplicate column",
        premise_csv("P9,082981,,,FTTH,100,10,X,Y", header=P_HEADER + ",operator"),
        1,
        None,
    ),
]


@pytest.mark.parametrize("label,data,row,field", BAD_PREMISES, ids=[b[0] for b in BAD_PREMISES])
def test_malformed_premise_csv_is_422_with_row_and_field_and_writes_nothing(
    staff_user, label, data, row, field
):
    r = post_premises(api_client(staff_user), data)
    assert r.status_code == 422, (label, r.content)
    assert r["Content-Type"].startswith("application/problem+json")
    errors = r.json()["errors"]
    assert errors
    if row is not None:
        assert any(
            e.get("row") == row and (field is None or e["field"] == field) for e in errors
        ), errors
    assert nothing_written()
    assert ImportJob.objects.get().status == "failed"


def test_premise_file_needs_a_year(staff_user):
    r = api_client(staff_user).post(
        "/api/v1/connectivity/coverage/import?format=premises",
        {"file": upload("p.csv", premise_csv(*P_OK))},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "year"


C_HEADER = "area_id,municipality,households,cost_eur,classification"


def cand_csv(*rows, header=C_HEADER):
    return ("\n".join([header, *rows]) + "\n").encode()


def post_candidates(client, data, name="set-a", dry_run=False):
    return client.post(
        f"/api/v1/connectivity/candidates/import?set={name}&dry_run={str(dry_run).lower()}",
        {"file": upload("c.csv", data)},
    )


def test_candidate_import_creates_and_replaces_a_set(staff_user):
    client = api_client(staff_user)
    data = cand_csv('A1,082981,100,"50.000,50",white', "A2,171143,20,1000,grey")
    dry = post_candidates(client, data, dry_run=True)
    assert dry.status_code == 200 and dry.json()["rows"] == 2
    assert not CandidateSet.objects.exists()
    assert post_candidates(client, data).json()["rows"] == 2
    assert str(Candidate.objects.get(area_id_code="A1").cost_eur) == "50000.50"
    again = post_candidates(client, cand_csv("B1,082981,5,100,black")).json()
    assert again["replaced"] == 2
    assert list(Candidate.objects.values_list("area_id_code", flat=True)) == ["B1"]


BAD_CANDIDATES = [
    ("empty", b"", None, None),
    ("header only", cand_csv(), None, None),
    (
        "missing column",
        cand_csv("A1,082981,1,1", header="area_id,municipality,households,cost_eur"),
        1,
        "classification",
    ),
    ("unknown municipality", cand_csv("A1,123456,1,1,white"), 2, "municipality"),
    ("text households", cand_csv("A1,082981,some,1,white"), 2, "households"),
    ("negative households", cand_csv("A1,082981,-1,1,white"), 2, "households"),
    ("text cost", cand_csv("A1,082981,1,cheap,white"), 2, "cost_eur"),
    ("negative cost", cand_csv("A1,082981,1,-5,white"), 2, "cost_eur"),
    ("bad classification", cand_csv("A1,082981,1,5,purple"), 2, "classification"),
    ("duplicate area", cand_csv("A1,082981,1,5,white", "A1,082981,1,5,white"), 3, "area_id"),
    ("bad area id", cand_csv("A 1,082981,1,5,white"), 2, "area_id"),
    ("bad rural", cand_csv("A1,082981,1,5,white,maybe", header=C_HEADER + ",rural"), 2, "rural"),
]


@pytest.mark.parametrize("label,data,row,field", BAD_CANDIDATES, ids=[b[0] for b in BAD_CANDIDATES])
def test_malformed_candidate_csv_is_422_and_writes_nothing(staff_user, label, data, row, field):
    r = post_candidates(api_client(staff_user), data)
    assert r.status_code == 422, (label, r.content)
    errors = r.json()["errors"]
    if row is not None:
        assert any(
            e.get("row") == row and (field is None or e["field"] == field) for e in errors
        ), errors
    assert not CandidateSet.objects.exists()
