"""The candidate import replaces a set in bulk (issue 19): the former areas removed and the
file's inserted with one statement each, both in the history (who, why), all or nothing, a
summary answer, and a number of SQL queries that does not grow with the file."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from localret.connectivity import services
from localret.connectivity.models import Candidate, CandidateSet
from localret.core import audit
from localret.core.tabular import ImportFailed
from localret.territory.models import Municipality

from ..conftest import api_client
from .factories import upload

pytestmark = pytest.mark.django_db

HEADER = "area_id,municipality,households,cost_eur,classification,rural"
CLASSES = ("white", "grey", "black")


def rows(n: int, prefix: str = "A") -> list[tuple[str, str, int, Decimal, str, bool]]:
    """``n`` candidate areas spread over the first municipalities, as the file gives them."""
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True)[:50])
    return [
        (
            f"{prefix}{i:04d}",
            codes[i % len(codes)],
            10 + i,
            Decimal(1000 + 7 * i) + Decimal("0.50"),
            CLASSES[i % 3],
            i % 4 == 0,
        )
        for i in range(n)
    ]


def csv(items) -> bytes:  # type: ignore[no-untyped-def]
    lines = [HEADER]
    for area, code, households, cost, cls, rural in items:
        lines.append(f"{area},{code},{households},{cost},{cls},{'true' if rural else 'false'}")
    return ("\n".join(lines) + "\n").encode()


def run(by, items, *, name="set-a", dry_run=False):  # type: ignore[no-untyped-def]
    return services.candidate_set_import(
        name=name, data=csv(items), filename="c.csv", dry_run=dry_run, by=by
    )


def stored(name: str = "set-a") -> list[tuple]:
    return sorted(
        Candidate.objects.filter(candidate_set__name=name).values_list(
            "area_id_code",
            "municipality__code",
            "households",
            "cost_eur",
            "cost_override_eur",
            "override_note",
            "classification",
            "rural",
        )
    )


def expected(items) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted((a, c, h, cost, None, "", cls, rural) for a, c, h, cost, cls, rural in items)


def test_a_new_set_is_stored_as_the_file_says_with_a_creation_history(staff_user):
    items = rows(25)
    result = run(staff_user, items)
    assert stored() == expected(items)
    history = Candidate.history.all()
    assert Counter(h.history_type for h in history) == {"+": 25}
    assert {(h.history_user_id, h.history_change_reason) for h in history} == {
        (staff_user.pk, "import c.csv")
    }
    by_id = {c.pk: c for c in Candidate.objects.all()}
    for h in history:  # each history row is the row as stored
        c = by_id[h.id]
        assert (h.area_id_code, h.households, h.cost_eur, h.rural) == (
            c.area_id_code,
            c.households,
            c.cost_eur,
            c.rural,
        )
    assert (result.rows, result.replaced, result.households) == (
        25,
        0,
        sum(10 + i for i in range(25)),
    )
    assert result.cost_eur == str(sum(r[3] for r in items))


def test_replacing_a_set_records_each_removed_and_added_area(staff_user, admin_user):
    run(admin_user, rows(12, "OLD"))
    overridden = Candidate.objects.get(area_id_code="OLD0003")
    services.candidate_cost_override(
        candidate=overridden, cost_eur=Decimal("99.00"), note="quote", by=admin_user
    )
    old_ids = set(Candidate.objects.values_list("pk", flat=True))
    items = rows(7, "NEW")
    result = run(staff_user, items)
    assert stored() == expected(items)
    assert result.replaced == 12 and result.rows == 7
    removed = Candidate.history.filter(history_type="-")
    assert set(removed.values_list("id", flat=True)) == old_ids and removed.count() == 12
    assert {(h.history_user_id, h.history_change_reason) for h in removed} == {
        (staff_user.pk, "import c.csv")
    }
    # The removal records the row as it was (the override included).
    last = removed.get(id=overridden.pk)
    assert (last.cost_override_eur, last.override_note) == (Decimal("99.00"), "quote")
    added = Candidate.history.filter(history_type="+", history_user=staff_user)
    assert sorted(added.values_list("area_id_code", flat=True)) == [r[0] for r in items]
    assert not Candidate.objects.filter(pk__in=old_ids).exists()


def test_the_bulk_write_stores_what_the_orm_path_stores(staff_user, monkeypatch):
    run(staff_user, rows(5, "OLD"))
    items = rows(9)
    states = []
    for bulk in (True, False):
        if not bulk:
            monkeypatch.setattr(audit, "bulk_history_supported", lambda model: False)
        point = transaction.savepoint()
        result = run(staff_user, items)
        history = Counter(
            (h.area_id_code, h.history_type, h.history_user_id, h.history_change_reason)
            for h in Candidate.history.all()
        )
        states.append((stored(), history, result))
        transaction.savepoint_rollback(point)
    assert states[0] == states[1]


def test_a_bad_file_changes_nothing(staff_user):
    run(staff_user, rows(5, "OLD"))
    before, history = stored(), Candidate.history.count()
    data = csv(rows(200)) + b"Z1,082981,-1,5,white,false\n"
    with pytest.raises(ImportFailed) as failed:
        services.candidate_set_import(
            name="set-a", data=data, filename="c.csv", dry_run=False, by=staff_user
        )
    assert [(i.row, i.field) for i in failed.value.issues] == [(202, "households")]
    assert (stored(), Candidate.history.count()) == (before, history)


def test_a_failure_after_the_removal_takes_the_removal_back(staff_user, monkeypatch):
    run(staff_user, rows(5, "OLD"))
    before, history = stored(), Candidate.history.count()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "bulk_insert_audited", broken)
    with pytest.raises(RuntimeError):
        run(staff_user, rows(8))
    assert (stored(), Candidate.history.count()) == (before, history)


def test_a_dry_run_answers_the_first_rows_and_writes_nothing(staff_user):
    items = rows(25)
    result = run(staff_user, items, dry_run=True)
    assert not CandidateSet.objects.exists() and not Candidate.history.exists()
    assert result.added_truncated and len(result.added) == services.CANDIDATES_KEPT
    assert [(a.row, a.area_id, a.municipality, a.households, a.cost_eur) for a in result.added] == [
        (i + 2, area, code, households, str(cost))
        for i, (area, code, households, cost, _c, _r) in enumerate(items[:10])
    ]
    small = run(staff_user, rows(3), dry_run=True)
    assert len(small.added) == 3 and not small.added_truncated


def test_the_api_answer_holds_counts_and_first_rows(staff_user):
    body = (
        api_client(staff_user)
        .post(
            "/api/v1/connectivity/candidates/import?set=set-a&dry_run=false",
            {"file": upload("c.csv", csv(rows(30)))},
        )
        .json()
    )
    assert (body["rows"], body["replaced"], body["added_truncated"]) == (30, 0, True)
    assert len(body["added"]) == 10
    assert body["added"][0] == {
        "row": 2,
        "area_id": "A0000",
        "municipality": rows(1)[0][1],
        "households": 10,
        "cost_eur": "1000.50",
    }


def test_the_number_of_queries_does_not_grow_with_the_rows(staff_user):
    counts = []
    for n in (10, 200):
        point = transaction.savepoint()
        run(staff_user, rows(n, "OLD"))
        with CaptureQueriesContext(connection) as queries:
            result = run(staff_user, rows(n))
        assert result.replaced == n and len(stored()) == n
        counts.append(len(queries))
        transaction.savepoint_rollback(point)
    assert counts[0] == counts[1], counts


def test_bulk_delete_refuses_a_model_other_tables_point_at(staff_user):
    with pytest.raises(ValueError, match="does not cascade"):
        audit.bulk_delete_audited(CandidateSet.objects.all(), by=staff_user)
    assert audit.bulk_delete_audited(Candidate.objects.none(), by=staff_user) == 0
