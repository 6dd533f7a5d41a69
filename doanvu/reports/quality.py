"""Data quality: the checks a unit's figures pass on entry and before its report goes up (issue 3, §5).

Three layers:

- pure checks on a dict of figures (`check_record_figures` for one activity's figures, `check_values` for a
  unit's totals, `outlier_issues` against the unit's own history, `rule_issues` for an upper level's own
  QualityRules) — no database;
- `unit_issues(unit=, period=)`: every check for one unit and period. Aggregate checks run on the figures
  the unit's report states (its sub-tree totals from `unit_stats`); record checks (an activity's figures
  and dates) run on the unit's own activities, so each problem is shown where it can be fixed;
- `subtree_issues(unit=, period=)`: the same for every unit of the sub-tree as it stood in the period.

Errors block submission. Warnings need a written Explanation (per unit, period and check key).

Why "participations ≥ sessions" is checked per activity and not on totals: an activity with sessions but
no participation figure would make the totals look wrong although nothing is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib.periods import Period
from doanvu.lib.vnnumbers import group
from doanvu.org import selectors as org_selectors
from doanvu.org.models import OrgUnit

from .models import Explanation, QualityRule, Report

ERROR, WARNING = "error", "warning"

# left ≤ right wherever both are given ("X/Y" figures and parts of a whole).
PAIRS: list[tuple[str, str]] = [
    ("party_members", "members"),
    ("youth_projects", "youth_projects_registered"),
    ("meeting_attendances", "meeting_expected"),
]
# Checked on one activity's figures only (see the module docstring).
RECORD_PAIRS: list[tuple[str, str]] = [("activities", "participations")]
PERCENT_CODES = ("meeting_attendance_pct",)
# The outlier check: a flow far outside the unit's own history of the same period kind.
OUTLIER_HISTORY = 4
OUTLIER_FACTOR = Decimal(3)
OUTLIER_MIN_HISTORY = 2


@dataclass
class Issue:
    key: str  # stable per unit and period: the Explanation's check_key
    severity: str  # ERROR or WARNING
    message: str
    explanation: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_open(self) -> bool:
        """An error stays open until the data is fixed; a warning until it is explained."""
        return self.is_error or not self.explanation


@dataclass
class UnitIssues:
    unit: OrgUnit
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.is_error]

    @property
    def open_warnings(self) -> list[Issue]:
        return [issue for issue in self.warnings if issue.is_open]


def _num(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _fmt(value: Decimal) -> str:
    return group(value, 0 if value == value.to_integral_value() else 1)


def _name(names: Mapping[str, str], code: str) -> str:
    return names.get(code, code)


# ---------------------------------------------------------------------------------------------------------
# Pure checks


def _negative(values: Mapping[str, Decimal | None], names: Mapping[str, str], prefix: str) -> list[Issue]:
    out = []
    for code, value in values.items():
        if value is not None and value < 0:
            text = (
                _("Số tiền «%(name)s» không được âm (đang là %(value)s).")
                if code.endswith("_vnd")
                else _("«%(name)s» không được âm (đang là %(value)s).")
            )
            out.append(
                Issue(
                    f"{prefix}negative:{code}",
                    ERROR,
                    text % {"name": _name(names, code), "value": _fmt(value)},
                )
            )
    return out


def _pairs(
    values: Mapping[str, Decimal | None], pairs, names: Mapping[str, str], prefix: str, zero_is_missing=False
) -> tuple[list[Issue], set[str]]:
    out, flagged = [], set()
    for left, right in pairs:
        a, b = values.get(left), values.get(right)
        if a is None or b is None or a <= b or (zero_is_missing and b == 0):
            continue
        flagged.update((left, right))
        out.append(
            Issue(
                f"{prefix}pair:{left}:{right}",
                ERROR,
                _("«%(left)s» (%(a)s) lớn hơn «%(right)s» (%(b)s).")
                % {"left": _name(names, left), "a": _fmt(a), "right": _name(names, right), "b": _fmt(b)},
            )
        )
    return out, flagged


def _percent(values: Mapping[str, Decimal | None], names, flagged: set[str], prefix: str) -> list[Issue]:
    out = []
    for code in PERCENT_CODES:
        value = values.get(code)
        # attendances > expected already says it; one problem, one message.
        if value is None or value <= 100 or {"meeting_attendances", "meeting_expected"} <= flagged:
            continue
        out.append(
            Issue(
                f"{prefix}percent:{code}",
                ERROR,
                _("«%(name)s» là %(value)s%%, vượt quá 100%%.")
                % {"name": _name(names, code), "value": _fmt(value)},
            )
        )
    return out


def check_record_figures(
    figures: Mapping[str, object], names: Mapping[str, str] | None = None
) -> list[Issue]:
    """The checks on one record's figures (indicator code → value), for use on entry: no negative value,
    participations ≥ sessions and X ≤ Y wherever both are given, attendance ≤ 100%. Returns the issues
    (empty when all is well); an issue with severity ERROR should stop the record being saved."""
    names = names or {}
    values = {code: _num(value) for code, value in figures.items()}
    issues = _negative(values, names, "")
    pair_issues, flagged = _pairs(values, RECORD_PAIRS + PAIRS, names, "")
    issues += pair_issues
    for issue in pair_issues:
        if issue.key == "pair:activities:participations":
            issue.message = _("Số lượt tham gia (%(b)s) ít hơn số cuộc, buổi (%(a)s).") % {
                "a": _fmt(values["activities"]),
                "b": _fmt(values["participations"]),
            }
    return issues + _percent(values, names, flagged, "")


def check_values(values: Mapping[str, object], names: Mapping[str, str] | None = None) -> list[Issue]:
    """The checks on a unit's totals for a period: no negative value, Party members ≤ members, X ≤ Y,
    attendance ≤ 100%. Totals are 0 where nothing was recorded, so a whole (Y) of 0 counts as not given:
    33 projects carried out and no registration entered is a gap, not a contradiction."""
    names = names or {}
    numbers = {code: _num(value) for code, value in values.items()}
    issues = _negative(numbers, names, "")
    pair_issues, flagged = _pairs(numbers, PAIRS, names, "", zero_is_missing=True)
    return issues + pair_issues + _percent(numbers, names, flagged, "")


def outlier_issues(
    current: Mapping[str, object],
    history: Iterable[Mapping[str, object]],
    *,
    codes: Iterable[str],
    names: Mapping[str, str] | None = None,
    period_ended: bool = True,
) -> list[Issue]:
    """Warnings for flows far outside the unit's own history of the same period kind: above 3× the highest
    or below ⅓ of the lowest of the previous periods. Only when history exists: at least two earlier
    periods with a value above zero. "Too low" is only judged once the period has ended (before that the
    figures are still coming in)."""
    names = names or {}
    past = list(history)
    out = []
    for code in codes:
        value = _num(current.get(code))
        if value is None:
            continue
        earlier = [v for v in (_num(h.get(code)) for h in past) if v is not None and v > 0]
        if len(earlier) < OUTLIER_MIN_HISTORY:
            continue
        high, low = max(earlier), min(earlier)
        if value > high * OUTLIER_FACTOR:
            text = _("«%(name)s» là %(value)s, hơn 3 lần mức cao nhất của %(n)s kỳ trước (%(bound)s).")
            bound = high
        elif period_ended and value * OUTLIER_FACTOR < low:
            text = _("«%(name)s» là %(value)s, dưới 1/3 mức thấp nhất của %(n)s kỳ trước (%(bound)s).")
            bound = low
        else:
            continue
        out.append(
            Issue(
                f"outlier:{code}",
                WARNING,
                text
                % {"name": _name(names, code), "value": _fmt(value), "n": len(past), "bound": _fmt(bound)},
            )
        )
    return out


_OPS = {
    QualityRule.Op.LE: lambda a, b: a <= b,
    QualityRule.Op.LT: lambda a, b: a < b,
    QualityRule.Op.GE: lambda a, b: a >= b,
    QualityRule.Op.GT: lambda a, b: a > b,
    QualityRule.Op.EQ: lambda a, b: a == b,
}


def rule_issues(rules: Iterable[QualityRule], values: Mapping[str, object]) -> list[Issue]:
    """An upper level's own rules (left op right-or-constant); skipped when a side has no value."""
    out = []
    for rule in rules:
        left = _num(values.get(rule.left.code))
        right = _num(values.get(rule.right.code)) if rule.right_id else _num(rule.constant)
        if left is None or right is None or _OPS[rule.op](left, right):
            continue
        out.append(
            Issue(
                f"rule:{rule.pk}",
                rule.severity,
                _("%(message)s (%(left)s = %(a)s, cần %(op)s %(b)s)")
                % {
                    "message": rule.message,
                    "left": rule.left.name,
                    "a": _fmt(left),
                    "op": rule.get_op_display(),
                    "b": _fmt(right),
                },
            )
        )
    return out


# ---------------------------------------------------------------------------------------------------------
# Selectors


def indicator_names() -> dict[str, str]:
    from doanvu.work.models import Indicator

    return dict(Indicator.objects.values_list("code", "name"))


def flow_codes() -> list[str]:
    from doanvu.work.models import Indicator

    return list(
        Indicator.objects.filter(kind=Indicator.Kind.FLOW, is_active=True).values_list("code", flat=True)
    )


def rules_for(unit: OrgUnit) -> list[QualityRule]:
    """Active rules owned by the unit or any unit above it (a rule applies to its owner's sub-tree)."""
    step = OrgUnit.steplen
    paths = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    return list(
        QualityRule.objects.filter(is_active=True, owner_unit__path__in=paths).select_related("left", "right")
    )


def _record_issues(unit: OrgUnit, period: Period, names: Mapping[str, str]) -> list[Issue]:
    """Checks on the unit's own activities that count in the period: figures and dates."""
    from doanvu.work.models import Activity, ActivityFigure

    activities = {
        a.pk: a
        for a in Activity.objects.filter(
            unit=unit, start_on__gte=period.start, start_on__lte=period.end
        ).only("pk", "title", "start_on", "end_on")
    }
    figures: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for activity_id, code, value in ActivityFigure.objects.filter(
        activity_id__in=list(activities)
    ).values_list("activity_id", "indicator__code", "value"):
        figures[activity_id][code] = value
    out = []
    for pk, activity in sorted(activities.items(), key=lambda item: (item[1].start_on, item[0])):
        for issue in check_record_figures(figures.get(pk, {}), names):
            issue.key = f"activity:{pk}:{issue.key}"
            issue.message = _("Hoạt động «%(title)s» (%(day)s): %(message)s") % {
                "title": activity.title,
                "day": activity.start_on.strftime("%d/%m/%Y"),
                "message": issue.message,
            }
            out.append(issue)
        if activity.end_on < activity.start_on:
            out.append(
                Issue(
                    f"activity:{pk}:dates",
                    ERROR,
                    _("Hoạt động «%(title)s»: ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.")
                    % {
                        "title": activity.title,
                        "end": activity.end_on.strftime("%d/%m/%Y"),
                        "start": activity.start_on.strftime("%d/%m/%Y"),
                    },
                )
            )
        elif activity.end_on > period.end:
            out.append(
                Issue(
                    f"activity:{pk}:dates",
                    WARNING,
                    _(
                        "Hoạt động «%(title)s» bắt đầu %(start)s nhưng kết thúc %(end)s, sau khi hết %(period)s; "
                        "số liệu của nó được tính cả vào kỳ này."
                    )
                    % {
                        "title": activity.title,
                        "start": activity.start_on.strftime("%d/%m/%Y"),
                        "end": activity.end_on.strftime("%d/%m/%Y"),
                        "period": period.label,
                    },
                )
            )
    return out


def _history(period: Period) -> list[Period]:
    out, current = [], period
    for _i in range(OUTLIER_HISTORY):
        try:
            current = current.previous()
        except ValueError:
            break
        out.append(current)
    return out


def _explanations(unit_ids: Iterable[int], period: Period) -> dict[tuple[int, str], str]:
    return {
        (unit_id, key): text
        for unit_id, key, text in Explanation.objects.filter(
            unit_id__in=list(unit_ids), period=period.code
        ).values_list("unit_id", "check_key", "text")
    }


def _check_unit(unit: OrgUnit, period: Period, names: Mapping[str, str], flows: list[str]) -> list[Issue]:
    from .stats import unit_stats

    values = unit_stats(unit=unit, period=period, with_children=False).values
    issues = check_values(values, names)
    issues += rule_issues(rules_for(unit), values)
    issues += _record_issues(unit, period, names)
    history = [
        unit_stats(unit=unit, period=earlier, indicators=flows, with_children=False).values
        for earlier in _history(period)
    ]
    issues += outlier_issues(
        values, history, codes=flows, names=names, period_ended=period.end < timezone.localdate()
    )
    return issues


def unit_issues(*, unit: OrgUnit, period: Period) -> UnitIssues:
    """Every check for one unit and period, with the explanations already written."""
    issues = _check_unit(unit, period, indicator_names(), flow_codes())
    explained = _explanations([unit.pk], period)
    for issue in issues:
        if not issue.is_error:
            issue.explanation = explained.get((unit.pk, issue.key), "")
    return UnitIssues(unit=unit, issues=issues)


def subtree_units(unit: OrgUnit, period: Period) -> list[OrgUnit]:
    """The unit and every unit under it as the tree stood at the period's end (today, for a period still
    running), in tree order. A unit closed by then is still checked on its own."""
    day = min(period.end, timezone.localdate())
    versions = org_selectors.tree_on(unit, day)
    if not versions:
        return [unit]
    ids = [version.unit_id for version in versions]
    by_id = OrgUnit.objects.select_related("kind").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def subtree_issues(*, unit: OrgUnit, period: Period, only_with_issues: bool = True) -> list[UnitIssues]:
    """`unit_issues` for every unit of the sub-tree (see `subtree_units`), top first.

    Cost: a few `unit_stats` calls per unit (the period and its history), so this is meant for a district
    or a grassroots union's page, not a whole province in one request."""
    names, flows = indicator_names(), flow_codes()
    units = subtree_units(unit, period)
    explained = _explanations([u.pk for u in units], period)
    out = []
    for member in units:
        issues = _check_unit(member, period, names, flows)
        for issue in issues:
            if not issue.is_error:
                issue.explanation = explained.get((member.pk, issue.key), "")
        if issues or not only_with_issues:
            out.append(UnitIssues(unit=member, issues=issues))
    return out


def issue_counts(found: Iterable[UnitIssues]) -> dict[str, int]:
    """errors / open warnings / explained warnings / units with an open issue."""
    counts = {"errors": 0, "open_warnings": 0, "explained": 0, "units": 0}
    for unit_issues_ in found:
        counts["errors"] += len(unit_issues_.errors)
        counts["open_warnings"] += len(unit_issues_.open_warnings)
        counts["explained"] += len(unit_issues_.warnings) - len(unit_issues_.open_warnings)
        if unit_issues_.errors or unit_issues_.open_warnings:
            counts["units"] += 1
    return counts


# ---------------------------------------------------------------------------------------------------------
# Services


@transaction.atomic
def explanation_save(*, unit: OrgUnit, period: Period, check_key: str, text: str, by) -> Explanation:
    """Write (or rewrite) the explanation of one of the unit's current warnings for the period. Refused
    for an error (errors are fixed, not explained), for a key that is not a current warning, and while the
    unit's report for the period is submitted or approved (its data is locked)."""
    scope.check(by, unit, scope.EDIT)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Hãy viết nội dung giải trình.")})
    report = Report.objects.filter(unit=unit, period=period.code).first()
    if report is not None and report.is_locked:
        raise ValidationError(
            _("Báo cáo %(period)s của %(unit)s đã gửi đi; số liệu đã khóa, không sửa giải trình được.")
            % {"period": period.label, "unit": unit.name}
        )
    current = {issue.key: issue for issue in _check_unit(unit, period, indicator_names(), flow_codes())}
    issue = current.get(check_key)
    if issue is None:
        raise ValidationError(
            {"check_key": _("Cảnh báo này không còn (số liệu đã thay đổi); hãy tải lại trang.")}
        )
    if issue.is_error:
        raise ValidationError({"check_key": _("Lỗi phải được sửa trong số liệu, không thể giải trình.")})
    explanation, _created = Explanation.objects.update_or_create(
        unit=unit, period=period.code, check_key=check_key, defaults={"text": text, "by": by}
    )
    explanation.full_clean()
    audit_log(
        actor=by,
        action="quality.explain",
        unit=unit,
        summary=_("Giải trình số liệu %(period)s: %(message)s")
        % {"period": period.label, "message": issue.message},
        reason=text,
        data={"period": period.code, "check_key": check_key},
    )
    return explanation
