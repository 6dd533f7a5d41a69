"""API endpoints: reports (same scope rules as every page, through doanvu.accounts.scope)."""

from ninja import Router

router = Router(tags=["reports"])


# documents
# The work report (doanvu.reports.document): the same data as the page, as a file or as JSON.

from typing import Literal as _Literal  # noqa: E402

from django.http import HttpResponse as _HttpResponse  # noqa: E402
from ninja import Query as _DocQuery  # noqa: E402
from ninja.errors import HttpError as _HttpError  # noqa: E402

from doanvu.accounts import scope as _doc_scope  # noqa: E402
from doanvu.lib import periods as _doc_periods  # noqa: E402
from doanvu.reports.document import report_data as _report_data  # noqa: E402
from doanvu.reports.document.files import PdfUnavailable as _PdfUnavailable  # noqa: E402
from doanvu.reports.document.files import render_file as _render_file  # noqa: E402


@router.get(
    "/reports/{code}/{period}/document",
    summary="Báo cáo công tác: tệp Word, PDF, Excel hoặc dữ liệu JSON",
    description=(
        "format=json (mặc định) trả toàn bộ nội dung báo cáo: thể thức, các mục theo mặt công tác, chỉ "
        "tiêu, bảng số liệu theo đơn vị trực thuộc, số liệu (`figures`, như `doanvu stats`). Báo cáo đã "
        "hoàn thành trả đúng bản đã chốt. format=docx|pdf|xlsx trả tệp; PDF cần LibreOffice trên máy chủ "
        "(503 nếu chưa có)."
    ),
)
def document_get(
    request,
    code: str,
    period: str,
    format: _Literal["json", "docx", "pdf", "xlsx"] = _DocQuery(
        "json", description="json, docx, pdf hoặc xlsx"
    ),  # noqa: A002
):
    from django.core.exceptions import ValidationError

    unit = _doc_scope.get_unit(request.user, code, by="code")
    try:
        the_period = _doc_periods.parse(period)
    except _doc_periods.PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from None
    data = _report_data(unit=unit, period=the_period)
    if format == "json":
        return data
    try:
        file = _render_file(unit=unit, data=data, fmt=format)
    except _PdfUnavailable as error:
        raise _HttpError(503, str(error)) from None
    response = _HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


# submission
# Submission and approval of period reports, and the completeness of subunits (doanvu.reports.workflow).

from ninja import Query as _Query  # noqa: E402
from ninja import Schema as _Schema  # noqa: E402

from doanvu.accounts import scope as _scope  # noqa: E402
from doanvu.lib import periods as _periods  # noqa: E402
from doanvu.reports import workflow as _workflow  # noqa: E402


class ReportStateOut(_Schema):
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


class CommentIn(_Schema):
    comment: str = ""


def _period_or_422(code: str) -> _periods.Period:
    from django.core.exceptions import ValidationError

    try:
        return _periods.parse(code)
    except _periods.PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from None


def _report_state(report) -> dict:
    return {
        "unit": report.unit.code,
        "unit_name": report.unit.name,
        "period": report.period,
        "state": report.state,
        "state_name": str(report.get_state_display()),
        "is_locked": report.is_locked,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "submitted_by": report.submitted_by.get_username() if report.submitted_by else None,
        "decided_at": report.decided_at.isoformat() if report.decided_at else None,
        "decided_by": report.decided_by.get_username() if report.decided_by else None,
        "decision_comment": report.decision_comment,
    }


@router.get("/reports/", response=list[ReportStateOut], summary="Các báo cáo trong phạm vi và trạng thái")
def submission_list(
    request,
    unit: str | None = _Query(None, description="Chỉ đơn vị này và các đơn vị trực thuộc (mã đơn vị)"),
    period: str | None = _Query(None, description="Kỳ báo cáo: 2025, 2025S1, 2025Q1, 202503…"),
):
    base = _scope.get_unit(request.user, unit, by="code") if unit else None
    code = _period_or_422(period).code if period else None
    reports = _workflow.reports_in_scope(user=request.user, unit=base, period=code)
    return [_report_state(report) for report in reports.select_related("submitted_by", "decided_by")]


@router.post("/reports/{code}/{period}/submit", response=ReportStateOut, summary="Gửi báo cáo lên cấp trên")
def submission_submit(request, code: str, period: str):
    unit = _scope.get_unit(request.user, code, _scope.EDIT, by="code")
    return _report_state(_workflow.report_submit(unit=unit, period=_period_or_422(period), by=request.user))


@router.post("/reports/{code}/{period}/approve", response=ReportStateOut, summary="Duyệt báo cáo")
def submission_approve(request, code: str, period: str):
    """Body optional: {"comment": "…"}."""
    import json

    unit = _scope.get_unit(request.user, code, by="code")
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = {}
    comment = str(body.get("comment", "")) if isinstance(body, dict) else ""
    return _report_state(
        _workflow.report_approve(unit=unit, period=_period_or_422(period), by=request.user, comment=comment)
    )


@router.post(
    "/reports/{code}/{period}/return", response=ReportStateOut, summary="Trả lại báo cáo (kèm ý kiến)"
)
def submission_return(request, code: str, period: str, payload: CommentIn):
    unit = _scope.get_unit(request.user, code, by="code")
    return _report_state(
        _workflow.report_return(
            unit=unit, period=_period_or_422(period), by=request.user, comment=payload.comment
        )
    )


@router.post("/reports/{code}/{period}/unlock", response=ReportStateOut, summary="Mở khóa báo cáo đã duyệt")
def submission_unlock(request, code: str, period: str, payload: CommentIn):
    unit = _scope.get_unit(request.user, code, by="code")
    return _report_state(
        _workflow.report_unlock(
            unit=unit, period=_period_or_422(period), by=request.user, comment=payload.comment
        )
    )


@router.get("/completeness/{code}", summary="Tiến độ, đúng hạn báo cáo của các đơn vị trực thuộc")
def submission_completeness(
    request,
    code: str,
    period: str = _Query(..., description="Kỳ báo cáo: 2025, 2025S1, 2025Q1, 202503…"),
    form: int | None = _Query(None, description="Mã số biểu mẫu; trống: biểu mẫu cùng loại kỳ gần nhất"),
):
    from django.http import Http404

    unit = _scope.get_unit(request.user, code, by="code")
    parsed = _period_or_422(period)
    forms = [f for f in _workflow.forms_visible_at(unit) if f.is_active]
    chosen = next((f for f in forms if f.pk == form), None) if form else _workflow.default_form(unit, parsed)
    if chosen is None:
        raise Http404
    result = _workflow.completeness(unit=unit, form=chosen, period=parsed)
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
