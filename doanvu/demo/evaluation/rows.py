"""Plain multi-row writes for the evaluation's bigger tables (a row per member, a history row per step), as
records.py writes attendance and dues: model instances carry the values, but the INSERT is one statement
run for many rows, with each column's value adapted for the database once — several times cheaper than
`bulk_create` and `bulk_history_create`, which keep the 5,000-member demo fast."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 2000


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a column's value is made ready for the database (None: as it is)."""
    ops, kind = connection.ops, field.get_internal_type()
    if kind == "DateField":
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    if kind == "DateTimeField":
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if kind == "JSONField":
        return lambda v: field.get_db_prep_save(v, connection)
    if kind == "FileField":
        return lambda v: (v.name or "") if v else ""
    return None


def _values(objs: Iterable, names: list[str], adapters: list, extra=None) -> list[tuple]:
    """Each object's values for `names` (from `extra(obj)` first, when given), adapted where needed."""
    special = [(i, adapt) for i, adapt in enumerate(adapters) if adapt is not None]
    out = []
    for obj in objs:
        own = extra(obj) if extra else {}
        values = [own[n] if n in own else getattr(obj, n) for n in names]
        for i, adapt in special:
            values[i] = adapt(values[i])
        out.append(tuple(values))
    return out


def new(model: type[models.Model], **values) -> SimpleNamespace:
    """A row of `model` as plain values by attribute name (`unit_id`, …), the model's defaults for the rest:
    cheaper to build than model instances when there are thousands, and what `insert` writes."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = {
            f.attname: (None if f.primary_key or (f.null and not f.has_default()) else f.get_default())
            for f in model._meta.concrete_fields
        }
    row = SimpleNamespace(**defaults)
    for name, value in values.items():
        setattr(row, name, value)
    return row


_DEFAULTS: dict = {}


def _execute(table: str, columns: list[models.Field], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for at in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows[at : at + BATCH]
            )


def insert(model: type[models.Model], objs: Iterable) -> None:
    """INSERT the rows (their primary keys are left to the database; auto_now fields get now)."""
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in columns]
    now = timezone.now()
    stamped = {
        f.attname for f in columns if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }

    def stamp(obj) -> dict:
        return {n: now for n in stamped if getattr(obj, n) is None}

    _execute(model._meta.db_table, columns, _values(objs, names, [_adapter(f) for f in columns], stamp))


def history(
    model: type[models.Model],
    snapshots: Iterable[tuple[object, datetime.datetime, str, str]],
) -> None:
    """History rows of `model` (django-simple-history): each (the row as it stood, when, reason, type —
    "+" created or "~" changed)."""
    historical = model.history.model
    columns = [f for f in historical._meta.concrete_fields if f.attname != "history_id"]
    names = [f.attname for f in columns]
    special = [(i, adapt) for i, adapt in enumerate(_adapter(f) for f in columns) if adapt is not None]
    own = ("history_date", "history_change_reason", "history_type", "history_user_id")
    rows = []
    for obj, when, reason, kind in snapshots:
        mine = dict(zip(own, (when, reason, kind, None), strict=True))
        values = [mine[n] if n in mine else getattr(obj, n) for n in names]
        for i, adapt in special:
            values[i] = adapt(values[i])
        rows.append(tuple(values))
    _execute(historical._meta.db_table, columns, rows)


def update(model: type[models.Model], objs: Iterable, fields: tuple[str, ...]) -> None:
    """UPDATE `fields` of each row by primary key."""
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    sets = ", ".join(f"{quote(f.column)} = %s" for f in columns)
    objs = list(objs)
    values = _values(objs, [f.attname for f in columns], [_adapter(f) for f in columns])
    rows = [(*row, obj.pk) for row, obj in zip(values, objs, strict=True)]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(model._meta.pk.column)} = %s", rows
        )
