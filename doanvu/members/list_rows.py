"""The member list's rows as the page shows them (templates/members/list.html).

A page has up to 50 rows of nine cells, each with its column's label for the phone layout (data-label).
Through the template engine each of those 1,000 values is a chain of lookups, a translation or a date
format, and an escape: most of the page's time. Here each row's text is worked out in plain Python, the
choices' labels translated once per page, and the rows are written out here, every value escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .choices import Gender, PartyStage, Status
from .models import Member, Position


@dataclass(slots=True)
class ListRow:
    number: int
    url: str
    name: str
    birth: str  # dd/mm/yyyy
    gender: str
    branch: str
    status: str
    tone: str  # the status badge's colour: "green", "red" or "" (a transfer under way)
    party: str  # "" for a member not yet on the Party's path
    positions: str  # the current positions, comma-separated
    phone: str


DETAIL_MARK = 987654321987


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def list_rows(members: Iterable[Member], start: int) -> list[ListRow]:
    """The rows of a page of members (with `current_positions` attached), numbered from `start`."""
    genders, statuses = _labels(Gender.choices), _labels(Status.choices)
    stages, titles = _labels(PartyStage.choices), _labels(Position.Title.choices)
    # Every member's page is this path with its id: reversed once (the id stands once in the path).
    detail = reverse("members:detail", args=[DETAIL_MARK]).replace(str(DETAIL_MARK), "{}")
    rows = []
    for number, member in enumerate(members, start=start):
        stage = member.party_stage
        rows.append(
            ListRow(
                number=number,
                url=detail.format(member.pk),
                name=member.full_name,
                birth=member.date_of_birth.strftime("%d/%m/%Y") if member.date_of_birth else "",
                gender=genders.get(member.gender, member.gender),
                branch=member.unit.short_name or member.unit.name,
                status=statuses.get(member.status, member.status),
                tone="green"
                if member.status == Status.ACTIVE
                else ""
                if member.status == Status.TRANSFER_PENDING
                else "red",
                party=stages[stage] if stage else "",
                positions=", ".join(titles.get(p.title, p.title) for p in member.current_positions),
                phone=member.phone,
            )
        )
    return rows


ROW = (
    '<tr><td class="num" data-label="{}">{}</td><td data-label="{}"><a href="{}">{}</a></td>'
    '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
    '<td data-label="{}"><span class="badge{}">{}</span></td><td data-label="{}">{}</td>'
    '<td data-label="{}">{}</td><td data-label="{}">{}</td></tr>'
)


def columns() -> list[str]:
    """The columns' labels, in the order of the cells."""
    return [
        _("STT"),
        _("Họ và tên"),
        _("Ngày sinh"),
        _("Giới tính"),
        _("Chi đoàn"),
        _("Tình trạng"),
        _("Đảng"),
        _("Chức vụ"),
        _("Điện thoại"),
    ]


def table_body(rows: list[ListRow]) -> SafeString:
    """The rows as the table's body: every value escaped (`ROW`'s fields are filled with escaped text)."""
    no, name, birth, gender, branch, status, party, position, phone = (escape(label) for label in columns())
    lines = []
    for r in rows:
        number = escape(r.phone)
        lines.append(
            ROW.format(
                no,
                r.number,
                name,
                escape(r.url),
                escape(r.name),
                birth,
                escape(r.birth),
                gender,
                escape(r.gender),
                branch,
                escape(r.branch),
                status,
                f" {r.tone}" if r.tone else "",
                escape(r.status),
                party,
                escape(r.party),
                position,
                escape(r.positions),
                phone,
                f'<a href="tel:{number}">{number}</a>' if number else "",
            )
        )
    return mark_safe("\n".join(lines))  # every value escaped above
