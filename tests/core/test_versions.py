"""Data versions (core/versions.py) and the cache keyed by them (core/cache.py): every write to a
domain's tables bumps its version in the write's own transaction (a rollback takes the bump
back, and what was computed inside it is never read); a cached value changes with the versions
it reads; pages are no longer cached whole, so no visitor's CSRF token or name reaches another."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from localret.core import cache, versions
from localret.strategy.models import Indicator, Measurement
from localret.territory.models import Municipality
from tests.conftest import client_for, make_user, speaking
from tests.strategy.factories import make_plan

pytestmark = pytest.mark.django_db


def v(domain: str) -> tuple[int, str]:
    ((_, counter, nonce),) = versions.current([domain])
    return counter, nonce


def test_a_save_bumps_only_its_own_domain():
    town = Municipality.objects.order_by("pk").first()
    assert town is not None
    strategy_before, territory_before = v("strategy"), v("territory")
    town.name = town.name + " (edited)"
    town.save()
    assert v("territory")[0] > territory_before[0]
    assert v("territory")[1] != territory_before[1]
    assert v("strategy") == strategy_before


def test_bulk_writes_and_queryset_updates_and_raw_sql_bump_too(staff_user):
    """Measurements are their own domain: the plan's structure version does not move."""
    plan = make_plan(staff_user, slug="bulk", lines=1)
    indicator = Indicator.objects.filter(action_line__objective__plan=plan).first()
    assert indicator is not None
    structure, before = v("strategy"), v("strategy_measurements")
    Measurement.objects.bulk_create(
        [Measurement(indicator=indicator, date=f"2024-0{m}-01", value=m) for m in (1, 2, 3)]
    )
    after_bulk = v("strategy_measurements")
    assert after_bulk[0] > before[0]
    Measurement.objects.filter(indicator=indicator).update(value=Decimal(9))
    after_update = v("strategy_measurements")
    assert after_update[0] > after_bulk[0]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM strategy_measurement WHERE value = %s", [9])
    assert v("strategy_measurements")[0] > after_update[0]
    assert v("strategy") == structure
    indicator.name = "Renamed"
    indicator.save()
    assert v("strategy")[0] > structure[0]


def test_a_write_that_matches_nothing_does_not_bump():
    before = v("territory")
    assert Municipality.objects.filter(code="no-such-code").update(name="x") == 0
    Municipality.objects.filter(code="no-such-code").delete()
    assert v("territory") == before


def test_the_bump_is_in_the_write_transaction_and_a_rollback_takes_it_back():
    town = Municipality.objects.order_by("pk").first()
    assert town is not None
    before = v("territory")
    with pytest.raises(RuntimeError), transaction.atomic():
        town.name = "Rolled back"
        town.save()
        inside = v("territory")
        assert inside[0] > before[0]  # seen at once inside the transaction
        # A value computed inside the transaction is keyed by its own (uncommitted) nonce...
        cache.cached("test:name", reads=["territory"], build=lambda: "Rolled back")
        raise RuntimeError
    assert v("territory") == before
    # ...so after the rollback it is never read: the committed versions give another key.
    assert cache.cached("test:name", reads=["territory"], build=lambda: "committed") == "committed"


def test_a_rolled_back_savepoint_takes_its_bump_back_and_the_outer_one_keeps_its_own():
    town = Municipality.objects.order_by("pk").first()
    assert town is not None
    before = v("territory")
    with transaction.atomic():
        town.name = "Outer"
        town.save()
        outer = v("territory")
        with pytest.raises(RuntimeError), transaction.atomic():
            town.name = "Inner"
            town.save()
            raise RuntimeError
        assert v("territory") == outer
    assert v("territory") == outer and outer[0] > before[0]


def test_cached_values_are_keyed_by_the_versions_they_read():
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert cache.cached("test:count", reads=["territory"], build=build) == 1
    assert cache.cached("test:count", reads=["territory"], build=build) == 1  # from the cache
    assert cache.cached("test:count", reads=["territory"], parts="other", build=build) == 2
    # A write elsewhere does not invalidate it...
    make_user("alguna", "staff")
    assert cache.cached("test:count", reads=["territory"], build=build) == 1
    # ...a write to a domain it reads does.
    town = Municipality.objects.order_by("pk").first()
    assert town is not None
    town.save()
    assert cache.cached("test:count", reads=["territory"], build=build) == 3
    key = cache.key("test:count", ["territory"])
    assert django_cache.get(key) == 3


def test_a_request_reads_the_versions_once_and_sees_its_own_writes():
    """Within a request the versions are read once (one query for every cached value), and a
    write in the same request makes the next read ask the database again."""
    # The data-versions receivers only: the signals' other receiver (Django's
    # close_old_connections) would close the test's connection inside its transaction.
    versions._request_started()
    try:
        with CaptureQueriesContext(connection) as captured:
            first = versions.current(["territory"])
            assert versions.current(["territory", "strategy"])[1] == first[0]
        assert len(captured.captured_queries) == 1
        town = Municipality.objects.order_by("pk").first()
        assert town is not None
        town.save()
        assert versions.current(["territory"])[0][1] > first[0][1]
    finally:
        versions._request_finished()


def _tokens(html: str) -> set[str]:
    found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    found |= set(re.findall(r'"X-CSRFToken": "([^"]+)"', html))
    return found


@pytest.mark.parametrize("url", ["/municipis/?province=17", "/pla/cau/", "/"])
def test_no_visitor_gets_another_visitors_csrf_token_or_name(staff_user, url):
    make_plan(staff_user, slug="cau", lines=1)
    other = make_user("tecnica2", "staff")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    html_first = speaking(first, "en").get(url).content.decode()
    html_second = speaking(second, "en").get(url).content.decode()
    (token_first,) = _tokens(html_first)
    (token_second,) = _tokens(html_second)
    assert token_first != token_second
    for client, token in ((first, token_first), (second, token_second)):
        response = client.post(
            "/i18n/setlang/", {"language": "es", "next": url, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
    mine = speaking(client_for(staff_user), "en").get(url).content.decode()
    theirs = speaking(client_for(other), "en").get(url).content.decode()
    assert '<span class="user-name">tecnic1</span>' in mine
    assert '<span class="user-name">tecnica2</span>' in theirs and "tecnic1" not in theirs
    anonymous = speaking(Client(), "en").get(url).content.decode()
    assert "tecnic1" not in anonymous and "tecnica2" not in anonymous


def test_the_version_table_is_not_a_domain():
    assert versions.domain_of('UPDATE "core_dataversion" SET version = 2') is None
    assert versions.domain_of('INSERT INTO "strategy_indicator" (a) VALUES (1)') == "strategy"
    measurement = 'INSERT INTO "strategy_historicalmeasurement" (a) VALUES (1)'
    assert versions.domain_of(measurement) == "strategy_measurements"
    assert versions.domain_of('INSERT OR IGNORE INTO "territory_municipality" (a)') == "territory"
    assert versions.domain_of('SELECT * FROM "strategy_measurement"') is None


def test_every_domain_leaves_out_logins_and_job_progress(staff_user):
    town = Municipality.objects.order_by("pk").first()
    assert town is not None
    town.save()
    before = versions.current(versions.EVERY)
    assert "territory" in {d for d, _, _ in before}
    staff_user.last_name = "Changed"
    staff_user.save()  # an accounts write, as a login's last_login is
    assert versions.current(versions.EVERY) == before
    town.save()
    assert versions.current(versions.EVERY) != before
