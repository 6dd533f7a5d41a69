"""The member card's opaque token (docs/domain.md, "The member card"): issued the first time the card is
shown, renewed by the branch when a card is lost, after which the old token opens nothing."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.members.models import Member, MemberCard

from ._common import _require


def new_token() -> str:
    """22 random URL-safe characters (128 bits): nothing in it comes from the member."""
    return secrets.token_urlsafe(16)


def member_card(*, member: Member) -> MemberCard:
    """The member's card, its token issued now if it has none yet (issuing one is no decision to audit:
    the token says nothing and opens nothing without scope)."""
    card = MemberCard.objects.filter(member=member).first()
    if card is not None:
        return card
    try:
        with transaction.atomic():
            return MemberCard.objects.create(member=member, token=new_token())
    except IntegrityError:  # two first views at once: the other one's token stands
        return MemberCard.objects.get(member=member)


@transaction.atomic
def member_card_renew(*, member: Member, by) -> MemberCard:
    """A new token for a lost card; the old one stops working at once (audited)."""
    _require(by, member.unit)
    card = MemberCard.objects.select_for_update().filter(member=member).first()
    if card is None:
        card = MemberCard(member=member)
    card.token = new_token()
    card.issued_at = timezone.now()
    card.save()
    audit_log(
        actor=by,
        action="member.card_renew",
        unit=member.unit,
        member=member,
        summary=_("Cấp mã thẻ đoàn viên mới cho %(name)s; mã cũ không còn dùng được")
        % {"name": member.full_name},
    )
    return card
