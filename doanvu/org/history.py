"""Keeping the tree's history while it changes: the UnitVersion bookkeeping of the restructures.

Every function here runs inside a restructure's transaction (doanvu.org.services). The rule they keep: for
every unit and every day from its creation to its closing there is exactly one version, and its lineage is
its parent's lineage that day plus its own segment; so the tree of any past date is one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.lib import changes

from .models import LINEAGE_STEP, OrgUnit, UnitVersion, lineage_segment

MAX_LINEAGE = UnitVersion._meta.get_field("lineage").max_length


def fmt_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def lineage_spans(unit: OrgUnit, on: datetime.date) -> list[tuple[datetime.date, str]]:
    """`unit`'s lineage from `on` to today: (first day, lineage) for `on` and for each later day it
    changed (the unit or one of its ancestors moved; a rename changes none). Whatever hangs below `unit`
    from `on` must follow these, or it would keep, for all that time, the lineage of one day."""
    versions = (
        UnitVersion.objects.filter(unit=unit)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .order_by("valid_from")
        .values_list("valid_from", "lineage")
    )
    spans: list[tuple[datetime.date, str]] = []
    for start, lineage in versions:
        if not spans or spans[-1][1] != lineage:
            spans.append((max(start, on), lineage))
    if not spans or spans[0][0] != on:
        raise ValidationError(
            _("Đơn vị %(unit)s chưa hoạt động vào ngày %(day)s.") % {"unit": unit.name, "day": fmt_date(on)}
        )
    return spans


def open_version(unit: OrgUnit, *, parent: OrgUnit | None, on: datetime.date) -> None:
    """The first versions of a new unit: from `on`, one for each span of its parent's lineage."""
    segment = lineage_segment(unit.pk)
    spans = lineage_spans(parent, on) if parent else [(on, "")]
    ends = [start for start, _lineage in spans[1:]] + [None]
    UnitVersion.objects.bulk_create(
        UnitVersion(
            unit=unit,
            valid_from=start,
            valid_to=end,
            parent=parent,
            name=unit.name,
            short_name=unit.short_name,
            kind=unit.kind,
            lineage=parent_lineage + segment,
            depth=len(parent_lineage + segment) // LINEAGE_STEP,
        )
        for (start, parent_lineage), end in zip(spans, ends, strict=True)
    )
    changes.created(units=[unit.pk])


def current_version(unit: OrgUnit) -> UnitVersion:
    version = UnitVersion.objects.filter(unit=unit, valid_to__isnull=True).first()
    if version is None:  # only closed units lack one, and those are refused before we get here
        raise ValidationError(_("Đơn vị %(unit)s không còn hoạt động.") % {"unit": unit.name})
    return version


# ---------------------------------------------------------------------------------------------------------
# Dates a change may take effect on


def require_date(
    on: datetime.date, *, units: Iterable[OrgUnit] = (), subtrees: Iterable[OrgUnit] = ()
) -> None:
    """`on` is not in the future and no recorded change of `units`, or of anything that lay under
    `subtrees` at any time from `on`, is later than `on`: history is appended to, never rewritten
    underneath later changes. (A unit that left the sub-tree, or closed, after `on` keeps versions that
    say where it lay; moving the sub-tree as of `on` would make them wrong, so that is refused.)"""
    today = timezone.localdate()
    if on > today:
        raise ValidationError(
            {"on": _("Ngày hiệu lực không được sau hôm nay (%(today)s).") % {"today": fmt_date(today)}}
        )
    under = Q(unit__in=list(units))
    for unit in subtrees:
        under |= Q(lineage__startswith=current_version(unit).lineage)
    later = UnitVersion.objects.filter(under).filter(Q(valid_from__gt=on) | Q(valid_to__gt=on))
    bounds = later.aggregate(started=Max("valid_from"), ended=Max("valid_to"))
    if bounds["started"] is not None and bounds["started"] <= on:
        bounds["started"] = None
    latest = max((day for day in bounds.values() if day is not None), default=None)
    if latest is None:
        return
    culprit = later.filter(Q(valid_from=latest) | Q(valid_to=latest)).select_related("unit").first()
    raise ValidationError(
        {
            "on": _(
                "Ngày hiệu lực phải từ ngày %(day)s trở đi: %(unit)s đã có thay đổi được ghi nhận từ ngày đó."
            )
            % {"day": fmt_date(latest), "unit": culprit.unit.name}
        }
    )


def require_anchor(unit: OrgUnit, on: datetime.date, field: str) -> None:
    """`unit` (a new parent, a merge target) stood on `on` where it stands today, so what is hung below it
    from `on` gets a lineage that stays true until today."""
    lineage = current_version(unit).lineage
    version = UnitVersion.objects.filter(UnitVersion.valid_on_q(on), unit=unit).first()
    if version is None or version.lineage != lineage:
        since = (
            UnitVersion.objects.filter(unit=unit, lineage=lineage).order_by("valid_from").first().valid_from
        )
        raise ValidationError(
            {
                field: _(
                    "%(unit)s chỉ ở vị trí hiện nay trong cây tổ chức từ ngày %(day)s; hãy chọn ngày hiệu lực từ ngày đó."
                )
                % {"unit": unit.name, "day": fmt_date(since)}
            }
        )


# ---------------------------------------------------------------------------------------------------------
# Writing versions


def replace_versions(
    versions: Iterable[UnitVersion], on: datetime.date, change: Callable[[UnitVersion], None]
):
    """Close each open version on `on` and open a changed copy from `on`. A version that itself starts on
    `on` is changed in place, so no unit ever has an empty interval or two versions valid on one day."""
    to_close, to_create, to_update = [], [], []
    for version in versions:
        if version.valid_from == on:
            change(version)
            to_update.append(version)
            continue
        successor = UnitVersion(
            unit_id=version.unit_id,
            valid_from=on,
            parent_id=version.parent_id,
            name=version.name,
            short_name=version.short_name,
            kind_id=version.kind_id,
            lineage=version.lineage,
            depth=version.depth,
        )
        change(successor)
        version.valid_to = on
        to_close.append(version)
        to_create.append(successor)
    UnitVersion.objects.bulk_update(to_close, ["valid_to"], batch_size=1000)
    UnitVersion.objects.bulk_update(
        to_update, ["parent", "name", "short_name", "kind", "lineage", "depth"], batch_size=1000
    )
    UnitVersion.objects.bulk_create(to_create, batch_size=1000)


def _relineage(
    unit: OrgUnit, new_parent: OrgUnit, old_prefix: str, new_prefix: str
) -> Callable[[UnitVersion], None]:
    def change(version: UnitVersion) -> None:
        version.lineage = new_prefix + version.lineage[len(old_prefix) :]
        version.depth = len(version.lineage) // LINEAGE_STEP
        if version.unit_id == unit.pk:
            version.parent_id = new_parent.pk

    return change


def move_subtree(unit: OrgUnit, new_parent: OrgUnit, on: datetime.date) -> None:
    """Hang `unit` and everything under it below `new_parent` from `on`: the current tree (treebeard) and
    the history. Every open version under the unit gets the new lineage from `on`, and a new version again
    from each later day `new_parent`'s own lineage changed, so the sub-tree lies each day where its new
    parent lay that day. Closed units under it keep their versions: they lay where they lay while they
    were active."""
    prefix = current_version(unit).lineage
    moved = UnitVersion.objects.filter(valid_to__isnull=True, lineage__startswith=prefix)
    with changes.changing(units=moved.values_list("unit_id", flat=True)):
        _move_subtree(unit, new_parent, on, prefix)


def _move_subtree(unit: OrgUnit, new_parent: OrgUnit, on: datetime.date, prefix: str) -> None:
    segment = lineage_segment(unit.pk)
    spans = lineage_spans(new_parent, on)
    deepest = (
        UnitVersion.objects.filter(valid_to__isnull=True, lineage__startswith=prefix)
        .order_by("-depth")
        .values_list("depth", flat=True)
        .first()
    )
    longest = max(len(lineage) for _start, lineage in spans) + len(segment)
    if longest - len(prefix) + deepest * LINEAGE_STEP > MAX_LINEAGE:
        raise ValidationError(_("Cây tổ chức sẽ quá nhiều cấp nếu chuyển %(unit)s.") % {"unit": unit.name})

    for start, parent_lineage in spans:
        # A lineage ending in the unit's own segment is the unit's: only its sub-tree's versions match.
        versions = UnitVersion.objects.filter(valid_to__isnull=True, lineage__startswith=prefix)
        change = _relineage(unit, new_parent, prefix, parent_lineage + segment)
        replace_versions(versions.iterator(chunk_size=2000), start, change)
        prefix = parent_lineage + segment
    OrgUnit.objects.move(unit, new_parent, "last-child")
    unit.refresh_from_db()


def close_unit(unit: OrgUnit, on: datetime.date) -> None:
    with changes.changing(units=[unit.pk]):
        unit.active_to = on
        unit.save(update_fields=["active_to"])
        UnitVersion.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=on)
