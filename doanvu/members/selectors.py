"""Reads of members: search within the user's scope, the rolls as they stood on a date, who comes of age,
the transfer inbox. Every read that starts from a user goes through doanvu.accounts.scope."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doanvu.accounts import scope
from doanvu.lib import vntext
from doanvu.org.models import OrgUnit
from doanvu.org.selectors import subtree_unit_ids

from . import name_search
from .models import (
    COUNTED_STATUSES,
    CURRENT_STATUSES,
    ChangeProposal,
    Member,
    PartyStage,
    Position,
    Status,
    Transfer,
)
from .validation import add_years

# Filter values the list page offers (code → label); codes travel in URLs.
STATUS_CURRENT = "current"
STATUS_CHOICES = [
    (STATUS_CURRENT, _("Đang trong danh sách (đang sinh hoạt, chờ chuyển, danh dự)")),
    *Status.choices,
]
AGE_BANDS = {"16-18": (16, 18), "19-25": (19, 25), "26-30": (26, 30), "31+": (31, None)}
AGE_CHOICES = [
    ("16-18", _("16–18 tuổi")),
    ("19-25", _("19–25 tuổi")),
    ("26-30", _("26–30 tuổi")),
    ("31+", _("Trên 30 tuổi")),
]
PARTY_MEMBER, PARTY_NONE = "member", "none"
PARTY_CHOICES = [
    (PARTY_MEMBER, _("Đảng viên (dự bị và chính thức)")),
    *[(value, label) for value, label in PartyStage.choices if value],
    (PARTY_NONE, _("Chưa tham gia bước nào")),
]
POSITION_ANY = "any"
POSITION_CHOICES = [(POSITION_ANY, _("Có chức vụ")), *Position.Title.choices]


def current_positions_q(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_on__lte": day}) & (
        Q(**{f"{prefix}end_on__isnull": True}) | Q(**{f"{prefix}end_on__gt": day})
    )


def _party_q(party: str) -> Q:
    has = {
        "course": Q(party_course_on__isnull=False),
        "introduced": Q(party_introduced_on__isnull=False),
        "probationary": Q(party_probationary_on__isnull=False),
        "full": Q(party_full_on__isnull=False),
    }
    if party == PARTY_MEMBER:
        return has["probationary"]
    if party == PartyStage.FULL:
        return has["full"]
    if party == PartyStage.PROBATIONARY:
        return has["probationary"] & ~has["full"]
    if party == PartyStage.INTRODUCED:
        return has["introduced"] & ~has["probationary"] & ~has["full"]
    if party == PartyStage.AWARENESS:
        return has["course"] & ~has["introduced"] & ~has["probationary"] & ~has["full"]
    if party == PARTY_NONE:
        return ~has["course"] & ~has["introduced"] & ~has["probationary"] & ~has["full"]
    return Q()


def _age_q(band: str, day: datetime.date) -> Q:
    """Aged between lo and hi (inclusive) on `day`, as a range on date_of_birth (uses its index)."""
    lo, hi = AGE_BANDS[band]
    q = Q(date_of_birth__lte=add_years(day, -lo))
    if hi is not None:
        q &= Q(date_of_birth__gt=add_years(day, -(hi + 1)))
    return q


# A query of digits (spaces, dots and dashes allowed) is a citizen ID, a phone or a card number.
_NUMBER = re.compile(r"^\+?[\d .\-]+$")


def number_query(q: str) -> str | None:
    """The digits of `q` when `q` is a number (a citizen ID or a phone), else None."""
    number = re.sub(r"[ .\-]", "", q.strip())
    if not _NUMBER.match(q.strip()) or not any(ch.isdigit() for ch in number):
        return None  # "-" or "+" alone is no number
    return number


def _phones(number: str) -> list[str]:
    """A phone typed as 0912345678 or +84912345678 finds it stored either way."""
    if number.startswith("+84"):
        return [number, "0" + number[3:]]
    if number.startswith("0"):
        return [number, "+84" + number[1:]]
    return [number]


def search_q(q: str) -> Q:
    """A number: exactly the citizen ID, phone or card number. Words: every word starts a word of the name,
    without case or diacritics (docs/domain.md, "Finding a member"); or the card number as typed."""
    number = number_query(q)
    if number is not None:
        return Q(citizen_id=number) | Q(phone__in=_phones(number)) | Q(card_number=number)
    words = vntext.query_words(q)
    if not words:
        return Q()
    card = q.strip()
    return name_search.starts_q(words) | Q(card_number__in={card, card.upper()})


def search_rank(q: str):
    """The name match rank of `vntext.name_match_rank` as SQL: how many words of `q` start a longer word
    of the name rather than being one (0 first)."""
    words = vntext.query_words(q)
    if number_query(q) is not None or not words:
        return Value(0)
    return sum(
        (Case(When(search_text__contains=f" {word} ", then=Value(0)), default=Value(1)) for word in words),
        start=Value(0),
    )


def member_results(*, q: str = "", prepare=None, **filters):
    """What the member list pages: `member_search` as a queryset, or for a name query the ranked results
    whose count stops at name_search.COUNT_CAP (on PostgreSQL read from the word table,
    name_search.WordTableResults; on SQLite name_search.RankedNameResults). `prepare` is applied to the
    members of each page (e.g. with_current_positions)."""
    words = vntext.query_words(q)
    if q and number_query(q) is None and words and name_search.words_table_on():
        return _word_table_results(words, q, prepare, **filters)
    found = member_search(q=q, **filters)
    if not q or number_query(q) is not None or not words:
        return prepare(found) if prepare else found
    return name_search.RankedNameResults(found, prepare)


def _word_table_results(
    words, q, prepare, *, user, unit=None, subtree=True, status=None, day=None, **others
) -> name_search.WordTableResults:
    """The name query of `member_search` on the word table: its unit (or the user's scope) as a path, its
    status as statuses, its other filters as the members they leave."""
    path, exact, nothing = "", False, False
    root = None if scope.is_site_admin(user) else scope.scope_root(user)
    if root is None and not scope.is_site_admin(user):
        nothing = True
    elif unit is None:
        path = root.path if root is not None else ""
    elif root is None or unit.path.startswith(root.path):
        path, exact = unit.path, not subtree
    elif root.path.startswith(unit.path) and subtree:
        path = root.path  # a unit above the scope: the scope's part of its sub-tree
    else:
        nothing = True
    statuses = None
    if status == STATUS_CURRENT:
        statuses = list(CURRENT_STATUSES)
    elif status in Status.values:
        statuses = [status]
    listed = member_search(user=user, unit=unit, subtree=subtree, status=status, day=day, **others)
    among = listed if any(others.values()) else None
    card = q.strip()
    search = name_search.WordSearch(
        words,
        None if nothing else path,
        exact=exact,
        statuses=statuses,
        among=among,
        cards={card, card.upper()},
    )
    cards = listed.filter(card_number__in={card, card.upper()})
    return name_search.WordTableResults(search, Member.objects.select_related("unit"), cards, prepare)


def member_search(
    *,
    user,
    unit: OrgUnit | None = None,
    subtree: bool = True,
    q: str = "",
    status: str | None = None,
    gender: str | None = None,
    party: str | None = None,
    age_band: str | None = None,
    position: str | None = None,
    day: datetime.date | None = None,
) -> QuerySet[Member]:
    """Members the user may see, in `unit` (or its whole sub-tree), filtered, in Vietnamese name order;
    with a query `q`, the best name matches first (whole words before the starts of words).

    `day` (default today) is the date ages and current positions are reckoned on. Unknown filter values
    are ignored; the list page only offers the known ones.
    """
    day = day or timezone.localdate()
    if unit is not None and subtree and scope.in_scope(user, unit):
        # A unit in scope has its whole sub-tree in scope: one path condition says both. Two would make
        # PostgreSQL expect a tenth of the units it finds and search the names once per unit.
        members = Member.objects.filter(unit.subtree_q("unit__"))
    else:
        members = scope.scope_filter(user, Member.objects.all())
        if unit is not None:
            members = members.filter(unit.subtree_q("unit__")) if subtree else members.filter(unit=unit)
    order = ["sort_key", "id"]
    if q and q.strip():
        members = members.filter(search_q(q)).alias(name_rank=search_rank(q))
        order = ["name_rank", *order]
    if status == STATUS_CURRENT:
        members = members.filter(status__in=CURRENT_STATUSES)
    elif status in Status.values:
        members = members.filter(status=status)
    if gender:
        members = members.filter(gender=gender)
    if party:
        members = members.filter(_party_q(party))
    if age_band in AGE_BANDS:
        members = members.filter(_age_q(age_band, day))
    if position == POSITION_ANY or position in Position.Title.values:
        seats = Position.objects.filter(current_positions_q(day), member=OuterRef("pk"))
        if position != POSITION_ANY:
            seats = seats.filter(title=position)
        members = members.filter(Exists(seats))
    return members.select_related("unit").order_by(*order)


def with_current_positions(members: QuerySet[Member], day: datetime.date | None = None) -> QuerySet[Member]:
    """Attach `member.current_positions` (one extra query for the whole page, not one per row)."""
    day = day or timezone.localdate()
    seats = (
        Position.objects.filter(current_positions_q(day)).select_related("unit").order_by("title", "start_on")
    )
    return members.prefetch_related(Prefetch("positions", queryset=seats, to_attr="current_positions"))


def members_on(*, unit: OrgUnit, day: datetime.date):
    """The historical records of the members counted in `unit`'s sub-tree on `day`: each member as their
    record stood at the end of that day, whose branch lay under `unit` in the tree as it stood that day,
    with a counted status (active or honorary; a member in transfer belongs to neither branch)."""
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    return (
        Member.history.filter(history_date__lt=end_of_day)
        .latest_of_each()
        .exclude(history_type="-")
        .filter(unit_id__in=subtree_unit_ids(unit, day), status__in=COUNTED_STATUSES)
        # History does not keep the derived sort key; the member's present one orders the list.
        .annotate(name_key=Subquery(Member.objects.filter(pk=OuterRef("id")).values("sort_key")))
        .order_by("name_key", "id")
    )


def coming_of_age_list(*, user, unit: OrgUnit, year: int) -> QuerySet[Member]:
    """Members on the rolls under `unit` (and in the user's scope) who turn the coming-of-age age in `year`."""
    age = settings.DOANVU_RULES.get("coming_of_age", 30)
    members = scope.scope_filter(user, Member.objects.filter(unit.subtree_q("unit__")))
    return (
        members.filter(
            status__in=(Status.ACTIVE, Status.TRANSFER_PENDING),
            is_honorary=False,
            date_of_birth__year=year - age,
        )
        .select_related("unit")
        .order_by("sort_key", "id")
    )


def current_members(unit: OrgUnit) -> QuerySet[Member]:
    """Members on the rolls directly in `unit` (not under it), in Vietnamese name order."""
    return Member.objects.filter(unit=unit, status__in=CURRENT_STATUSES).order_by("sort_key", "pk")


def _transfers() -> QuerySet[Transfer]:
    return Transfer.objects.select_related("member", "from_unit", "to_unit", "requested_by", "decided_by")


def transfers_incoming(*, user) -> QuerySet[Transfer]:
    """Pending transfers addressed to units in the user's scope: theirs to accept or reject."""
    return scope.scope_filter(user, _transfers().filter(state=Transfer.State.PENDING), "to_unit")


def transfers_outgoing(*, user) -> QuerySet[Transfer]:
    """Pending transfers sent from units in the user's scope: theirs to cancel."""
    return scope.scope_filter(user, _transfers().filter(state=Transfer.State.PENDING), "from_unit")


def transfers_recent(*, user, limit: int = 30) -> QuerySet[Transfer]:
    """Decided transfers that came into or went out of the user's scope, newest first."""
    decided = _transfers().exclude(state=Transfer.State.PENDING)
    mine = scope.scope_filter(user, decided, "to_unit") | scope.scope_filter(user, decided, "from_unit")
    return mine.order_by("-decided_on", "-id")[:limit]


def pending_proposals(*, user, unit: OrgUnit | None) -> QuerySet[ChangeProposal]:
    """Members' proposals to change their details waiting for the branch, in `unit`'s sub-tree (all the
    user's scope when None)."""
    found = scope.scope_filter(
        user, ChangeProposal.objects.filter(state=ChangeProposal.State.PENDING), "member__unit"
    )
    return found.filter(member__unit__path__startswith=unit.path) if unit is not None else found
