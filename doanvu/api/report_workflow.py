"""API endpoints of submission and approval of period reports, and of the completeness of subunits
(doanvu.reports: workflow.py writes, selectors.py and completeness.py read). Same scope rules as every
page, through doanvu.accounts.scope."""

import json

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from ninja import Query, Router, Schema

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.reports import selectors, workflow
from doanvu.reports.completeness import completeness

from .textinput import InSchema, MultiLine

router = Router(tags=["reports"])


class ReportStateOut(Schema):
    unit: str
    unit_name: str
    period: str
    state: str
    state_name: str
    is_locked: bool
    submitted_at: str | None
    submitted_by: str | None
    decided_at: str | None
    decided_by: str | None
    decision_comment: str
    times_sent: int


class InboxOut(ReportStateOut):
    deadline: str | None
    late: bool


class SubmitIn(InSchema):
    early: bool = False  # the officer confirms sending a period that has not ended


class CommentIn(InSchema):
    comment: MultiLine = ""


def _period_or_422(code: str) -> periods.Period:
    try:
        return periods.parse(code)
    except periods.PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from None


def _report_state(report) -> dict:
    return {
        "unit": report.unit.code,
        "unit_name": report.unit.name,
        "period": report.period,
        "state": report.state,
        "state_name": str(report.state_label),
        "is_locked": report.is_locked,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "submitted_by": report.submitted_by.get_username() if report.submitted_by else None,
        "decided_at": report.decided_at.isoformat() if report.decided_at else None,
        "decided_by": report.decided_by.get_username() if report.decided_by else None,
        "decision_comment": report.decision_comment,
        "times_sent": report.sent if hasattr(report, "sent") else report.versions.count(),
    }


@router.get("/reports/", response=list[ReportStateOut], summary="Các báo cáo trong phạm vi và trạng thái")
def submission_list(
    request,
    unit: str | None = Query(None, description="Chỉ đơn vị này và các đơn vị trực thuộc (mã đơn vị)"),
    period: str | None = Query(None, description="Kỳ báo cáo: 2025, 2025S1, 2025Q1, 202503…"),
):
    base = scope.get_unit(request.user, unit, by="code") if unit else None
    code = _period_or_422(period).code if period else None
    reports = selectors.reports_in_scope(user=request.user, unit=base, period=code)
    reports = reports.select_related("submitted_by", "decided_by").annotate(sent=Count("versions"))
    return [_report_state(report) for report in reports]


@router.get(
    "/reports/inbox", response=list[InboxOut], summary="Báo cáo của đơn vị trực thuộc đang chờ mình duyệt"
)
def submission_inbox(request):
    """Oldest first; `late`: sent after the form's deadline; `times_sent` > 1: sent again after a return."""
    return [
        {
            **_report_state(row["report"]),
            "deadline": row["deadline"].isoformat() if row["deadline"] else None,
            "late": row["late"],
        }
        for row in selectors.inbox(request.user)
    ]


@router.post("/reports/{code}/{period}/submit", response=ReportStateOut, summary="Gửi báo cáo lên cấp trên")
def submission_submit(request, code: str, period: str, query: Query[SubmitIn]):
    """A period that has not ended is sent only with `?early=true`, as the page asks for a confirmation."""
    unit = scope.get_unit(request.user, code, scope.EDIT, by="code")
    the_period = _period_or_422(period)
    warning = workflow.early_submission_warning(the_period)
    if warning and not query.early:
        raise ValidationError({"early": [warning]})
    return _report_state(workflow.report_submit(unit=unit, period=the_period, by=request.user))


@router.post("/reports/{code}/{period}/approve", response=ReportStateOut, summary="Duyệt báo cáo")
def submission_approve(request, code: str, period: str):
    """Body optional: {"comment": "…"}."""
    unit = scope.get_unit(request.user, code, by="code")
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = {}
    comment = str(body.get("comment", "")) if isinstance(body, dict) else ""
    return _report_state(
        workflow.report_approve(unit=unit, period=_period_or_422(period), by=request.user, comment=comment)
    )


@router.post(
    "/reports/{code}/{period}/return", response=ReportStateOut, summary="Trả lại báo cáo (kèm ý kiến)"
)
def submission_return(request, code: str, period: str, payload: CommentIn):
    unit = scope.get_unit(request.user, code, by="code")
    return _report_state(
        workflow.report_return(
            unit=unit, period=_period_or_422(period), by=request.user, comment=payload.comment
        )
    )


@router.post("/reports/{code}/{period}/unlock", response=ReportStateOut, summary="Mở khóa báo cáo đã duyệt")
def submission_unlock(request, code: str, period: str, payload: CommentIn):
    unit = scope.get_unit(request.user, code, by="code")
    return _report_state(
        workflow.report_unlock(
            unit=unit, period=_period_or_422(period), by=request.user, comment=payload.comment
        )
    )


@router.get("/completeness/{code}", summary="Tiến độ, đúng hạn báo cáo của các đơn vị trực thuộc")
def submission_completeness(
    request,
    code: str,
    period: str = Query(..., description="Kỳ báo cáo: 2025, 2025S1, 2025Q1, 202503…"),
    form: int | None = Query(None, description="Mã số biểu mẫu; trống: biểu mẫu cùng loại kỳ gần nhất"),
):
    unit = scope.get_unit(request.user, code, by="code")
    parsed = _period_or_422(period)
    forms = [f for f in selectors.forms_visible_at(unit) if f.is_active]
    chosen = next((f for f in forms if f.pk == form), None) if form else selectors.default_form(unit, parsed)
    if chosen is None:
        raise Http404
    result = completeness(unit=unit, form=chosen, period=parsed)
    return {
        "unit": unit.code,
        "period": parsed.code,
        "form": {"id": chosen.pk, "name": chosen.name, "owner": chosen.owner_unit.code},
        "deadline": result.deadline.isoformat(),
        "counts": result.counts,
        "units": [
            {
                "unit": row.unit.code,
                "name": row.unit.name,
                "status": row.status,
                "status_name": row.label,
                "late": row.late,
                "submitted_at": row.report.submitted_at.isoformat()
                if row.report and row.report.submitted_at
                else None,
            }
            for row in result.rows
        ],
        "remind": [
            {"unit": row.unit.code, "name": row.unit.name, "status": row.status, "officers": row.officers}
            for row in result.to_remind
        ],
    }
