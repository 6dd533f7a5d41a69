"""Data quality: the checks a unit's figures pass on entry and before its report goes up (issue 3, §5).

Three layers:

- pure checks on a dict of figures (`check_record_figures` for one activity's figures, `check_values` for a
  unit's totals, `outlier_issues` against the unit's own history, `rule_issues` for an upper level's own
  QualityRules) — no database;
- `unit_issues(unit=, period=)`: the unit's own issues — the checks on its totals (the figures its report
  states: its sub-tree totals from `unit_stats`) and on the activities it leads, so each problem is shown
  where it can be fixed. A submission is checked against this;
- `quality_overview(unit=, period=)` (and `subtree_issues`, its list): what the unit's page and dashboard
  show — the totals of the unit and of each direct child (the children's come from the unit's own
  `unit_stats` calls: about five calls in all, the period and its history, whatever the number of
  children) and the activities of the whole sub-tree (two queries), each under the unit that leads it.
  A child's own children's totals are checked on the child's page.

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
    # Were the unit's totals checked here (the page's unit or a direct child), or only its activities?
    totals_checked: bool = False
    is_child: bool = False  # a direct child of the page's unit: its own page checks its children's totals

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


def _prefixes(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def rules_for(unit: OrgUnit) -> list[QualityRule]:
    """Active rules owned by the unit or any unit above it (a rule applies to its owner's sub-tree)."""
    return _rules_for_all([unit])[unit.pk]


def _rules_for_all(units: Iterable[OrgUnit]) -> dict[int, list[QualityRule]]:
    """`rules_for` of several units in one query."""
    units = list(units)
    paths = {prefix for unit in units for prefix in _prefixes(unit.path)}
    rules = list(
        QualityRule.objects.filter(is_active=True, owner_unit__path__in=paths).select_related(
            "left", "right", "owner_unit"
        )
    )
    return {unit.pk: [r for r in rules if unit.path.startswith(r.owner_unit.path)] for unit in units}


def _record_issues(
    unit_ids: Iterable[int], period: Period, names: Mapping[str, str]
) -> dict[int, list[Issue]]:
    """Checks on the activities led by the given units that count in the period (figures and dates), by
    lead unit. Two queries, whatever the number of units."""
    from doanvu.work.models import Activity, ActivityFigure

    ids = list(unit_ids)
    in_period = {"start_on__gte": period.start, "start_on__lte": period.end}
    activities = list(
        Activity.objects.filter(unit_id__in=ids, **in_period)
        .only("pk", "title", "start_on", "end_on", "unit_id")
        .order_by("start_on", "pk")
    )
    figures: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for activity_id, code, value in ActivityFigure.objects.filter(
        activity__unit_id__in=ids, **{f"activity__{key}": value for key, value in in_period.items()}
    ).values_list("activity_id", "indicator__code", "value"):
        figures[activity_id][code] = value
    out: dict[int, list[Issue]] = defaultdict(list)
    for activity in activities:
        pk = activity.pk
        found = out[activity.unit_id]
        for issue in check_record_figures(figures.get(pk, {}), names):
            issue.key = f"activity:{pk}:{issue.key}"
            issue.message = _("Hoạt động «%(title)s» (%(day)s): %(message)s") % {
                "title": activity.title,
                "day": activity.start_on.strftime("%d/%m/%Y"),
                "message": issue.message,
            }
            found.append(issue)
        if activity.end_on < activity.start_on:
            found.append(
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
            found.append(
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
    return {unit_id: issues for unit_id, issues in out.items() if issues}


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


def _explain(unit_id: int, issues: list[Issue], explained: Mapping[tuple[int, str], str]) -> None:
    for issue in issues:
        if not issue.is_error:
            issue.explanation = explained.get((unit_id, issue.key), "")


def _totals_issues(
    *,
    unit: OrgUnit,
    period: Period,
    names: Mapping[str, str],
    flows: list[str],
    with_children: bool,
) -> tuple[dict[int, list[Issue]], list[OrgUnit]]:
    """The checks on totals (X ≤ Y, ≤ 100%, rules, outliers) of `unit` and, with_children, of each of its
    direct children as the tree stood in the period: one `unit_stats` call for the period and one per
    history period on `unit` (a child's totals come from its parent's call), whatever the number of
    children. Returns the issues by unit id and the children checked, in tree order."""
    from .stats import unit_stats

    current = unit_stats(unit=unit, period=period, with_children=with_children)
    history = [
        unit_stats(unit=unit, period=earlier, indicators=flows, with_children=with_children)
        for earlier in _history(period)
    ]
    children = [child.unit for child in current.children]
    rules = _rules_for_all([unit, *children])
    ended = period.end < timezone.localdate()

    def check(target: OrgUnit, values, past) -> list[Issue]:
        issues = check_values(values, names) + rule_issues(rules[target.pk], values)
        return issues + outlier_issues(values, past, codes=flows, names=names, period_ended=ended)

    out = {unit.pk: check(unit, current.values, [earlier.values for earlier in history])}
    for child in current.children:
        past = [
            next((c.values for c in earlier.children if c.unit.pk == child.unit.pk), {})
            for earlier in history
        ]
        out[child.unit.pk] = check(child.unit, child.values, past)
    return out, children


def _check_unit(unit: OrgUnit, period: Period, names: Mapping[str, str], flows: list[str]) -> list[Issue]:
    """The unit's own issues: its totals, then its own activities (those it leads)."""
    totals, _children = _totals_issues(
        unit=unit, period=period, names=names, flows=flows, with_children=False
    )
    issues = totals[unit.pk]
    outliers = [issue for issue in issues if issue.key.startswith("outlier:")]
    rest = [issue for issue in issues if not issue.key.startswith("outlier:")]
    return rest + _record_issues([unit.pk], period, names).get(unit.pk, []) + outliers


def unit_issues(*, unit: OrgUnit, period: Period) -> UnitIssues:
    """The unit's own issues for the period — the checks on its totals and on the activities it leads —
    with the explanations already written. This is what its submission is checked against."""
    issues = _check_unit(unit, period, indicator_names(), flow_codes())
    _explain(unit.pk, issues, _explanations([unit.pk], period))
    return UnitIssues(unit=unit, issues=issues, totals_checked=True)


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


@dataclass
class Overview:
    """What a unit's data-quality page shows (see `quality_overview`)."""

    unit: OrgUnit
    found: list[UnitIssues]  # units with an issue, top first, in tree order
    children: list[OrgUnit]  # the direct children whose totals were checked here
    units: int  # units of the sub-tree whose activities were checked


def quality_overview(*, unit: OrgUnit, period: Period, only_with_issues: bool = True) -> Overview:
    """The checks a unit's page runs, in a number of queries that does not grow with the sub-tree:

    - totals (X ≤ Y, ≤ 100%, rules, outliers) of the unit and of each direct child (the children's come
      from the unit's own `unit_stats` calls); a child's own children's totals are checked on the child's
      page, where it drills down;
    - the activities (figures and dates) of every unit of the sub-tree, each shown under the unit that leads
      it, which is where it can be fixed.

    Deeper units are listed only when one of their activities has an issue (`totals_checked` is False)."""
    names, flows = indicator_names(), flow_codes()
    totals, children = _totals_issues(unit=unit, period=period, names=names, flows=flows, with_children=True)
    units = subtree_units(unit, period)
    ordered = units + [child for child in children if child.pk not in {u.pk for u in units}]
    records = _record_issues([u.pk for u in ordered], period, names)
    explained = _explanations([u.pk for u in ordered], period)
    found = []
    for member in ordered:
        checked = member.pk in totals
        issues = totals.get(member.pk, [])
        outliers = [issue for issue in issues if issue.key.startswith("outlier:")]
        issues = [issue for issue in issues if not issue.key.startswith("outlier:")]
        issues += records.get(member.pk, []) + outliers
        _explain(member.pk, issues, explained)
        if issues or (checked and not only_with_issues):
            found.append(
                UnitIssues(
                    unit=member,
                    issues=issues,
                    totals_checked=checked,
                    is_child=member.pk != unit.pk and checked,
                )
            )
    return Overview(unit=unit, found=found, children=children, units=len(ordered))


def subtree_issues(*, unit: OrgUnit, period: Period, only_with_issues: bool = True) -> list[UnitIssues]:
    """The issues of `quality_overview`: the unit's and its direct children's totals, and the activities of
    the whole sub-tree, by unit, top first."""
    return quality_overview(unit=unit, period=period, only_with_issues=only_with_issues).found


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
