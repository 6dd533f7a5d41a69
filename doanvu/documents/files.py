"""A rendered document file, as a page or the API sends it: its bytes, its content type, its name."""

from __future__ import annotations

from dataclasses import dataclass

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class DocumentFile:
    content: bytes
    content_type: str
    filename: str

    @classmethod
    def of(cls, content: bytes, fmt: str, stem: str) -> DocumentFile:
        """The file of format `fmt` ("docx", "pdf", "xlsx") named "<stem>.<fmt>"."""
        return cls(content, CONTENT_TYPES[fmt], f"{stem}.{fmt}")
