"""Officer accounts, their place in the tree, API tokens and the audit log."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Chỉ xem")
    EDITOR = "editor", _("Cập nhật")
    APPROVER = "approver", _("Phê duyệt")


# What each role may do; a higher role includes the lower ones.
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.APPROVER: 3}


class Officer(models.Model):
    """An officer account belongs to one unit with one role, and sees that unit and all under it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="officers", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def __str__(self) -> str:
        return f"{self.user.get_username()} — {self.get_role_display()} @ {self.unit}"

    def save(self, *args, **kwargs):
        # A member account never passes as an officer (docs/domain.md, "Members sign in for themselves").
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if MemberAccount.objects.filter(user_id=self.user_id).exists():
            raise ValidationError(_("Tài khoản của đoàn viên không thể là tài khoản cán bộ."))

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=80)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple[ApiToken, str]:
        raw = "dv_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], digest=cls.hash(raw))
        return token, raw


class AuditEntry(models.Model):
    """Who did what, when and why. Written in the same transaction as the change it records."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("thao tác"), max_length=40, db_index=True)
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="audit_entries", verbose_name=_("đơn vị")
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("đoàn viên"),
    )
    effective_on = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    summary = models.CharField(_("nội dung"), max_length=500)
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}: {self.summary}"


class MemberAccount(models.Model):
    """A member's own sign-in: one user for one member (docs/domain.md, "Members sign in for themselves").

    A member account is not an officer: it sees the member's own record and nothing of anyone else, and
    the scope rules in `scope.py` give it no unit.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_account"
    )
    member = models.OneToOneField(
        "members.Member", on_delete=models.CASCADE, related_name="account", verbose_name=_("đoàn viên")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người mời"),
    )
    created = models.DateTimeField(_("ngày tạo"), default=timezone.now)

    class Meta:
        verbose_name = _("tài khoản đoàn viên")
        verbose_name_plural = _("tài khoản đoàn viên")

    def __str__(self) -> str:
        return f"{self.user.get_username()} — {self.member}"


class ActivationCode(models.Model):
    """A one-time code a branch officer prints (or e-mails as a link) for a member to activate their account or
    set a new password (docs/domain.md, "Members sign in for themselves"). Only an HMAC of the code is kept;
    printing a new one voids the old; it expires and serves once."""

    class Sent(models.TextChoices):
        PRINTED = "printed", _("In ra giấy")
        EMAIL = "email", _("Gửi thư điện tử")

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="activation_codes",
        verbose_name=_("đoàn viên"),
    )
    digest = models.CharField(max_length=64, unique=True)
    sent = models.CharField(_("cách giao"), max_length=8, choices=Sent.choices, default=Sent.PRINTED)
    created = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires = models.DateTimeField(_("hết hạn"))
    used = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)
    voided = models.DateTimeField(_("bị hủy lúc"), null=True, blank=True)
    # Wrong second factors typed with this code; past the limit the code is voided.
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("mã kích hoạt")
        verbose_name_plural = _("mã kích hoạt")

    def __str__(self) -> str:
        return f"{self.member} {self.created:%d/%m/%Y %H:%M}"

    @property
    def is_live(self) -> bool:
        return self.used is None and self.voided is None and self.expires > timezone.now()


class ActivationFailure(models.Model):
    """What the public member pages throttle by address over a window (accounts/member_accounts.py): a
    wrong code or second factor typed on the activation page, or a password-reset e-mail asked for."""

    class Kind(models.TextChoices):
        CODE = "code", _("mã sai")
        RESET = "reset", _("yêu cầu đặt lại mật khẩu")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CODE)

    class Meta:
        verbose_name = _("lần kích hoạt sai")
        verbose_name_plural = _("lần kích hoạt sai")

    def __str__(self) -> str:
        return f"{self.address} {self.at:%d/%m/%Y %H:%M}"
