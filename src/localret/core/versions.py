"""Data versions: one counter per domain, bumped in the same transaction as any write to it.

A *domain* is an app label of the platform (``strategy``, ``territory``, ``maturity``...), or
a finer part of an app that changes far more often than the rest and that some values do not
read (a model's ``data_domain`` attribute: ``strategy_measurements``). Every
statement that writes a table of a domain (INSERT, UPDATE or DELETE that touches a row, from a
service, the audited save, the Django admin, ``bulk_create``/``bulk_update``, ``QuerySet.update``
or raw SQL through Django's connection) is followed, on the same connection and therefore in the
same transaction, by an upsert of the domain's row in ``core_dataversion``: the counter goes up
by one and a random ``nonce`` replaces the previous one. A rollback takes the bump back with
the write; a commit publishes both at once.

Why a nonce as well as the counter: after a rollback the counter goes back to a number that a
value computed *inside* the rolled-back transaction may have been stored under; the nonce of
that transaction is never seen again, so such a value is never read.

The bump is installed as a database *execute wrapper* on every connection (see
:func:`install`): no write path can forget it, including code written after this module.

Reading: :func:`current` returns the versions of the domains asked for, from one query of the
whole (tiny) table. Inside a request the answer is kept for the rest of the request (a bump in
the same thread forgets it), so a request costs at most one query for every cached value it
reads; outside a request every call reads the table.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

TABLE = "core_dataversion"
# The statements that write a table: the table's name is the first identifier after the verb.
_WRITE = re.compile(
    r"""^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)""",
    re.IGNORECASE,
)
# TABLE is this module's constant; the values are parameters.
_UPSERT = (
    f"INSERT INTO {TABLE} (domain, version, nonce) VALUES (%s, 1, %s) "  # noqa: S608
    f"ON CONFLICT (domain) DO UPDATE SET version = {TABLE}.version + 1, nonce = excluded.nonce"
)
_domains: dict[str, str] | None = None
_local = threading.local()

Versions = tuple[tuple[str, int, str], ...]
#: ``reads=EVERY``: a value that reads many apps (a public summary page), keyed by the version
#: of every domain but those no public figure reads (accounts: logins and token use write
#: there; the progress of background jobs).
EVERY = ("*",)
PRIVATE = frozenset({"accounts", "core", "reporting_jobs", "connectivity_jobs"})


def domain_of_model(model: Any) -> str:
    """A model's domain: its ``data_domain`` attribute, else its app label. An audit history
    model (django-simple-history) belongs to the domain of the model it records."""
    recorded = getattr(model, "instance_type", None) or model
    return str(getattr(recorded, "data_domain", None) or model._meta.app_label)


def domain_tables() -> dict[str, str]:
    """Table name -> domain for every model of the platform's apps, audit histories and
    many-to-many tables included (the version table itself excluded)."""
    global _domains
    if _domains is None:
        mapping: dict[str, str] = {}
        for model in apps.get_models(include_auto_created=True):
            if not model.__module__.startswith("localret."):
                continue
            mapping[model._meta.db_table.lower()] = domain_of_model(model)
        mapping.pop(TABLE, None)
        _domains = mapping
    return _domains


def domain_of(sql: str) -> str | None:
    """The domain a statement writes to, or None (a read, or a table of no domain)."""
    match = _WRITE.match(sql)
    if match is None:
        return None
    return domain_tables().get(match.group(1).lower())


def _placeholder(sql: str, vendor: str) -> str:
    return sql.replace("%s", "?") if vendor == "sqlite" else sql


def bump(domain: str, using: BaseDatabaseWrapper | None = None) -> None:
    """Bump ``domain``'s version on ``using`` (default connection), in its current transaction.

    Writes through Django's ORM bump by themselves; call this only for writes Django does not
    see (another connection library on the same transaction)."""
    db = using or connection
    db.ensure_connection()
    raw = db.connection.cursor()  # the driver's cursor: not logged, not wrapped again
    try:
        raw.execute(_placeholder(_UPSERT, db.vendor), (domain, secrets.token_hex(8)))
    finally:
        raw.close()
    forget()


def _wrapper(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    domain = domain_of(sql) if isinstance(sql, str) else None
    if domain is not None:
        # An UPDATE or DELETE that matched no row changed nothing. (An INSERT always bumps: its
        # rowcount is not known before its RETURNING rows are read.)
        unchanged = (
            not sql.lstrip()[:6].upper().startswith("INSERT")
            and getattr(context["cursor"].cursor, "rowcount", -1) == 0
        )
        if not unchanged:
            bump(domain, context["connection"])
    return result


def _install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if _wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(_wrapper)


def install() -> None:
    """Wrap every database connection (called once from ``CoreConfig.ready``)."""
    connection_created.connect(_install, dispatch_uid="localret-data-versions")
    request_started.connect(_request_started, dispatch_uid="localret-data-versions-start")
    request_finished.connect(_request_finished, dispatch_uid="localret-data-versions-end")
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        _install(None, conn)


# --- Reading -----------------------------------------------------------------------------------


def _request_started(**kwargs: Any) -> None:
    _local.in_request = True
    _local.memo = None


def _request_finished(**kwargs: Any) -> None:
    _local.in_request = False
    _local.memo = None


def forget() -> None:
    """Forget the versions read in this request (after a bump, the next read asks again)."""
    _local.memo = None


def _all() -> dict[str, tuple[int, str]]:
    memo = getattr(_local, "memo", None)
    if memo is not None:
        return memo  # type: ignore[no-any-return]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT domain, version, nonce FROM {TABLE}")  # noqa: S608
        rows = {domain: (int(version), nonce) for domain, version, nonce in cursor.fetchall()}
    if getattr(_local, "in_request", False):
        _local.memo = rows
    return rows


def current(domains: Iterable[str]) -> Versions:
    """The versions of ``domains`` (sorted by name): ``((domain, counter, nonce), ...)``. At
    most one query; none when this request already read them and nothing was written since,
    nor for no domain at all (a value that reads no data, such as the main menu)."""
    domains = tuple(domains)
    if not domains:
        return ()
    rows = _all()
    wanted = sorted(set(rows) - PRIVATE) if domains == EVERY else sorted(set(domains))
    return tuple((d, *rows.get(d, (0, ""))) for d in wanted)


def version(domain: str) -> int:
    """The counter of one domain (0 before its first write)."""
    return current([domain])[0][1]
