"""The rules of member evaluation for a unit and a year, and the checks a proposed level must pass.

Where the rules come from: the nearest EvaluationPolicy up the tree (the unit itself or an ancestor) for the
year, else settings.DOANVU_RULES["evaluation"] (docs/domain.md, "Rules kept as configuration").

The checks are pure functions over plain values, so each rule has a unit test without a database:

- outstanding needs attendance ≥ the policy's minimum (with no attendance recorded it cannot be shown, so it
  is flagged) and a training-programme result at least the required one;
- good and completed need their minimum attendance (a level also needs the minimum of every level below it);
  with no attendance recorded these are not flagged: there is nothing to say the member fell short;
- from completed up, at most `max_unpaid_dues_months` months of the year's dues may be unpaid;
- a discipline decided in the year caps the level at completed, an expulsion at not completed;
- the quota "at most N% outstanding": outstanding ones (this one included) ≤ N% of the members the group
  evaluates, rounded down (20% of 12 members: at most 2).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from doanvu.evaluation.levels import LEVEL_ORDER, Level
from doanvu.evaluation.members.models import EvaluationPolicy
from doanvu.evaluation.training.models import TrainingResult
from doanvu.lib import vnnumbers
from doanvu.members.models import Discipline

# Best first, as LEVEL_ORDER; the index is the rank.
TRAINING_ORDER = [
    TrainingResult.OUTSTANDING,
    TrainingResult.GOOD,
    TrainingResult.PASSED,
    TrainingResult.FAILED,
]
EXPULSION = "expulsion"

POLICY_FIELDS = (
    "outstanding_min_attendance_pct",
    "outstanding_training_result",
    "good_min_attendance_pct",
    "completed_min_attendance_pct",
    "max_unpaid_dues_months",
    "outstanding_max_share_pct",
    "discipline_caps_level",
)


def rank(level: str) -> int:
    """0 for outstanding … 3 for not completed."""
    return LEVEL_ORDER.index(Level(level))


def level_text(level: str) -> str:
    """The level as it reads inside a sentence: "hoàn thành xuất sắc nhiệm vụ"."""
    label = str(Level(level).label)
    return label[0].lower() + label[1:]


def training_text(result: str) -> str:
    return str(TrainingResult(result).label)


def _pct(value: Decimal | int | float) -> str:
    return vnnumbers.percent(Decimal(str(value)))


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


@dataclass(frozen=True)
class EvaluationRules:
    year: int
    outstanding_min_attendance_pct: Decimal = Decimal(90)
    outstanding_training_result: str = TrainingResult.OUTSTANDING.value
    good_min_attendance_pct: Decimal = Decimal(70)
    completed_min_attendance_pct: Decimal = Decimal(50)
    max_unpaid_dues_months: int = 3
    outstanding_max_share_pct: Decimal | None = None
    discipline_caps_level: bool = True
    self_deadline: datetime.date | None = None
    decision_deadline: datetime.date | None = None
    # Whose rules these are: the unit that set the policy ("" for the defaults of the settings).
    set_by_code: str = ""
    set_by_name: str = ""

    @classmethod
    def defaults(cls, year: int, config: dict[str, Any] | None = None) -> EvaluationRules:
        """The rules of settings.DOANVU_RULES["evaluation"] (or `config`), for a year."""
        if config is None:
            config = getattr(settings, "DOANVU_RULES", {}).get("evaluation", {})
        base = cls(year=year)
        return cls(
            year=year,
            outstanding_min_attendance_pct=_dec(
                config.get("outstanding_min_attendance_pct", base.outstanding_min_attendance_pct)
            ),
            outstanding_training_result=str(
                config.get("outstanding_training_result", base.outstanding_training_result)
            ),
            good_min_attendance_pct=_dec(config.get("good_min_attendance_pct", base.good_min_attendance_pct)),
            completed_min_attendance_pct=_dec(
                config.get("completed_min_attendance_pct", base.completed_min_attendance_pct)
            ),
            max_unpaid_dues_months=int(config.get("max_unpaid_dues_months", base.max_unpaid_dues_months)),
            outstanding_max_share_pct=_dec(config.get("outstanding_max_share_pct")),
            discipline_caps_level=bool(config.get("discipline_caps_level", base.discipline_caps_level)),
        )

    @classmethod
    def of_policy(cls, policy: EvaluationPolicy) -> EvaluationRules:
        return cls(
            year=policy.year,
            outstanding_min_attendance_pct=Decimal(policy.outstanding_min_attendance_pct),
            outstanding_training_result=policy.outstanding_training_result,
            good_min_attendance_pct=Decimal(policy.good_min_attendance_pct),
            completed_min_attendance_pct=Decimal(policy.completed_min_attendance_pct),
            max_unpaid_dues_months=policy.max_unpaid_dues_months,
            outstanding_max_share_pct=_dec(policy.outstanding_max_share_pct),
            discipline_caps_level=policy.discipline_caps_level,
            self_deadline=policy.self_deadline,
            decision_deadline=policy.decision_deadline,
            set_by_code=policy.unit.code,
            set_by_name=policy.unit.name,
        )

    @property
    def outstanding_training_label(self) -> str:
        return training_text(self.outstanding_training_result)

    def min_attendance(self, level: str) -> Decimal:
        """The attendance a level needs: its own minimum and that of every level below it."""
        own = {
            Level.OUTSTANDING: self.outstanding_min_attendance_pct,
            Level.GOOD: self.good_min_attendance_pct,
            Level.COMPLETED: self.completed_min_attendance_pct,
            Level.NOT_COMPLETED: Decimal(0),
        }
        return max(own[item] for item in LEVEL_ORDER[rank(level) :])

    def quota_max(self, base: int) -> int | None:
        """How many outstanding the quota allows among `base` members (None: no quota)."""
        if self.outstanding_max_share_pct is None:
            return None
        return int(self.outstanding_max_share_pct * base // 100)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, Decimal):
                out[key] = float(value)
            elif isinstance(value, datetime.date):
                out[key] = value.isoformat()
        return out


def policy_for(unit, year: int) -> EvaluationPolicy | None:
    """The nearest policy up the tree from `unit` (itself included) for `year`."""
    step = type(unit).steplen
    paths = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    return (
        EvaluationPolicy.objects.filter(year=year, unit__path__in=paths)
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


def rules_for(unit, year: int) -> EvaluationRules:
    """The rules that apply to members of `unit` in `year`."""
    policy = policy_for(unit, year)
    return EvaluationRules.of_policy(policy) if policy else EvaluationRules.defaults(year)


@dataclass(frozen=True)
class MemberInputs:
    """What a member's evaluation is read against, from records doanvu holds (selectors.py)."""

    meetings_expected: int = 0  # attendance rows of the branch's meetings in the year
    meetings_attended: int = 0
    meetings_excused: int = 0
    dues_due_months: int = 0  # months of the year that have ended since the member joined
    dues_paid_months: int = 0  # of those, the months paid
    training_registered: bool = False
    training_result: str = ""  # TrainingResult value, "" before the programme is evaluated
    disciplines: tuple[str, ...] = ()  # Discipline.Form values decided in the year
    positions: tuple[str, ...] = field(default=())  # "Bí thư Chi đoàn A1", held at some time in the year

    @property
    def attendance_pct(self) -> Decimal | None:
        if not self.meetings_expected:
            return None
        share = Decimal(self.meetings_attended) * 100 / Decimal(self.meetings_expected)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def dues_unpaid_months(self) -> int:
        return max(self.dues_due_months - self.dues_paid_months, 0)

    def as_json(self) -> dict[str, Any]:
        """The snapshot kept on a proposal (MemberEvaluation.inputs)."""
        pct = self.attendance_pct
        return {
            "meetings_expected": self.meetings_expected,
            "meetings_attended": self.meetings_attended,
            "meetings_excused": self.meetings_excused,
            "attendance_pct": float(pct) if pct is not None else None,
            "dues_due_months": self.dues_due_months,
            "dues_paid_months": self.dues_paid_months,
            "dues_unpaid_months": self.dues_unpaid_months,
            "training_registered": self.training_registered,
            "training_result": self.training_result,
            "disciplines": list(self.disciplines),
            "positions": list(self.positions),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MemberInputs:
        return cls(
            meetings_expected=int(data.get("meetings_expected") or 0),
            meetings_attended=int(data.get("meetings_attended") or 0),
            meetings_excused=int(data.get("meetings_excused") or 0),
            dues_due_months=int(data.get("dues_due_months") or 0),
            dues_paid_months=int(data.get("dues_paid_months") or 0),
            training_registered=bool(data.get("training_registered")),
            training_result=str(data.get("training_result") or ""),
            disciplines=tuple(data.get("disciplines") or ()),
            positions=tuple(data.get("positions") or ()),
        )


@dataclass(frozen=True)
class Flag:
    code: str  # attendance, training, dues, discipline, quota
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def _discipline_flags(rules: EvaluationRules, inputs: MemberInputs, level: str) -> list[Flag]:
    if not rules.discipline_caps_level or not inputs.disciplines:
        return []
    forms = ", ".join(str(Discipline.Form(form).label).lower() for form in dict.fromkeys(inputs.disciplines))
    if EXPULSION in inputs.disciplines:
        if level != Level.NOT_COMPLETED:
            return [
                Flag(
                    "discipline",
                    _("Bị kỷ luật khai trừ trong năm %(year)s: chỉ xếp loại không hoàn thành nhiệm vụ.")
                    % {"year": rules.year},
                )
            ]
        return []
    if rank(level) < rank(Level.COMPLETED):
        return [
            Flag(
                "discipline",
                _("Bị kỷ luật (%(forms)s) trong năm %(year)s: xếp loại tối đa là hoàn thành nhiệm vụ.")
                % {"forms": forms, "year": rules.year},
            )
        ]
    return []


def member_flags(rules: EvaluationRules, inputs: MemberInputs, level: str) -> list[Flag]:
    """The rules about the member alone that `level` breaks, with the reason in Vietnamese."""
    level = Level(level)
    flags: list[Flag] = []
    attendance = inputs.attendance_pct
    needed = rules.min_attendance(level)
    if level == Level.OUTSTANDING and attendance is None:
        flags.append(
            Flag(
                "attendance",
                _(
                    "Chưa có số liệu điểm danh sinh hoạt chi đoàn năm %(year)s; hoàn thành xuất sắc nhiệm vụ cần "
                    "tỷ lệ dự sinh hoạt từ %(needed)s trở lên."
                )
                % {"year": rules.year, "needed": _pct(needed)},
            )
        )
    elif attendance is not None and needed > 0 and attendance < needed:
        flags.append(
            Flag(
                "attendance",
                _(
                    "Tỷ lệ dự sinh hoạt %(pct)s (%(present)s/%(expected)s buổi) thấp hơn mức %(needed)s để %(level)s."
                )
                % {
                    "pct": _pct(attendance),
                    "present": inputs.meetings_attended,
                    "expected": inputs.meetings_expected,
                    "needed": _pct(needed),
                    "level": level_text(level),
                },
            )
        )
    if level == Level.OUTSTANDING:
        required = TrainingResult(rules.outstanding_training_result)
        result = inputs.training_result
        if not result:
            flags.append(
                Flag(
                    "training",
                    (
                        _("Chưa có kết quả chương trình rèn luyện đoàn viên năm %(year)s")
                        if inputs.training_registered
                        else _("Chưa đăng ký chương trình rèn luyện đoàn viên năm %(year)s")
                    )
                    % {"year": rules.year}
                    + _("; hoàn thành xuất sắc nhiệm vụ cần kết quả rèn luyện từ “%(required)s” trở lên.")
                    % {"required": training_text(required)},
                )
            )
        elif TRAINING_ORDER.index(TrainingResult(result)) > TRAINING_ORDER.index(required):
            flags.append(
                Flag(
                    "training",
                    _(
                        "Kết quả rèn luyện “%(result)s” chưa đạt mức “%(required)s” cần để hoàn thành xuất sắc "
                        "nhiệm vụ."
                    )
                    % {"result": training_text(result), "required": training_text(required)},
                )
            )
    if level != Level.NOT_COMPLETED and inputs.dues_unpaid_months > rules.max_unpaid_dues_months:
        flags.append(
            Flag(
                "dues",
                _(
                    "Chưa đóng đoàn phí %(n)s tháng trong năm %(year)s, quá mức %(max)s tháng để xếp từ hoàn thành "
                    "nhiệm vụ trở lên."
                )
                % {
                    "n": vnnumbers.count(inputs.dues_unpaid_months),
                    "year": rules.year,
                    "max": vnnumbers.count(rules.max_unpaid_dues_months),
                },
            )
        )
    flags.extend(_discipline_flags(rules, inputs, level))
    return flags


def quota_flag(rules: EvaluationRules, *, outstanding: int, base: int, group: str) -> Flag | None:
    """The quota "at most N% outstanding": `outstanding` (the one checked included) among the `base` members
    `group` evaluates ("Chi đoàn A1", "Đoàn xã A")."""
    allowed = rules.quota_max(base)
    if allowed is None or outstanding <= allowed:
        return None
    return Flag(
        "quota",
        _(
            "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ tối đa %(max)s của %(group)s: %(n)s/%(base)s đoàn viên "
            "(được tối đa %(allowed)s)."
        )
        % {
            "max": _pct(rules.outstanding_max_share_pct),
            "group": group,
            "n": vnnumbers.count(outstanding),
            "base": vnnumbers.count(base),
            "allowed": vnnumbers.count(allowed),
        },
    )


def check(
    rules: EvaluationRules,
    inputs: MemberInputs,
    level: str,
    *,
    outstanding: int | None = None,
    base: int | None = None,
    group: str = "",
) -> list[Flag]:
    """Every rule `level` breaks: the member's own, and the quota when `outstanding` and `base` are given
    (the quota only concerns an outstanding level)."""
    flags = member_flags(rules, inputs, level)
    if Level(level) == Level.OUTSTANDING and outstanding is not None and base is not None:
        flag = quota_flag(rules, outstanding=outstanding, base=base, group=group)
        if flag:
            flags.append(flag)
    return flags


def best_level(rules: EvaluationRules, inputs: MemberInputs) -> str:
    """The best level the member's own records allow (the quota aside): a default for the branch's form."""
    for level in LEVEL_ORDER:
        if not member_flags(rules, inputs, level):
            return level.value
    return Level.NOT_COMPLETED.value


def flag_dicts(flags: Iterable[Flag]) -> list[dict[str, str]]:
    return [flag.as_dict() for flag in flags]
