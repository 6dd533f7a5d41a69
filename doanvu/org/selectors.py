"""Reads of the unit tree, now and as it stood on a past date.

Everything here is built for a tree of 250,000 units: "under X" is a prefix query on `OrgUnit.path` (today)
or on `UnitVersion.lineage` (on a past date), both indexed; nothing walks the tree in Python.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from doanvu.accounts.models import AuditEntry
from doanvu.lib import request_memo
from doanvu.members.models import COUNTED_STATUSES, CURRENT_STATUSES, Member, Status

from .models import OrgUnit, UnitVersion

# Kinds the charter's "a branch has at least 3 members" applies to (chi đoàn, chi đoàn cơ sở).
BRANCH_KINDS = ("branch", "grassroots_branch")


def ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The units above `unit` in the current tree, from the top, with their kinds: read once per page (a
    report asks for its parent, the forms and the themes of the units above)."""
    return request_memo.remember(
        ("ancestors", unit.pk, unit.path),
        lambda: list(OrgUnit.objects.get_ancestors(unit).select_related("kind")),
    )


def version_on(unit: OrgUnit, day: datetime.date) -> UnitVersion | None:
    """The unit's version valid on `day` (read once per page for each)."""
    return request_memo.remember(
        ("version on", unit.pk, day),
        lambda: UnitVersion.objects.filter(UnitVersion.valid_on_q(day), unit=unit).first(),
    )


def predecessors(unit: OrgUnit) -> list[OrgUnit]:
    """The units merged into `unit`, and those merged into them, and so on: their records before their
    merge count in `unit`'s figures (docs/domain.md, "Merges carry the records over")."""
    found: list[OrgUnit] = []
    wave = [unit.pk]
    while wave:
        merged = list(OrgUnit.objects.filter(merged_into_id__in=wave).exclude(pk=unit.pk).order_by("path"))
        merged = [m for m in merged if m.pk not in {f.pk for f in found}]
        found += merged
        wave = [m.pk for m in merged]
    return found


def subtree_unit_ids(unit: OrgUnit, day: datetime.date | None = None) -> QuerySet:
    """Ids of `unit` and every unit under it: in today's tree (day=None), or in the tree as it stood on `day`.

    One indexed prefix query either way; use it as a subquery (`unit_id__in=...`).
    """
    if day is None:
        return OrgUnit.objects.filter(unit.subtree_q()).values("pk")
    version = version_on(unit, day)
    if version is None:
        return UnitVersion.objects.none().values("unit_id")
    return UnitVersion.objects.filter(
        UnitVersion.valid_on_q(day), lineage__startswith=version.lineage
    ).values("unit_id")


# ---------------------------------------------------------------------------------------------------------
# The tree as it stood on a date


def tree_on(root: OrgUnit | None, day: datetime.date, *, max_depth: int | None = None) -> list[UnitVersion]:
    """The versions valid on `day` of `root` and everything under it then (root=None: the whole tree), in
    tree order, with names, kinds and parents as they were. `max_depth` limits the levels below `root`."""
    versions = UnitVersion.objects.filter(UnitVersion.valid_on_q(day)).select_related("unit", "kind")
    top_depth = 0
    if root is not None:
        top = version_on(root, day)
        if top is None:
            return []
        versions = versions.filter(lineage__startswith=top.lineage)
        top_depth = top.depth
    if max_depth is not None:
        versions = versions.filter(depth__lte=top_depth + max_depth)
    return list(versions.order_by("lineage"))


def children_on(unit: OrgUnit | None, day: datetime.date) -> list[UnitVersion]:
    """The units directly under `unit` on `day` (unit=None: the roots then), as they were."""
    if unit is None:
        return tree_on(None, day, max_depth=1)
    return [version for version in tree_on(unit, day, max_depth=1) if version.unit_id != unit.pk]


def unit_versions(unit: OrgUnit) -> list[UnitVersion]:
    """The unit's history, oldest first: name, kind and parent of each interval, with the parent's name as
    it was when the interval began (`parent_name_then`)."""
    parent_then = UnitVersion.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("valid_from")),
        unit=OuterRef("parent_id"),
        valid_from__lte=OuterRef("valid_from"),
    ).values("name")[:1]
    versions = unit.versions.select_related("parent", "kind").annotate(parent_name_then=Subquery(parent_then))
    return list(versions.order_by("valid_from", "id"))


# ---------------------------------------------------------------------------------------------------------
# Today's tree, with member counts


def _active_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(active_to__isnull=True) | Q(active_to__gt=today)


def with_member_counts(units: list[OrgUnit], *, depth: int, within: OrgUnit | None = None) -> list[OrgUnit]:
    """Annotate `units` (all at `depth`, all under `within`) with `member_count`: the members counted in
    the active membership of each one's sub-tree. One query: members grouped by their unit's path prefix."""
    steplen = OrgUnit.steplen
    members = Member.objects.filter(status__in=COUNTED_STATUSES)
    if within is not None:
        members = members.filter(within.subtree_q("unit__"))
    counts = dict(
        members.order_by()
        .annotate(prefix=Substr("unit__path", 1, depth * steplen))
        .values("prefix")
        .annotate(n=Count("pk"))
        .values_list("prefix", "n")
    )
    for unit in units:
        unit.member_count = counts.get(unit.path, 0)
    return units


def children_with_counts(unit: OrgUnit | None, *, include_closed: bool = False) -> list[OrgUnit]:
    """The units directly under `unit` (None: the roots) with the member count of each sub-tree.
    Two queries whatever the size of the tree: the children, and the members grouped by child."""
    if unit is None:
        children = OrgUnit.objects.get_root_nodes()
    else:
        children = OrgUnit.objects.get_children(unit)
    if not include_closed:
        children = children.filter(_active_q())
    children = list(children.select_related("kind"))
    if not children:
        return []
    return with_member_counts(children, depth=children[0].depth, within=unit)


def unit_member_counts(unit: OrgUnit) -> dict[str, int]:
    """Members of `unit` and everything under it: active count, in transfer, Party members."""
    return Member.objects.filter(unit.subtree_q("unit__")).aggregate(
        active=Count("pk", filter=Q(status__in=COUNTED_STATUSES)),
        transfer_pending=Count("pk", filter=Q(status=Status.TRANSFER_PENDING)),
        party=Count("pk", filter=Q(status__in=CURRENT_STATUSES, party_probationary_on__isnull=False)),
    )


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The chain of units above `unit`, top first (one query). Callers keep only those in the user's scope."""
    return list(OrgUnit.objects.get_ancestors(unit).select_related("kind"))


def unit_warnings(unit: OrgUnit, counts: dict[str, int] | None = None) -> list[str]:
    """Minimum sizes `unit` misses (docs/domain.md, "Kinds of unit"), as messages; never blocking.
    Thresholds come from settings.DOANVU_RULES."""
    if not unit.is_active:
        return []
    rules = settings.DOANVU_RULES
    members = (counts or unit_member_counts(unit))["active"]
    warnings = []
    kind = unit.kind.code

    def num(n: int) -> str:
        return formats.number_format(n, force_grouping=True)

    if kind in BRANCH_KINDS and members < rules["branch_min_members"]:
        warnings.append(
            _("Chi đoàn có %(n)s đoàn viên, ít hơn mức tối thiểu %(min)s đoàn viên.")
            % {"n": num(members), "min": num(rules["branch_min_members"])}
        )
    if kind == "grassroots":
        branches = (
            OrgUnit.objects.filter(_active_q(), unit.subtree_q(), kind__code__in=BRANCH_KINDS)
            .exclude(pk=unit.pk)
            .count()
        )
        if branches < rules["grassroots_min_branches"]:
            warnings.append(
                _("Đoàn cơ sở có %(n)s chi đoàn, ít hơn mức tối thiểu %(min)s chi đoàn.")
                % {"n": num(branches), "min": num(rules["grassroots_min_branches"])}
            )
        if members < rules["grassroots_min_members"]:
            warnings.append(
                _("Đoàn cơ sở có %(n)s đoàn viên, ít hơn mức tối thiểu %(min)s đoàn viên.")
                % {"n": num(members), "min": num(rules["grassroots_min_members"])}
            )
    if kind == "bloc":
        parent = OrgUnit.objects.get_parent(unit)
        if parent is not None and parent.kind.code == "province" and members < rules["bloc_min_members"]:
            warnings.append(
                _("Đoàn khối trực thuộc tỉnh có %(n)s đoàn viên, ít hơn mức tối thiểu %(min)s đoàn viên.")
                % {"n": num(members), "min": num(rules["bloc_min_members"])}
            )
    return warnings


def recent_audit(unit: OrgUnit, limit: int = 10) -> QuerySet:
    return AuditEntry.objects.filter(unit=unit).select_related("actor", "member")[:limit]


def active_children(unit: OrgUnit) -> QuerySet:
    return OrgUnit.objects.get_children(unit).filter(_active_q()).select_related("kind")
