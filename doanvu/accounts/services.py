"""Writes for accounts: API tokens. A token acts with its owner's scope, so issuing and revoking one is
recorded in the audit log of the owner's unit (site admins have no unit, so nothing to hang it on)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.lib import vntext

from . import scope
from .audit import audit_log
from .models import ApiToken

TOKEN_NAME_MAX = ApiToken._meta.get_field("name").max_length


def _audit(*, by, action: str, summary: str, token: ApiToken) -> None:
    unit = scope.scope_root(token.user)
    if unit is not None:
        audit_log(
            actor=by,
            action=action,
            unit=unit,
            summary=summary,
            effective_on=timezone.localdate(),
            data={"token": token.prefix, "user": token.user.get_username()},
        )


@transaction.atomic
def token_create(*, user, name: str, by=None) -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns the token and its raw value, which is never stored."""
    if not scope.has_any_scope(user):
        raise PermissionDenied
    name = vntext.clean(name)
    if not name:
        raise ValidationError({"name": [_("Hãy đặt tên cho mã truy cập (ví dụ: phần mềm báo cáo).")]})
    if len(name) > TOKEN_NAME_MAX:
        raise ValidationError(
            {"name": [_("Tên mã truy cập dài tối đa %(n)d ký tự.") % {"n": TOKEN_NAME_MAX}]}
        )
    token, raw = ApiToken.issue(user=user, name=name)
    _audit(
        by=by or user,
        action="token.create",
        token=token,
        summary=_("Tạo mã truy cập API “%(name)s” cho %(user)s")
        % {"name": name, "user": user.get_username()},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> None:
    """Revoke (delete) a token: requests carrying it answer 401 from now on."""
    if token.user_id != by.pk and not scope.is_site_admin(by):
        raise PermissionDenied
    _audit(
        by=by,
        action="token.revoke",
        token=token,
        summary=_("Thu hồi mã truy cập API “%(name)s” của %(user)s")
        % {"name": token.name, "user": token.user.get_username()},
    )
    token.delete()
