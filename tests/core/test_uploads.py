"""Upload limits (issue 13, finding 6): checked from Content-Length before the body is read,
413 problem+json for the API, a clear page elsewhere; a handler that stops counting past the
limit when there is no Content-Length; XLSX bombs refused before parsing; at most 100 errors."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test import RequestFactory
from openpyxl import Workbook

from localret.core.tabular import (
    MAX_REPORTED_ISSUES,
    ImportFailed,
    ImportIssue,
    read_table,
)
from localret.core.uploads import (
    DEFAULT_LIMIT,
    MB,
    LimitedUploadHandler,
    UploadTooLarge,
    limit_for,
)
from tests.conftest import api_client, client_for

API_IMPORTS = [
    "/api/v1/measurements/import",
    "/api/v1/maturity/import",
    "/api/v1/connectivity/coverage/import",
    "/api/v1/connectivity/candidates/import",
]


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the body was read")

    readline = read


def test_every_limit_is_at_most_20_mb():
    for path in [*API_IMPORTS, "/pla/importar/", "/governanca/reunions/1/acta/", "/x/"]:
        assert 0 < limit_for(path) <= 20 * MB
    assert DEFAULT_LIMIT == 20 * MB


@pytest.mark.parametrize("path", API_IMPORTS)
def test_api_import_over_the_limit_answers_413_without_reading_the_body(staff_user, path):
    declared = limit_for(path) + 1
    started = time.monotonic()
    response = api_client(staff_user).post(
        path,
        data=b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(declared),
        **{"wsgi.input": Unreadable()},
    )
    assert time.monotonic() - started < 1.0
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 413
    assert str(limit_for(path)) in body["errors"][0]["message"]


@pytest.mark.parametrize("path", API_IMPORTS)
def test_api_import_with_a_real_file_over_the_limit_answers_413_quickly(staff_user, path):
    big = SimpleUploadedFile("big.csv", b"a" * (limit_for(path) + 1), content_type="text/csv")
    started = time.monotonic()
    response = api_client(staff_user).post(path, {"file": big})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert time.monotonic() - started < 5.0


def test_measurement_import_over_5_mb_is_413_not_422(staff_user):
    big = SimpleUploadedFile("m.csv", b"a" * (5 * MB + 10), content_type="text/csv")
    response = api_client(staff_user).post("/api/v1/measurements/import", {"file": big})
    assert response.status_code == 413


def test_a_page_upload_over_the_limit_answers_a_clear_413_page(staff_user):
    path = "/governanca/reunions/1/acta/"
    response = client_for(staff_user).post(
        path,
        data=b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(limit_for(path) + 1),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"]
    assert "10 MB" in response.content.decode()


def test_the_upload_handler_stops_past_the_limit_when_the_length_is_unknown():
    request = RequestFactory().post(
        "/x/", {"file": SimpleUploadedFile("f.csv", b"x" * (2 * MB), content_type="text/csv")}
    )
    request.upload_handlers = [
        LimitedUploadHandler(request, 1 * MB),
        MemoryFileUploadHandler(request),
    ]
    with pytest.raises(UploadTooLarge):
        request.FILES  # noqa: B018 - parsing the body is the point
    assert request._upload_too_large is True


def test_the_upload_handler_passes_a_file_within_the_limit():
    request = RequestFactory().post(
        "/x/", {"file": SimpleUploadedFile("f.csv", b"x" * 1000, content_type="text/csv")}
    )
    request.upload_handlers = [
        LimitedUploadHandler(request, 1 * MB),
        MemoryFileUploadHandler(request),
    ]
    assert request.FILES["file"].read() == b"x" * 1000


def _xlsx(rows: int, columns: int = 2) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"c{i}" for i in range(columns)])
    for r in range(rows):
        sheet.append([r] * columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_declaring_too_many_rows_is_refused_before_parsing(monkeypatch):
    data = _xlsx(30)
    monkeypatch.setattr("localret.core.tabular.MAX_XLSX_ROWS", 10)

    def no_parse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr("openpyxl.load_workbook", no_parse)
    with pytest.raises(ImportFailed) as failure:
        read_table(data, "bomb.xlsx")
    assert "el full declara 31 files" in failure.value.issues[0].message


def test_an_xlsx_expanding_beyond_the_limit_is_refused(monkeypatch):
    data = _xlsx(200, 20)
    monkeypatch.setattr("localret.core.tabular.MAX_XLSX_UNCOMPRESSED", 10_000)
    with pytest.raises(ImportFailed) as failure:
        read_table(data, "bomb.xlsx")
    assert "deseu-lo com a CSV" in failure.value.issues[0].message


def test_a_normal_xlsx_is_still_read():
    table = read_table(_xlsx(5), "ok.xlsx")
    assert len(table.rows) == 5


def test_an_import_reports_at_most_100_errors_and_the_total():
    failure = ImportFailed(ImportIssue("bad", row=i) for i in range(2, 5002))
    assert len(failure.issues) == MAX_REPORTED_ISSUES
    assert failure.total == 5000
    assert "5.000 problemes; els 100 primers: fila 2: bad" in str(failure)


def test_the_api_answers_at_most_100_row_errors_with_the_total(staff_user):
    lines = ["area_id,municipality,households,cost_eur,classification"]
    lines += [f"a{i},nowhere,x,y,z" for i in range(3000)]
    upload = SimpleUploadedFile("c.csv", "\n".join(lines).encode(), content_type="text/csv")
    response = api_client(staff_user).post(
        "/api/v1/connectivity/candidates/import?set=s1&dry_run=true", {"file": upload}
    )
    assert response.status_code == 422
    body = response.json()
    assert len(body["errors"]) <= MAX_REPORTED_ISSUES
