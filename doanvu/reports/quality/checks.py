"""The pure checks of data quality: no database. A dict of figures in, a list of `Issue` out.

- `check_record_figures`: one activity's figures, on entry;
- `check_values`: a unit's totals for a period;
- `outlier_issues`: flows far outside the unit's own history;
- `rule_issues`: an upper level's own QualityRules.

Why "participations ≥ sessions" is checked per activity and not on totals: an activity with sessions but
no participation figure would make the totals look wrong although nothing is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doanvu.lib.vnnumbers import group
from doanvu.org.models import OrgUnit

from ..models import QualityRule

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
# Small counts swing by nature (a branch that admits 1, 1, then 4 members): a value is only an outlier when
# it is also at least this far from the bound in absolute terms.
OUTLIER_MIN_CHANGE = Decimal(10)


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

    @property
    def check(self) -> str:
        """What kind of check found it, as the page names it."""
        return check_label(self.key)

    @property
    def activity_id(self) -> int | None:
        """The activity the issue is about (keys "activity:<id>:…"), where it is fixed."""
        if self.key.startswith("activity:"):
            return int(self.key.split(":")[1])
        return None


@dataclass
class UnitIssues:
    unit: OrgUnit
    issues: list[Issue] = field(default_factory=list)
    # Were the unit's totals checked (every unit of a sub-tree page), or only the activities it leads?
    totals_checked: bool = False
    is_child: bool = False  # a direct child of the page's unit (the page links to its own page)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.is_error]

    @property
    def open_warnings(self) -> list[Issue]:
        return [issue for issue in self.warnings if issue.is_open]


# The kinds of check, by the part of the key that names them (the key of an activity's check follows its
# "activity:<id>:" prefix).
CHECK_LABELS = {
    "negative": gettext_lazy("Số âm"),
    "pair": gettext_lazy("Số liệu mâu thuẫn (X ≤ Y)"),
    "percent": gettext_lazy("Tỷ lệ quá 100%"),
    "outlier": gettext_lazy("Khác thường so với các kỳ trước"),
    "rule": gettext_lazy("Quy tắc của cấp trên"),
    "dates": gettext_lazy("Ngày của hoạt động"),
}


def check_label(key: str) -> str:
    parts = key.split(":")
    if parts[0] == "activity" and len(parts) > 2:
        kind = parts[2]
        label = CHECK_LABELS.get(kind, kind)
        return _("Hoạt động — %(check)s") % {"check": label} if kind != "dates" else str(label)
    return str(CHECK_LABELS.get(parts[0], parts[0]))


def _num(value) -> Decimal | None:
    if isinstance(value, Decimal) or value is None:
        return value
    if value == "":
        return None
    return Decimal(str(value))


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
    or below ⅓ of the lowest of the previous periods, and at least OUTLIER_MIN_CHANGE away from it (small
    counts swing by nature). Only when history exists: at least two earlier periods with a value above zero. "Too low" is only judged once the period has ended (before that the
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
        if value > high * OUTLIER_FACTOR and value - high >= OUTLIER_MIN_CHANGE:
            text = _("«%(name)s» là %(value)s, hơn 3 lần mức cao nhất của %(n)s kỳ trước (%(bound)s).")
            bound = high
        elif period_ended and value * OUTLIER_FACTOR < low and low - value >= OUTLIER_MIN_CHANGE:
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
