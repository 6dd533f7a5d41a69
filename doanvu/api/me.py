"""A member account's own record (docs/domain.md, "Members sign in for themselves"): GET /api/me/. Signed in
by the site's session or a bearer token. A member sees only themselves here; every other endpoint treats
a member account as a user without a unit (404 for any member or unit, an empty list)."""

from __future__ import annotations

from django.http import Http404
from ninja import Router
from ninja.security import django_auth

from doanvu.accounts import scope

from .auth import BearerToken
from .members import member_dict
from .schemas import MemberOut

router = Router(tags=["Đoàn viên"])


@router.get("/me/", response=MemberOut, auth=[BearerToken(), django_auth], summary="Hồ sơ của chính tôi")
def me(request):
    member = scope.member_of(request.user)
    if member is None:
        raise Http404
    return member_dict(member)
