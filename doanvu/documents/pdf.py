"""A document as PDF: its Word file converted by LibreOffice (`soffice --headless --convert-to pdf`).

LibreOffice is a system package (Debian: `libreoffice-writer-nogui`), not a Python one: when `soffice` is
not on the PATH, PdfUnavailable says so (the pages show it and offer the Word file instead of failing).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 180
MISSING = "Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF; hãy tải tệp Word."


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed, or could not convert the file."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF of a .docx file; PdfUnavailable without LibreOffice, or when it cannot convert the file."""
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(MISSING)
    with tempfile.TemporaryDirectory(prefix="doanvu-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once must not share (and lock) one LibreOffice profile.
        profile = (folder / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(
                "LibreOffice chuyển sang PDF quá lâu; hãy thử lại hoặc tải tệp Word."
            ) from None
        target = folder / "bao-cao.pdf"
        if not target.exists():
            raise PdfUnavailable("LibreOffice không chuyển được báo cáo sang PDF; hãy tải tệp Word.")
        return target.read_bytes()
