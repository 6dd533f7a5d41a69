"""The evaluation app's items on a member's timeline (doanvu.members.timeline): each year's evaluation steps
and the training programme, from their own records. Registered in EvaluationConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext as _

from doanvu.evaluation.models import (
    Level,
    TrainingResult,
)
from doanvu.members.models import Member
from doanvu.members.timeline import TimelineItem

# The audit entries of these steps: the timeline shows the records instead.
AUDIT_ACTIONS = (
    "evaluation.self",
    "evaluation.propose",
    "evaluation.decide",
    "training.register",
    "training.import",
    "training.evaluate",
)


def _username(user) -> str:
    return user.get_username() if user else ""


def evaluation_items(member: Member) -> list[TimelineItem]:
    """Each year's evaluation steps (self-assessment, the branch's proposal with the rules it broke, the
    decision) and the training programme (registration, result), dated by each step."""

    def level(value: str) -> str:
        return str(Level(value).label).lower()

    items = []
    for e in member.evaluations.select_related("unit", "decision_unit", "proposed_by", "decided_by"):
        if e.self_level and e.self_on:
            items.append(
                TimelineItem(
                    day=e.self_on,
                    kind="evaluation",
                    title=_("Tự đánh giá năm %(year)s: %(level)s")
                    % {"year": e.year, "level": level(e.self_level)},
                    note=e.self_note,
                )
            )
        if e.proposed_level and e.proposed_on:
            flags = "; ".join(f.get("message", "") for f in e.flags or [])
            items.append(
                TimelineItem(
                    day=e.proposed_on,
                    kind="evaluation",
                    title=_("%(unit)s đề xuất xếp loại năm %(year)s: %(level)s")
                    % {"unit": e.unit.name, "year": e.year, "level": level(e.proposed_level)},
                    note="; ".join(filter(None, [e.proposed_note, flags])),
                    by=_username(e.proposed_by),
                )
            )
        if e.decided_level and e.decided_on:
            number = (
                _("Quyết định số %(number)s") % {"number": e.decision_number} if e.decision_number else ""
            )
            items.append(
                TimelineItem(
                    day=e.decided_on,
                    kind="evaluation",
                    title=_("Xếp loại đoàn viên năm %(year)s: %(level)s")
                    % {"year": e.year, "level": level(e.decided_level)},
                    note="; ".join(filter(None, [e.decision_unit.name if e.decision_unit else "", number])),
                    by=_username(e.decided_by),
                )
            )
    for t in member.trainings.select_related("unit", "evaluated_by"):
        items.append(
            TimelineItem(
                day=t.registered_on,
                kind="training",
                title=_("Đăng ký chương trình rèn luyện đoàn viên năm %(year)s") % {"year": t.year},
                note=t.commitments,
            )
        )
        if t.result and t.evaluated_on:
            items.append(
                TimelineItem(
                    day=t.evaluated_on,
                    kind="training",
                    title=_("Kết quả rèn luyện đoàn viên năm %(year)s: %(result)s")
                    % {"year": t.year, "result": TrainingResult(t.result).label},
                    note=t.note,
                    by=_username(t.evaluated_by),
                )
            )
    return items
