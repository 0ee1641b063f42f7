"""Audit trail: who changed what, when, before and after (django-simple-history).

Every audited model declares ``history = HistoricalRecords()``. The history page lists each
version with the fields that changed; administrators can restore any earlier version (the
restore is itself recorded as a new version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404

from .audit_reasons import REASON_PREFIXES, REASONS
from .errors import Invalid, errors_from_validation


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any
    # What people read: the field's verbose name and the values as labels (a choice's label,
    # the related object's name, a localised number or date), never codes or ids.
    label: str = ""
    before_text: str = "—"
    after_text: str = "—"


@dataclass(frozen=True)
class VersionEntry:
    history_id: int
    date: Any
    user: Any
    kind: str  # "+", "~", "-"
    reason: str
    changes: list[FieldChange]


def stamp(obj: models.Model, by: Any, reason: str = "", when: dt.datetime | None = None) -> None:
    """Mark ``obj``'s next save or delete as made by ``by`` (and why, and as of ``when``)."""
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    if when is not None:
        obj._history_date = when  # type: ignore[attr-defined]


def audited_save(
    obj: models.Model,
    by: Any,
    reason: str | None = None,
    *,
    clean: bool = False,
    unique: bool = True,
    exclude: Sequence[str] = (),
    when: dt.datetime | None = None,
    error: type[Invalid] = Invalid,
) -> None:
    """Save ``obj`` with its audit record: who (``by``), why (``reason``), when (``when``,
    default now). The one helper every app's services call instead of repeating the
    bookkeeping.

    With ``clean``, validate first (fields; with ``unique`` also uniqueness and constraints;
    never the ``exclude`` fields) and refuse with ``error`` (:class:`~localret.core.errors.
    Invalid` or an app's subclass of it, built as ``error(message, errors)``) naming each field;
    a data rule broken by a race past the validation is refused the same way."""
    if clean:
        try:
            obj.full_clean(
                exclude=list(exclude) or None,
                validate_unique=unique,
                validate_constraints=unique,
            )
        except ValidationError as exc:
            raise error("Some fields are not valid.", errors_from_validation(exc)) from exc
    stamp(obj, by, reason or "", when)
    if not clean:
        obj.save()
        return
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a race past full_clean
        raise error(f"The change breaks a data rule: {exc}") from exc


# --- bulk writes with their history -------------------------------------------------------------

# Field types whose Python value is what the database driver takes (no adaptation).
_PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)
_HISTORY_FIELDS = frozenset(
    {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}
)


def _adapter(field: Any) -> Any:
    """A function giving the database value of ``field`` from its Python value, chosen once
    per column (Django's per-value preparation is what makes ``bulk_create`` slow), or None
    when the driver takes the Python value as it is."""
    from django.db import connection
    from django.db.backends.base.operations import BaseDatabaseOperations

    ops = connection.ops
    kind = field.get_internal_type()
    if kind in _PLAIN_TYPES:
        return None
    if kind == "DecimalField":
        if type(ops).adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value:
            return None  # the backend passes a Decimal through unchanged
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if kind in ("DateTimeField", "DateField"):
        # Few distinct values (the write's time, the dates of a file): each adapted once.
        adapt = (
            ops.adapt_datetimefield_value if kind == "DateTimeField" else ops.adapt_datefield_value
        )
        cache: dict[Any, Any] = {}

        def cached(v: Any) -> Any:
            if v not in cache:
                cache[v] = adapt(v)
            return cache[v]

        return cached
    return lambda v: field.get_db_prep_save(v, connection)


def _prepare(fields: Sequence[Any], rows: Sequence[Sequence[Any]]) -> Sequence[Sequence[Any]]:
    """The rows (values in the order of ``fields``) as database values: only the columns
    that need it are adapted, each value of them once (the rows are returned as they are when
    no column needs it)."""
    adapters = [(i, a) for i, a in enumerate(_adapter(f) for f in fields) if a is not None]
    if not adapters:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for i, adapt in adapters:
            if values[i] is not None:
                values[i] = adapt(values[i])
        out.append(values)
    return out


def bulk_history_supported(model: type[models.Model]) -> bool:
    """Whether :func:`bulk_insert_audited` and :func:`bulk_update_audited` can write
    ``model`` (an audited model whose history has only simple-history's own fields and an
    automatic primary key, on a database that returns the keys of a multi-row insert)."""
    from django.db import connection

    if not hasattr(model, "history") or not connection.features.can_return_rows_from_bulk_insert:
        return False
    tracked = {f.attname for f in model._meta.concrete_fields}
    history = {f.attname for f in model.history.model._meta.concrete_fields}
    return model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField") and (
        history - tracked == _HISTORY_FIELDS
    )


def _history_insert(
    model: type[models.Model],
    where: str,
    params: Sequence[Any],
    kind: str,
    by: Any,
    reason: str,
    when: dt.datetime,
    *,
    many: bool = False,
) -> int:
    """The history rows of rows just written, copied by the database from the table itself
    (``INSERT ... SELECT``: every field as stored, and who, when, why), for the rows that
    ``where`` selects (with ``params``; with ``many``, the statement is run once for each
    item of ``params``). No Python object per row. Returns the number of history rows."""
    from django.db import connection

    history = model.history.model  # type: ignore[attr-defined]
    own = {f.attname: f for f in history._meta.concrete_fields}
    tracked = list(model._meta.concrete_fields)
    extra = [own["history_date"], own["history_change_reason"], own["history_type"]]
    extra.append(own["history_user_id"])
    constants = list(_prepare(extra, [(when, reason or None, kind, getattr(by, "pk", None))])[0])
    qn = connection.ops.quote_name
    columns = [own[f.attname].column for f in tracked] + [f.column for f in extra]
    # Typed parameters where the database wants them (PostgreSQL reads an untyped parameter
    # of a SELECT as text); SQLite takes them as they are (its CAST to a date type is numeric).
    slots = [
        "%s" if connection.vendor == "sqlite" else f"CAST(%s AS {f.cast_db_type(connection)})"
        for f in extra
    ]
    sql = (
        f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"SELECT {', '.join(qn(f.column) for f in tracked)}, "
        f"{', '.join(slots)} FROM {qn(model._meta.db_table)} WHERE {where}"
    )
    with connection.cursor() as cursor:
        if many:
            cursor.executemany(sql, [[*constants, *p] for p in params])
            return len(params)
        cursor.execute(sql, [*constants, *params])
        return int(cursor.rowcount)


def bulk_insert_audited(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    by: Any,
    reason: str = "",
    when: dt.datetime | None = None,
) -> int:
    """Insert ``rows`` (the values of ``columns``, every concrete field's ``attname`` but the
    automatic primary key, in that order) and their creation history ("+", by ``by``, why
    ``reason``, at ``when``): the audited equivalent of ``bulk_create`` for tens of thousands
    of rows, with no Python object per row. Returns the number of rows. Check
    :func:`bulk_history_supported` first; run it inside a transaction.

    On SQLite (one writer at a time: the transaction holds the database's write lock) ONE
    prepared statement inserts every row and ONE statement copies them, the rows above the
    largest key before the insert, into the history. Elsewhere multi-row INSERT statements
    return the new keys and the history copies the rows of those keys."""
    from django.db import connection
    from django.utils import timezone

    when = when or timezone.now()
    pk = model._meta.pk
    by_name = {f.attname: f for f in model._meta.concrete_fields if f is not pk}
    if sorted(columns) != sorted(by_name):
        raise ValueError(f"bulk_insert_audited needs every field of {model.__name__} but its key")
    fields = [by_name[c] for c in columns]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    head = f"INSERT INTO {table} ({', '.join(qn(f.column) for f in fields)}) VALUES "  # noqa: S608
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = _prepare(fields, rows)
    if not params:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT max({qn(pk.column)}) FROM {table}")  # noqa: S608
            before = cursor.fetchone()[0] or 0
            cursor.executemany(head + one, params)
            written = _history_insert(
                model, f"{qn(pk.column)} > %s", [before], "+", by, reason, when
            )
            if written != len(params):  # another writer in between: never commit that
                raise RuntimeError(f"{written} history rows for {len(params)} rows inserted")
            return written
        size = max(1, connection.ops.bulk_batch_size(fields, params))
        for start in range(0, len(params), size):
            chunk = params[start : start + size]
            cursor.execute(
                head + ", ".join([one] * len(chunk)) + f" RETURNING {qn(pk.column)}",
                [v for values in chunk for v in values],
            )
            keys = [r[0] for r in cursor.fetchall()]
            _history_insert(
                model,
                f"{qn(pk.column)} IN ({', '.join(['%s'] * len(keys))})",
                keys,
                "+",
                by,
                reason,
                when,
            )
    return len(params)


def bulk_insert_audited_objects(
    objects: Sequence[models.Model], *, by: Any, reason: str = "", when: dt.datetime | None = None
) -> int:
    """:func:`bulk_insert_audited` for unsaved instances of one model (built as for
    ``bulk_create``): their every field but the automatic key."""
    if not objects:
        return 0
    model = type(objects[0])
    columns = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    rows = [[getattr(o, c) for c in columns] for o in objects]
    return bulk_insert_audited(model, columns, rows, by=by, reason=reason, when=when)


def bulk_update_audited(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    by: Any,
    reason: str = "",
    when: dt.datetime | None = None,
) -> int:
    """Update ``fields`` of the rows ``rows`` (each: the new values of ``fields`` in that
    order, then the primary key) with one prepared statement, and record each change in the
    history ("~", copied from the rows as stored). Check :func:`bulk_history_supported`
    first. Run it inside a transaction. Returns the number of rows."""
    from django.db import connection
    from django.utils import timezone

    when = when or timezone.now()
    pk = model._meta.pk
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    changed = [by_name[name] for name in fields]
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(model._meta.db_table)} SET "  # noqa: S608
        + ", ".join(f"{qn(f.column)} = %s" for f in changed)
        + f" WHERE {qn(pk.column)} = %s"
    )
    params = _prepare([*changed, pk], rows)
    if not params:
        return 0
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return _history_insert(
        model, f"{qn(pk.column)} = %s", [[p[-1]] for p in params], "~", by, reason, when, many=True
    )


def bulk_delete_audited(
    queryset: models.QuerySet[Any], *, by: Any, reason: str = "", when: dt.datetime | None = None
) -> int:
    """Delete the rows of ``queryset`` and record it ("-", by ``by``, why ``reason``, at
    ``when``): ONE statement copies the rows into the history (as :func:`bulk_insert_audited`
    does for "+"), then ONE DELETE. No signals and no cascade: only for a model no other table
    points at. Check :func:`bulk_history_supported` first; run it inside a transaction.
    Returns the number of rows deleted."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connection
    from django.utils import timezone

    model = queryset.model
    if any(r.on_delete is not models.DO_NOTHING for r in model._meta.related_objects):
        raise ValueError(f"bulk_delete_audited does not cascade: {model.__name__} is referenced")
    try:
        keys, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0
    qn = connection.ops.quote_name
    where = f"{qn(model._meta.pk.column)} IN ({keys})"
    written = _history_insert(model, where, params, "-", by, reason, when or timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE {where}", params)  # noqa: S608
        deleted = int(cursor.rowcount)
    if deleted != written:  # another writer in between: never commit that
        raise RuntimeError(f"{written} history rows for {deleted} rows deleted")
    return deleted


def audited_model(app_label: str, model_name: str) -> type[models.Model]:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404("Unknown model") from exc
    if not hasattr(model, "history"):
        raise Http404("This model is not audited")
    return model


def history_records(model: type[models.Model], pk: Any) -> Any:
    """Every historical record of one object (also after it was deleted), newest first."""
    return (
        model.history.filter(**{model._meta.pk.attname: pk})  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def versions(instance: models.Model) -> list[VersionEntry]:
    """Versions of one object, newest first, each with the changes against the one before."""
    return versions_of(type(instance), instance.pk)


def _model_field(model: type[models.Model], name: str) -> Any:
    for f in model._meta.concrete_fields:
        if name in (f.name, f.attname):
            return f
    return None


def _value_text(field: Any, value: Any) -> str:
    """One audited value as people read it."""
    from django.utils.translation import gettext

    from . import formatting

    if value is None or value == "":
        return formatting.DASH
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        target = field.related_model._default_manager.filter(pk=value).first()
        if target is None:
            target = _deleted_target(field.related_model, value)
        return str(target) if target is not None else f"#{value}"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        return formatting.datetime_short(value)  # on the local clock, as the "When" column
    if isinstance(value, dt.date):
        return formatting.date_short(value)
    if isinstance(value, Decimal | float):
        return formatting.number(value)
    if isinstance(value, int) and abs(value) >= 10_000:
        return formatting.number(value)  # a count (population, households); years stay 2026
    if isinstance(value, dict | list):
        return gettext("structured data (see the object's page)")
    return str(value)


def reason_text(model: type[models.Model], reason: str) -> str:
    """A recorded reason as people read it: ``status triaged`` -> "estat: Classificada",
    ``approved: ACORD-1`` -> "aprovat: ACORD-1"; a reason typed by a person is kept as it is."""
    from django.utils.translation import gettext

    if reason in REASONS:
        return gettext(REASONS[reason]) if REASONS[reason] else ""
    if reason.startswith("status "):
        field = _model_field(model, "status")
        value = reason.removeprefix("status ")
        if field is not None and field.choices:
            status = gettext("status")
            return f"{status}: {_value_text(field, value)}"
    for prefix, text in REASON_PREFIXES.items():
        if reason.startswith(prefix + ":") or reason.startswith(prefix + " "):
            return gettext(text) + reason[len(prefix) :]
    return reason


def _deleted_target(model: type[models.Model], pk: Any) -> Any:
    """A related object that no longer exists, as its last historical record names it."""
    history = getattr(model, "history", None)
    if history is None:
        return None
    record = history.filter(**{model._meta.pk.attname: pk}).order_by("-history_id").first()
    return record.instance if record is not None else None


def _m2m_text(field: Any, rows: Any) -> str:
    """The related objects of a many-to-many field's recorded rows, by name ("—" if none)."""
    from simple_history.utils import get_m2m_reverse_field_name

    from . import formatting

    key = get_m2m_reverse_field_name(field)
    pks = [row[key] for row in rows or () if isinstance(row, dict) and key in row]
    found = {o.pk: str(o) for o in field.related_model._default_manager.filter(pk__in=pks)}
    names = [
        found.get(pk) or str(_deleted_target(field.related_model, pk) or f"#{pk}") for pk in pks
    ]
    return ", ".join(names) or formatting.DASH


def _readable(model: type[models.Model], name: str, before: Any, after: Any) -> FieldChange:
    field = _model_field(model, name)
    if field is None:  # a many-to-many field the history tracks (an agreement's action lines)
        field = next((f for f in model._meta.many_to_many if f.name == name), None)
    verbose = str(field.verbose_name) if field is not None else name.replace("_", " ")
    text = _m2m_text if field is not None and field.many_to_many else _value_text
    return FieldChange(
        field=name,
        before=before,
        after=after,
        label=verbose[:1].upper() + verbose[1:],
        before_text=text(field, before),
        after_text=text(field, after),
    )


def versions_of(model: type[models.Model], pk: Any) -> list[VersionEntry]:
    """Versions of the object ``pk`` of ``model`` (existing or deleted), newest first."""
    records = list(history_records(model, pk))
    entries = []
    for i, record in enumerate(records):
        older = records[i + 1] if i + 1 < len(records) else None
        if older is not None:
            delta = record.diff_against(older)
            changes = [_readable(model, c.field, c.old, c.new) for c in delta.changes]
        else:
            # The fields the history keeps: never those it excludes (a user's password hash).
            excluded = set(getattr(record, "_history_excluded_fields", None) or ())
            changes = [
                _readable(model, f.attname, None, getattr(record, f.attname))
                for f in model._meta.concrete_fields
                if not f.primary_key and f.name not in excluded
            ]
        entries.append(
            VersionEntry(
                history_id=record.history_id,
                date=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                reason=reason_text(model, record.history_change_reason or ""),
                changes=changes,
            )
        )
    return entries


@dataclass(frozen=True)
class RelatedVersion:
    """A version of an object that belongs to the one whose history is shown."""

    history_id: int
    pk: Any
    date: Any
    user: Any
    kind: str  # "+", "~", "-"
    label: str


@dataclass(frozen=True)
class RelatedHistory:
    app_label: str
    model_name: str
    title: str  # the related model's verbose name (plural)
    label_title: str  # what ``label`` names (e.g. "municipality")
    versions: list[RelatedVersion]


def related_histories(model: type[models.Model], pk: Any) -> list[RelatedHistory]:
    """Versions of the audited objects that point at ``pk`` (also deleted ones), newest first.

    A model declares them as ``audit_related = (("app_label.Model", "fk_field", "label_field"),)``
    (a user's memberships: ``("accounts.Membership", "user", "municipality")``); each version
    is named by its ``label_field``. One query per declared model."""
    related = []
    for label, fk_name, label_field in getattr(model, "audit_related", ()):
        child = apps.get_model(label)
        field = child._meta.get_field(label_field)
        target = field.related_model
        label_title = target._meta.verbose_name if target is not None else field.verbose_name
        records = (
            child.history.filter(**{f"{fk_name}_id": pk})
            .select_related("history_user", *([label_field] if target is not None else []))
            .order_by("-history_date", "-history_id")
        )
        pk_name = child._meta.pk.attname
        related.append(
            RelatedHistory(
                app_label=child._meta.app_label,
                model_name=child._meta.model_name or "",
                title=str(child._meta.verbose_name_plural),
                label_title=str(label_title),
                versions=[
                    RelatedVersion(
                        history_id=r.history_id,
                        pk=getattr(r, pk_name),
                        date=r.history_date,
                        user=r.history_user,
                        kind=r.history_type,
                        label=str(getattr(r, label_field)),
                    )
                    for r in records
                ],
            )
        )
    return related


@transaction.atomic
def version_restore_of(
    *, model: type[models.Model], pk: Any, history_id: int, by: Any
) -> models.Model:
    """Restore the object ``pk`` of ``model`` (existing or deleted) to one of its versions.

    The restore is saved as a new version, by ``by``, with the reason "restored version N"."""
    record = history_records(model, pk).filter(history_id=history_id).first()
    if record is None:
        raise Http404("No such version")
    restored: models.Model = record.instance
    audited_save(restored, by, f"restored version {history_id}")
    return restored
