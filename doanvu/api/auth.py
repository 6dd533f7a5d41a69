"""Bearer-token authentication: `Authorization: Bearer <token>`, looked up by its SHA-256 digest."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja.security import HttpBearer

from doanvu.accounts.models import ApiToken

LAST_USED_STEP = datetime.timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user__officer__unit__kind")
            .filter(digest=ApiToken.hash(token.strip()))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        # "Dùng lần cuối" is shown to the minute: a token used again within one is not written again (a
        # script's every request would otherwise be a write).
        if found.last_used is None or now - found.last_used >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        # The scope functions take a user; the token acts as its owner.
        request.user = found.user
        return found.user
