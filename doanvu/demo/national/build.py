"""`seed_national`'s work, in order: plan the tree, then COPY the units, their history, the register and
the work records into an empty PostgreSQL database, all in one transaction, indexes built after."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.demo.national import pg, places
from doanvu.demo.national.people import HISTORY_COLUMNS, MEMBER_COLUMNS, Register
from doanvu.demo.national.tree import plan_tree
from doanvu.demo.national.versions import tree_paths, unit_versions
from doanvu.demo.national.work import (
    ACTIVITY_COLUMNS,
    ATTENDANCE_COLUMNS,
    DUES_COLUMNS,
    FIGURE_COLUMNS,
    MEETING_COLUMNS,
    ORGANISER_COLUMNS,
    Works,
)
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit, UnitKind, UnitVersion
from doanvu.work.models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    Attendance,
    DuesPayment,
    DuesRate,
    Indicator,
    Meeting,
    Movement,
    WorkArea,
)

HistoricalMember = Member.history.model
FILLED = [
    OrgUnit, UnitVersion, Member, HistoricalMember, Activity, ActivityFigure, ActivityOrganiser, Meeting,
    Attendance, DuesPayment,
]  # fmt: skip
UNIT_COLUMNS = ("id", "path", "depth", "numchild", "name", "short_name", "code", "active_from", "active_to",
                "place", "kind_id", "merged_into_id", "merged_on")  # fmt: skip
VERSION_COLUMNS = ("unit_id", "valid_from", "valid_to", "parent_id", "name", "short_name", "kind_id",
                   "lineage", "depth")  # fmt: skip


@dataclass
class Summary:
    scale: float
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    size: int = 0

    def lines(self) -> list[str]:
        labels = {
            "units": _("đơn vị"), "versions": _("phiên bản đơn vị (lịch sử cây)"), "members": _("đoàn viên"),
            "history": _("dòng lịch sử đoàn viên"), "activities": _("hoạt động"),
            "figures": _("số liệu hoạt động"), "organisers": _("đơn vị tổ chức hoạt động"),
            "meetings": _("buổi sinh hoạt chi đoàn"), "attendances": _("lượt điểm danh"),
            "dues": _("lượt đóng đoàn phí"),
        }  # fmt: skip
        out = [
            _("Dữ liệu toàn quốc (quy mô %(scale)s, hạt giống %(seed)s):")
            % {"scale": self.scale, "seed": self.seed}
        ]
        out += [f"  {labels[key]}: {value:,}".replace(",", ".") for key, value in self.counts.items()]
        minutes, seconds = divmod(round(self.seconds), 60)
        out.append(_("  thời gian: %(m)s phút %(s)s giây") % {"m": minutes, "s": seconds})
        out.append(
            _("  dung lượng cơ sở dữ liệu: %(mb)s MB") % {"mb": f"{self.size / 1e6:,.0f}".replace(",", ".")}
        )
        return out


def _ids() -> dict[str, dict[str, int]]:
    return {
        "kinds": dict(UnitKind.objects.values_list("code", "pk")),
        "areas": dict(WorkArea.objects.values_list("code", "pk")),
        "movements": dict(Movement.objects.values_list("code", "pk")),
        "indicators": dict(Indicator.objects.filter(owner_unit=None).values_list("code", "pk")),
    }


def _rates() -> dict[str, int]:
    rates: dict[str, int] = {}
    for rate in DuesRate.objects.order_by("effective_from"):
        rates[rate.category] = rate.monthly_amount
    return rates


def _write_tree(writer, plan, kinds: dict[str, int], counts: dict[str, int]) -> None:
    versions = unit_versions(plan)
    paths = tree_paths(plan)
    with pg.Table(writer, OrgUnit, UNIT_COLUMNS) as table:
        for unit in plan.units:
            path, numchild = paths[unit.id]
            table.add((unit.id, path, len(path) // 4, numchild, unit.name, "", unit.code, unit.start,
                       unit.end, unit.place, kinds[unit.kind], unit.merged_into,
                       unit.end if unit.merged_into else None))  # fmt: skip
    counts["units"] = table.rows
    with pg.Table(writer, UnitVersion, VERSION_COLUMNS) as table:
        for v in versions:
            table.add((v.unit_id, v.valid_from, v.valid_to, v.parent_id, v.name, "", kinds[v.kind], v.lineage,
                       v.depth))  # fmt: skip
    counts["versions"] = table.rows


def _write_register(writer, register: Register, plan, counts: dict[str, int], step) -> None:
    with (
        pg.Table(writer, Member, MEMBER_COLUMNS) as members,
        pg.Table(writer, HistoricalMember, HISTORY_COLUMNS) as history,
    ):
        for unit in plan.units:
            if unit.kind != "branch":
                continue
            for line, rows in register.members(unit):
                members.add_text(line)
                for row in rows:
                    history.add_text(row)
                if members.rows % 500_000 == 0:
                    step(_("… %(n)s đoàn viên") % {"n": f"{members.rows:,}".replace(",", ".")})
    counts["members"], counts["history"] = members.rows, history.rows


def _write_activities(writer, works: Works, plan, counts: dict[str, int], step) -> None:
    with (
        pg.Table(writer, Activity, ACTIVITY_COLUMNS) as activities,
        pg.Table(writer, ActivityFigure, FIGURE_COLUMNS) as figures,
        pg.Table(writer, ActivityOrganiser, ORGANISER_COLUMNS) as organisers,
    ):
        for unit in plan.units:
            for line, figure_lines, organiser_lines in works.activities(unit):
                activities.add_text(line)
                for row in figure_lines:
                    figures.add_text(row)
                for row in organiser_lines:
                    organisers.add_text(row)
            if unit.id % 25_000 == 0:
                step(_("… hoạt động của %(n)s đơn vị") % {"n": unit.id})
    counts.update(activities=activities.rows, figures=figures.rows, organisers=organisers.rows)


def _write_records(writer, works: Works, register: Register, counts: dict[str, int]) -> None:
    rates = _rates()
    with (
        pg.Table(writer, Meeting, MEETING_COLUMNS) as meetings,
        pg.Table(writer, Attendance, ATTENDANCE_COLUMNS) as attendance,
        pg.Table(writer, DuesPayment, DUES_COLUMNS) as dues,
    ):
        for branch in sorted(register.kept):
            people = register.kept[branch]
            for line, marks in works.meetings(branch, people):
                meetings.add_text(line)
                for row in marks:
                    attendance.add_text(row)
            for person in people:
                for row in works.dues(person, rates):
                    dues.add_text(row)
    counts.update(meetings=meetings.rows, attendances=attendance.rows, dues=dues.rows)


def seed_national(*, scale: float, seed: int, say: Callable[[str], None]) -> Summary:
    pg.refuse_unless_empty_postgres()
    began = time.monotonic()

    def step(message: str) -> None:
        say(f"[{time.monotonic() - began:7.1f} s] {message}")

    summary = Summary(scale=scale, seed=seed)
    counts = summary.counts
    with transaction.atomic():
        ids = _ids()
        plan = plan_tree(random.Random(f"{seed}-tree"), scale)
        step(_("Đã lập cây: %(n)s đơn vị") % {"n": len(plan.units)})
        restore = pg.drop_indexes(FILLED)
        pg.words_off()
        pg.tune()
        writer = pg.Writer()
        try:
            _write_tree(writer, plan, ids["kinds"], counts)
            step(_("Đã ghi đơn vị và lịch sử cây (%(v)s phiên bản)") % {"v": counts["versions"]})
            group = plan.groups[places.RECORDS_PROVINCE]
            keep = {u.id for u in plan.units if u.kind == "branch" and u.province in group}
            register = Register(random.Random(f"{seed}-people"), plan, keep)
            _write_register(writer, register, plan, counts, step)
            step(_("Đã ghi %(n)s đoàn viên") % {"n": counts["members"]})
            works = Works(random.Random(f"{seed}-work"), plan, ids)
            _write_activities(writer, works, plan, counts, step)
            step(
                _("Đã ghi %(n)s hoạt động, %(f)s số liệu")
                % {"n": counts["activities"], "f": counts["figures"]}
            )
            _write_records(writer, works, register, counts)
            name = plan.provinces[places.RECORDS_PROVINCE].name
            step(_("Đã ghi sinh hoạt chi đoàn, điểm danh và đoàn phí của %(p)s") % {"p": name})
        finally:
            writer.close()
        pg.restore(restore, lambda what: step(_("Đã tạo lại %(what)s") % {"what": what}))
        pg.words_on()
        step(_("Đã lập bảng tìm kiếm theo tên"))
        pg.reset_sequences()
        pg.analyze(FILLED)
        step(_("Đã tạo lại chỉ mục, khóa ngoại và bộ đếm id"))
    summary.seconds = time.monotonic() - began
    summary.size = pg.database_size()
    return summary
