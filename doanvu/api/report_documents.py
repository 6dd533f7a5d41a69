"""API endpoints of the work report (doanvu.reports.document): the same data as the page, as JSON at once
or as a file made by the worker (docs/architecture.md, "Background jobs"). Same scope rules as every page,
through doanvu.accounts.scope."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Query, Router
from ninja import Status as Reply
from ninja.errors import HttpError

from doanvu.accounts import scope
from doanvu.documents.pdf import MISSING
from doanvu.lib import periods
from doanvu.lib.replica_reads import reads_from_replica
from doanvu.members.download_jobs import download_start
from doanvu.reports.document import jobs as report_jobs
from doanvu.reports.document import report_data
from doanvu.reports.document.files import pdf_available

from .jobs import JobOut, job_out

router = Router(tags=["reports"])


@router.get(
    "/reports/{code}/{period}/document",
    response={200: dict, 202: JobOut},
    summary="Báo cáo công tác: dữ liệu JSON, hoặc tệp Word, PDF, Excel tạo ở nền",
    description=(
        "format=json (mặc định) trả ngay toàn bộ nội dung báo cáo: thể thức, các mục theo mặt công tác, "
        "chỉ tiêu, bảng số liệu theo đơn vị trực thuộc, số liệu (`figures`, như `doanvu stats`). Báo cáo "
        "đã hoàn thành trả đúng bản đã chốt. format=docx|pdf|xlsx không tạo tệp trong yêu cầu: trả 202 "
        "với công việc nền (`id`, `state`, `status_url`); hỏi `status_url` (GET /api/jobs/{id}) đến khi "
        "`state` là done rồi tải `download_url`. Hỏi lại cùng tệp khi công việc còn chờ hoặc đang chạy "
        "trả lại chính công việc đó. PDF cần LibreOffice trên máy chủ (503 nếu chưa có)."
    ),
)
def document_get(
    request,
    code: str,
    period: str,
    format: Literal["json", "docx", "pdf", "xlsx"] = Query("json", description="json, docx, pdf hoặc xlsx"),  # noqa: A002
):
    unit = scope.get_unit(request.user, code, by="code")
    try:
        the_period = periods.parse(period)
    except periods.PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from None
    if format == "json":
        with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
            return report_data(unit=unit, period=the_period)
    # As the page: without LibreOffice a PDF is refused at once, and no job is made.
    if format == "pdf" and not pdf_available():
        raise HttpError(503, MISSING)
    job = download_start(
        user=request.user,
        unit=unit,
        kind=report_jobs.KIND,
        file_name=f"bao-cao-{unit.code}-{the_period.code}.{format}",
        params={"period": the_period.code, "fmt": format},
        back=reverse("reports:document", args=[unit.code, the_period.code]),
    )
    return Reply(202, job_out(job))
