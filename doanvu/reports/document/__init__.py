"""The work report that writes itself: data first (report_data), then the renderings — HTML
page, DOCX (Word template), PDF (LibreOffice), XLSX (statistics form), JSON — all from the same data."""

from .data import SECTIONS, build_report_data, report_data
from .services import (
    report_draft,
    report_finalise,
    report_reopen,
    report_template_remove,
    report_template_upload,
    report_update_sections,
)

__all__ = [
    "SECTIONS",
    "build_report_data",
    "report_data",
    "report_draft",
    "report_finalise",
    "report_reopen",
    "report_template_remove",
    "report_template_upload",
    "report_update_sections",
]
