"""API endpoints: reports (same scope rules as every page, through doanvu.accounts.scope)."""

from ninja import Router

router = Router(tags=["reports"])
