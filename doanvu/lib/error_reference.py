"""The short reference a server error is known by: the 500 page shows it, the error's log line starts with
it, so an officer's "Mã lỗi: 3f9a1c2e" finds the traceback (docs/architecture.md, "Error pages and headers").

Plain Python over any request object; the logging configuration loads the filter before Django's apps.
"""

from __future__ import annotations

import logging
import secrets


def error_reference(request) -> str:
    """The reference of the error this request met: 8 hex characters, made once and kept on the request."""
    reference = getattr(request, "error_reference", None)
    if not reference:
        reference = secrets.token_hex(4)
        request.error_reference = reference
    return reference


class ErrorReferenceFilter(logging.Filter):
    """On the `django.request` logger: a server error's log line starts with the reference its page shows."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if (
            request is not None
            and record.levelno >= logging.ERROR
            and getattr(record, "status_code", 500) >= 500
        ):
            reference = error_reference(request)
            record.error_reference = reference
            record.msg = f"[Mã lỗi {reference}] {record.msg}"
        return True
