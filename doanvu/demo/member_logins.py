"""The demo's member accounts (docs/domain.md, "Members sign in for themselves"): two current members of the
branch the `chidoan` officer keeps sign in as `doanvien` and `doanvien2` with the demo password."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from doanvu.accounts.models import MemberAccount
from doanvu.members.models import CURRENT_STATUSES, Member

from .tree import KHCN_CODE

MEMBER_LOGINS = ("doanvien", "doanvien2")


def create_member_logins(password: str) -> list[str]:
    """Member accounts for the first current members of the KHCN branch without one; an existing account of
    the same name is left as it is."""
    User = get_user_model()
    members = (
        Member.objects.filter(unit__code=KHCN_CODE, status__in=CURRENT_STATUSES, account__isnull=True)
        .exclude(citizen_id="")
        .order_by("pk")
    )
    created = []
    for username, member in zip(MEMBER_LOGINS, members, strict=False):
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, email=member.email, first_name=member.full_name[:150])
        user.set_password(password)
        user.save()
        MemberAccount.objects.create(user=user, member=member)
        created.append(username)
    return created
