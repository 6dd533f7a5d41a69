"""Bearer-token authentication: `Authorization: Bearer <token>`, looked up by its SHA-256 digest."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer

from doanvu.accounts.models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        if not token:
            return None
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token.strip())).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        # The scope functions take a user; the token acts as its owner.
        request.user = found.user
        return found.user
