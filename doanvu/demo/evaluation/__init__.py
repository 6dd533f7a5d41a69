"""The demo province's year-end evaluation of 2025, added after its work records:

- criteria_table.py / assessments.py — the criteria set Tỉnh đoàn Trà Vinh issued to its 11 district-level
  units and their self-assessments with evidence (Càng Long still a draft);
- inspection.py — inspection plan 128-KH/UBKTTĐ with the team's scores, reviewed evidence and findings;
- members.py — the training programme, every counted member's evaluation, unit classifications;
- pipeline.py — outstanding-member lists handed to the Party and the people's steps since.

Deterministic: driven by the demo's `random.Random` and `today`. Nothing is dated after `today`: seeded
before the end of the 2025 cycle, the demo gets only the parts already done (the set once issued; the
assessments and the inspection after the visits; the evaluations, classifications and the Party pipeline
once the grassroots unions decided, at the end of January 2026).
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from doanvu.demo.evaluation import criteria_table, members, pipeline
from doanvu.demo.evaluation.assessments import (
    create_set,
    write_assessments,
)
from doanvu.demo.evaluation.context import (
    DECISIONS_DONE,
    PLAN_END,
    SET_ISSUED_ON,
    Context,
)
from doanvu.demo.evaluation.inspection import NUMBER as PLAN_NUMBER
from doanvu.demo.evaluation.inspection import write_inspection
from doanvu.demo.evaluation.members import unit_level
from doanvu.demo.tree import Spec
from doanvu.evaluation.models import Level
from doanvu.lib.vnnumbers import count as vn_count
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit

__all__ = ["EvaluationSummary", "seed_evaluation", "unit_level"]


@dataclass
class EvaluationSummary:
    conditions: int = 0
    units: int = 0
    submitted: int = 0
    late: int = 0
    drafts: int = 0
    evidence: int = 0
    files: int = 0
    visited: int = 0
    rejected: int = 0
    evaluated: int = 0
    levels: Counter = field(default_factory=Counter)
    undecided: int = 0
    flagged: int = 0
    classified: int = 0
    lists: int = 0
    listed: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        def n(value: int) -> str:
            return number_format(value, force_grouping=True)

        if not self.conditions:
            return ""
        parts = [
            _(
                "Đã thêm đánh giá năm 2025: bộ tiêu chí %(number)s (7 tiêu chí, %(conditions)s điều kiện, 360 + 40 "
                "điểm) cho %(units)s đơn vị"
            )
            % {"number": criteria_table.NUMBER, "conditions": self.conditions, "units": vn_count(self.units)}
        ]
        if self.submitted or self.drafts:
            parts.append(
                _(
                    "%(submitted)s bản tự chấm đã gửi (%(late)s gửi trễ), %(drafts)s đang soạn, %(evidence)s minh "
                    "chứng (%(files)s tệp); kế hoạch kiểm tra %(plan)s: %(visited)s đơn vị đã kiểm tra, "
                    "%(rejected)s minh chứng không được chấp nhận"
                )
                % {
                    "submitted": vn_count(self.submitted),
                    "late": vn_count(self.late),
                    "drafts": vn_count(self.drafts),
                    "evidence": n(self.evidence),
                    "files": n(self.files),
                    "plan": PLAN_NUMBER,
                    "visited": vn_count(self.visited),
                    "rejected": vn_count(self.rejected),
                }
            )
        if self.evaluated:
            parts.append(
                _(
                    "%(evaluated)s đoàn viên được đánh giá (%(o)s hoàn thành xuất sắc, %(g)s hoàn thành tốt, "
                    "%(c)s hoàn thành, %(x)s không hoàn thành nhiệm vụ; %(undecided)s chờ đoàn cơ sở quyết định, "
                    "%(flagged)s đề xuất vi phạm quy định), %(classified)s đơn vị được xếp loại"
                )
                % {
                    "evaluated": n(self.evaluated),
                    "o": n(self.levels[Level.OUTSTANDING]),
                    "g": n(self.levels[Level.GOOD]),
                    "c": n(self.levels[Level.COMPLETED]),
                    "x": n(self.levels[Level.NOT_COMPLETED]),
                    "undecided": n(self.undecided),
                    "flagged": n(self.flagged),
                    "classified": n(self.classified),
                }
            )
        if self.lists:
            parts.append(
                _("%(lists)s danh sách đoàn viên ưu tú với %(listed)s người bàn giao cho cấp ủy")
                % {"lists": vn_count(self.lists), "listed": n(self.listed)}
            )
        return "; ".join(parts) + _(" — %(seconds)s giây.") % {"seconds": number_format(self.seconds, 1)}


def seed_evaluation(
    *,
    rng: random.Random,
    today: datetime.date,
    specs: list[Spec],
    units: dict[str, OrgUnit],
    people: list[Member],
) -> EvaluationSummary:
    """Add the 2025 evaluation. Called by `seed_demo` inside its transaction, after the records."""
    started = time.monotonic()
    summary = EvaluationSummary()
    if today < SET_ISSUED_ON:
        return summary
    ctx = Context(rng=rng, today=today, specs=specs, units=units, people=people)
    criteria_set = create_set(ctx)
    summary.conditions = len(criteria_table.conditions())
    summary.units = criteria_set.units.count()
    if today >= DECISIONS_DONE:
        facts = members.gather(ctx)
        party = pipeline.plan_2025(ctx, facts)
        members.write_disciplines(ctx, facts, spare=party.favoured)
        members.write_training(ctx, facts, favoured=party.favoured)
        outcome = members.write_evaluations(ctx, facts)
        summary.evaluated = len(facts.evaluations)
        summary.levels, summary.undecided, summary.flagged = (
            outcome.levels,
            outcome.undecided,
            outcome.flagged,
        )
        summary.classified = members.write_classifications(ctx, facts)
        pipeline.plan_2026(ctx, facts, party)
        summary.lists, summary.listed = pipeline.write(ctx, party)
    if today > PLAN_END:
        scored = write_assessments(ctx, criteria_set)
        summary.submitted = sum(1 for s in scored if s.submitted_on)
        summary.late = sum(
            1 for s in scored if s.submitted_on and s.submitted_on > criteria_set.self_assessment_deadline
        )
        summary.drafts = len(scored) - summary.submitted
        summary.evidence = sum(len(s.evidence) for s in scored)
        inspected = write_inspection(ctx, criteria_set, scored)
        summary.visited, summary.rejected, summary.files = inspected.done, inspected.rejected, inspected.files
    summary.seconds = time.monotonic() - started
    return summary
