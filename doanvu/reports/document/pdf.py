"""PDF through LibreOffice lives in the document toolkit (doanvu.documents.pdf). These names stay here only
for the inspection pages (doanvu.evaluation.inspection.views), which import them from this module; new code
imports doanvu.documents.pdf."""

from doanvu.documents.pdf import PdfUnavailable, docx_to_pdf, pdf_available, soffice

__all__ = ["PdfUnavailable", "docx_to_pdf", "pdf_available", "soffice"]
