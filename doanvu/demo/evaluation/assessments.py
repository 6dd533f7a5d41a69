"""The 2025 criteria set (criteria_table.py) and the 11 district-level units' self-assessments against it:
a score and an explanation per condition, and evidence — notes, links, the unit's own activities and
reports held in doanvu, and a few generated files. Ten units submitted (one after the deadline); Huyện đoàn
Càng Long is still scoring, with some conditions open and one condition's mandatory evidence missing, which
keeps it from submitting — work for the demo user `huyendoan`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from doanvu.demo.evaluation import criteria_table as table
from doanvu.demo.evaluation import rows
from doanvu.demo.evaluation.context import (
    SELF_DEADLINE,
    SET_ISSUED_ON,
    YEAR,
    Context,
    between,
    days,
    symbol,
)
from doanvu.demo.evaluation.files import (
    ascii_text,
    pdf_bytes,
    png_bytes,
    write_on_commit,
)
from doanvu.demo.span import at
from doanvu.demo.tree import ROOT_CODE
from doanvu.evaluation.criteria.services import (
    criteria_set_build,
    criteria_set_issue,
)
from doanvu.evaluation.inspection.models import evidence_path
from doanvu.evaluation.inspection.proposals import propose_all
from doanvu.evaluation.models import (
    Assessment,
    Condition,
    ConditionScore,
    CriteriaSet,
    Evidence,
)
from doanvu.lib import periods
from doanvu.reports.models import Report
from doanvu.work.models import Activity

DRAFT_CODE = "TV-CL"  # huyendoan's unit: still a draft
MISSING = "7.1"  # the mandatory evidence Càng Long has not attached yet


@dataclass
class Scored:
    """One unit's self-assessment as written, for the inspection to work on."""

    assessment: Assessment
    strength: float
    scores: dict[str, ConditionScore] = field(default_factory=dict)  # condition code → score
    evidence: list[Evidence] = field(default_factory=list)
    submitted_on: datetime.date | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # storage name → content, written on commit


def create_set(ctx: Context) -> CriteriaSet:
    """The set, built from the table by the criteria services (every row checked by the rules the editor
    and the xlsx import use, audited) and issued by the province to its 11 district-level units."""
    by = ctx.user("tinhdoan")
    criteria_set = criteria_set_build(
        issuer=ctx.units[ROOT_CODE],
        year=YEAR,
        title=table.TITLE,
        structure=table.structure(),
        by=by,
        units=[ctx.units[s.code] for s in ctx.districts()],
        header={"number": table.NUMBER, "self_assessment_deadline": SELF_DEADLINE, "note": table.NOTE},
        check_permission=False,
    )
    return criteria_set_issue(
        criteria_set=criteria_set, by=by, issued_on=SET_ISSUED_ON, check_permission=False
    )


# --- self-assessment ---------------------------------------------------------------------------------------


def _self_points(rng, condition: Condition, strength: float, proposed: Decimal | None) -> Decimal:
    """What a unit gives itself: the data's proposal when there is one, else mostly the best grade (more
    often the stronger the unit); bonus points only when it has something to show."""
    grades = condition.grade_points()
    if proposed is not None:
        if rng.random() < 0.2 and grades and proposed in grades and grades.index(proposed) > 0:
            return grades[grades.index(proposed) - 1]  # a unit claims a little more than its data
        return proposed
    if condition.is_bonus:
        claim = rng.random() < (strength - 0.75) * 2.5
        return grades[rng.choice([0, 1]) if len(grades) > 2 else 0] if claim else Decimal(0)
    if not grades:
        share = rng.uniform(max(0.6, strength - 0.12), 1.0)
        return Decimal(round(float(condition.max_points) * share * 2) / 2).quantize(Decimal("0.01"))
    draw = rng.random()
    step = 0 if draw < strength else 1 if draw < strength + (1 - strength) * 0.8 else 2
    return grades[min(step, len(grades) - 2)]


def _unit_records(ctx: Context, code: str) -> tuple[dict[str, list[Activity]], list[Report]]:
    """The unit's own 2025 activities (led or co-organised) by work area, and its 2025 reports."""
    unit = ctx.units[code]
    activities = (
        Activity.objects.filter(Q(unit=unit) | Q(organiser_links__unit=unit), start_on__year=YEAR)
        .select_related("work_area")
        .distinct()
        .order_by("start_on", "pk")
    )
    by_area: dict[str, list[Activity]] = {}
    for activity in activities:
        by_area.setdefault(activity.work_area.code, []).append(activity)
    reports = [
        r
        for r in Report.objects.filter(unit=unit, period__startswith=str(YEAR)).order_by("period", "pk")
        if r.submitted_at is not None
    ]
    return by_area, reports


def _report_title(report: Report) -> str:
    number = f" số {report.number}" if report.number else ""
    return f"Báo cáo {periods.parse(report.period).label}{number}"


class _Evidence:
    """Builds one unit's evidence rows (and the files behind the "file" ones)."""

    def __init__(
        self, ctx: Context, scored: Scored, code: str, until: datetime.date, files: dict[str, bytes]
    ):
        self.ctx, self.scored, self.code, self.until, self.files = ctx, scored, code, until, files
        self.by_area, self.reports = _unit_records(ctx, code)
        self.used: set[int] = set()
        self.uploader = ctx.officer_of.get(ctx.units[code].pk)
        self.slug = ascii_text(ctx.units[code].name).lower().replace(" ", "")

    def add(self, condition: Condition, cond: table.Cond, say: str) -> None:
        for kind, title in cond.proofs:
            if kind.startswith("activity:"):
                self._activity(condition, kind.split(":", 1)[1])
            elif kind == "report":
                for report in [r for r in self.reports if r.submitted_at.date() <= self.until][:3]:
                    self._row(condition, Evidence.Kind.RECORD, _report_title(report), report=report)
            elif kind in ("file", "png"):
                self._file(condition, title, png=kind == "png")
            elif kind == "link":
                social = "mạng xã hội" in title or "mô hình" in title
                self._row(condition, Evidence.Kind.LINK, title, url=self._url(social=social))
            else:
                self._row(condition, Evidence.Kind.NOTE, title, note=say or title)
        if cond.mandatory and not any(e.condition_id == condition.pk for e in self.scored.evidence):
            self._row(condition, Evidence.Kind.NOTE, cond.evidence[:255], note=say or cond.evidence)

    def _activity(self, condition: Condition, area: str) -> None:
        choices = [
            a for a in self.by_area.get(area, []) if a.start_on <= self.until and a.pk not in self.used
        ]
        if choices:
            activity = self.ctx.rng.choice(choices)
            self.used.add(activity.pk)
            title = _("Hoạt động: %(title)s (%(day)s)") % {
                "title": activity.title,
                "day": activity.start_on.strftime("%d/%m/%Y"),
            }
            self._row(condition, Evidence.Kind.RECORD, title[:255], activity=activity)

    def _url(self, *, social: bool) -> str:
        """A post on the unit's page, or a shared folder of scanned documents and photos."""
        rng = self.ctx.rng
        if social:
            return f"https://www.facebook.com/{self.slug}/posts/{rng.randint(10**15, 10**16 - 1)}"
        letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
        return "https://drive.google.com/drive/folders/" + "".join(rng.choice(letters) for _i in range(33))

    def _file(self, condition: Condition, title: str, *, png: bool) -> None:
        rng = self.ctx.rng
        evidence = self._row(condition, Evidence.Kind.FILE, title)
        evidence.content_type = "image/png" if png else "application/pdf"
        unit = self.ctx.units[self.code]
        name = evidence_path(evidence, "minh-chung.png" if png else "minh-chung.pdf")
        name = name.rsplit("/", 1)[0] + f"/{rng.getrandbits(128):032x}" + (".png" if png else ".pdf")
        evidence.file.name = name
        if png:
            self.files[name] = png_bytes(rng, title)
        else:
            day = between(rng, SET_ISSUED_ON + days(10), self.until - days(5))
            self.files[name] = pdf_bytes(
                [
                    "DOAN TNCS HO CHI MINH",
                    f"BCH {unit.name.upper()}",
                    f"Tra Vinh, ngay {day.day:02d} thang {day.month:02d} nam {day.year}",
                    title,
                    f"Minh chung dieu kien {condition.code}: {condition.text[:70]}",
                    "(Ban sao luu tai van phong; doanvu - du lieu mau)",
                ]
            )

    def _row(self, condition: Condition, kind: str, title: str, **values) -> Evidence:
        evidence = Evidence(
            assessment=self.scored.assessment,
            condition=condition,
            kind=kind,
            title=title[:255],
            uploaded_by=self.uploader,
            uploaded_at=at(self.until - days(self.ctx.rng.randint(1, 12)), self.ctx.rng.randint(8, 17)),
            **values,
        )
        self.scored.evidence.append(evidence)
        return evidence


def write_assessments(ctx: Context, criteria_set: CriteriaSet) -> list[Scored]:
    """The 11 self-assessments (the rows; their scores and evidence are kept for the inspection, then
    written by `save_scored`)."""
    rng = ctx.rng
    districts = ctx.districts()
    conditions = list(criteria_set.conditions().select_related("content__criterion"))
    by_code = {c.code: c for c in table.conditions()}
    late = rng.choice([s.code for s in districts if s.code != DRAFT_CODE])
    out = []
    for spec in districts:
        draft = spec.code == DRAFT_CODE
        assessment = Assessment.objects.create(criteria_set=criteria_set, unit=ctx.units[spec.code])
        scored = Scored(assessment, strength=0.8 if draft else rng.uniform(0.55, 0.93))
        if spec.code == late:
            scored.submitted_on = datetime.date(YEAR, 11, 3)
        elif not draft:
            scored.submitted_on = between(rng, datetime.date(YEAR, 10, 20), SELF_DEADLINE)
        until = scored.submitted_on or SELF_DEADLINE
        proposals = propose_all(assessment=assessment)
        builder = _Evidence(ctx, scored, spec.code, until, scored.files)
        open_codes = set()
        if draft:  # still scoring: the bonus conditions and some others are open
            plain = [c.code for c in conditions if not c.is_bonus and not c.evidence_mandatory]
            open_codes = {c.code for c in conditions if c.is_bonus} | set(rng.sample(plain, 6))
        for condition in conditions:
            cond = by_code[condition.code]
            proposed, basis = proposals.get(condition.pk, (None, ""))
            points = (
                None
                if condition.code in open_codes
                else _self_points(rng, condition, scored.strength, proposed)
            )
            say = ""
            if points and proposed is not None and basis:
                say = _("Theo số liệu trên doanvu: %(basis)s.") % {"basis": basis}
            elif points:
                say = cond.say.format(n=rng.randint(2, 9), pct=rng.randint(86, 100))
            scored.scores[condition.code] = ConditionScore(
                assessment=assessment,
                condition=condition,
                proposed_points=proposed,
                proposed_basis=(basis or "")[:500],
                self_points=points,
                self_note=say,
            )
            if points is None or (draft and condition.code == MISSING):
                continue
            if points > 0 or cond.mandatory:
                builder.add(condition, cond, say)
        out.append(scored)
        if scored.submitted_on:
            assessment.state = Assessment.State.SUBMITTED
            assessment.submitted_at = at(scored.submitted_on, rng.randint(8, 16))
            assessment.submitted_by = ctx.officer_of.get(assessment.unit_id)
            assessment.note = _("Kèm Báo cáo tự đánh giá số %(n)s-BC/%(s)s") % {
                "n": f"{rng.randint(20, 60):02d}",
                "s": symbol(spec.kind, spec.name),
            }
            assessment.save(update_fields=["state", "submitted_at", "submitted_by", "note"])
    return out


def save_scored(scored: list[Scored]) -> int:
    """Write the scores and evidence (as the units and the inspection team left them); the files behind
    the "file" evidence are written when the transaction commits. Returns the number of files."""
    files: dict[str, bytes] = {}
    for s in scored:
        files.update(s.files)
    rows.insert(ConditionScore, [score for s in scored for score in s.scores.values()])
    rows.insert(Evidence, [e for s in scored for e in s.evidence])
    write_on_commit(files)
    return len(files)
