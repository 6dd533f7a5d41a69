"""A sub-tree's activities by work area, read from the rollups (docs/architecture.md, "Rollups").

Each activity adds, under its work area, to "w<area>" (itself), "w<area>.s" (its sessions: the `activities`
figure when given, else 1), "w<area>.<code>" (the figures of rollup_activities.AREA_FIGURES) and
"w<area>.m<movement>" (its movement). Like every activity figure they keep total rows, where an activity
organised jointly counts once. They are kept from the unit above a branch up: a branch's own rows would be
about as many as its activities, and a branch reads its few activities from the records. Reading a unit's
period costs the areas × codes × months of its total rows, whatever the number of activities under it;
what the records give at read time is the report's own sum (doanvu.reports.document.activities), which the
property tests hold these to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from doanvu.lib.request_memo import remember
from doanvu.org.models import UnitKind, lineage_segment
from doanvu.org.selectors import BRANCH_KINDS
from doanvu.stats import rollups
from doanvu.stats.core import answered
from doanvu.stats.frame import TOTAL, Frame
from doanvu.stats.rollup_activities import AREA_FIGURES, AREA_MOVEMENT, AREA_SESSIONS
from doanvu.stats.rollup_sql import AREA


@dataclass
class AreaTotals:
    count: int = 0  # activity records
    sessions: Decimal = Decimal(0)
    figures: dict[str, Decimal] = field(default_factory=dict)  # AREA_FIGURES' code → sum, noughts left out
    movements: dict[int, int] = field(default_factory=dict)  # movement id → activities


def _codes(areas: list[int], movements: list[int]) -> dict[str, tuple[int, str, int | None]]:
    """{rollup code: (area, what it counts — "n", "s", a figure's code or "m" —, the movement)}."""
    out: dict[str, tuple[int, str, int | None]] = {}
    for area in areas:
        prefix = f"{AREA}{area}"
        out[prefix] = (area, "n", None)
        out[prefix + AREA_SESSIONS] = (area, "s", None)
        out.update({f"{prefix}.{code}": (area, code, None) for code in AREA_FIGURES})
        out.update({f"{prefix}{AREA_MOVEMENT}{m}": (area, "m", m) for m in movements})
    return out


def _was_a_branch(frame: Frame) -> bool:
    """Whether the unit, or a unit merged into it, was a branch during the period: the work areas' rows of a
    branch's own activities are kept from the unit above it up (rollup_activities._above_branch), and a branch
    reads its few activities from the records."""
    branches = remember(
        "branch kinds",
        lambda: set(UnitKind.objects.filter(code__in=BRANCH_KINDS).values_list("pk", flat=True)),
    )
    return any(span.kind_id in branches for span in frame.all_spans)


def read_areas(
    frame: Frame, *, areas: list[int], movements: list[int] = (), from_rollups: bool | None = None
) -> dict[int, AreaTotals] | None:
    """{area: its activities in the frame's period} for the work areas `areas` (with the counts of the
    movements `movements`), in one query; the areas without activities left out. None when the rollups do
    not answer the frame (not kept current, or a unit merged into the unit held it, stats.core; a branch),
    and the caller sums the records."""
    if not answered(frame, from_rollups) or _was_a_branch(frame):
        return None
    if not frame.exists or not areas:
        return {}
    codes = _codes(list(areas), list(movements))
    ancs = [lineage_segment(pk) for pk in [frame.unit.pk, *frame.inherited_units]]
    marks = ", ".join("%s" for _c in codes)
    sql = (
        f"SELECT code, SUM(cents) FROM {rollups.TABLE} WHERE anc IN ({', '.join('%s' for _a in ancs)}) "
        f"AND child = %s AND code IN ({marks}) AND month >= %s AND month <= %s GROUP BY code"
    )
    params = [*ancs, TOTAL, *codes, rollups._month(frame.period.start), rollups._month(frame.period.end)]
    with rollups._cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out: dict[int, AreaTotals] = {}
    for code, cents in rows:
        if not cents:
            continue
        area, part, movement = codes[code]
        totals = out.setdefault(area, AreaTotals())
        value = Decimal(int(cents)) / 100
        if part == "n":
            totals.count = int(value)
        elif part == "s":
            totals.sessions = value
        elif part == "m":
            totals.movements[movement] = int(value)
        else:
            totals.figures[part] = value
    return {area: totals for area, totals in out.items() if totals.count}
