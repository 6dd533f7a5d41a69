"""Pages of the work report: preview and edit, the printable page, downloads, finalising, the Word template.

Views only translate HTTP: access through doanvu.accounts.scope (outside the scope 404, reading needs
VIEW, writing EDIT → 403), data through report_data, writes through doanvu.reports.document.services.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.accounts import scope
from doanvu.documents.templates import DEFAULT_TEMPLATE, template_for, template_name
from doanvu.lib import periods
from doanvu.lib.dates import parse_date
from doanvu.lib.http import protect_download
from doanvu.lib.replica_reads import reads_from_replica
from doanvu.members.download_jobs import download_start
from doanvu.reports.models import Report

from .document import jobs as report_jobs
from .document import layout, services
from .document.data import SECTIONS, report_data
from .document.files import FORMATS, PdfUnavailable, pdf_available, render_file

TEXT_SECTIONS = ("intro", *SECTIONS)
HEADER_FIELDS = ("number", "place", "issued_on", "subject", "signer_title", "signer_name", "recipients")


def _period(code: str) -> periods.Period:
    try:
        return periods.parse(code)
    except periods.PeriodError:
        raise Http404 from None


def _report(unit, period) -> Report | None:
    return Report.objects.filter(unit=unit, period=period.code).first()


def _form_values(data: dict) -> dict:
    """The edit form's initial values, from the report as it would be rendered now."""
    values = {f"chapter_{ch['code']}": ch["text"] for ch in data["chapters"]}
    values.update({f"section_{key}": data["sections"].get(key, "") for key in SECTIONS})
    values["section_intro"] = data["intro"]
    values["section_issuer"] = data["issuer"]
    values["section_on_behalf"] = data["signature"]["on_behalf"]
    values["section_theme"] = data.get("theme", "")
    values["section_party_committee"] = data.get("party_committee", "")
    values.update(
        number=data["number"],
        place=data["place"],
        issued_on=datetime.date.fromisoformat(data["issued_on"]).strftime("%d/%m/%Y"),
        subject=data["subject"],
        signer_title=data["signature"]["title"],
        signer_name=data["signature"]["name"],
        recipients="\n".join(data["recipients"]),
    )
    return values


def _edits_from(post) -> tuple[dict, dict, dict]:
    chapters = {key[len("chapter_") :]: value for key, value in post.items() if key.startswith("chapter_")}
    sections = {
        key[len("section_") :]: value
        for key, value in post.items()
        if key.startswith("section_") and key[len("section_") :] in services.TEXT_SECTIONS
    }
    header: dict = {name: post[name] for name in HEADER_FIELDS if name in post}
    if "issued_on" in header:
        raw = header["issued_on"].strip()
        try:
            header["issued_on"] = parse_date(raw) if raw else None
        except ValueError as error:
            raise ValidationError({"issued_on": [str(error)]}) from None
    return chapters, sections, header


@login_required
def document(request, code: str, period: str):
    unit = scope.get_unit(request.user, code, by="code")
    the_period = _period(period)
    report = _report(unit, the_period)
    errors: dict[str, list[str]] = {}
    posted = None
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        try:
            chapters, sections, header = _edits_from(request.POST)
            regenerate = [request.POST["regenerate"]] if request.POST.get("regenerate") else []
            report = services.report_draft(unit=unit, period=the_period, by=request.user)
            services.report_update_sections(
                report=report,
                by=request.user,
                chapters=chapters,
                sections=sections,
                header=header,
                regenerate=regenerate,
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            posted = request.POST
        else:
            if regenerate:
                messages.success(request, _("Đã viết lại mục này từ số liệu."))
            else:
                messages.success(request, _("Đã lưu nội dung báo cáo."))
            anchor = ""
            if regenerate:
                anchor = (
                    f"#edit-{regenerate[0]}" if regenerate[0] in SECTIONS else f"#chapter-{regenerate[0]}"
                )
            return redirect(reverse("reports:document", args=[unit.code, the_period.code]) + anchor)
    with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
        data = report_data(unit=unit, period=the_period, report=report)
    finalised = bool(data["finalised_at"])
    locked = bool(report and report.is_locked)
    can_edit = scope.has_role(request.user, unit, scope.EDIT) and not locked
    values = _form_values(data)
    if posted is not None:
        values.update({key: posted.get(key, value) for key, value in values.items()})
    context = {
        "unit": unit,
        "period": the_period,
        "report": report,
        "data": data,
        "blocks": layout.body(data),
        "finalised": finalised,
        "locked": locked,
        "can_edit": can_edit and not finalised,
        "can_reopen": can_edit and finalised,
        "values": values,
        "errors": errors,
        "chapter_fields": [
            {**ch, "n": n, "value": values[f"chapter_{ch['code']}"]}
            for n, ch in enumerate(data["chapters"], start=1)
        ],
        "section_fields": [
            {
                "key": key,
                "name": f"section_{key}",
                "label": label,
                "value": values[f"section_{key}"],
                "edited": key in data.get("edited_sections", []),
            }
            for key, label in SECTIONS.items()
            if key != "lessons" or data["sections"].get(key)
        ],
        "formats": FORMATS,
        "pdf_available": pdf_available(),
    }
    return render(request, "reports/document.html", context, status=422 if errors else 200)


@login_required
def document_print(request, code: str, period: str):
    """The report alone, laid out for printing (and the HTML download)."""
    unit = scope.get_unit(request.user, code, by="code")
    the_period = _period(period)
    with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
        data = report_data(unit=unit, period=the_period)
    response = render(request, "reports/document_print.html", {"data": data, "blocks": layout.body(data)})
    if request.GET.get("tai-ve"):
        response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.code}-{the_period.code}.html"'
        protect_download(response)
    return response


@login_required
def document_download(request, code: str, period: str, fmt: str):
    """A branch's Word or Excel file at once; a larger unit's report and every PDF through a background job."""
    unit = scope.get_unit(request.user, code, by="code")
    the_period = _period(period)
    if fmt not in FORMATS:
        raise Http404
    # Without LibreOffice a PDF fails at once below, with its message, rather than in a job.
    if report_jobs.in_background(unit, fmt) and (fmt != "pdf" or pdf_available()):
        job = download_start(
            user=request.user,
            unit=unit,
            kind=report_jobs.KIND,
            file_name=f"bao-cao-{unit.code}-{the_period.code}.{fmt}",
            params={"period": the_period.code, "fmt": fmt},
            back=reverse("reports:document", args=[unit.code, the_period.code]),
        )
        return redirect("jobs:download", job_id=job.id)
    with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
        data = report_data(unit=unit, period=the_period)
    try:
        file = render_file(unit=unit, data=data, fmt=fmt)
    except PdfUnavailable as error:
        messages.error(request, str(error))
        return redirect("reports:document", unit.code, the_period.code)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return protect_download(response)


@login_required
@require_POST
def document_finalise(request, code: str, period: str):
    unit = scope.get_unit(request.user, code, scope.EDIT, by="code")
    the_period = _period(period)
    try:
        report = services.report_draft(unit=unit, period=the_period, by=request.user)
        services.report_finalise(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã hoàn thành báo cáo: số liệu được chốt như hiện tại."))
    return redirect("reports:document", unit.code, the_period.code)


@login_required
@require_POST
def document_reopen(request, code: str, period: str):
    unit = scope.get_unit(request.user, code, scope.EDIT, by="code")
    the_period = _period(period)
    report = _report(unit, the_period)
    if report is None:
        raise Http404
    try:
        services.report_reopen(report=report, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã mở lại báo cáo: số liệu lại lấy theo dữ liệu hiện tại."))
    return redirect("reports:document", unit.code, the_period.code)


@login_required
def document_template(request, code: str):
    """The unit's Word template: which one its reports use, upload its own, go back to the inherited one."""
    unit = scope.get_unit(request.user, code, by="code")
    errors: list[str] = []
    if request.method == "POST":
        scope.check(request.user, unit, scope.EDIT)
        try:
            if request.POST.get("remove"):
                services.report_template_remove(unit=unit, by=request.user)
                messages.success(request, _("Đã bỏ mẫu Word riêng."))
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError({"file": [_("Hãy chọn tệp mẫu .docx.")]})
                services.report_template_upload(
                    unit=unit, content=upload.read(), filename=upload.name, by=request.user
                )
                messages.success(request, _("Đã thay mẫu Word của báo cáo."))
            return redirect("reports:document_template", unit.code)
        except ValidationError as error:
            errors = error.messages
    from django.core.files.storage import default_storage

    context = {
        "unit": unit,
        "own": default_storage.exists(template_name(unit)),
        "inherited": template_for(unit) != DEFAULT_TEMPLATE,
        "can_edit": scope.has_role(request.user, unit, scope.EDIT),
        "errors": errors,
    }
    return render(request, "reports/document_template.html", context, status=422 if errors else 200)


@login_required
def document_template_download(request, code: str):
    unit = scope.get_unit(request.user, code, by="code")
    template = template_for(unit)
    content = template if isinstance(template, bytes) else template.read_bytes()
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="mau-bao-cao-{unit.code}.docx"'
    return protect_download(response)


@login_required
def document_index(request):
    """Open a report: the unit and the period chosen from lists (codes, and a month as "12/2026", are
    accepted in the query string too)."""
    period = request.GET.get("period", "").strip()
    error = ""
    unit = scope.page_unit(request, required=False)
    the_period = None
    if period:
        try:
            the_period = periods.parse(period)
        except periods.PeriodError as exc:
            error = str(exc)
        else:
            if unit is not None:
                return redirect("reports:document", unit.code, the_period.code)
    units = list(scope.scope_units(request.user).select_related("kind").order_by("path"))
    context = {
        "error": error,
        "units": units,
        "chosen": unit,
        "period": the_period or periods.parse(str(timezone.localdate().year)),
        "typed": period if error else "",
    }
    return render(request, "reports/document_index.html", context, status=422 if error else 200)
