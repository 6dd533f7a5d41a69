"""One entry point for every download of a report: the same data, the format asked for."""

from __future__ import annotations

from dataclasses import dataclass

from doanvu.org.models import OrgUnit

from .docx import render_docx, template_for
from .pdf import PdfUnavailable, docx_to_pdf, pdf_available
from .xlsx import render_xlsx

FORMATS = ("docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

__all__ = ["FORMATS", "CONTENT_TYPES", "PdfUnavailable", "ReportFile", "pdf_available", "render_file"]


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    content_type: str
    filename: str


def filename(data: dict, fmt: str) -> str:
    """ "bao-cao-CA1-2025Q1.docx" (ASCII: safe in every browser and on every disk)."""
    return f"bao-cao-{data['unit']['code']}-{data['period']['code']}.{fmt}"


def render_file(*, unit: OrgUnit, data: dict, fmt: str) -> ReportFile:
    """Raise ValueError for an unknown format, PdfUnavailable when a PDF cannot be made here."""
    if fmt == "xlsx":
        content = render_xlsx(data)
    elif fmt in ("docx", "pdf"):
        content = render_docx(data, template_for(unit))
        if fmt == "pdf":
            content = docx_to_pdf(content)
    else:
        raise ValueError(fmt)
    return ReportFile(content, CONTENT_TYPES[fmt], filename(data, fmt))
