"""Units: the user's scope, one unit, a sub-tree today or as it stood on a past date."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from doanvu.accounts import scope
from doanvu.members.models import COUNTED_STATUSES, Member, Status
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit, UnitVersion

from .pagination import MAX_PAGE_SIZE, paginate
from .schemas import TreeOut, UnitDetail, UnitPage

router = Router(tags=["Đơn vị"])
STEP = OrgUnit.steplen


def _parent_codes(units: list[OrgUnit]) -> dict[str, str]:
    """path → code of the parents of `units`, in one query."""
    paths = {unit.path[:-STEP] for unit in units if unit.depth > 1}
    return dict(OrgUnit.objects.filter(path__in=paths).values_list("path", "code"))


def _unit_dict(unit: OrgUnit, parents: dict[str, str]) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind.code,
        "kind_name": unit.kind.name,
        "parent": parents.get(unit.path[:-STEP]) if unit.depth > 1 else None,
        "depth": unit.depth,
        "active_from": unit.active_from,
        "active_to": unit.active_to,
        "is_active": unit.is_active,
    }


def _units(rows: list[OrgUnit]) -> list[dict]:
    parents = _parent_codes(rows)
    return [_unit_dict(unit, parents) for unit in rows]


@router.get("/units/", response=UnitPage, summary="Các đơn vị trong phạm vi của bạn")
def unit_list(
    request,
    under: str | None = Query(None, description="Chỉ lấy đơn vị này và cấp dưới của nó (mã đơn vị)"),
    depth: int | None = Query(None, ge=0, description="Số cấp tối đa tính từ đơn vị gốc (0: chỉ đơn vị gốc)"),
    page: int = Query(1, ge=1),
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
):
    units = scope.scope_units(request.user).select_related("kind").order_by("path")
    base = scope.get_unit(request.user, under, by="code") if under else scope.scope_root(request.user)
    if base is not None:
        units = units.filter(base.subtree_q())
    if depth is not None:
        units = units.filter(depth__lte=(base.depth if base else 1) + depth)
    return paginate(units, page=page, page_size=page_size, serialise=_units)


@router.get("/units/{code}/", response=UnitDetail, summary="Một đơn vị, với số đoàn viên")
def unit_detail(request, code: str):
    unit = scope.get_unit(request.user, code, by="code")
    subtree = Member.objects.filter(unit.subtree_q("unit__"))
    counts = subtree.aggregate(
        subtree=Count("pk", filter=Q(status__in=COUNTED_STATUSES)),
        unit=Count("pk", filter=Q(status__in=COUNTED_STATUSES, unit=unit)),
        transfer_pending=Count("pk", filter=Q(status=Status.TRANSFER_PENDING)),
    )
    return {
        **_units([unit])[0],
        "place": unit.place,
        "children": unit.numchild,
        "members": counts,
    }


def _nest(nodes: list[dict], root_key) -> list[dict]:
    """Hang each node under its parent; `nodes` come parents first (tree order)."""
    by_key = {node["_key"]: node for node in nodes}
    for node in nodes:
        parent = by_key.get(node.pop("_parent_key"))
        if parent is not None and node["_key"] != root_key:
            parent["children"].append(node)
    for node in nodes:
        node.pop("_key")
    return [by_key[root_key]] if root_key in by_key else []


def _tree_today(unit: OrgUnit) -> tuple[list[dict], object]:
    rows = list(OrgUnit.objects.filter(unit.subtree_q()).select_related("kind").order_by("path"))
    parents = _parent_codes(rows)
    nodes = [
        {
            "_key": row.path,
            "_parent_key": row.path[:-STEP],
            "code": row.code,
            "name": row.name,
            "short_name": row.short_name,
            "kind": row.kind.code,
            "parent": parents.get(row.path[:-STEP]) if row.depth > 1 else None,
            "level": row.depth - unit.depth,
            "children": [],
        }
        for row in rows
    ]
    return nodes, unit.path


def _tree_on(unit: OrgUnit, day: datetime.date) -> tuple[list[dict], object]:
    root = org_selectors.version_on(unit, day)
    if root is None:
        raise HttpError(
            404,
            _("Đơn vị %(code)s chưa hoạt động hoặc đã ngừng hoạt động vào ngày %(day)s.")
            % {"code": unit.code, "day": day.strftime("%d/%m/%Y")},
        )
    versions = (
        UnitVersion.objects.filter(
            UnitVersion.valid_on_q(day), unit_id__in=org_selectors.subtree_unit_ids(unit, day)
        )
        .select_related("unit", "parent", "kind")
        .order_by("lineage")
    )
    nodes = [
        {
            "_key": version.unit_id,
            "_parent_key": version.parent_id,
            "code": version.unit.code,
            "name": version.name,
            "short_name": version.short_name,
            "kind": version.kind.code,
            "parent": version.parent.code if version.parent else None,
            "level": version.depth - root.depth,
            "children": [],
        }
        for version in versions
    ]
    return nodes, unit.pk


@router.get(
    "/units/{code}/tree/", response=TreeOut, summary="Cây con của một đơn vị, hôm nay hoặc vào một ngày"
)
def unit_tree(
    request,
    code: str,
    on: datetime.date | None = Query(None, description="Cây vào ngày này (YYYY-MM-DD); trống: hôm nay"),  # noqa: B008
    flat: bool = Query(False, description="true: danh sách phẳng, mỗi đơn vị kèm mã cấp trên"),
):
    unit = scope.get_unit(request.user, code, by="code")
    nodes, root_key = _tree_on(unit, on) if on else _tree_today(unit)
    if flat:
        for node in nodes:
            node.pop("_key")
            node.pop("_parent_key")
        units = nodes
    else:
        units = _nest(nodes, root_key)
    return {"unit": unit.code, "on": on, "flat": flat, "units": units}
