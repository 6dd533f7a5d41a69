"""API endpoints of the work report (doanvu.reports.document): the same data as the page, as a file or as
JSON. Same scope rules as every page, through doanvu.accounts.scope."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Query, Router
from ninja.errors import HttpError

from doanvu.accounts import scope
from doanvu.lib import periods
from doanvu.lib.http import protect_download
from doanvu.lib.replica_reads import reads_from_replica
from doanvu.reports.document import report_data
from doanvu.reports.document.files import PdfUnavailable, render_file

router = Router(tags=["reports"])


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
    format: Literal["json", "docx", "pdf", "xlsx"] = Query("json", description="json, docx, pdf hoặc xlsx"),  # noqa: A002
):
    unit = scope.get_unit(request.user, code, by="code")
    try:
        the_period = periods.parse(period)
    except periods.PeriodError as error:
        raise ValidationError({"period": [str(error)]}) from None
    with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
        data = report_data(unit=unit, period=the_period)
    if format == "json":
        return data
    try:
        file = render_file(unit=unit, data=data, fmt=format)
    except PdfUnavailable as error:
        raise HttpError(503, str(error)) from None
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return protect_download(response)
