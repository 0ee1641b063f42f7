"""Bulk import of a campaign's answers: dry run, row/field errors, nothing written."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from localret.maturity.models import Answer, Assessment

from ..conftest import OLOT, VIC, api_client, client_for, speaking

pytestmark = pytest.mark.django_db

HEADER = "municipality,indicator,value,evidence_url\n"
GOOD = HEADER + f'{VIC},EST01,1,https://www.vic.cat/pla\n{VIC},ACT01,"1.234,5",\n{OLOT},SER03,3,\n'


def post(user, content: bytes, name="answers.csv", dry_run=False, campaign="diagnosi-2023"):
    return api_client(user).post(
        f"/api/v1/maturity/import?dry_run={'true' if dry_run else 'false'}&campaign={campaign}",
        {"file": SimpleUploadedFile(name, content)},
    )


def xlsx(rows: list[list]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_dry_run_counts_and_writes_nothing(users, campaign):
    response = post(users["staff"], GOOD.encode(), dry_run=True)
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "campaign": "diagnosi-2023",
        "rows": 3,
        "municipalities": 2,
        "assessments_created": 2,
        "answers_created": 3,
        "answers_updated": 0,
        "answers_unchanged": 0,
        "validated": 0,
        "dry_run": True,
        "changes": [
            {
                "row": row,
                "action": "create",
                "municipality": code,
                "municipality_name": name,
                "indicator": indicator,
                "value": value,
                "previous": None,
            }
            for row, code, name, indicator, value in [
                (2, VIC, "Vic", "EST01", 1.0),
                (3, VIC, "Vic", "ACT01", 1234.5),
                (4, OLOT, "Olot", "SER03", 3.0),
            ]
        ],
        "changes_truncated": False,
    }
    assert Assessment.objects.count() == 0


def test_apply_writes_answers_then_updates(users, campaign):
    assert post(users["staff"], GOOD.encode()).status_code == 200
    vic = Assessment.objects.get(municipality__code=VIC)
    assert vic.status == "draft"
    assert {a.indicator.code: str(a.value) for a in vic.answers.all()} == {
        "EST01": "1.00",
        "ACT01": "1234.50",
    }
    again = post(users["staff"], (HEADER + f"{VIC},EST01,0,\n").encode(), dry_run=True).json()
    assert again["answers_updated"] == 1 and again["assessments_created"] == 0


def test_xlsx_with_semicolons_and_validation(users, campaign):
    data = xlsx([["municipality", "indicator", "value"], [VIC, "EST01", 1], [VIC, "SER03", 4]])
    response = api_client(users["staff"]).post(
        "/api/v1/maturity/import?dry_run=false&campaign=diagnosi-2023&validate_all=true",
        {"file": SimpleUploadedFile("a.xlsx", data)},
    )
    assert response.status_code == 200, response.json()
    a = Assessment.objects.get(municipality__code=VIC)
    assert a.status == "validated" and a.overall is not None


@pytest.mark.parametrize("who,status", [("public", 401), ("vic", 403), ("board", 403)])
def test_only_staff_import(users, campaign, who, status):
    assert post(users[who], GOOD.encode()).status_code == status
    assert Assessment.objects.count() == 0


MALFORMED = {
    "empty": (b"", None, None),
    "header_only": (HEADER.encode(), None, None),
    "missing_column": (b"municipality,indicator\n082981,EST01\n", 1, "value"),
    "unknown_municipality": ((HEADER + "999999,EST01,1,\n").encode(), 2, "municipality"),
    "unknown_indicator": ((HEADER + f"{VIC},XXX99,1,\n").encode(), 2, "indicator"),
    "not_a_number": ((HEADER + f"{VIC},EST01,sí,\n").encode(), 2, "value"),
    "check_out_of_range": ((HEADER + f"{VIC},EST01,2,\n").encode(), 2, "value"),
    "self_out_of_range": ((HEADER + f"{VIC},SER03,5,\n").encode(), 2, "value"),
    "self_not_whole": ((HEADER + f'{VIC},SER03,"2,5",\n').encode(), 2, "value"),
    "negative_ratio": ((HEADER + f"{VIC},ACT01,-3,\n").encode(), 2, "value"),
    "bad_url": ((HEADER + f"{VIC},EST01,1,ftp:/nope\n").encode(), 2, "evidence_url"),
    "duplicate_row": ((HEADER + f"{VIC},EST01,1,\n{VIC},EST01,0,\n").encode(), 3, "indicator"),
    "not_utf8": ((HEADER + f"{VIC},EST01,1,Prova amb \xe0\n").encode("latin-1"), 2, None),
    "too_many_values": ((HEADER + f"{VIC},EST01,1,,x,y\n").encode(), 2, None),
    "unknown_column": (b"municipality,indicator,value,colour\n082981,EST01,1,red\n", 1, "colour"),
    "broken_xlsx": (b"PK\x03\x04garbage", None, None),
    "missing_code": ((HEADER + ",EST01,1,\n").encode(), 2, "municipality"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_file_is_422_with_row_and_field_and_writes_nothing(users, campaign, case):
    content, row, field = MALFORMED[case]
    # One valid row first: it must not be written either.
    response = post(users["staff"], content)
    assert response.status_code == 422, case
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert errors and all(e["message"] for e in errors)
    if row is not None:
        assert any(e.get("row") == row for e in errors), errors
    if field is not None:
        assert any(e["field"] == field for e in errors), errors
    assert Assessment.objects.count() == 0
    assert Answer.objects.count() == 0


def test_valid_rows_are_not_written_when_one_row_is_bad(users, campaign):
    content = (GOOD + f"{OLOT},EST01,7,\n").encode()
    response = post(users["staff"], content)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"row": 5, "field": "value", "message": response.json()["errors"][0]["message"]}
    ]
    assert Answer.objects.count() == 0


def test_validated_assessment_cannot_be_changed_by_import(users, results):
    response = post(users["staff"], (HEADER + f"{VIC},EST01,0,\n").encode())
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "municipality"
    assert "està validada i no pot canviar" in response.json()["errors"][0]["message"]


def test_import_page_dry_run_shows_errors(users, campaign):
    client = client_for(users["staff"])
    page = speaking(client, "en").post(
        "/maduresa/importa/",
        {
            "campaign": "diagnosi-2023",
            "file": SimpleUploadedFile("a.csv", b"x,y\n1,2\n"),
            "action": "apply",
        },
    )
    assert page.status_code == 200
    assert b"missing column" in page.content
    assert Assessment.objects.count() == 0
    assert client_for(users["vic"]).get("/maduresa/importa/").status_code == 403
