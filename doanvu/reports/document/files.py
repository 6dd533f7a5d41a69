"""One entry point for every download of a report: the same data, the format asked for."""

from __future__ import annotations

from doanvu.documents.files import DocumentFile
from doanvu.documents.pdf import PdfUnavailable, docx_to_pdf, pdf_available
from doanvu.documents.templates import template_for
from doanvu.org.models import OrgUnit

from .docx import render_docx
from .xlsx import render_xlsx

FORMATS = ("docx", "pdf", "xlsx")

__all__ = ["FORMATS", "PdfUnavailable", "pdf_available", "render_file"]


def stem(data: dict) -> str:
    """ "bao-cao-CA1-2025Q1" (ASCII: safe in every browser and on every disk)."""
    return f"bao-cao-{data['unit']['code']}-{data['period']['code']}"


def render_file(*, unit: OrgUnit, data: dict, fmt: str) -> DocumentFile:
    """Raise ValueError for an unknown format, PdfUnavailable when a PDF cannot be made here."""
    if fmt == "xlsx":
        content = render_xlsx(data)
    elif fmt in ("docx", "pdf"):
        content = render_docx(data, template_for(unit))
        if fmt == "pdf":
            content = docx_to_pdf(content)
    else:
        raise ValueError(fmt)
    return DocumentFile.of(content, fmt, stem(data))
