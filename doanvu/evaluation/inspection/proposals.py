"""Scores the system proposes for conditions tied to data doanvu holds (criteria.DataSource).

Contract: `propose(*, condition, unit, year) -> tuple[Decimal | None, str]` — the proposed points (None when
the condition is not tied to data, or the data is missing) and the basis in Vietnamese ("12/12 báo cáo
đúng hạn → 8 điểm"); `propose_all(*, assessment) -> dict[condition_id, tuple[Decimal | None, str]]`.

Every source reads the unit's sub-tree as it stood in the set's year (doanvu.stats.unit_stats and
the tree's history) and turns the data into a share in percent, except `indicator_value` (a raw value):

- report_timeliness: the unit's own reports of the year (every month, quarter, half-year, nine months and
  the year that a report form asks of it — as doanvu.reports.selectors.forms_for_unit, with the unit's kind at the year's
  end) against each form's deadline (doanvu.reports.selectors.deadline). A report
  counts on time when it was submitted (or approved) on or before the deadline; late when after it;
  missing when not submitted (or returned and not sent again) once the deadline has passed; reports not
  yet due are left out. Share = on time / due. An annual or 6-month report missing gives 0 points
  whatever the share (the Union's rule: "0 điểm nếu thiếu báo cáo năm, 6 tháng").
- meeting_attendance: unit_stats `meeting_attendance_pct` of the year.
- target_achievement: the share of the unit's targets of the year (work.selectors.target_progress)
  achieved, i.e. at 100% or more.
- members_evaluated: unit_stats `members_evaluated_pct` of the year (None: no data yet).
- training_registered: TrainingRegistration rows of the year in the sub-tree over the members at the
  year's end.
- dues_collected: members without arrears at the year's end (members − `members_in_arrears`) over members.
- outstanding_introduced: `outstanding_introduced` of the year over the unit's target for it (a Target of
  that indicator and year; else data_params["target"]); above 100% counts as 100%.
- indicator_value: the value of data_params["indicator"] over the year; data_params["thresholds"]
  [[value, points], …] give the points: the most points whose value is reached, 0 when none is.

From a share to points (shares are capped at 100%):
1. data_params["thresholds"] [[percent, points], …] when given: the most points whose percent is reached;
2. else the condition's grades: a grade's threshold is its points as a share of the top grade (8 / 6 / 4 /
   2 / 0 → 100% / 75% / 50% / 25% / 0%); the highest grade whose threshold is reached, 0 when none is;
3. else max_points × share, rounded to two decimals.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from doanvu.evaluation.criteria.models import Condition, DataSource
from doanvu.evaluation.criteria.rules import vn_points
from doanvu.evaluation.inspection.models import Assessment
from doanvu.evaluation.levels import year_end
from doanvu.evaluation.training.models import TrainingRegistration
from doanvu.lib import periods
from doanvu.lib.vnnumbers import count, group, percent
from doanvu.org.models import OrgUnit

ZERO = Decimal(0)
HUNDRED = Decimal(100)
Proposal = tuple[Decimal | None, str]


# --- from a share or a value to points ---------------------------------------------------------------------


def points_for_share(condition: Condition, share: Decimal) -> Decimal:
    """The points a share (in %) earns under the rule of the module docstring."""
    share = min(max(share, ZERO), HUNDRED)
    thresholds = (condition.data_params or {}).get("thresholds")
    if thresholds:
        return _best(thresholds, share)
    grades = condition.grade_points()
    if grades:
        top = max(grades)
        if top <= 0:
            return ZERO
        for points in grades:
            if share * top >= points * HUNDRED:
                return points
        return ZERO
    return (condition.max_points * share / HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _best(thresholds: list, value: Decimal) -> Decimal:
    reached = [Decimal(str(points)) for limit, points in thresholds if value >= Decimal(str(limit))]
    return max(reached) if reached else ZERO


def _pct(part: Decimal | int, whole: Decimal | int) -> Decimal:
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _with_points(basis: str, points: Decimal) -> Proposal:
    return points, f"{basis} → {vn_points(points)} điểm"


def _stats(unit: OrgUnit, year: int, codes: list[str]) -> dict:
    from doanvu.stats import unit_stats

    stats = unit_stats(unit=unit, period=periods.parse(str(year)), indicators=codes, with_children=False)
    return stats.values


def _n(value) -> str:
    return count(int(value)) if value is not None else "—"


# --- report timeliness -----------------------------------------------------------------------------------

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"


@dataclass
class TimelinessRow:
    period: periods.Period
    deadline: datetime.date
    status: str


@dataclass
class Timeliness:
    rows: list[TimelinessRow] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def on_time(self) -> int:
        return self._count(ON_TIME)

    @property
    def late(self) -> int:
        return self._count(LATE)

    @property
    def missing(self) -> list[TimelinessRow]:
        return [row for row in self.rows if row.status == MISSING]

    @property
    def due(self) -> int:
        return sum(1 for row in self.rows if row.status != PENDING)

    @property
    def share(self) -> Decimal | None:
        return _pct(self.on_time, self.due) if self.due else None

    @property
    def critical_missing(self) -> list[TimelinessRow]:
        """Missing annual or 6-month reports: these take every point."""
        return [row for row in self.missing if row.period.kind in ("year", "half")]

    @property
    def label(self) -> str:
        """ "11/12 đúng hạn" — or "—" when no report was due."""
        if not self.due:
            return "—"
        return f"{count(self.on_time)}/{count(self.due)} đúng hạn"


def _year_periods(year: int) -> list[periods.Period]:
    codes = [f"{year}{m:02d}" for m in range(1, 13)]
    codes += [f"{year}Q{q}" for q in range(1, 5)] + [f"{year}S1", f"{year}M9", f"{year}S2", str(year)]
    return sorted((periods.parse(code) for code in codes), key=lambda p: (p.end, p.start))


def _forms_by_kind(unit: OrgUnit, year: int) -> dict[str, list]:
    """The active forms asking `unit` for reports, by period kind, nearest owner first: as
    doanvu.reports.selectors.forms_for_unit, with the unit's kind as it stood at the year's end (one query for the year)."""
    from doanvu.org.selectors import version_on
    from doanvu.reports.models import ReportForm

    version = version_on(unit, min(year_end(year), timezone.localdate()))
    kind_id = version.kind_id if version else unit.kind_id
    step = OrgUnit.steplen
    above = [unit.path[:n] for n in range(step, len(unit.path), step)]
    forms = ReportForm.objects.filter(is_active=True, owner_unit__path__in=above, submitter_kinds=kind_id)
    out: dict[str, list] = {}
    for form in sorted(forms.select_related("owner_unit"), key=lambda f: -len(f.owner_unit.path)):
        out.setdefault(form.period_kind, []).append(form)
    return out


def report_timeliness(*, unit: OrgUnit, year: int, today: datetime.date | None = None) -> Timeliness:
    """The unit's own reports of `year` that a form asks of it, each on time, late, missing or not yet due."""
    from doanvu.reports import selectors as report_selectors
    from doanvu.reports.models import Report

    today = today or timezone.localdate()
    forms_by_kind = _forms_by_kind(unit, year)
    out = Timeliness()
    if not forms_by_kind:
        return out
    reports = {r.period: r for r in Report.objects.filter(unit=unit, period__startswith=str(year))}
    for period in _year_periods(year):
        forms = forms_by_kind.get(period.kind)
        if not forms:
            continue
        report = reports.get(period.code)
        form = next((f for f in forms if report is not None and f.pk == report.form_id), forms[0])
        due = report_selectors.deadline(form, period)
        sent = report is not None and report.state in (Report.State.SUBMITTED, Report.State.APPROVED)
        if sent and report.submitted_at is not None:
            status = ON_TIME if timezone.localdate(report.submitted_at) <= due else LATE
        else:
            status = MISSING if today > due else PENDING
        out.rows.append(TimelinessRow(period=period, deadline=due, status=status))
    return out


def _report_timeliness(condition: Condition, unit: OrgUnit, year: int) -> Proposal:
    found = report_timeliness(unit=unit, year=year)
    if not found.rows:
        return None, f"Không có biểu mẫu nào yêu cầu {unit.name} báo cáo trong năm {year}"
    if not found.due:
        return None, f"Chưa đến hạn báo cáo nào của năm {year}"
    basis = f"{count(found.on_time)}/{count(found.due)} báo cáo đúng hạn"
    if found.late:
        basis += f", {count(found.late)} gửi muộn"
    if found.missing:
        names = ", ".join(row.period.label for row in found.missing[:4])
        more = "…" if len(found.missing) > 4 else ""
        basis += f", {count(len(found.missing))} chưa gửi ({names}{more})"
    if found.critical_missing:
        return _with_points(basis + "; thiếu báo cáo năm hoặc 6 tháng", ZERO)
    return _with_points(basis, points_for_share(condition, found.share))


# --- the other sources -----------------------------------------------------------------------------------


def _meeting_attendance(condition: Condition, unit: OrgUnit, year: int) -> Proposal:
    values = _stats(unit, year, ["meeting_attendance_pct", "meeting_attendances", "meeting_expected"])
    rate = values.get("meeting_attendance_pct")
    if rate is None:
        return None, f"Chưa có buổi sinh hoạt nào được ghi nhận trong năm {year}"
    basis = (
        f"Tỷ lệ dự sinh hoạt năm {year}: {percent(rate)} "
        f"({group(values.get('meeting_attendances') or 0)}/{group(values.get('meeting_expected') or 0)} lượt)"
    )
    return _with_points(basis, points_for_share(condition, rate))


def _target_achievement(condition: Condition, unit: OrgUnit, year: int) -> Proposal:
    from doanvu.stats.targets import target_progress

    rows = target_progress(unit=unit, period=str(year))
    if not rows:
        return None, f"Đơn vị chưa có chỉ tiêu năm {year}"
    achieved = sum(1 for row in rows if row.percent is not None and row.percent >= HUNDRED)
    share = _pct(achieved, len(rows))
    basis = f"{count(achieved)}/{count(len(rows))} chỉ tiêu năm {year} đạt ({percent(share)})"
    return _with_points(basis, points_for_share(condition, share))


def _members_evaluated(condition: Condition, unit: OrgUnit, year: int) -> Proposal:
    rate = _stats(unit, year, ["members_evaluated_pct"]).get("members_evaluated_pct")
    if rate is None:
        return None, f"Chưa có số liệu đánh giá, xếp loại đoàn viên năm {year}"
    basis = f"Tỷ lệ đoàn viên được đánh giá, xếp loại năm {year}: {percent(rate)}"
    return _with_points(basis, points_for_share(condition, rate))


def _members(unit: OrgUnit, year: int, extra: list[str] | None = None) -> dict:
    return _stats(unit, year, ["members", *(extra or [])])


def _training_registered(condition: Condition, unit: OrgUnit, year: int) -> Proposal:
    from doanvu.org.selectors import subtree_unit_ids

    members = _members(unit, year).get("members") or ZERO
    if not members:
        return None, f"Chưa có đoàn viên nào tính đến 31/12/{year}"
    registered = TrainingRegistration.objects.filter(
        year=year, unit_id__in=subtree_unit_ids(unit, year_end(year))
    ).count()
    share = _pct(registered, members)
    basis = (
        f"{count(registered)}/{count(int(members))} đoàn viên đăng ký chương trình rèn luyện năm {year} "
        f"({percent(share)})"
    )
    return _with_points(basis, points_for_share(condition, share))


def _dues_collected(condition: Condition, unit: OrgUnit, year: int) -> Proposal:
    values = _members(unit, year, ["members_in_arrears"])
    members, arrears = values.get("members") or ZERO, values.get("members_in_arrears")
    if not members or arrears is None:
        return None, f"Chưa có đoàn viên nào tính đến 31/12/{year}"
    paid = max(int(members) - int(arrears), 0)
    share = _pct(paid, members)
    day = min(year_end(year), timezone.localdate())
    basis = f"{count(paid)}/{count(int(members))} đoàn viên đóng đủ đoàn phí đến {day:%d/%m/%Y} ({percent(share)})"
    return _with_points(basis, points_for_share(condition, share))


def _outstanding_introduced(condition: Condition, unit: OrgUnit, year: int) -> Proposal:
    from doanvu.work.models import Target

    target = (
        Target.objects.filter(unit=unit, indicator__code="outstanding_introduced", period=str(year))
        .values_list("value", flat=True)
        .first()
    )
    if target is None and (condition.data_params or {}).get("target"):
        target = Decimal(str(condition.data_params["target"]))
    if not target:
        return None, f"Chưa có chỉ tiêu giới thiệu đoàn viên ưu tú năm {year}"
    done = _stats(unit, year, ["outstanding_introduced"]).get("outstanding_introduced") or ZERO
    share = _pct(done, target)
    said = f"Giới thiệu {_n(done)} đoàn viên ưu tú" if done else "Chưa giới thiệu đoàn viên ưu tú nào"
    basis = f"{said}, chỉ tiêu {_n(target)}: đạt {percent(share)}"
    return _with_points(basis, points_for_share(condition, share))


def _indicator_value(condition: Condition, unit: OrgUnit, year: int) -> Proposal:
    from doanvu.work.models import Indicator

    params = condition.data_params or {}
    code, thresholds = params.get("indicator"), params.get("thresholds")
    indicator = Indicator.objects.filter(code=code).first() if code else None
    if indicator is None or not thresholds:
        return None, "Điều kiện chưa chọn chỉ số và ngưỡng điểm"
    value = _stats(unit, year, [code]).get(code)
    if value is None:
        return None, f"Chưa có số liệu «{indicator.name}» năm {year}"
    shown = group(value) if value == value.to_integral_value() else group(value, 2)
    basis = f"{indicator.name} năm {year}: {shown} {indicator.unit_label}"
    return _with_points(basis, _best(thresholds, value))


SOURCES = {
    DataSource.REPORT_TIMELINESS: _report_timeliness,
    DataSource.MEETING_ATTENDANCE: _meeting_attendance,
    DataSource.TARGET_ACHIEVEMENT: _target_achievement,
    DataSource.MEMBERS_EVALUATED: _members_evaluated,
    DataSource.TRAINING_REGISTERED: _training_registered,
    DataSource.DUES_COLLECTED: _dues_collected,
    DataSource.OUTSTANDING_INTRODUCED: _outstanding_introduced,
    DataSource.INDICATOR_VALUE: _indicator_value,
}


def propose(*, condition: Condition, unit, year: int) -> tuple[Decimal | None, str]:
    compute = SOURCES.get(condition.data_source)
    if compute is None:
        return None, ""
    points, basis = compute(condition, unit, year)
    if points is not None:
        points = min(points, condition.max_points)
    return points, basis[:500]


def propose_all(*, assessment: Assessment) -> dict[int, tuple[Decimal | None, str]]:
    year = assessment.criteria_set.year
    return {
        c.pk: propose(condition=c, unit=assessment.unit, year=year)
        for c in assessment.criteria_set.conditions().select_related("content__criterion")
    }
