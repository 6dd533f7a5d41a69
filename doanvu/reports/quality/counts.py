"""The data-quality counts a dashboard shows, kept per unit and period (docs/architecture.md, "Data-quality
counts").

A sub-tree's counts are the sum of its units' own counts (each unit's issues on its data-quality page are
what its own `unit_issues` finds), so each unit's are stored (`QualityCount`) and a dashboard adds up those
of the units of `period_units`, counting again only the units whose stored counts are no longer valid:

- **Changes are appended** (`QualityChange`, one row per unit a write bears on; unit 0 for every unit) in
  the transaction of the write, from what the figures' rollups are told (`stats.rollups.watch`: the units
  whose rows a write changed) and from the model signals of what the rollups do not keep (the activities a
  unit leads, explanations, rules, the catalogue, direct values of stocks, the registered sources' records).
- **A stored count is valid** while the sum of the unit's change rows (and unit 0's) is the one it was
  counted with, and, for a period that had not ended when it was counted, on that day only (the arrears
  of today and the "too low" outlier check follow the calendar).
- **The sums are read before counting**, so a count never claims more than it saw: a write committed
  while counting adds a row, and the count is done again at the next view. A unit's many rows are merged
  into one holding their sum (`merge_changes`), which leaves every stored count valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.utils import timezone

from doanvu.lib import changes
from doanvu.lib.periods import Period
from doanvu.org.models import LINEAGE_STEP, OrgUnit, UnitVersion
from doanvu.work.models import Activity, ActivityFigure, DirectValue, Indicator

from ..models import Explanation, QualityChange, QualityCount, QualityRule
from .checks import Issue, UnitIssues
from .selectors import issue_counts, period_unit_ids, quality_overview, unit_issues

EVERY_UNIT = 0
# Change rows read for one answer beyond which they are merged, one per unit (a few rows per write: a
# province's reach this in a few hundred writes).
MERGE_AT = 2000
MERGE_LOCK = 0x51C0  # the PostgreSQL advisory lock of the merger


@dataclass
class Counts:
    errors: int = 0
    open_warnings: int = 0
    explained: int = 0
    units: int = 0  # units with an open issue
    counted: int = 0  # units counted again for this answer (the others were kept)

    def as_dict(self) -> dict[str, int]:
        return {
            "errors": self.errors,
            "open_warnings": self.open_warnings,
            "explained": self.explained,
            "units": self.units,
        }


# ---------------------------------------------------------------------------------------------------------
# Reading


def _seen(ids: list[int]) -> dict[int, int]:
    """The sum of the change rows of each unit (and of EVERY_UNIT), read where the figures are read. When
    they have grown to many rows, they are merged (`merge_changes`)."""
    rows = list(
        QualityChange.objects.filter(unit_key__in=[EVERY_UNIT, *ids])
        .values("unit_key")
        .annotate(total=Sum("n"), rows=Count("id"))
        .values_list("unit_key", "total", "rows")
    )
    if sum(n_rows for _key, _total, n_rows in rows) > MERGE_AT + len(rows):
        merge_changes([key for key, _total, n_rows in rows if n_rows > 1])
    return {key: total for key, total, _rows in rows}


def merge_changes(keys: list[int]) -> None:
    """Merge each unit's change rows into one holding their sum, which is what a stored count compares:
    the rows deleted are exactly those summed (DELETE … RETURNING), so the sums do not change, and a write
    still under way adds its row afterwards. One merger at a time on PostgreSQL; never inside another
    transaction (the caller's would hold the rows)."""
    if not keys or connection.in_atomic_block:
        return
    table = QualityChange._meta.db_table
    marks = ", ".join("%s" for _ in keys)
    with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [MERGE_LOCK])
            if not cursor.fetchone()[0]:
                return
        cursor.execute(f"DELETE FROM {table} WHERE unit_key IN ({marks}) RETURNING unit_key, n", keys)
        sums: dict[int, int] = {}
        for key, n in cursor.fetchall():
            sums[key] = sums.get(key, 0) + n
        if sums:
            values = ", ".join("(%s, %s)" for _ in sums)
            cursor.execute(
                f"INSERT INTO {table} (unit_key, n) VALUES {values}",
                [item for key in sorted(sums) for item in (key, sums[key])],
            )


# What is read of a stored count (rows as tuples: a province has hundreds).
STORED = ("unit_id", "errors", "open_warnings", "explained", "changes", "epoch", "counted_on", "period_ended")


def _valid(stored: tuple | None, seen: dict[int, int], today) -> bool:
    if stored is None:
        return False
    unit_id, _errors, _open, _explained, changes_seen, epoch, counted_on, period_ended = stored
    return (
        changes_seen == seen.get(unit_id, 0)
        and epoch == seen.get(EVERY_UNIT, 0)
        and (period_ended or counted_on == today)
    )


def _count_again(root: OrgUnit, period: Period, stale: list[int]) -> list[UnitIssues]:
    """The issues of the stale units, checked together (`quality_overview` restricted to them: the same
    queries as the whole sub-tree's, reading only their rows)."""
    by_id = OrgUnit.objects.select_related("kind").in_bulk(stale)
    units = [by_id[pk] for pk in stale if pk in by_id]
    return quality_overview(unit=root, period=period, only_with_issues=False, units=units).found


def _store(found: list[UnitIssues], period: Period, seen: dict[int, int], today) -> None:
    """Keep the counts, on the primary whatever served the reads (the change rows they were counted with
    came from the same server); not a write of the officer's, so the router is not asked."""
    now = timezone.now()
    ended = period.end < today
    rows = []
    for entry in found:
        counts = issue_counts([entry])
        rows.append(
            QualityCount(
                unit_id=entry.unit.pk,
                period=period.code,
                errors=counts["errors"],
                open_warnings=counts["open_warnings"],
                explained=counts["explained"],
                changes=seen.get(entry.unit.pk, 0),
                epoch=seen.get(EVERY_UNIT, 0),
                counted_on=today,
                period_ended=ended,
                counted_at=now,
            )
        )
    QualityCount.objects.using(DEFAULT_DB_ALIAS).bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["unit", "period"],
        update_fields=[
            "errors",
            "open_warnings",
            "explained",
            "changes",
            "epoch",
            "counted_on",
            "period_ended",
            "counted_at",
        ],
    )


def subtree_counts(*, unit: OrgUnit, period: Period) -> Counts:
    """The counts of `quality_overview(unit=, period=)` (errors, open warnings, explained warnings, units
    with an open issue), from the stored counts of the units of the sub-tree in the period; the units whose
    counts are missing or no longer valid are counted again, and kept."""
    return _counts(unit, period, period_unit_ids(unit, period))


def unit_counts(*, unit: OrgUnit, period: Period) -> Counts:
    """The unit's own counts: those of `unit_issues(unit=, period=)`, what its submission is checked
    against (errors + open warnings: its open issues), kept like a sub-tree's."""
    return _counts(unit, period, [unit.pk])


def open_issues(*, unit: OrgUnit, period: Period, values=None) -> list[Issue]:
    """The unit's own issues still open (those of `unit_issues`): none checked when its kept count is
    valid and shows nothing open; else checked once, and the count kept for the next reader. `values`: the
    unit's totals when the caller has them (the work report has)."""
    today = timezone.localdate()
    seen = _seen([unit.pk])  # before checking: see the module's docstring
    stored = QualityCount.objects.filter(period=period.code, unit_id=unit.pk).values_list(*STORED).first()
    valid = _valid(stored, seen, today)
    if valid and not (stored[1] or stored[2]):
        return []
    found = unit_issues(unit=unit, period=period, values=values)
    if not valid:
        _store([found], period, seen, today)
    return [issue for issue in found.issues if issue.is_open]


def _counts(root: OrgUnit, period: Period, ids: list[int]) -> Counts:
    today = timezone.localdate()
    seen = _seen(ids)  # before counting: see the module's docstring
    rows = QualityCount.objects.filter(period=period.code, unit_id__in=ids).values_list(*STORED)
    stored = {row[0]: row for row in rows}
    stale = [pk for pk in ids if not _valid(stored.get(pk), seen, today)]
    out = Counts(counted=len(stale))
    numbers = {pk: row[1:4] for pk, row in stored.items()}
    if stale:
        found = _count_again(root, period, stale)
        _store(found, period, seen, today)
        for entry in found:
            counts = issue_counts([entry])
            numbers[entry.unit.pk] = (counts["errors"], counts["open_warnings"], counts["explained"])
    for pk in ids:
        if pk not in numbers:  # a unit removed meanwhile
            continue
        errors, open_warnings, explained = numbers[pk]
        out.errors += errors
        out.open_warnings += open_warnings
        out.explained += explained
        out.units += bool(errors or open_warnings)
    return out


# ---------------------------------------------------------------------------------------------------------
# Recording changes


def _heirs(ids: set[int]) -> set[int]:
    """The units these were merged into, and theirs: their figures hold the merged units' records."""
    out, frontier = set(), set(ids)
    while frontier:
        found = set(
            OrgUnit.objects.using(DEFAULT_DB_ALIAS)
            .filter(pk__in=frontier, merged_into__isnull=False)
            .values_list("merged_into_id", flat=True)
        )
        frontier = found - out - ids
        out |= found
    return out


def changed(unit_ids: Iterable[int]) -> None:
    """Record that the counts of these units (and of the units they were merged into) may have changed,
    in the current transaction. `EVERY_UNIT` stands for all of them."""
    ids = {int(i) for i in unit_ids if i is not None}
    if not ids:
        return
    ids |= _heirs(ids - {EVERY_UNIT})
    keys = sorted(ids)
    with connection.cursor() as cursor:
        table = QualityChange._meta.db_table
        values = ", ".join("(%s, 1)" for _ in keys)
        cursor.execute(f"INSERT INTO {table} (unit_key, n) VALUES {values}", keys)


def rollups_changed(segments: set[str] | None) -> None:
    """The rollups' watcher: the units whose rows a write changed (lineage segments), None for all."""
    if segments is None:
        changed([EVERY_UNIT])
    else:
        changed(int(segment, 36) for segment in segments)


def units_above(unit_ids: Iterable[int]) -> set[int]:
    """The units and every unit above them in any lineage they ever had (a record's figures count under
    the units its unit lay under on its date)."""
    ids = {int(i) for i in unit_ids if i is not None}
    out = set(ids)
    lineages = (
        UnitVersion.objects.using(DEFAULT_DB_ALIAS).filter(unit_id__in=ids).values_list("lineage", flat=True)
    )
    for lineage in lineages:
        out.update(int(lineage[i : i + LINEAGE_STEP], 36) for i in range(0, len(lineage), LINEAGE_STEP))
    return out


def _quiet(kwargs) -> bool:
    """A fixture being loaded, or writes that do not keep the rollups now (the demo; a rebuild follows and
    says every unit changed)."""
    return bool(kwargs.get("raw")) or not changes.kept()


def _every_unit(sender, instance, **kwargs) -> None:
    if not _quiet(kwargs):
        changed([EVERY_UNIT])


def _explanation(sender, instance, **kwargs) -> None:
    if not _quiet(kwargs):
        changed([instance.unit_id])


def _lead_before(sender, instance, **kwargs) -> None:
    """An activity changing its lead unit: the one it leaves has its record checks changed too."""
    if not _quiet(kwargs) and instance.pk:
        changed(
            Activity.objects.using(DEFAULT_DB_ALIAS).filter(pk=instance.pk).values_list("unit_id", flat=True)
        )


def _lead(sender, instance, **kwargs) -> None:
    if not _quiet(kwargs):
        changed([instance.unit_id])


def _figure(sender, instance, **kwargs) -> None:
    if not _quiet(kwargs):
        changed(
            Activity.objects.using(DEFAULT_DB_ALIAS)
            .filter(pk=instance.activity_id)
            .values_list("unit_id", flat=True)
        )


def _unit_record_before(sender, instance, **kwargs) -> None:
    if not _quiet(kwargs) and instance.pk:
        old = sender.objects.using(DEFAULT_DB_ALIAS).filter(pk=instance.pk).values_list("unit_id", flat=True)
        changed(units_above(old))


def _unit_record(sender, instance, **kwargs) -> None:
    if not _quiet(kwargs):
        changed(units_above([instance.unit_id]))


def _org_unit(sender, instance, **kwargs) -> None:
    if not _quiet(kwargs):
        changed(units_above([instance.pk]))


def _migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """A migration may change the catalogue through historical models, which send no signal: every unit."""
    if using == DEFAULT_DB_ALIAS and QualityChange._meta.db_table in connection.introspection.table_names():
        changed([EVERY_UNIT])


def watch_unit_records(*models) -> None:
    """Records with a `unit` whose figures the rollups do not keep (read from the records under every
    unit above): a change of one changes the counts of its unit and of every unit above it. The apps above
    reports register theirs (the registered figure sources' records) from their AppConfig.ready()."""
    for model in models:
        name = model.__name__
        pre_save.connect(_unit_record_before, sender=model, dispatch_uid=f"quality-pre-{name}")
        post_save.connect(_unit_record, sender=model, dispatch_uid=f"quality-post-{name}")
        post_delete.connect(_unit_record, sender=model, dispatch_uid=f"quality-delete-{name}")


def connect(app_config) -> None:
    """Called by ReportsConfig.ready()."""
    from doanvu.stats import rollups

    rollups.watch(rollups_changed)
    post_migrate.connect(_migrated, sender=app_config, dispatch_uid="quality-post-migrate")
    for model in (QualityRule, Indicator):
        name = model.__name__
        post_save.connect(_every_unit, sender=model, dispatch_uid=f"quality-post-{name}")
        post_delete.connect(_every_unit, sender=model, dispatch_uid=f"quality-delete-{name}")
    post_save.connect(_explanation, sender=Explanation, dispatch_uid="quality-post-Explanation")
    post_delete.connect(_explanation, sender=Explanation, dispatch_uid="quality-delete-Explanation")
    pre_save.connect(_lead_before, sender=Activity, dispatch_uid="quality-pre-Activity")
    post_save.connect(_lead, sender=Activity, dispatch_uid="quality-post-Activity")
    post_delete.connect(_lead, sender=Activity, dispatch_uid="quality-delete-Activity")
    post_save.connect(_figure, sender=ActivityFigure, dispatch_uid="quality-post-ActivityFigure")
    post_delete.connect(_figure, sender=ActivityFigure, dispatch_uid="quality-delete-ActivityFigure")
    post_save.connect(_org_unit, sender=OrgUnit, dispatch_uid="quality-post-OrgUnit")
    watch_unit_records(DirectValue)
