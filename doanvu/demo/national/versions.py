"""From the plan to the rows the org app keeps: the current tree (treebeard's path, depth and numchild)
and the history (UnitVersion), by the rules of doanvu.org.history.

Pure functions over the plan. The rules kept (docs/architecture.md, "Inside an app"; doanvu/org/history.py):
for every unit and every day from its creation to its closing there is exactly one version; its lineage is
its parent's lineage that day plus its own segment; a new version starts only on a day its parent, name,
kind or lineage changed. The current tree holds every unit, a closed one where it last hung, children in
the order they came under their parent, as the services' `add_child` and `move(…, "last-child")` leave it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from doanvu.demo.national.tree import Plan, Unit
from doanvu.org.models import LINEAGE_STEP, lineage_segment

STEPLEN = 4  # treebeard's MP_Node defaults
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Version:
    unit_id: int
    valid_from: datetime.date
    valid_to: datetime.date | None
    parent_id: int | None
    name: str
    kind: str
    lineage: str

    @property
    def depth(self) -> int:
        return len(self.lineage) // LINEAGE_STEP


def _name_on(unit: Unit, day: datetime.date) -> str:
    name = unit.placements[0][2]
    for first, _parent, placed_name in unit.placements:
        if first <= day:
            name = placed_name
    return name


def _lineages_on(units: list[Unit], day: datetime.date) -> dict[int, str]:
    """Each active unit's lineage on `day`."""
    by_id = {unit.id: unit for unit in units}
    out: dict[int, str] = {}

    def lineage(unit: Unit) -> str:
        found = out.get(unit.id)
        if found is None:
            parent_id = unit.parent_on(day)
            if parent_id is not None and not by_id[parent_id].active_on(day):
                raise ValueError(f"{unit.code}: đơn vị cấp trên không hoạt động ngày {day}")
            found = (lineage(by_id[parent_id]) if parent_id else "") + lineage_segment(unit.id)
            out[unit.id] = found
        return found

    for unit in units:
        if unit.active_on(day):
            lineage(unit)
    return out


def unit_versions(plan: Plan) -> list[Version]:
    units = plan.units
    days = sorted({unit.start for unit in units} | {p[0] for unit in units for p in unit.placements})
    maps = {day: _lineages_on(units, day) for day in days}
    versions: list[Version] = []
    for unit in units:
        current: Version | None = None
        for day in days:
            if not unit.active_on(day):
                continue
            state = (unit.parent_on(day), _name_on(unit, day), unit.kind, maps[day][unit.id])
            if current is not None and state == (
                current.parent_id,
                current.name,
                current.kind,
                current.lineage,
            ):
                continue
            if current is not None:
                versions.append(_closed(current, day))
            current = Version(unit.id, day, None, *state)
        if current is not None:
            versions.append(_closed(current, unit.end))
    return versions


def _closed(version: Version, day: datetime.date | None) -> Version:
    return Version(
        version.unit_id,
        version.valid_from,
        day,
        version.parent_id,
        version.name,
        version.kind,
        version.lineage,
    )


def _step(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out.rjust(STEPLEN, "0")


def tree_paths(plan: Plan) -> dict[int, tuple[str, int]]:
    """unit id → (treebeard path, numchild) of the current tree."""
    kids: dict[int | None, list[Unit]] = {}
    for unit in plan.units:
        kids.setdefault(unit.parent_id, []).append(unit)
    out: dict[int, tuple[str, int]] = {}
    stack: list[tuple[int | None, str]] = [(None, "")]
    while stack:
        parent_id, path = stack.pop()
        ordered = sorted(kids.get(parent_id, []), key=lambda u: (u.placements[-1][0], u.id))
        for n, child in enumerate(ordered, start=1):
            child_path = path + _step(n)
            out[child.id] = (child_path, len(kids.get(child.id, [])))
            stack.append((child.id, child_path))
    return out
