"""The demo's report forms and the reports units sent under them: the province asks its district-level
unions for quarterly and yearly reports, the bloc union its grassroots units for quarterly ones. Only the
state is written (sent, approved, returned with a comment, when and by whom), as the reports of periods
that have ended: what a user reviewing completeness and timeliness meets."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts.models import Officer, Role
from doanvu.demo import names
from doanvu.demo.evaluation.pipeline import committee
from doanvu.demo.span import (
    FIRST_YEAR,
    at,
    quarters,
    years_to,
)
from doanvu.demo.tree import (
    BLOC_CODE,
    ROOT_CODE,
    Spec,
)
from doanvu.documents import official
from doanvu.lib import periods
from doanvu.org.models import OrgUnit, UnitKind
from doanvu.reports.models import Report, ReportForm, ReportVersion

# Càng Long's district union (the demo's district officer, huyendoan) sets a form of its own.
DISTRICT_FORM_OWNER = "TV-CL"

RETURN_COMMENTS = [
    "Số liệu hiến máu chưa khớp với danh sách đơn vị máu của Hội Chữ thập đỏ; đề nghị rà soát, bổ sung minh "
    "chứng rồi gửi lại.",
    "Thiếu số liệu đoàn viên mới kết nạp theo từng cơ sở; đề nghị bổ sung rồi gửi lại.",
    "Số lượt tham gia thấp hơn số cuộc ở hoạt động Ngày chủ nhật xanh; đề nghị kiểm tra lại số liệu.",
]


# The year's theme the demo province chose (chủ đề năm): its annual report's opening names it, and so do
# the reports of the units under it (docs/domain.md, "The official form").
PROVINCE_THEME = "Tuổi trẻ Trà Vinh xung kích, sáng tạo, chuyển đổi số"


def party_committee(unit: OrgUnit) -> str:
    """The Party committee at the unit's level, as its reports name it in the opening and in Nơi nhận."""
    name = unit.name
    for union, party in (("Tỉnh đoàn ", "Tỉnh ủy "), ("Huyện đoàn ", "Huyện ủy "), ("Thị đoàn ", "Thị ủy ")):
        if name.startswith(union):
            return "Ban Thường vụ " + party + name.removeprefix(union)
    if name.startswith("Thành đoàn "):
        return "Ban Thường vụ Thành ủy " + name.removeprefix("Thành đoàn ")
    if name.startswith("Đoàn Khối "):
        return "Đảng ủy Khối " + name.removeprefix("Đoàn Khối ")
    if name.startswith("Đoàn Trường Đại học "):
        return "Đảng ủy Trường Đại học " + name.removeprefix("Đoàn Trường Đại học ")
    return committee(name)


def province_drafts(today: datetime.date, units: dict[str, OrgUnit]) -> list[Report]:
    """The province's own annual report of each year that has ended, being drafted: the year's theme and
    the Party committee typed on its page ("Thể thức"), the rest drafted from the figures."""
    province = units.get(ROOT_CODE)
    if province is None:
        return []
    return Report.objects.bulk_create(
        [
            Report(
                unit=province,
                period=str(year),
                sections={"party_committee": party_committee(province), "theme": PROVINCE_THEME},
            )
            for year in years_to(today)
            if periods.parse(str(year)).end < today
        ]
    )


def _forms(units: dict[str, OrgUnit]) -> list[tuple[ReportForm, list[str]]]:
    """The province asks its district-level unions for quarterly and yearly reports; the bloc union and
    Càng Long's district union ask their grassroots units for quarterly ones. Deadline: the 5th day after the period ends."""
    kinds = {k.code: k for k in UnitKind.objects.all()}
    wanted = [
        (_("Báo cáo quý gửi Tỉnh đoàn"), ROOT_CODE, "quarter", ["district", "bloc", "attached"]),
        (_("Báo cáo năm gửi Tỉnh đoàn"), ROOT_CODE, "year", ["district", "bloc", "attached"]),
        (_("Báo cáo quý gửi Đoàn Khối"), BLOC_CODE, "quarter", ["grassroots", "grassroots_branch"]),
        # A district sets its own form for its grassroots units (docs/domain.md, "Submission and approval").
        (_("Báo cáo quý gửi Huyện đoàn Càng Long"), DISTRICT_FORM_OWNER, "quarter", ["grassroots"]),
    ]
    out = []
    for name, owner, kind, submitters in wanted:
        if owner not in units:
            continue
        form = ReportForm.objects.create(
            name=name, owner_unit=units[owner], period_kind=kind, deadline_days=5
        )
        form.submitter_kinds.set([kinds[k] for k in submitters if k in kinds])
        out.append((form, submitters))
    return out


def write_reports(
    *, rng: random.Random, today: datetime.date, specs: list[Spec], units: dict[str, OrgUnit]
) -> tuple[list[ReportForm], list[Report]]:
    """The forms, and reports for the periods that have ended: most sent on time and approved, some late,
    a couple returned with a comment, some missing; the latest period's still waiting for a decision."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["tinhdoan", "doankhoi", "huyendoan"])
    }
    # The demo officers of a unit sent its reports (huyendoan for Càng Long, chidoan for KHCN).
    senders = {o.unit_id: o.user for o in Officer.objects.select_related("user").exclude(role=Role.VIEWER)}
    rows: list[Report] = []
    forms = _forms(units)
    for form, submitters in forms:
        owner = form.owner_unit
        # The district's form draws from its own generator, so that the rest of the demo stays as it was.
        form_rng = random.Random(f"demo-{owner.code}") if owner.code == DISTRICT_FORM_OWNER else rng
        due = [s for s in specs if s.parent == owner.code and s.kind in submitters]
        decider = users.get(
            {BLOC_CODE: "doankhoi", DISTRICT_FORM_OWNER: "huyendoan"}.get(owner.code, "tinhdoan")
        )
        ended = [p for p in _form_periods(form.period_kind, today) if p.end < today]
        slots = [(period, spec) for period in ended for spec in due]
        outcomes = _outcomes(form_rng, slots, today, form.deadline_days)
        for (period, spec), outcome in zip(slots, outcomes, strict=True):
            if outcome != "missing":
                rows.append(
                    _report(form_rng, today, form, period, units[spec.code], spec, outcome, decider, senders)
                )
    Report.objects.bulk_create(rows, batch_size=1000)
    # What each unit sent, as its first (and only) version, with the decision taken on it.
    decided = {Report.State.APPROVED: "approved", Report.State.RETURNED: "returned"}
    ReportVersion.objects.bulk_create(
        [
            ReportVersion(
                report=row,
                number=1,
                submitted_at=row.submitted_at,
                submitted_by=row.submitted_by,
                decision=decided.get(row.state, ""),
                decided_at=row.decided_at,
                decided_by=row.decided_by,
                comment=row.decision_comment,
            )
            for row in rows
            if row.submitted_at
        ],
        batch_size=1000,
    )
    return [form for form, _kinds in forms], rows


def _form_periods(kind: str, today: datetime.date) -> list[periods.Period]:
    years = years_to(today)
    if kind == "year":
        return [periods.parse(str(y)) for y in years]
    return list(quarters(years, today))


def _outcomes(rng: random.Random, slots: list, today: datetime.date, deadline_days: int) -> list[str]:
    """What became of each (period, unit) report of one form. Periods whose deadline is more than two
    months past are settled: mostly approved on time, and in 2025 two returned with a comment, two never
    sent and three sent late (one more late in 2026). For a more recent period, about a third are waiting
    for a decision and some are not sent yet."""
    out = ["approved"] * len(slots)
    settled, recent, earlier, later = [], [], [], []
    for i, (period, _spec) in enumerate(slots):
        if today <= period.end + datetime.timedelta(days=deadline_days + 60):
            recent.append(i)
            continue
        settled.append(i)
        (earlier if period.start.year == FIRST_YEAR else later).append(i)
    for i in recent:
        chance = rng.random()
        out[i] = "submitted" if chance < 0.35 else "missing" if chance < 0.45 else "approved"
    cases = ["returned", "returned", "missing", "missing", "late", "late", "late"]
    if len(earlier) >= 2 * len(cases):
        for i, case in zip(rng.sample(earlier, len(cases)), cases, strict=True):
            out[i] = case
    elif earlier:
        out[rng.choice(earlier)] = "late"
    if later:
        out[rng.choice(later)] = "late"
    return out


def _report(rng, today, form, period, unit, spec, outcome, decider, senders) -> Report:
    deadline = period.end + datetime.timedelta(days=form.deadline_days)
    if outcome == "late":
        sent = deadline + datetime.timedelta(days=rng.randint(2, 15))
    else:
        sent = period.end + datetime.timedelta(days=rng.randint(1, form.deadline_days))
    sent = min(sent, today)
    submitted_at = at(sent, rng.randint(8, 16))
    decided_at = None
    if outcome in ("approved", "late", "returned"):
        decided_at = min(at(sent + datetime.timedelta(days=rng.randint(1, 6)), 10), timezone.now())
        decided_at = max(decided_at, submitted_at)
    state = {
        "approved": Report.State.APPROVED,
        "late": Report.State.APPROVED,
        "returned": Report.State.RETURNED,
        "submitted": Report.State.SUBMITTED,
    }[outcome]
    symbol = {"district": "HĐTN", "bloc": "ĐTN", "attached": "ĐTN"}.get(spec.kind, "ĐTN")
    if spec.name.startswith(("Thị đoàn", "Thành đoàn")):
        symbol = "TĐTN"
    gender = rng.choice(["male", "female"])
    number = f"{rng.randint(period.end.month * 3, period.end.month * 3 + 20):02d}-BC/{symbol}"
    # The draws that once picked a signer are still made, in their order, so that the rest of the demo
    # stays as it was.
    rng.choice(["BÍ THƯ", "BÍ THƯ", "PHÓ BÍ THƯ"])
    names.person_name(rng, gender=gender, ethnicity="Kinh")
    party = party_committee(unit)
    # Nơi nhận by level; the signer is left to the unit's secretary (or deputy) on file on the day of issue.
    recipients = official.recipients(
        kind_code=spec.kind, name=unit.name, parent_name=form.owner_unit.name, party_committee=party
    )
    return Report(
        unit=unit,
        period=period.code,
        form=form,
        state=state,
        number=number,
        place=spec.place or names.PROVINCE,
        issued_on=sent,
        subject=_("Báo cáo kết quả công tác Đoàn và phong trào thanh thiếu nhi %(period)s")
        % {"period": period.label},
        recipients="\n".join(f"- {line}" for line in recipients),
        sections={"party_committee": party},
        finalised_at=submitted_at - datetime.timedelta(hours=2),
        submitted_at=submitted_at,
        submitted_by=senders.get(unit.pk),
        decided_at=decided_at,
        decided_by=decider if decided_at else None,
        decision_comment=rng.choice(RETURN_COMMENTS) if outcome == "returned" else "",
    )
