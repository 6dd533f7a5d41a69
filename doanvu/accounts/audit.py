"""Writing the audit log. Call inside the transaction of the change being recorded."""

from __future__ import annotations

import datetime
from typing import Any

from .models import AuditEntry


def audit_log(
    *,
    actor,
    action: str,
    unit,
    summary: str,
    member=None,
    reason: str = "",
    effective_on: datetime.date | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        unit=unit,
        member=member,
        summary=summary[:500],
        reason=reason or "",
        effective_on=effective_on,
        data=data or {},
    )
