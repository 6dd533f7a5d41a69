"""Members' own accounts (docs/domain.md, "Members sign in for themselves"): the one-time activation code a
branch officer prints or e-mails, activation at the public page (code + a second factor + a new password),
the throttle on wrong codes, and revoking an account. Writes run in one transaction with their audit entry.

The code is human-typable (12 characters without look-alikes, shown as 4-4-4), kept only as an HMAC of the
site's secret key, expires after CODE_VALID_DAYS, serves once, and a new code voids the old. The same code
activates a new account or sets a new password on an existing (or revoked) one.
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from doanvu.lib.dates import parse_date
from doanvu.members.models import Member

from . import scope
from .audit import audit_log
from .models import ActivationCode, ActivationFailure, MemberAccount

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off paper without doubt
CODE_LENGTH = 12
CODE_VALID_DAYS = 14
# The throttle: wrong codes or second factors from one address in the window lock it out until the window
# has passed; wrong second factors typed with one code void that code.
THROTTLE_WINDOW_MINUTES = 15
THROTTLE_MAX_FAILURES = 10
CODE_MAX_FAILURES = 5
# Password-reset e-mails asked from one address in the window: past this many, the form refuses, so the
# page cannot be used to flood members' mailboxes.
RESET_MAX_REQUESTS = 5


def _digest(raw: str) -> str:
    return salted_hmac("doanvu.accounts.activation", raw, algorithm="sha256").hexdigest()


def normal_code(typed: str) -> str:
    """The code as stored: capitals, without spaces and dashes (a typed "abcd efgh-jkmn" is the same)."""
    return re.sub(r"[^0-9A-Z]", "", (typed or "").upper())


def shown_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _require(by, member: Member) -> None:
    if not scope.has_role(by, member.unit, scope.EDIT):
        raise PermissionDenied(_("Bạn không có quyền cập nhật đơn vị %(unit)s.") % {"unit": member.unit.name})


def account_state(member: Member) -> dict:
    """What the member page shows: the account (if any), whether it is active, the live code's expiry."""
    account = MemberAccount.objects.select_related("user").filter(member=member).first()
    live = (
        ActivationCode.objects.filter(member=member, used=None, voided=None, expires__gt=timezone.now())
        .order_by("-created")
        .first()
    )
    return {
        "account": account,
        "active": bool(account and account.user.is_active and account.user.has_usable_password()),
        "live_code": live,
    }


def _void_live(member: Member, now) -> int:
    return ActivationCode.objects.filter(member=member, used=None, voided=None).update(voided=now)


def _issue(member: Member, by, sent: str) -> str:
    if not member.is_current:
        raise ValidationError(
            _("%(name)s không còn trong danh sách đoàn viên; không cấp mã kích hoạt được.")
            % {"name": member.full_name}
        )
    now = timezone.now()
    _void_live(member, now)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    ActivationCode.objects.create(
        member=member,
        digest=_digest(raw),
        sent=sent,
        created=now,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        expires=now + datetime.timedelta(days=CODE_VALID_DAYS),
    )
    return raw


@transaction.atomic
def code_issue(*, member: Member, by) -> str:
    """A new printed code for `member` (the old one voided); returns the code, shown once as 4-4-4."""
    _require(by, member)
    raw = _issue(member, by, ActivationCode.Sent.PRINTED)
    audit_log(
        actor=by,
        action="member_account.code",
        unit=member.unit,
        member=member,
        summary=_("In mã kích hoạt tài khoản cho đoàn viên %(name)s") % {"name": member.full_name},
    )
    return raw


@transaction.atomic
def invite_email(*, member: Member, by) -> str:
    """E-mail `member` a link with a new code (the old one voided). Sent inside the transaction: if the mail
    cannot be sent, no code is kept and the officer is told."""
    _require(by, member)
    if not member.email:
        raise ValidationError(
            _("%(name)s chưa có địa chỉ thư điện tử trong hồ sơ; hãy in mã kích hoạt.")
            % {"name": member.full_name}
        )
    raw = _issue(member, by, ActivationCode.Sent.EMAIL)
    link = f"{settings.SITE_URL.rstrip('/')}/kich-hoat/?ma={shown_code(raw)}"
    body = _(
        "Chào %(name)s,\n\n%(unit)s mời bạn dùng tài khoản đoàn viên trên doanvu: xem hồ sơ, đoàn phí, "
        "sinh hoạt, kết quả rèn luyện và đánh giá của mình.\n\nMở đường dẫn sau, nhập số CCCD hoặc ngày sinh "
        "của bạn rồi đặt mật khẩu:\n%(link)s\n\nMã kích hoạt: %(code)s (dùng một lần, hết hạn sau %(days)s "
        "ngày).\nNếu bạn không chờ thư này, hãy bỏ qua nó."
    ) % {
        "name": member.full_name,
        "unit": member.unit.name,
        "link": link,
        "code": shown_code(raw),
        "days": CODE_VALID_DAYS,
    }
    try:
        send_mail(_("Mời dùng tài khoản đoàn viên doanvu"), body, None, [member.email])
    except OSError as error:
        raise ValidationError(
            _("Không gửi được thư đến %(email)s (%(error)s); hãy in mã kích hoạt.")
            % {"email": member.email, "error": error}
        ) from None
    audit_log(
        actor=by,
        action="member_account.invite",
        unit=member.unit,
        member=member,
        summary=_("Gửi thư mời dùng tài khoản đến đoàn viên %(name)s") % {"name": member.full_name},
        data={"email": member.email},
    )
    return raw


# --- the public activation page -----------------------------------------------------------------------


def throttled(address: str) -> bool:
    since = timezone.now() - datetime.timedelta(minutes=THROTTLE_WINDOW_MINUTES)
    wrong = ActivationFailure.objects.filter(address=address, at__gte=since, kind=ActivationFailure.Kind.CODE)
    return wrong.count() >= THROTTLE_MAX_FAILURES


def reset_asked(address: str) -> bool:
    """Count a password-reset e-mail asked from `address`; False when the address has asked too many in
    the window (nothing is then sent)."""
    since = timezone.now() - datetime.timedelta(minutes=THROTTLE_WINDOW_MINUTES)
    asked = ActivationFailure.objects.filter(
        address=address[:64], at__gte=since, kind=ActivationFailure.Kind.RESET
    )
    if asked.count() >= RESET_MAX_REQUESTS:
        return False
    ActivationFailure.objects.create(address=address[:64], kind=ActivationFailure.Kind.RESET)
    return True


def _fail(address: str, field: str, message: str) -> ValidationError:
    ActivationFailure.objects.create(address=address[:64])
    return ValidationError({field: message})


def _second_factor_matches(member: Member, typed: str) -> bool:
    text = re.sub(r"\s", "", typed or "")
    if re.fullmatch(r"\d{12}", text):
        return bool(member.citizen_id) and secrets.compare_digest(text, member.citizen_id)
    try:
        return parse_date(text) == member.date_of_birth
    except ValueError:
        return False


def code_check(*, code: str, second: str, address: str) -> ActivationCode:
    """The live code `code` if `second` (citizen ID or date of birth) is the member's; else a ValidationError
    in Vietnamese. Each wrong attempt is written at once (outside any transaction), so the throttle counts
    it whatever happens next."""
    if throttled(address):
        raise ValidationError(
            {
                "code": _("Bạn đã nhập sai quá nhiều lần. Hãy thử lại sau %(n)s phút.")
                % {"n": THROTTLE_WINDOW_MINUTES}
            }
        )
    raw = normal_code(code)
    found = (
        ActivationCode.objects.select_related("member", "member__unit").filter(digest=_digest(raw)).first()
    )
    if found is None:
        raise _fail(address, "code", _("Mã kích hoạt không đúng. Hãy xem lại mã chi đoàn đã đưa cho bạn."))
    if found.used is not None:
        raise _fail(address, "code", _("Mã kích hoạt này đã được dùng. Hãy xin chi đoàn một mã mới."))
    if found.voided is not None:
        raise _fail(
            address,
            "code",
            _("Mã kích hoạt này đã bị hủy (chi đoàn đã cấp mã mới hơn hoặc bạn nhập sai nhiều lần)."),
        )
    if found.expires <= timezone.now():
        raise _fail(
            address,
            "code",
            _("Mã kích hoạt này đã hết hạn ngày %(day)s. Hãy xin chi đoàn một mã mới.")
            % {"day": timezone.localtime(found.expires).strftime("%d/%m/%Y")},
        )
    if not found.member.is_current:
        raise _fail(
            address, "code", _("Bạn không còn trong danh sách đoàn viên; mã này không dùng được nữa.")
        )
    if not _second_factor_matches(found.member, second):
        found.failures += 1
        update = {"failures": found.failures}
        if found.failures >= CODE_MAX_FAILURES:
            update["voided"] = timezone.now()
        ActivationCode.objects.filter(pk=found.pk).update(**update)
        raise _fail(
            address,
            "second",
            _(
                "Số CCCD hoặc ngày sinh không khớp với hồ sơ của mã này (ghi CCCD 12 chữ số, hoặc ngày sinh "
                "dạng ngày/tháng/năm)."
            ),
        )
    return found


def _username_for(member: Member) -> str:
    """The sign-in name: the citizen ID (12 digits), else the phone number, else "dv" and the member's
    number — the first no other account holds."""
    User = get_user_model()
    for candidate in (member.citizen_id, member.phone, f"dv{member.pk}"):
        if candidate and not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    return f"dv{member.pk}-{secrets.randbelow(10**6):06d}"


def activate(*, code: str, second: str, password: str, address: str):
    """Check the code and second factor, then create the member's account (or set a new password on the
    existing one, revoked or not); the code is used. Returns the user, signed-in by the caller. The check
    runs outside the transaction, so a wrong attempt stays counted."""
    found = code_check(code=code, second=second, address=address)
    return _activate(found, password)


@transaction.atomic
def _activate(found: ActivationCode, password: str):
    found = (
        ActivationCode.objects.select_for_update().select_related("member", "member__unit").get(pk=found.pk)
    )
    if not found.is_live:  # used by a request that ran at the same moment
        raise ValidationError({"code": _("Mã kích hoạt này đã được dùng. Hãy xin chi đoàn một mã mới.")})
    member = found.member
    account = MemberAccount.objects.select_related("user").filter(member=member).first()
    User = get_user_model()
    user = account.user if account else User(username=_username_for(member), email=member.email)
    user.first_name = member.full_name[:150]
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": list(error.messages)}) from None
    user.set_password(password)
    user.is_active = True
    user.save()
    first = account is None
    if first:
        account = MemberAccount.objects.create(user=user, member=member, invited_by=found.created_by)
    found.used = timezone.now()
    found.save(update_fields=["used"])
    audit_log(
        actor=user,
        action="member_account.activate" if first else "member_account.password",
        unit=member.unit,
        member=member,
        summary=(
            _("Đoàn viên %(name)s kích hoạt tài khoản “%(user)s”")
            if first
            else _("Đoàn viên %(name)s đặt lại mật khẩu tài khoản “%(user)s” bằng mã kích hoạt")
        )
        % {"name": member.full_name, "user": user.get_username()},
    )
    return user


@transaction.atomic
def account_revoke(*, member: Member, by, reason: str = "") -> None:
    """Close the member's account: it can no longer sign in (its sessions and API tokens stop working), and
    live codes are voided. A new code opens it again."""
    _require(by, member)
    account = MemberAccount.objects.select_related("user").filter(member=member).first()
    if account is None or not account.user.is_active:
        raise ValidationError(_("%(name)s không có tài khoản đang dùng.") % {"name": member.full_name})
    user = account.user
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    user.api_tokens.all().delete()
    _void_live(member, timezone.now())
    audit_log(
        actor=by,
        action="member_account.revoke",
        unit=member.unit,
        member=member,
        reason=(reason or "").strip(),
        summary=_("Khóa tài khoản “%(user)s” của đoàn viên %(name)s")
        % {"user": user.get_username(), "name": member.full_name},
    )


def password_reset_logged(*, user) -> None:
    """The audit entry of a password set through the e-mailed reset link (Django's reset views)."""
    member = scope.member_of(user)
    if member is not None:
        audit_log(
            actor=user,
            action="member_account.password",
            unit=member.unit,
            member=member,
            summary=_("Đoàn viên %(name)s đặt lại mật khẩu qua thư điện tử") % {"name": member.full_name},
        )
