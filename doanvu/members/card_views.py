"""The member card (docs/domain.md, "The member card"): the signed-in member's own card with its QR, the
address the QR carries, and the officer's copy of a member's card where the branch issues a new token.

The QR carries only an opaque token. Opening its address: an officer with the member in scope lands on the
member's record; the member is shown their own card; anyone else signed in gets 404, like any record out of
scope; a visitor is sent to sign in first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.lib import qr

from . import services
from .models import Member, MemberCard
from .views import member_in_scope


def _card_context(request, member: Member) -> dict:
    card = services.member_card(member=member)
    url = request.build_absolute_uri(reverse("card:open", args=[card.token]))
    return {"member": member, "card": card, "qr": qr.svg(url, title=_("Mã QR thẻ đoàn viên"))}


@login_required
def my_card(request):
    """The signed-in member's card: name, branch, card number and the QR (printable on one page)."""
    member = scope.member_of(request.user)
    if member is None:
        raise Http404
    return render(request, "members/card.html", {**_card_context(request, member), "own": True})


@login_required
def card_open(request, token: str):
    """Where a card's QR leads: the record for an officer in scope; the card for its member; else 404."""
    card = MemberCard.objects.select_related("member", "member__unit").filter(token=token).first()
    if card is None:
        raise Http404
    if scope.member_of(request.user) == card.member:
        return redirect("card:mine")
    if not scope.has_role(request.user, card.member.unit, scope.VIEW):
        raise Http404
    return redirect("members:detail", pk=card.member.pk)


@login_required
def member_card_page(request, pk: int):
    """An officer's copy of a member's card, to print for a member without an account; an editor issues
    a new token here when a card is lost (POST)."""
    member = member_in_scope(request, pk, scope.EDIT if request.method == "POST" else scope.VIEW)
    if request.method == "POST":
        services.member_card_renew(member=member, by=request.user)
        messages.success(request, _("Đã cấp mã mới: thẻ cũ không còn mở được hồ sơ. Hãy in lại thẻ."))
        return redirect("members:card", pk=member.pk)
    context = _card_context(request, member)
    context["can_renew"] = scope.has_role(request.user, member.unit, scope.EDIT)
    return render(request, "members/card.html", context)
