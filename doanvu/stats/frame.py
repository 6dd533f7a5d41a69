"""Where a unit stood during a period, and the SQL that puts a dated record under it.

A record on unit X dated d counts under unit U iff X's version valid on d has a lineage starting with U's
lineage on d. U's versions overlapping the period give a few spans (from, to, lineage); "under U" is the OR
over them, and the direct child a record belongs to is the 7-character lineage segment that follows U's
lineage (the child's own id in base 36): one GROUP BY gives the breakdown by child, whatever the size of
the tree, and a unit that moved or merged mid-period is counted where it stood when the work was done.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from doanvu.lib.periods import Period
from doanvu.lib.request_memo import remember
from doanvu.org.models import LINEAGE_STEP, OrgUnit, UnitVersion

VERSIONS = UnitVersion._meta.db_table
OWN = ""  # the group key of the unit's own records
TOTAL = "*"  # the group key of a whole sub-tree when it is computed apart (joint activities)


@dataclass(frozen=True)
class Span:
    start: datetime.date  # first day, inside the period
    stop: datetime.date  # first day after, at most the day after the period
    lineage: str
    kind_id: int | None = None  # the unit's kind in that version


def _clip(versions, period: Period) -> tuple[Span, ...]:
    """The versions' spans inside the period (those that overlap it), in order."""
    stop = period.end_exclusive
    return tuple(
        Span(max(v.valid_from, period.start), min(v.valid_to or stop, stop), v.lineage, v.kind_id)
        for v in versions
        if v.valid_from < stop and (v.valid_to is None or v.valid_to > period.start)
    )


def _lineage_versions(unit: OrgUnit) -> tuple[list[UnitVersion], list[list[UnitVersion]]]:
    """Every version of the unit, and of each unit merged into it, or into one merged into it, and so on
    (org.selectors.predecessors: in waves, each in the order of the tree), in one query, read once per
    reading request (a page asks for several periods of the same unit): (the unit's, [each
    predecessor's]), each in date order. A unit has a few versions; the callers keep a period's."""
    return remember(("lineage_versions", unit.pk), lambda: _read_lineage_versions(unit))


def _read_lineage_versions(unit: OrgUnit) -> tuple[list[UnitVersion], list[list[UnitVersion]]]:
    units, versions = OrgUnit._meta.db_table, VERSIONS
    sql = (
        f"WITH RECURSIVE pred(id, wave) AS (SELECT u.id, 1 FROM {units} u WHERE u.merged_into_id = %s "
        f"AND u.id <> %s UNION ALL SELECT u.id, p.wave + 1 FROM {units} u JOIN pred p ON u.merged_into_id = p.id "
        f"WHERE u.id <> %s AND p.wave < 64), "
        f"wanted(id, wave) AS (SELECT %s, 0 UNION ALL SELECT id, MIN(wave) FROM pred GROUP BY id) "
        f"SELECT v.*, w.wave AS frame_wave, o.path AS frame_path FROM {versions} v "
        f"JOIN wanted w ON w.id = v.unit_id JOIN {units} o ON o.id = v.unit_id "
        f"ORDER BY w.wave, o.path, v.valid_from"
    )
    params = [unit.pk, unit.pk, unit.pk, unit.pk]
    own: list[UnitVersion] = []
    merged: dict[int, list[UnitVersion]] = {}
    for version in UnitVersion.objects.raw(sql, params):
        if version.unit_id == unit.pk:
            own.append(version)
        else:
            merged.setdefault(version.unit_id, []).append(version)
    return own, list(merged.values())


def _last_name(versions, period: Period) -> str:
    """The name of the latest of the versions (in order) that overlap the period."""
    stop = period.end_exclusive
    names = [
        v.name for v in versions if v.valid_from < stop and (v.valid_to is None or v.valid_to > period.start)
    ]
    return names[-1] if names else ""


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.stop and b.start < a.stop


@dataclass(frozen=True)
class Frame:
    """A unit in a period: its spans (its lineage over time, clipped to the period), and the spans of the
    units merged into it before their merge (`inherited`: their records count in its figures, docs/domain.md,
    "Merges carry the records over")."""

    unit: OrgUnit
    period: Period
    spans: tuple[Span, ...]
    inherited: tuple[Span, ...] = ()
    # The unit's name in its latest version overlapping the period ("" when none does).
    name: str = ""

    @classmethod
    def of(cls, unit: OrgUnit, period: Period) -> Frame:
        versions, merged = _lineage_versions(unit)
        own = _clip(versions, period)
        inherited = []
        for theirs in merged:
            for span in _clip(theirs, period):
                # One that lay under the unit at the time is counted already.
                if not any(_overlap(o, span) and span.lineage.startswith(o.lineage) for o in own):
                    inherited.append(span)
        return cls(unit, period, own, tuple(inherited), _last_name(versions, period))

    @classmethod
    def of_months(cls, unit: OrgUnit, months: list[Period]) -> list[Frame]:
        """`Frame.of(unit, month)` for each of `months` (or of any periods), from one read of the versions
        of the unit and of the units merged into it."""
        if not months:
            return []
        own, merged = _lineage_versions(unit)
        out = []
        for month in months:
            spans = _clip(own, month)
            inherited = [
                span
                for versions in merged
                for span in _clip(versions, month)
                if not any(_overlap(o, span) and span.lineage.startswith(o.lineage) for o in spans)
            ]
            out.append(cls(unit, month, spans, tuple(inherited), _last_name(own, month)))
        return out

    @property
    def all_spans(self) -> tuple[Span, ...]:
        return self.spans + self.inherited

    @property
    def inherited_units(self) -> list[int]:
        """The ids of the merged units whose records count here."""
        return list(dict.fromkeys(int(span.lineage[-LINEAGE_STEP:], 36) for span in self.inherited))

    @property
    def nested(self) -> bool:
        """Whether the unit lay under a unit merged into it (the rollups of the two would overlap)."""
        return any(
            _overlap(o, i) and o.lineage.startswith(i.lineage) for o in self.spans for i in self.inherited
        )

    @property
    def exists(self) -> bool:
        return bool(self.spans or self.inherited)

    def span_on(self, day: datetime.date) -> Span | None:
        for span in self.all_spans:
            if span.start <= day < span.stop:
                return span
        return None

    # -- SQL ------------------------------------------------------------------------------------------------
    # `v` is the alias of the record's unit version, `day` an SQL expression of the record's date (or None
    # with `fixed`: every record dated that day, e.g. the period's end for stocks).

    def _spans_for(self, fixed: datetime.date | None) -> list[Span]:
        if fixed is None:
            return list(self.all_spans)
        return [span for span in self.all_spans if span.start <= fixed < span.stop]

    def under(self, v: str, day: str | None, fixed: datetime.date | None = None) -> tuple[str, list]:
        """SQL condition: the record lies under the unit on its date."""
        spans = self._spans_for(fixed)
        if not spans:
            return "1 = 0", []
        parts, params = [], []
        for span in spans:
            if fixed is None:
                parts.append(f"({day} >= %s AND {day} < %s AND {v}.lineage LIKE %s)")
                params += [span.start, span.stop, span.lineage + "%"]
            else:
                parts.append(f"{v}.lineage LIKE %s")
                params.append(span.lineage + "%")
        return "(" + " OR ".join(parts) + ")", params

    def key(self, v: str, day: str | None, fixed: datetime.date | None = None) -> tuple[str, list]:
        """SQL expression: the segment of the direct child the record lies under ('' for the unit's own)."""
        spans = self._spans_for(fixed)
        lengths = {len(span.lineage) for span in spans}
        if len(lengths) <= 1:
            n = lengths.pop() if lengths else 0
            return f"SUBSTR({v}.lineage, {n + 1}, {LINEAGE_STEP})", []
        whens, params = [], []
        for span in spans:
            during = f"{day} >= %s AND {day} < %s AND " if fixed is None else ""
            whens.append(
                f"WHEN {during}{v}.lineage LIKE %s "
                f"THEN SUBSTR({v}.lineage, {len(span.lineage) + 1}, {LINEAGE_STEP})"
            )
            params += [span.start, span.stop] if fixed is None else []
            params.append(span.lineage + "%")
        return "CASE " + " ".join(whens) + " END", params

    def units_ever_under(self, column: str) -> tuple[str, list]:
        """SQL condition: `column` (a unit id) lay under the unit at some time in the period. A superset
        of what `under` keeps, cheap to test (a prefix scan of the lineage index), so that the database can
        start from the sub-tree's units and their (unit, date) indexes instead of every record of the
        period in the country."""
        if not self.exists:
            return "1 = 0", []
        likes = " OR ".join("uv.lineage LIKE %s" for _span in self.all_spans)
        sql = (
            f"{column} IN (SELECT uv.unit_id FROM {VERSIONS} uv WHERE ({likes}) AND uv.valid_from <= %s "
            f"AND (uv.valid_to IS NULL OR uv.valid_to > %s))"
        )
        return sql, [*(span.lineage + "%" for span in self.all_spans), self.period.end, self.period.start]

    def join(
        self, v: str, unit_col: str, day: str | None, fixed: datetime.date | None = None
    ) -> tuple[str, list]:
        """JOIN clause: the version of the record's unit valid on the record's date."""
        if fixed is None:
            return (
                f"JOIN {VERSIONS} {v} ON {v}.unit_id = {unit_col} AND {v}.valid_from <= {day} "
                f"AND ({v}.valid_to IS NULL OR {v}.valid_to > {day})",
                [],
            )
        return (
            f"JOIN {VERSIONS} {v} ON {v}.unit_id = {unit_col} AND {v}.valid_from <= %s "
            f"AND ({v}.valid_to IS NULL OR {v}.valid_to > %s)",
            [fixed, fixed],
        )

    def grouped(
        self,
        facts: str,
        facts_params: list,
        aggregates: str,
        *,
        fixed: datetime.date | None = None,
        aggregate_params: list | None = None,
        by: str | None = None,
    ) -> tuple[str, list]:
        """SELECT key[, by], aggregates over the records of `facts` (a subquery with `unit_id` and, unless
        `fixed`, `day`) that lie under the unit, grouped by direct child (and by the column `by`)."""
        day = None if fixed is not None else "f.day"
        key_sql, key_params = self.key("v", day, fixed)
        join_sql, join_params = self.join("v", "f.unit_id", day, fixed)
        cond_sql, cond_params = self.under("v", day, fixed)
        extra, group = (f"{by} AS g, ", "1, 2") if by else ("", "1")
        sql = (
            f"SELECT {key_sql} AS k, {extra}{aggregates} FROM ({facts}) f {join_sql} "
            f"WHERE {cond_sql} GROUP BY {group}"
        )
        return sql, [*key_params, *(aggregate_params or []), *facts_params, *join_params, *cond_params]
