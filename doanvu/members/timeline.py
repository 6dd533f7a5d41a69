"""A member's history as one timeline, newest first: every change to their record (simple-history, field by
field from → to), their positions, disciplinary decisions and transfers, the items of the sources other apps
register (the evaluation app: each year's evaluation steps and training-programme result), and audit entries
that no other source already shows (imports, restructures).

An app above members adds its records with `register_source(fn, audit_actions=...)` from its
AppConfig.ready(): `fn(member)` returns TimelineItems, and the audit actions it names are left out of the
audit items, since its own records show them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from doanvu.org.models import OrgUnit

from .models import Member, Transfer

# Fields shown in a change; the derived keys and timestamps are not the officer's business.
_HIDDEN = {"id", "created", "updated", "sort_key", "search_text"}
# Audit actions written by doanvu.members.services: the other sources already show them.
_SHOWN_ELSEWHERE = {
    "member.admit",
    "member.update",
    "member.come_of_age",
    "member.remove",
    "member.discipline",
    "member.party_stage",
    "transfer.request",
    "transfer.accept",
    "transfer.reject",
    "transfer.cancel",
    "position.add",
    "position.end",
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class TimelineItem:
    day: datetime.date
    kind: (
        str  # history, position, discipline, transfer, evaluation, training, audit: the template styles each
    )
    title: str
    at: datetime.datetime | None = None
    note: str = ""
    by: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def sort_key(self):
        return (
            self.day,
            self.at or timezone.make_aware(datetime.datetime.combine(self.day, datetime.time.max)),
        )


Source = Callable[[Member], list[TimelineItem]]
_sources: list[Source] = []
_shown_by_sources: set[str] = set()


def register_source(source: Source, *, audit_actions: Iterable[str] = ()) -> Source:
    """Add `source(member) -> [TimelineItem]` to every member's timeline (once, however often it is
    registered); `audit_actions` are the audit entries its items already show."""
    if source not in _sources:
        _sources.append(source)
    _shown_by_sources.update(audit_actions)
    return source


def _show(model_field, value, units: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if model_field.name == "unit":
        return units.get(value, f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _history_items(member: Member) -> list[TimelineItem]:
    records = list(member.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = [
        f
        for f in Member._meta.concrete_fields
        if f.name not in _HIDDEN and f.name in {t.name for t in Member.history.model._meta.fields}
    ]
    units = dict(OrgUnit.objects.filter(pk__in={r.unit_id for r in records}).values_list("pk", "name"))
    items, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            for f in fields:
                old, new = getattr(previous, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append(
                        Change(capfirst(str(f.verbose_name)), _show(f, old, units), _show(f, new, units))
                    )
        default = _("Tạo hồ sơ đoàn viên") if previous is None else _("Cập nhật thông tin")
        if previous is None or changes:
            items.append(
                TimelineItem(
                    day=timezone.localdate(record.history_date),
                    at=record.history_date,
                    kind="history",
                    title=record.history_change_reason or default,
                    changes=changes,
                    by=record.history_user.get_username() if record.history_user else "",
                )
            )
        previous = record
    return items


def _transfer_items(member: Member) -> list[TimelineItem]:
    items = []
    for t in member.transfers.select_related("from_unit", "to_unit", "requested_by", "decided_by"):
        note = "; ".join(
            filter(
                None,
                [
                    t.reason,
                    _("đã đóng đoàn phí đến %(month)s") % {"month": t.dues_paid_until}
                    if t.dues_paid_until
                    else "",
                ],
            )
        )
        items.append(
            TimelineItem(
                day=t.requested_on,
                kind="transfer",
                note=note,
                title=_("Đề nghị chuyển sinh hoạt từ %(from)s đến %(to)s")
                % {"from": t.from_unit.name, "to": t.to_unit.name},
                by=t.requested_by.get_username() if t.requested_by else "",
            )
        )
        if t.decided_on and t.state != Transfer.State.PENDING:
            titles = {
                Transfer.State.ACCEPTED: _("%(to)s tiếp nhận"),
                Transfer.State.REJECTED: _("%(to)s từ chối tiếp nhận"),
                Transfer.State.CANCELLED: _("Hủy đề nghị chuyển sinh hoạt đến %(to)s"),
            }
            items.append(
                TimelineItem(
                    day=t.decided_on,
                    kind="transfer",
                    note=t.decision_note,
                    title=titles[Transfer.State(t.state)] % {"to": t.to_unit.name},
                    by=t.decided_by.get_username() if t.decided_by else "",
                )
            )
    return items


def member_timeline(member: Member) -> list[TimelineItem]:
    items = _history_items(member) + _transfer_items(member)
    for source in _sources:
        items += source(member)
    for p in member.positions.select_related("unit"):
        items.append(
            TimelineItem(
                day=p.start_on,
                kind="position",
                title=_("Giữ chức %(title)s %(unit)s")
                % {"title": p.get_title_display(), "unit": p.unit.name},
            )
        )
        if p.end_on:
            items.append(
                TimelineItem(
                    day=p.end_on,
                    kind="position",
                    title=_("Thôi giữ chức %(title)s %(unit)s")
                    % {"title": p.get_title_display(), "unit": p.unit.name},
                )
            )
    for d in member.disciplines.all():
        number = _("Quyết định số %(number)s. ") % {"number": d.decision_number} if d.decision_number else ""
        items.append(
            TimelineItem(
                day=d.decided_on,
                kind="discipline",
                note=number + d.reason,
                title=_("Kỷ luật: %(form)s") % {"form": d.get_form_display()},
            )
        )
    shown = sorted(_SHOWN_ELSEWHERE | _shown_by_sources)
    for entry in member.audit_entries.exclude(action__in=shown).select_related("actor"):
        items.append(
            TimelineItem(
                day=entry.effective_on or timezone.localdate(entry.at),
                at=entry.at,
                kind="audit",
                title=entry.summary,
                note=entry.reason,
                by=entry.actor.get_username() if entry.actor else "",
            )
        )
    return _merged(sorted(items, key=lambda item: item.sort_key, reverse=True))


def _merged(items: list[TimelineItem]) -> list[TimelineItem]:
    """One line per event: a step's history record and its transfer or discipline record (same day, same
    title) become one item with the field changes of the first and the notes of the second."""
    out: list[TimelineItem] = []
    seen: dict[tuple, TimelineItem] = {}
    for item in items:
        key = (item.day, item.title)
        first = seen.get(key)
        if first is None or "history" not in (first.kind, item.kind) or first.kind == item.kind:
            seen.setdefault(key, item)
            out.append(item)
            continue
        first.changes = first.changes or item.changes
        first.note = "; ".join(filter(None, dict.fromkeys([first.note, item.note])))
        first.by = first.by or item.by
        first.kind = item.kind if first.kind == "history" else first.kind
    return out
