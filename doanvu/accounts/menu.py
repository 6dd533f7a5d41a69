"""What the top menu offers a user: only what their role and their unit's level allow (docs/architecture.md,
"The menu on a phone")."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Officer
from .scope import APPROVE, EDIT, is_site_admin, officer_of


@dataclass(frozen=True)
class Menu:
    # The officer's unit is a branch (members belong to it, no units under it): no subunit pages.
    branch: bool = False
    # May change records (editor or approver, or a site admin); a viewer is offered no write action.
    writes: bool = False
    # Decides the reports of units below (an approver above the branch level, or a site admin).
    approves: bool = False
    # The unit the officer's own pages are about (None for a site admin).
    unit_code: str = ""


def menu_for(user) -> Menu | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if is_site_admin(user):
        return Menu(writes=True, approves=True)
    officer: Officer | None = officer_of(user)
    if officer is None:
        return Menu()
    branch = bool(officer.unit.kind.is_branch)
    return Menu(
        branch=branch,
        writes=officer.has_role(EDIT),
        approves=officer.has_role(APPROVE) and not branch,
        unit_code=officer.unit.code,
    )
