"""The national data set (docs/national.md): the plan of the tree through the 2025 reform, its history
compared with what the org services write for the same changes, and `seed_national` at a tiny scale."""

from __future__ import annotations

import datetime
import io
import json
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.paginator import Paginator
from django.db import connection

from doanvu.demo.national import places
from doanvu.demo.national.tree import REFORM, START, Plan, plan_tree
from doanvu.demo.national.versions import tree_paths, unit_versions
from doanvu.members.models import Member
from doanvu.members.selectors import member_results
from doanvu.org import services
from doanvu.org.models import LINEAGE_STEP, OrgUnit, UnitVersion, lineage_segment

from .conftest import kind, make_officer

TINY = 0.0003
EVE = REFORM - datetime.timedelta(days=1)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="seed_national writes with PostgreSQL's COPY"
)


def _active(plan: Plan, kind_code: str, day: datetime.date) -> list:
    return [u for u in plan.units if u.kind == kind_code and u.active_on(day)]


def test_the_country_has_63_provincial_unions_until_the_reform_and_34_from_1_july_2025():
    plan = plan_tree(random.Random(1), TINY)
    assert len(_active(plan, "province", EVE)) == 63
    assert len(_active(plan, "province", REFORM)) == 34
    assert {u.code for u in _active(plan, "province", REFORM)} == {group[0] for group in places.NEW_PROVINCES}


def test_district_unions_are_dissolved_and_commune_unions_hang_under_the_provincial_union_from_the_reform():
    plan = plan_tree(random.Random(1), 0.2)
    by_id = {u.id: u for u in plan.units}
    assert _active(plan, "district", EVE) and not _active(plan, "district", REFORM)
    communes = [u for u in _active(plan, "grassroots", REFORM) if u.flavour == "commune"]
    assert communes and all(by_id[u.parent_on(REFORM)].kind == "province" for u in communes)
    # About three commune unions became one.
    before = [u for u in _active(plan, "grassroots", EVE) if u.flavour == "commune"]
    assert len(before) / len(communes) > 2


def test_the_same_seed_plans_the_same_country_and_another_seed_another():
    def shape(seed):
        return [(u.code, u.name, u.placements, u.members) for u in plan_tree(random.Random(seed), TINY).units]

    assert shape(7) == shape(7)
    assert shape(7) != shape(8)


# ---------------------------------------------------------------------------------------------------------
# The history the plan writes is the history the org services write for the same changes.


def _sub_plan(codes: tuple[str, ...]) -> Plan:
    """The central union and the old provinces `codes` with everything under them."""
    plan = plan_tree(random.Random(3), TINY)
    return Plan(units=[u for u in plan.units if u.code == "TW" or u.province in codes])


def _replay(plan: Plan, admin) -> None:
    """Create the plan's units, then make its 1 July 2025 changes, through the org services."""
    made: dict[int, OrgUnit] = {}
    for unit in plan.units:
        parent = made.get(unit.placements[0][1])
        made[unit.id] = services.unit_create(
            parent=parent, kind=kind(unit.kind), name=unit.placements[0][2], code=unit.code, on=unit.start,
            by=None, check_permission=False, place=unit.place,
        )  # fmt: skip
    reason = "Nghị quyết sắp xếp đơn vị hành chính năm 2025"
    for unit in plan.units:
        for day, parent_id, name in unit.placements[1:]:
            target = made[unit.id]
            if parent_id != unit.placements[0][1]:
                target = services.unit_move(
                    unit=target, new_parent=made[parent_id], on=day, by=admin, reason=reason
                )
            if name != unit.placements[0][2]:
                services.unit_rename(
                    unit=made[unit.id], name=name, short_name="", on=day, by=admin, reason=reason
                )
    closing = sorted((u for u in plan.units if u.end), key=lambda u: -len(tree_paths(plan)[u.id][0]))
    for unit in closing:
        services.unit_dissolve(
            unit=OrgUnit.objects.get(pk=made[unit.id].pk), on=unit.end, by=admin, reason=reason
        )


def _codes(lineage: str, code_of: dict[int, str]) -> tuple[str, ...]:
    steps = [lineage[i : i + LINEAGE_STEP] for i in range(0, len(lineage), LINEAGE_STEP)]
    return tuple(code_of[int(step, 36)] for step in steps)


def test_the_plans_history_and_tree_are_those_the_org_services_write_for_the_same_changes(db):
    plan = _sub_plan(("VL", "BTR", "TV"))
    _replay(plan, make_officer("admin", None, superuser=True))

    code_of_db = dict(OrgUnit.objects.values_list("pk", "code"))
    from_services = {
        (code_of_db[v.unit_id], v.valid_from, v.valid_to, code_of_db.get(v.parent_id), v.name, v.kind.code,
         _codes(v.lineage, code_of_db), v.depth)
        for v in UnitVersion.objects.select_related("kind")
    }  # fmt: skip
    code_of_plan = {u.id: u.code for u in plan.units}
    from_plan = {
        (code_of_plan[v.unit_id], v.valid_from, v.valid_to, code_of_plan.get(v.parent_id), v.name, v.kind,
         _codes(v.lineage, code_of_plan), v.depth)
        for v in unit_versions(plan)
    }  # fmt: skip
    assert from_plan == from_services

    def shape(rows):  # parent, depth, children and place among the siblings, by code
        by_path = {path: code for code, path, *_ in rows}
        siblings = {}
        for code, path, *_ in sorted(rows, key=lambda r: r[1]):
            siblings.setdefault(path[:-4], []).append(code)
        return {
            code: (by_path.get(path[:-4]), depth, numchild, siblings[path[:-4]].index(code))
            for code, path, depth, numchild in rows
        }

    in_db = [(u.code, u.path, u.depth, u.numchild) for u in OrgUnit.objects.all()]
    paths = tree_paths(plan)
    planned = [(u.code, paths[u.id][0], len(paths[u.id][0]) // 4, paths[u.id][1]) for u in plan.units]
    assert shape(planned) == shape(in_db)


# ---------------------------------------------------------------------------------------------------------
# seed_national itself


def _stats(code: str, period: str) -> dict:
    out = io.StringIO()
    call_command("stats", unit=code, period=period, no_children=True, stdout=out)
    return json.loads(out.getvalue())["values"]


def _counted_on(day: datetime.date, prefixes: tuple[str, ...]) -> int:
    members = Member.objects.filter(joined_on__lte=day)
    members = members.exclude(status="came_of_age", status_changed_on__lte=day)
    return sum(members.filter(unit__code__startswith=f"{prefix}-").count() for prefix in prefixes)


def _tree_problems() -> list[int]:
    """Units whose treebeard depth, parent or numchild is wrong (what treebeard's find_problems checks,
    in three queries instead of one per unit)."""
    table = OrgUnit._meta.db_table
    checks = [
        f"SELECT COUNT(*) FROM {table} WHERE depth <> LENGTH(path) / 4",
        f"SELECT COUNT(*) FROM {table} c WHERE c.depth > 1 AND NOT EXISTS "
        f"(SELECT 1 FROM {table} p WHERE p.path = SUBSTR(c.path, 1, LENGTH(c.path) - 4))",
        f"SELECT COUNT(*) FROM {table} p LEFT JOIN (SELECT SUBSTR(path, 1, LENGTH(path) - 4) AS parent, "
        f"COUNT(*) AS n FROM {table} WHERE depth > 1 GROUP BY 1) c ON c.parent = p.path "
        f"WHERE p.numchild <> COALESCE(c.n, 0)",
    ]
    with connection.cursor() as cursor:
        out = []
        for sql in checks:
            cursor.execute(sql)
            out.append(cursor.fetchone()[0])
    return out


@postgres_only
def test_seed_national_builds_a_consistent_country_whose_new_provinces_count_their_predecessors_members(db):
    out = io.StringIO()
    call_command("seed_national", scale=TINY, seed=5, stdout=out)
    text = out.getvalue()
    assert "đoàn viên:" in text and "dung lượng cơ sở dữ liệu" in text
    assert "Đã dựng lại số liệu tổng hợp" in text
    check = io.StringIO()
    call_command("rollup", "--check", stdout=check)  # exits 1 on any difference
    assert "khớp" in check.getvalue()

    # The current tree is a sound treebeard tree, and every unit has one version a day, its lineage its
    # parent's of that day plus its own segment (the rule of doanvu/org/history.py).
    assert _tree_problems() == [0, 0, 0]
    for day in (START, EVE, REFORM, datetime.date(2026, 12, 31)):
        versions = UnitVersion.objects.filter(UnitVersion.valid_on_q(day))
        valid = list(versions.values("unit_id", "parent_id", "lineage", "depth"))
        by_unit = {v["unit_id"]: v for v in valid}
        assert len(by_unit) == len(valid)
        active = OrgUnit.objects.filter(active_from__lte=day).exclude(active_to__lte=day)
        assert set(by_unit) == set(active.values_list("pk", flat=True))
        for v in valid:
            parent = by_unit[v["parent_id"]]["lineage"] if v["parent_id"] else ""
            assert v["lineage"] == parent + lineage_segment(v["unit_id"])
            assert v["depth"] == len(v["lineage"]) // LINEAGE_STEP
    assert OrgUnit.objects.filter(kind__code="province", active_to__isnull=True).count() == 34

    # Vĩnh Long's 2025: members on 31/12/2025 come from all three provinces it was formed from.
    group = dict((g[0], g) for g in places.NEW_PROVINCES)["VL"]
    year = _stats("VL", "2025")
    assert year["members"] == _counted_on(datetime.date(2025, 12, 31), group)
    assert all(_counted_on(datetime.date(2025, 12, 31), (code,)) for code in group)
    # A merge carries the records over: the first half counts the three provinces' members of 30/6/2025.
    first_half = _stats("VL", "2025S1")
    assert first_half["members"] == _counted_on(EVE, group) > _counted_on(EVE, ("VL",))
    assert first_half["activities"] > 0 and _stats("VL", "2025S2")["activities"] > 0
    assert year["meetings_held"] > 0 and year["dues_collected_vnd"] > 0
    # A 2024 report of Trà Vinh still adds up its own tree.
    assert _stats("TV", "2024")["members"] == _counted_on(datetime.date(2024, 12, 31), ("TV",))

    # The sequences go on after the ids written: the services can add a unit.
    branch = services.unit_create(
        parent=OrgUnit.objects.get(code="VL"), kind=kind("grassroots"), name="Đoàn xã Mới", code="VL-MOI",
        on=datetime.date(2026, 1, 1), by=None, check_permission=False,
    )  # fmt: skip
    assert branch.pk > max(u.pk for u in OrgUnit.objects.exclude(code="VL-MOI"))

    # The name search's word table holds every member written by COPY, and its triggers are on again.
    someone = Member.objects.order_by("pk").first()
    officer = get_user_model().objects.create_superuser("quoc-gia", password="x")
    page = Paginator(
        member_results(user=officer, q=someone.full_name, unit=someone.unit, subtree=False, status=None), 50
    ).get_page(1)
    assert someone in list(page)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT member_id) FROM member_search_word")
        assert cursor.fetchone()[0] == Member.objects.count()

    with pytest.raises(CommandError, match="đã có đơn vị hoặc đoàn viên"):
        call_command("seed_national", scale=TINY, stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal on SQLite")
def test_seed_national_refuses_sqlite_and_says_it_needs_postgresql(db):
    with pytest.raises(CommandError, match="chỉ chạy trên PostgreSQL"):
        call_command("seed_national", scale=TINY, stdout=io.StringIO())
