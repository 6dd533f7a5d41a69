"""Writes to a report document: the draft, the officer's edits, finalising (the snapshot), reopening, and the
unit's own Word template. Each checks permission (doanvu.accounts.scope), validates, runs in one
transaction and writes its audit entry in it. Submission and approval live in doanvu.reports.workflow.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.documents.templates import open_template, template_name
from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit
from doanvu.reports.models import Report

from .data import SECTIONS, build_report_data

# Heading fields stored in Report's own columns, and the longest text each takes.
HEADER_FIELDS = {
    "number": 60,
    "place": 120,
    "subject": 500,
    "signer_title": 80,
    "signer_name": 120,
    "recipients": 2000,
}
# Texts kept in Report.sections besides the chapters: the drafted sections (SECTIONS), and texts of the
# frame — the opening, the issuer, on whose behalf, the year's theme and the Party committee at the unit's
# level (the opening paragraph and Nơi nhận name them).
TEXT_SECTIONS = (*SECTIONS, "intro", "issuer", "on_behalf", "theme", "party_committee")
MAX_TEXT = 20_000
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def _require(by, unit: OrgUnit, role: str = scope.EDIT) -> None:
    if not scope.has_role(by, unit, role):
        raise PermissionDenied(_("Bạn không có quyền soạn báo cáo của %(unit)s.") % {"unit": unit.name})


def _require_editable(report: Report) -> None:
    if report.is_locked:
        raise ValidationError(
            _("Báo cáo %(period)s của %(unit)s đã gửi lên cấp trên, không sửa được nữa.")
            % {"period": report.period, "unit": report.unit.name}
        )
    if report.finalised_at:
        raise ValidationError(
            _("Báo cáo đã hoàn thành ngày %(day)s; hãy mở lại để sửa.")
            % {"day": timezone.localtime(report.finalised_at).strftime("%d/%m/%Y")}
        )


@transaction.atomic
def report_draft(*, unit: OrgUnit, period: Period, by) -> Report:
    """The unit's report for the period, created as a draft the first time an officer edits it."""
    _require(by, unit)
    report, created = Report.objects.select_for_update().get_or_create(unit=unit, period=period.code)
    if created:
        audit_log(
            actor=by,
            action="report.draft",
            unit=unit,
            summary=_("Bắt đầu soạn báo cáo %(label)s") % {"label": period.label},
            data={"report": report.pk, "period": period.code},
        )
    return report


def _clean_text(name: str, value, limit: int) -> str:
    text = "" if value is None else str(value)
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if len(text) > limit:
        raise ValidationError({name: _("Dài tối đa %(n)s ký tự.") % {"n": f"{limit:,}".replace(",", ".")}})
    return text.strip()


@transaction.atomic
def report_update_sections(
    *,
    report: Report,
    by,
    chapters: Mapping[str, str] | None = None,
    sections: Mapping[str, str] | None = None,
    header: Mapping[str, object] | None = None,
    regenerate: Iterable[str] = (),
) -> Report:
    """Save the officer's edits: chapter texts (work area code → text), the hand-written sections
    (results, shortcomings, causes, direction, intro, issuer, on_behalf) and the heading fields (number,
    place, issued_on, subject, signer_title, signer_name, recipients). `regenerate` drops the edits of
    those chapters or drafted sections, so they are written again from the figures. A chapter or drafted
    section saved as it was generated is not an edit: it keeps following the figures. All or nothing."""
    _require(by, report.unit)
    report = Report.objects.select_for_update().select_related("unit").get(pk=report.pk)
    _require_editable(report)
    errors: dict[str, list[str]] = {}
    stored = dict(report.sections or {})
    stored_chapters = dict(stored.get("chapters") or {})
    from doanvu.work.models import WorkArea

    area_codes = set(WorkArea.objects.values_list("code", flat=True))
    generated = None
    for code, text in (chapters or {}).items():
        if code not in area_codes:
            errors.setdefault("chapters", []).append(
                _("Không có mặt công tác mã «%(code)s».") % {"code": code}
            )
            continue
        try:
            cleaned = _clean_text(f"chapter_{code}", text, MAX_TEXT)
        except ValidationError as error:
            errors.setdefault(f"chapter_{code}", []).extend(sum(error.message_dict.values(), []))
            continue
        if generated is None:
            generated = {c["code"]: c["generated"] for c in _live(report)["chapters"]}
        # Text left as generated stays "not edited": it follows the figures until someone changes it.
        if cleaned == generated.get(code, "").strip() or not cleaned:
            stored_chapters.pop(code, None)
        else:
            stored_chapters[code] = cleaned
    drafted = None
    for name, text in (sections or {}).items():
        if name not in TEXT_SECTIONS:
            errors.setdefault(name, []).append(_("Không có phần này."))
            continue
        try:
            cleaned = _clean_text(name, text, MAX_TEXT)
        except ValidationError as error:
            errors.setdefault(name, []).extend(sum(error.message_dict.values(), []))
            continue
        if name in SECTIONS or name == "intro":
            if drafted is None:
                drafted = _live(report).get("drafted", {})
            if not cleaned or cleaned == drafted.get(name, "").strip():
                stored.pop(name, None)
                continue
        stored[name] = cleaned
    for code in regenerate:
        stored_chapters.pop(code, None)
        if code in SECTIONS:
            stored.pop(code, None)
    for name, value in (header or {}).items():
        if name == "issued_on":
            if value not in (None, "") and not isinstance(value, datetime.date):
                errors.setdefault(name, []).append(_("Ngày không hợp lệ."))
            else:
                report.issued_on = value or None
            continue
        if name not in HEADER_FIELDS:
            errors.setdefault(name, []).append(_("Không có trường này."))
            continue
        try:
            setattr(report, name, _clean_text(name, value, HEADER_FIELDS[name]))
        except ValidationError as error:
            errors.setdefault(name, []).extend(sum(error.message_dict.values(), []))
    if errors:
        raise ValidationError(errors)
    stored["chapters"] = stored_chapters
    report.sections = stored
    report.full_clean()
    report.save()
    audit_log(
        actor=by,
        action="report.edit",
        unit=report.unit,
        summary=_("Sửa nội dung báo cáo kỳ %(period)s") % {"period": report.period},
        data={
            "report": report.pk,
            "chapters": sorted((chapters or {}).keys()),
            "regenerated": sorted(regenerate),
            "sections": sorted((sections or {}).keys()),
            "header": sorted((header or {}).keys()),
        },
    )
    return report


def _live(report: Report) -> dict:
    from doanvu.lib import periods

    return build_report_data(unit=report.unit, period=periods.parse(report.period), report=report)


@transaction.atomic
def report_finalise(*, report: Report, by) -> Report:
    """Freeze the report: the figures and the text as they stand now go into Report.figures, and every
    rendering from now on uses that snapshot."""
    _require(by, report.unit)
    report = Report.objects.select_for_update().select_related("unit", "unit__kind").get(pk=report.pk)
    _require_editable(report)
    now = timezone.now()
    if report.issued_on is None:
        report.issued_on = timezone.localdate()
    report.finalised_at = now
    report.figures = _live(report)
    report.full_clean()
    report.save()
    audit_log(
        actor=by,
        action="report.finalise",
        unit=report.unit,
        summary=_("Hoàn thành báo cáo kỳ %(period)s (chốt số liệu)") % {"period": report.period},
        data={"report": report.pk, "values": report.figures["figures"].get("values", {})},
    )
    return report


@transaction.atomic
def report_reopen(*, report: Report, by, reason: str = "") -> Report:
    """Undo finalising a report not yet submitted (or returned by the unit above): back to a live draft."""
    _require(by, report.unit)
    report = Report.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if report.is_locked:
        raise ValidationError(_("Báo cáo đã gửi lên cấp trên, không mở lại được."))
    if not report.finalised_at:
        raise ValidationError(_("Báo cáo chưa hoàn thành, không cần mở lại."))
    report.finalised_at = None
    report.figures = {}
    report.save()
    audit_log(
        actor=by,
        action="report.reopen",
        unit=report.unit,
        summary=_("Mở lại báo cáo kỳ %(period)s để sửa") % {"period": report.period},
        reason=reason,
        data={"report": report.pk},
    )
    return report


# ---------------------------------------------------------------------------------------------------------
# The unit's Word template (kept where doanvu.documents.templates looks for it)


@transaction.atomic
def report_template_upload(*, unit: OrgUnit, content: bytes, filename: str, by) -> str:
    """Replace the Word template of the unit's reports (and of units under it without their own)."""
    _require(by, unit)
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"file": _("Tệp mẫu lớn hơn 5 MB.")})
    if not filename.lower().endswith(".docx"):
        raise ValidationError({"file": _("Tệp mẫu phải là tệp Word .docx.")})
    try:
        open_template(content)
    except Exception:  # noqa: BLE001 — any failure to open means it is not a usable Word file
        raise ValidationError(
            {"file": _("Không mở được «%(name)s» như một tệp Word .docx.") % {"name": filename}}
        ) from None
    name = template_name(unit)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))
    audit_log(
        actor=by,
        action="report.template",
        unit=unit,
        summary=_("Thay mẫu Word của báo cáo bằng «%(name)s»") % {"name": filename},
    )
    return name


@transaction.atomic
def report_template_remove(*, unit: OrgUnit, by) -> None:
    """Go back to the inherited (or the default) Word template."""
    _require(by, unit)
    name = template_name(unit)
    if default_storage.exists(name):
        default_storage.delete(name)
        audit_log(actor=by, action="report.template", unit=unit, summary=_("Bỏ mẫu Word riêng của báo cáo"))
