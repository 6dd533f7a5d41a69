"""API endpoints: stats (same scope rules as every page, through doanvu.accounts.scope)."""

from ninja import Router

router = Router(tags=["stats"])
