"""The answers import writes in bulk (issue 19): the same stored answers, statuses, reviews and
scores as the write object by object, a history row for every created or changed row (who,
why), all or nothing, a summary answer, and a number of SQL queries that does not grow with the
file."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from localret.core import audit
from localret.core.tabular import ImportFailed
from localret.maturity import engine, services
from localret.maturity.models import Answer, Assessment, Campaign, Review
from localret.maturity.services import imports
from localret.territory.models import Municipality

from ..conftest import client_for, speaking
from .factories import indicators

pytestmark = pytest.mark.django_db

HEADER = "municipality,indicator,value,evidence_url,comment"


def value(kind: str, i: int) -> Decimal:
    """A valid answer of the indicator's kind, varying with ``i``."""
    if kind == "check":
        return Decimal(i % 2)
    if kind == "self":
        return Decimal(i % 5)
    return Decimal(10 + i) + Decimal("0.25")


def scenario(  # type: ignore[no-untyped-def]
    campaign: Campaign, by, municipalities: int, per: int, repeated: bool = False
) -> bytes:
    """A file of ``municipalities`` x ``per`` rows, for municipalities without an assessment
    in the campaign. Every other one has a draft (one a returned assessment) answering the
    first indicator otherwise (the row changes it) and the second as the file does (unchanged
    row); the rest of the rows are new answers (some with an evidence URL and a comment).
    With ``repeated``, one more municipality's draft gets only the rows it holds already."""
    codes = list(
        Municipality.objects.exclude(maturity_assessments__campaign=campaign)
        .order_by("code")
        .values_list("code", flat=True)[: municipalities + 1]
    )
    last = codes.pop()
    inds = indicators()[:per]
    if repeated:
        draft = services.assessment_start(
            municipality=Municipality.objects.get(code=last), campaign=campaign, by=by
        )
        repeat = {ind.pk: services.AnswerInput(value=value(ind.kind, 0)) for ind in inds[:2]}
        services.answers_save(assessment=draft, answers=repeat, by=by)
    lines = [HEADER]
    for m, code in enumerate(codes):
        if m % 2 == 0:
            draft = services.assessment_start(
                municipality=Municipality.objects.get(code=code), campaign=campaign, by=by
            )
            services.answers_save(
                assessment=draft,
                answers={
                    inds[0].pk: services.AnswerInput(value=value(inds[0].kind, m + 1)),
                    inds[1].pk: services.AnswerInput(value=value(inds[1].kind, m)),
                },
                by=by,
            )
            if m == 2:
                services.assessment_submit(assessment=draft, by=by)
                services.assessment_return(assessment=draft, comment="revise it", by=by)
        for i, ind in enumerate(inds):
            url, comment = ("https://example.cat/e", "segons l'acta") if i == 3 else ("", "")
            lines.append(f"{code},{ind.code},{value(ind.kind, m)},{url},{comment}")
    if repeated:
        lines += [f"{last},{ind.code},{value(ind.kind, 0)},," for ind in inds[:2]]
    return ("\n".join(lines) + "\n").encode()


def run(campaign: Campaign, by, data: bytes, *, dry_run=False, validate=False):  # type: ignore[no-untyped-def]
    return services.answers_import(
        campaign=campaign,
        data=data,
        filename="answers.csv",
        dry_run=dry_run,
        by=by,
        validate=validate,
    )


def stored(campaign: Campaign) -> dict:
    """Everything the import writes, by natural keys (never primary keys or times)."""
    assessments = {a.pk: (a.municipality.code, a.revision) for a in Assessment.objects.all()}
    answer_keys = {
        a.pk: (*assessments[a.assessment_id], a.indicator.code)
        for a in Answer.objects.select_related("indicator")
    }
    return {
        "assessments": sorted(
            (
                *assessments[a.pk],
                a.status,
                a.overall,
                a.level,
                sorted(a.dimension_scores.items()),
                a.band,
                a.band_percentile,
                a.superseded,
                a.submitted_at is not None,
                a.validated_at is not None,
                a.validated_on,
                a.validated_by_id,
                a.review_comment,
            )
            for a in Assessment.objects.filter(campaign=campaign)
        ),
        "answers": sorted(
            (*answer_keys[a.pk], a.value, a.evidence_url, a.evidence_file.name, a.comment)
            for a in Answer.objects.filter(assessment__campaign=campaign)
        ),
        "reviews": sorted(
            (*assessments[r.assessment_id], r.action, r.comment, r.by_id)
            for r in Review.objects.filter(assessment__campaign=campaign)
        ),
        # Each version as recorded: what, which kind, by whom, the state it records.
        "assessment history": Counter(
            (*assessments[h.id], h.history_type, h.history_user_id, h.status)
            for h in Assessment.history.all()
        ),
        "answer history": Counter(
            (*answer_keys[h.id], h.history_type, h.history_user_id, h.value)
            for h in Answer.history.all()
        ),
    }


def both_ways(campaign: Campaign, by, data: bytes, monkeypatch, validate: bool):  # type: ignore[no-untyped-def]
    """The stored state after the bulk write and after the write object by object, each
    from the same starting point (a savepoint rolled back in between)."""
    states = []
    for bulk in (True, False):
        if not bulk:
            monkeypatch.setattr(audit, "bulk_history_supported", lambda model: False)
        point = transaction.savepoint()
        result = run(campaign, by, data, validate=validate)
        states.append((stored(campaign), result))
        transaction.savepoint_rollback(point)
    monkeypatch.undo()
    return states


@pytest.mark.parametrize("validate", [False, True], ids=["draft", "validated"])
def test_bulk_write_stores_what_the_write_object_by_object_stores(
    results, staff_user, monkeypatch, validate
):
    # ``results``: validated assessments of other municipalities, re-scored with the new ones.
    campaign = next(iter(results.values())).campaign
    data = scenario(campaign, staff_user, municipalities=6, per=5, repeated=True)
    (bulk, bulk_result), (one_by_one, reference) = both_ways(
        campaign, staff_user, data, monkeypatch, validate
    )
    assert bulk == one_by_one
    assert bulk_result == reference
    assert (bulk_result.assessments_created, bulk_result.answers_created) == (3, 3 * 5 + 3 * 3)
    assert (bulk_result.answers_updated, bulk_result.answers_unchanged) == (3, 3 + 2)
    assert bulk_result.validated == (7 if validate else 0)
    if validate:  # the scores are there, and the others' percentiles moved with the new ones
        statuses = Counter(a[2] for a in bulk["assessments"])
        assert statuses == {"validated": 7 + len(results)}
        assert all(a[3] is not None and a[4] in range(1, 6) for a in bulk["assessments"])


def test_every_created_and_changed_row_has_its_history_with_user_and_reason(
    campaign, staff_user, admin_user
):
    data = scenario(campaign, admin_user, municipalities=4, per=4)
    history_before = Answer.history.count()
    result = run(campaign, staff_user, data, validate=True)
    when_by_staff = Answer.history.filter(history_user=staff_user)
    assert Answer.history.count() - history_before == result.answers_created + (
        result.answers_updated
    )
    assert when_by_staff.count() == result.answers_created + result.answers_updated
    assert {h.history_change_reason for h in when_by_staff} == {"import answers.csv"}
    created = when_by_staff.filter(history_type="+")
    updated = when_by_staff.filter(history_type="~")
    assert (created.count(), updated.count()) == (result.answers_created, result.answers_updated)
    # Each history row records the row as stored.
    for h in when_by_staff:
        assert Answer.objects.get(pk=h.id).value == h.value
    # Unchanged answers get no new version.
    unchanged = Answer.objects.exclude(pk__in=when_by_staff.values("id"))
    assert unchanged.count() == result.answers_unchanged
    # Assessments: created, touched by the answers, submitted, validated: each by the user.
    kinds = Counter(
        (h.history_type, h.history_change_reason)
        for h in Assessment.history.filter(history_user=staff_user)
    )
    assert kinds == {
        ("+", "import answers.csv"): 2,
        ("~", "import answers.csv"): 4,
        ("~", "submitted"): 4,
        ("~", "validated by import"): 4,
    }
    for a in Assessment.objects.all():
        assert a.status == "validated" and a.validated_by == staff_user
        assert list(a.reviews.filter(by=staff_user).values_list("action", flat=True)) == [
            "submitted"
        ]


def test_a_bad_row_among_many_writes_nothing(campaign, staff_user):
    data = scenario(campaign, staff_user, municipalities=10, per=10)
    data += b"082981,EST01,7,,\n"
    before = stored(campaign)
    with pytest.raises(ImportFailed) as failed:
        run(campaign, staff_user, data)
    assert [(i.row, i.field) for i in failed.value.issues] == [(102, "value")]
    assert stored(campaign) == before


def test_a_failure_during_the_write_takes_everything_back(campaign, staff_user, monkeypatch):
    data = scenario(campaign, staff_user, municipalities=6, per=5)
    before = stored(campaign)

    def broken(campaign):  # type: ignore[no-untyped-def]
        raise RuntimeError("the scores could not be written")

    monkeypatch.setattr(engine, "campaign_rescore", broken)
    with pytest.raises(RuntimeError):
        run(campaign, staff_user, data, validate=True)
    assert stored(campaign) == before


def test_an_assessment_submitted_after_the_check_refuses_the_whole_write(
    campaign, staff_user, monkeypatch
):
    data = scenario(campaign, staff_user, municipalities=4, per=3)
    before = stored(campaign)
    plan = imports._plan

    def submitted_meanwhile(parsed, latest, result):  # type: ignore[no-untyped-def]
        out = plan(parsed, latest, result)
        services.assessment_submit(assessment=next(iter(out.open.values())), by=staff_user)
        return out

    monkeypatch.setattr(imports, "_plan", submitted_meanwhile)
    point = transaction.savepoint()
    with pytest.raises(services.AssessmentLocked):
        run(campaign, staff_user, data)
    transaction.savepoint_rollback(point)
    assert stored(campaign) == before


def test_the_answer_is_a_summary_with_the_first_rows_of_each_kind(campaign, staff_user):
    data = scenario(campaign, staff_user, municipalities=40, per=5)
    dry = run(campaign, staff_user, data, dry_run=True)
    assert (dry.rows, dry.municipalities, dry.assessments_created) == (200, 40, 20)
    assert (dry.answers_created, dry.answers_updated, dry.answers_unchanged) == (160, 20, 20)
    kinds = Counter(c.action for c in dry.changes)
    assert kinds == {"create": imports.KEPT_PER_KIND, "update": imports.KEPT_PER_KIND}
    assert dry.changes_truncated
    lines = data.decode().splitlines()
    rows = [c.row for c in dry.changes]
    assert rows == sorted(rows)  # file order
    for change in dry.changes:
        code, indicator, text, *_ = lines[change.row - 1].split(",")
        assert (change.municipality, change.indicator, change.value) == (
            code,
            indicator,
            Decimal(text),
        )
        assert change.municipality_name == Municipality.objects.get(code=code).name
        if change.action == "update":
            stored_answer = Answer.objects.get(
                assessment__municipality__code=code, indicator__code=indicator
            )
            assert change.previous == stored_answer.value != change.value
        else:
            assert change.previous is None
    written = run(campaign, staff_user, data)
    assert (written.changes, written.dry_run) == (dry.changes, False)
    again = run(campaign, staff_user, data, dry_run=True)
    assert (again.answers_unchanged, again.changes, again.changes_truncated) == (200, [], False)


def test_the_api_answer_holds_counts_and_first_rows(campaign, staff_user):
    from ..conftest import api_client

    data = scenario(campaign, staff_user, municipalities=30, per=3)
    body = (
        api_client(staff_user)
        .post(
            "/api/v1/maturity/import?dry_run=false&campaign=diagnosi-2023",
            {"file": SimpleUploadedFile("answers.csv", data)},
        )
        .json()
    )
    assert (body["rows"], body["answers_created"], body["answers_updated"]) == (90, 60, 15)
    assert body["answers_unchanged"] == 15 and body["changes_truncated"] is True
    assert len(body["changes"]) == 2 * imports.KEPT_PER_KIND
    assert set(body["changes"][0]) == {
        "row",
        "action",
        "municipality",
        "municipality_name",
        "indicator",
        "value",
        "previous",
    }


def test_the_import_page_lists_the_first_changes(campaign, staff_user):
    data = scenario(campaign, staff_user, municipalities=2, per=3)
    page = speaking(client_for(staff_user), "en").post(
        "/maduresa/importa/",
        {
            "campaign": "diagnosi-2023",
            "file": SimpleUploadedFile("a.csv", data),
            "action": "dry_run",
        },
    )
    assert page.status_code == 200
    text = page.content.decode()
    first = Municipality.objects.get(code=data.decode().splitlines()[1].split(",")[0])
    assert "Unchanged answers" in text and "Rows that change an answer" in text
    assert f"{first.name} ({first.code})" in text and "changed answer" in text


@pytest.mark.parametrize("validate", [False, True], ids=["draft", "validated"])
def test_the_number_of_queries_does_not_grow_with_the_rows(campaign, staff_user, validate):
    counts = []
    for municipalities, per in ((2, 5), (20, 10)):
        point = transaction.savepoint()
        data = scenario(campaign, staff_user, municipalities=municipalities, per=per)
        with CaptureQueriesContext(connection) as queries:
            result = run(campaign, staff_user, data, validate=validate)
        assert result.rows == municipalities * per and result.answers_updated
        counts.append(len(queries))
        transaction.savepoint_rollback(point)
    assert counts[0] == counts[1], counts
