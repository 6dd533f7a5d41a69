"""Helpers for the member card and attendance by QR: a member's own sign-in."""

from django.contrib.auth import get_user_model

from doanvu.accounts.models import MemberAccount

from .conftest import PASSWORD


def member_user(member, username: str):
    """A user signed in as `member` (accounts.MemberAccount), with the tests' password."""
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    MemberAccount.objects.create(user=user, member=member)
    return user
