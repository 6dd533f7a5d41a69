"""The province's inspection of its 11 district-level units, as the real one of 2023 went: Kế hoạch số
128-KH/UBKTTĐ of 20/10/2025, a team of five, visits from 02 to 10/11/2025. The team has scored the ten units
that submitted — confirming most scores, lowering some with a comment, raising one now and then, and
rejecting a few pieces of evidence ("minh chứng có sai sót", "số liệu chưa chính xác") — and written their
findings; Càng Long's visit waits for its self-assessment. Final scores, ranks and proposed levels come
from doanvu.evaluation.inspection.scoring.plan_rank. The ranking is not published and there is no conclusion yet: the
demo user `tinhdoan` writes it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from doanvu.demo import names
from doanvu.demo.evaluation import texts
from doanvu.demo.evaluation.assessments import (
    Scored,
    save_scored,
)
from doanvu.demo.evaluation.context import (
    PLAN_END,
    PLAN_ISSUED_ON,
    PLAN_START,
    YEAR,
    Context,
)
from doanvu.demo.span import at
from doanvu.demo.tree import ROOT_CODE
from doanvu.evaluation.inspection.scoring import plan_rank
from doanvu.evaluation.models import (
    Assessment,
    CriteriaSet,
    Evidence,
    InspectionPlan,
    InspectionVisit,
)

NUMBER = "128-KH/UBKTTĐ"
TITLE = "Kế hoạch kiểm tra, đánh giá chất lượng công tác Đoàn và phong trào thanh thiếu nhi năm 2025"
TEAM = [
    ("Phó Bí thư Tỉnh đoàn, Chủ nhiệm Ủy ban Kiểm tra Tỉnh đoàn", "Trưởng đoàn"),
    ("Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức – Kiểm tra Tỉnh đoàn", "Phó Trưởng đoàn"),
    ("Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh đoàn", "Thành viên"),
    ("Phó Trưởng Ban Phong trào Tỉnh đoàn", "Thành viên"),
    ("Chuyên viên Ban Tổ chức – Kiểm tra Tỉnh đoàn", "Thư ký"),
]
VISIT_DAYS = [datetime.date(YEAR, 11, d) for d in (3, 4, 5, 6, 7, 10)]


@dataclass
class Inspected:
    plan: InspectionPlan
    done: int = 0
    rejected: int = 0
    adjusted: int = 0
    files: int = 0


def _team(ctx: Context) -> str:
    lines = []
    for title, role in TEAM:
        gender = ctx.rng.choice(["male", "female"])
        name = names.person_name(ctx.rng, gender=gender, ethnicity="Kinh")
        while any(a == b for a, b in zip(name.split(), name.split()[1:], strict=False)):  # "Ngọc Ngọc"
            name = names.person_name(ctx.rng, gender=gender, ethnicity="Kinh")
        lines.append(f"Đ/c {name}, {title} — {role}")
    return "\n".join(lines)


def _lower(condition, points: Decimal) -> Decimal:
    """The next grade below `points` (a graded condition), or two points less, never below 0."""
    grades = condition.grade_points()
    below = [g for g in grades if g < points]
    if grades:
        return below[0] if below else Decimal(0)
    return max(Decimal(0), points - 2)


def _raise(condition, points: Decimal) -> Decimal | None:
    above = [g for g in condition.grade_points() if g > points]
    return above[-1] if above else None


def _schedule(ctx: Context, scored: list[Scored]) -> dict[int, datetime.date]:
    """Two units a day; the unit that sent its self-assessment late is visited after it arrived."""
    done = [s for s in scored if s.submitted_on]
    slots = sorted([day for day in VISIT_DAYS for _i in (0, 1)][: len(done)])
    ctx.rng.shuffle(done)
    out = {}
    for s, day in zip(done, slots, strict=True):
        out[s.assessment.pk] = day
    for s in done:
        if out[s.assessment.pk] <= s.submitted_on:
            later = max(done, key=lambda o: out[o.assessment.pk])
            out[s.assessment.pk], out[later.assessment.pk] = out[later.assessment.pk], out[s.assessment.pk]
    return out


def write_inspection(ctx: Context, criteria_set: CriteriaSet, scored: list[Scored]) -> Inspected:
    rng = ctx.rng
    inspector = ctx.user("tinhdoan")
    plan = InspectionPlan.objects.create(
        issuer=ctx.units[ROOT_CODE],
        criteria_set=criteria_set,
        number=NUMBER,
        issued_on=PLAN_ISSUED_ON,
        title=TITLE,
        start_on=PLAN_START,
        end_on=PLAN_END,
        team=_team(ctx),
        state=InspectionPlan.State.IN_PROGRESS,
        created_by=inspector,
    )
    plan.units.set([s.assessment.unit for s in scored])
    result = Inspected(plan)
    schedule = _schedule(ctx, scored)
    done = [s for s in scored if s.assessment.pk in schedule]
    rejecting = {
        s.assessment.pk: n for s, n in zip(rng.sample(done, min(2, len(done))), (2, 1), strict=False)
    }
    visits = []
    for s in scored:
        unit = s.assessment.unit
        visit = InspectionVisit(plan=plan, unit=unit, assessment=s.assessment)
        visits.append(visit)
        day = schedule.get(s.assessment.pk)
        if day is None:
            continue
        reviewed_at = at(day, 15)
        rejected = _review(ctx, s, rejecting.get(s.assessment.pk, 0), inspector, reviewed_at)
        result.rejected += len(rejected)
        result.adjusted += _score(ctx, s, rejected)
        visit.visited_on, visit.state = day, InspectionVisit.State.DONE
        strengths = rng.sample(texts.STRENGTHS, 2)
        shortcomings = rng.sample(texts.SHORTCOMINGS[2:], rng.randint(1, 2))
        if rejected:
            shortcomings.insert(0, texts.SHORTCOMINGS[rng.randint(0, 1)])
        visit.strengths = "\n".join(line.format(unit=unit.name) for line in strengths)
        visit.shortcomings = "\n".join(shortcomings)
        visit.recommendations = "\n".join(rng.sample(texts.RECOMMENDATIONS, rng.randint(2, 3)))
        s.assessment.state = Assessment.State.INSPECTED
        result.done += 1
    result.files = save_scored(scored)
    Assessment.objects.filter(pk__in=[s.assessment.pk for s in done]).update(state=Assessment.State.INSPECTED)
    InspectionVisit.objects.bulk_create(visits)
    plan_rank(plan)
    return result


def _review(ctx: Context, s: Scored, reject: int, inspector, when) -> list[Evidence]:
    """Accept every piece of evidence but `reject` of them (files, links and notes of conditions scored
    above zero), each with the reason."""
    pool = [
        e
        for e in s.evidence
        if e.kind != Evidence.Kind.RECORD
        and not e.condition.data_source
        and (s.scores[e.condition.code].self_points or 0) > 0
    ]
    rejected = ctx.rng.sample(pool, min(reject, len(pool)))
    for e in s.evidence:
        e.status, e.reviewed_by, e.reviewed_at = Evidence.Status.ACCEPTED, inspector, when
    for e in rejected:
        kind = "png" if e.content_type == "image/png" else e.kind
        e.status, e.review_reason = Evidence.Status.REJECTED, ctx.rng.choice(texts.REJECT[kind])
    return rejected


def _score(ctx: Context, s: Scored, rejected: list[Evidence]) -> int:
    """The team's points on every condition: the unit's own for most; the data's proposal where it differs;
    lower where evidence was rejected or falls short; now and then higher. Returns how many differ."""
    rng = ctx.rng
    for score in s.scores.values():
        score.inspector_points, score.inspector_comment = score.self_points or Decimal(0), ""
    for e in rejected:
        score = s.scores[e.condition.code]
        others = [
            o for o in s.evidence if o.condition_id == e.condition_id and o.status != Evidence.Status.REJECTED
        ]
        if e.condition.evidence_mandatory and not others:
            score.inspector_points = Decimal(0)
            score.inspector_comment = _(
                "Minh chứng không được chấp nhận; điều kiện bắt buộc có minh chứng nên không tính điểm."
            )
        else:
            score.inspector_points = _lower(e.condition, score.inspector_points)
            score.inspector_comment = _("Minh chứng «%(title)s» không được chấp nhận. %(reason)s") % {
                "title": e.title,
                "reason": e.review_reason,
            }
    touched = {e.condition.code for e in rejected}
    for code, score in s.scores.items():
        if score.proposed_points is not None and score.proposed_points != score.inspector_points:
            score.inspector_points = score.proposed_points
            score.inspector_comment = _("Theo số liệu trên doanvu: %(basis)s.") % {
                "basis": score.proposed_basis
            }
            touched.add(code)
    plain = [
        score
        for code, score in sorted(s.scores.items())
        if code not in touched
        and score.proposed_points is None  # what the data shows is not argued with
        and not score.condition.is_bonus
        and (score.self_points or 0) > 0
    ]
    for score in rng.sample(plain, min(len(plain), rng.randint(2, 4) + (s.strength < 0.75))):
        score.inspector_points = _lower(score.condition, score.self_points)
        score.inspector_comment = rng.choice(texts.LOWER)
    if rng.random() < 0.3:
        for score in plain:
            higher = _raise(score.condition, score.self_points)
            if not score.inspector_comment and higher is not None:
                score.inspector_points, score.inspector_comment = higher, rng.choice(texts.RAISE)
                break
    return sum(score.inspector_points != (score.self_points or 0) for score in s.scores.values())
