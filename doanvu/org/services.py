"""Writes to the unit tree. Each restructure has an effective date, checks permission, runs in one
transaction and writes its audit entry in that transaction. History is kept in UnitVersion.

The rules every restructure shares:
- only an officer of a unit strictly above may restructure (`scope.can_restructure`);
- the effective date is not in the future (the current tree is the tree of today) and not before the
  latest change already recorded for the units involved, so history is only ever appended to;
- a closed unit cannot be restructured.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib import changes, vntext
from doanvu.members.models import CURRENT_STATUSES, Member, Transfer

from . import history
from .models import OrgUnit, UnitKind, UnitVersion


def _history_moment(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the project's time zone: when a change effective that day is recorded."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# ---------------------------------------------------------------------------------------------------------
# Checks shared by the restructures


def _require_restructure(by, *units: OrgUnit) -> None:
    for unit in units:
        if not scope.can_restructure(by, unit):
            raise PermissionDenied(
                _("Chỉ cán bộ đoàn cấp trên của %(unit)s mới được sắp xếp lại đơn vị này.")
                % {"unit": unit.name}
            )


def _require_active(unit: OrgUnit, field: str | None = None) -> None:
    if unit.active_to is not None:
        message = _("%(unit)s đã ngừng hoạt động từ ngày %(day)s.") % {
            "unit": unit.name,
            "day": history.fmt_date(unit.active_to),
        }
        raise ValidationError({field: message} if field else message)


def _require_reason(reason: str) -> str:
    reason = vntext.clean(reason)
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do (ví dụ số và ngày của quyết định).")})
    return reason


# ---------------------------------------------------------------------------------------------------------
# Building blocks


def _move_members(
    members: list[Member], *, source: OrgUnit, target: OrgUnit, on: datetime.date, by, reason: str
):
    """Move members to `target` effective `on`, recorded in their history as of that day so that
    "members of unit X on date D" answers right on both sides of the date."""
    if not members:
        return
    ids = [member.pk for member in members]
    with changes.changing(members=ids):
        _rewrite_members(members, ids, source=source, target=target, on=on, by=by, reason=reason)


def _rewrite_members(members, ids, *, source, target, on, by, reason) -> None:
    moment = _history_moment(on)
    # Edits recorded after the effective date happened while the member already belonged to `target`.
    Member.history.filter(id__in=ids, history_date__gt=moment, unit_id=source.pk).update(unit_id=target.pk)
    now = timezone.now()
    for member in members:
        member.unit = target
        member.updated = now
    bulk_update_with_history(
        members,
        Member,
        ["unit", "updated"],
        batch_size=1000,
        default_user=by if getattr(by, "is_authenticated", False) else None,
        default_change_reason=reason,
        default_date=moment,
    )
    # A transfer already requested by the old unit is now sent by the new one.
    Transfer.objects.filter(member_id__in=ids, from_unit=source, state=Transfer.State.PENDING).update(
        from_unit=target
    )


def _current_members(unit: OrgUnit) -> list[Member]:
    return list(Member.objects.filter(unit=unit, status__in=CURRENT_STATUSES))


def _active_children(unit: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.get_children(unit).filter(active_to__isnull=True))


def _create(
    *,
    parent: OrgUnit | None,
    kind: UnitKind,
    name: str,
    code: str,
    on: datetime.date,
    short_name: str,
    place: str,
) -> OrgUnit:
    if parent is not None:
        if not parent.is_active_on(on):
            raise ValidationError({"parent": _("Đơn vị cấp trên không hoạt động vào ngày hiệu lực.")})
        history.require_date(on)
        history.require_anchor(parent, on, "parent")
    fields = {
        "kind": kind,
        "name": vntext.clean(name),
        "short_name": vntext.clean(short_name),
        "code": (code or "").strip(),
        "active_from": on,
        "place": vntext.clean(place),
    }
    probe = OrgUnit(**fields, path="0", depth=1)
    probe.full_clean(exclude=["path", "depth", "numchild"])
    if parent is not None:
        unit = OrgUnit.objects.add_child(parent, fields)
    else:
        unit = OrgUnit.objects.add_root(fields)
    history.open_version(unit, parent=parent, on=on)
    return unit


# ---------------------------------------------------------------------------------------------------------
# The restructures


@transaction.atomic
def unit_create(
    *,
    parent: OrgUnit | None,
    kind: UnitKind,
    name: str,
    code: str,
    on: datetime.date,
    by,
    short_name: str = "",
    place: str = "",
    reason: str = "",
    check_permission: bool = True,
) -> OrgUnit:
    """Create a unit under `parent` (None: a new root, site admins only), effective `on`."""
    if check_permission:
        if parent is None and not scope.is_site_admin(by):
            raise PermissionDenied
        if parent is not None and not scope.has_role(by, parent, scope.EDIT):
            raise PermissionDenied
    unit = _create(parent=parent, kind=kind, name=name, code=code, on=on, short_name=short_name, place=place)
    audit_log(
        actor=by,
        action="unit.create",
        unit=unit,
        effective_on=on,
        reason=reason,
        summary=_("Thành lập %(name)s") % {"name": unit.name},
        data={"parent": parent.code if parent else None, "code": unit.code},
    )
    return unit


@transaction.atomic
def unit_rename(*, unit: OrgUnit, name: str, short_name: str, on: datetime.date, by, reason: str) -> OrgUnit:
    """Give `unit` a new name from `on`; earlier dates keep the old name."""
    _require_restructure(by, unit)
    _require_active(unit)
    reason = _require_reason(reason)
    history.require_date(on, units=[unit])
    old_name, old_short = unit.name, unit.short_name
    unit.name, unit.short_name = vntext.clean(name), vntext.clean(short_name)
    if (unit.name, unit.short_name) == (old_name, old_short):
        raise ValidationError({"name": _("Tên mới trùng với tên hiện tại.")})
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save(update_fields=["name", "short_name"])

    def rename(version: UnitVersion) -> None:
        version.name, version.short_name = unit.name, unit.short_name

    with changes.changing(units=[unit.pk]):
        history.replace_versions([history.current_version(unit)], on, rename)
    audit_log(
        actor=by,
        action="unit.rename",
        unit=unit,
        effective_on=on,
        reason=reason,
        summary=_("Đổi tên %(old)s thành %(new)s") % {"old": old_name, "new": unit.name},
        data={
            "old_name": old_name,
            "old_short_name": old_short,
            "name": unit.name,
            "short_name": unit.short_name,
        },
    )
    return unit


@transaction.atomic
def unit_move(*, unit: OrgUnit, new_parent: OrgUnit, on: datetime.date, by, reason: str) -> OrgUnit:
    """Move `unit` with everything under it to hang below `new_parent` from `on`."""
    _require_restructure(by, unit)
    if not scope.has_role(by, new_parent, scope.EDIT):
        raise PermissionDenied(_("Bạn không có quyền cập nhật đơn vị %(unit)s.") % {"unit": new_parent.name})
    _require_active(unit)
    _require_active(new_parent, "new_parent")
    if new_parent.is_at_or_below(unit):
        raise ValidationError(
            {"new_parent": _("Không thể chuyển một đơn vị vào chính nó hoặc vào đơn vị trực thuộc nó.")}
        )
    old_parent = OrgUnit.objects.get_parent(unit)
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise ValidationError(
            {
                "new_parent": _("%(unit)s đã trực thuộc %(parent)s.")
                % {"unit": unit.name, "parent": new_parent.name}
            }
        )
    reason = _require_reason(reason)
    history.require_date(on, subtrees=[unit])
    history.require_anchor(new_parent, on, "new_parent")
    history.move_subtree(unit, new_parent, on)
    audit_log(
        actor=by,
        action="unit.move",
        unit=unit,
        effective_on=on,
        reason=reason,
        summary=_("Chuyển %(unit)s từ %(old)s sang trực thuộc %(new)s")
        % {"unit": unit.name, "old": old_parent.name if old_parent else "—", "new": new_parent.name},
        data={"from": old_parent.code if old_parent else None, "to": new_parent.code},
    )
    return unit


@transaction.atomic
def unit_merge(*, source: OrgUnit, target: OrgUnit, on: datetime.date, by, reason: str) -> OrgUnit:
    """Merge `source` into `target` from `on`: its current members and active child units go to `target`,
    then `source` closes. Returns `target`."""
    _require_restructure(by, source, target)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Không thể sáp nhập một đơn vị vào chính nó.")})
    _require_active(source)
    _require_active(target, "target")
    if target.is_at_or_below(source):
        raise ValidationError({"target": _("Không thể sáp nhập một đơn vị vào đơn vị trực thuộc nó.")})
    reason = _require_reason(reason)
    history.require_date(on, subtrees=[source])
    history.require_anchor(target, on, "target")

    children = _active_children(source)
    for child in children:
        history.move_subtree(child, target, on)
    members = _current_members(source)
    _move_members(members, source=source, target=target, on=on, by=by, reason=reason)
    # Members on their way in now arrive at the unit that took this one over.
    Transfer.objects.filter(to_unit=source, state=Transfer.State.PENDING).update(to_unit=target)
    source.refresh_from_db()
    # The source's records before `on` count in the target's figures from now on (docs/domain.md,
    # "Merges carry the records over").
    source.merged_into, source.merged_on = target, on
    source.save(update_fields=["merged_into", "merged_on"])
    history.close_unit(source, on)
    target.refresh_from_db()
    audit_log(
        actor=by,
        action="unit.merge",
        unit=source,
        effective_on=on,
        reason=reason,
        summary=_(
            "Sáp nhập %(source)s vào %(target)s (%(members)s đoàn viên, %(children)s đơn vị trực thuộc)"
        )
        % {"source": source.name, "target": target.name, "members": len(members), "children": len(children)},
        data={"target": target.code, "members": len(members), "children": [child.code for child in children]},
    )
    return target


def _split_part(index: int, part: dict[str, Any], default_kind: UnitKind) -> dict[str, Any]:
    name, code = vntext.clean(part.get("name", "")), (part.get("code") or "").strip()
    if not name or not code:
        raise ValidationError(_("Đơn vị mới thứ %(n)s cần có tên và mã.") % {"n": index})
    return {
        "name": name,
        "code": code,
        "short_name": part.get("short_name") or "",
        "kind": part.get("kind") or default_kind,
        "member_ids": {int(pk) for pk in part.get("member_ids") or ()},
        "child_ids": {int(pk) for pk in part.get("child_ids") or ()},
    }


def _assign_once(parts: list[dict[str, Any]], key: str, allowed: dict[int, Any], what: str) -> None:
    seen: set[int] = set()
    for index, part in enumerate(parts, start=1):
        unknown = part[key] - allowed.keys()
        if unknown:
            raise ValidationError(
                _("Đơn vị mới thứ %(n)s: có %(what)s không thuộc đơn vị được chia tách (mã số %(ids)s).")
                % {"n": index, "what": what, "ids": ", ".join(str(pk) for pk in sorted(unknown))}
            )
        twice = part[key] & seen
        if twice:
            names = ", ".join(str(allowed[pk]) for pk in sorted(twice))
            raise ValidationError(
                _("%(names)s được chia về nhiều hơn một đơn vị mới; mỗi %(what)s chỉ về một đơn vị.")
                % {"names": names, "what": what}
            )
        seen |= part[key]


@transaction.atomic
def unit_split(
    *,
    unit: OrgUnit,
    parts: list[dict[str, Any]],
    on: datetime.date,
    by,
    reason: str,
    close_original: bool = False,
) -> list[OrgUnit]:
    """Split `unit` into new sibling units from `on`. Each part is a dict {name, code, kind, short_name,
    member_ids, child_ids}: the named current members and active child units go to that new unit.
    With `close_original` everything must be given out and the original closes. Returns the new units."""
    _require_restructure(by, unit)
    _require_active(unit)
    parent = OrgUnit.objects.get_parent(unit)
    if parent is None:
        raise ValidationError(_("Không thể chia tách đơn vị cấp cao nhất."))
    reason = _require_reason(reason)
    if len(parts) < (2 if close_original else 1):
        raise ValidationError(_("Hãy khai báo ít nhất hai đơn vị mới."))
    history.require_date(on, subtrees=[unit])
    history.require_anchor(parent, on, "parent")
    parts = [_split_part(index, part, unit.kind) for index, part in enumerate(parts, start=1)]

    members = {member.pk: member for member in _current_members(unit)}
    children = {child.pk: child for child in _active_children(unit)}
    _assign_once(parts, "member_ids", members, _("đoàn viên"))
    _assign_once(parts, "child_ids", children, _("đơn vị trực thuộc"))
    if close_original:
        left_members = len(members) - sum(len(part["member_ids"]) for part in parts)
        left_children = len(children) - sum(len(part["child_ids"]) for part in parts)
        if left_members or left_children:
            raise ValidationError(
                _(
                    "Còn %(members)s đoàn viên và %(children)s đơn vị trực thuộc chưa được chia về đơn vị mới; "
                    "hãy chia hết trước khi giải thể đơn vị cũ."
                )
                % {"members": left_members, "children": left_children}
            )

    created = []
    for index, part in enumerate(parts, start=1):
        try:
            new_unit = _create(
                parent=parent,
                kind=part["kind"],
                name=part["name"],
                code=part["code"],
                on=on,
                short_name=part["short_name"],
                place=unit.place,
            )
        except ValidationError as error:
            raise ValidationError(
                [
                    _("Đơn vị mới thứ %(n)s: %(error)s") % {"n": index, "error": message}
                    for message in error.messages
                ]
            ) from error
        for child_id in sorted(part["child_ids"]):
            history.move_subtree(children[child_id], new_unit, on)
        moving = [members[pk] for pk in sorted(part["member_ids"])]
        _move_members(moving, source=unit, target=new_unit, on=on, by=by, reason=reason)
        created.append(new_unit)
    unit.refresh_from_db()
    if close_original:
        history.close_unit(unit, on)
    audit_log(
        actor=by,
        action="unit.split",
        unit=unit,
        effective_on=on,
        reason=reason,
        summary=_("Chia tách %(unit)s thành %(parts)s")
        % {"unit": unit.name, "parts": ", ".join(u.name for u in created)},
        data={
            "parts": [
                {"code": u.code, "members": len(p["member_ids"]), "children": len(p["child_ids"])}
                for u, p in zip(created, parts, strict=True)
            ],
            "closed": close_original,
        },
    )
    return created


@transaction.atomic
def unit_dissolve(*, unit: OrgUnit, on: datetime.date, by, reason: str) -> OrgUnit:
    """Close `unit` from `on`. Refused while members, active child units or incoming transfers remain."""
    _require_restructure(by, unit)
    _require_active(unit)
    reason = _require_reason(reason)
    history.require_date(on, subtrees=[unit])
    members = Member.objects.filter(unit=unit, status__in=CURRENT_STATUSES).count()
    children = _active_children(unit)
    incoming = Transfer.objects.filter(to_unit=unit, state=Transfer.State.PENDING).count()
    remaining = []
    if members:
        remaining.append(_("%(n)s đoàn viên đang sinh hoạt") % {"n": members})
    if children:
        remaining.append(
            _("%(n)s đơn vị trực thuộc đang hoạt động (%(names)s)")
            % {"n": len(children), "names": ", ".join(child.name for child in children)}
        )
    if incoming:
        remaining.append(_("%(n)s đề nghị chuyển sinh hoạt đến đang chờ tiếp nhận") % {"n": incoming})
    if remaining:
        raise ValidationError(
            _("Chưa thể giải thể %(unit)s: còn %(what)s. Hãy chuyển hoặc sáp nhập trước.")
            % {"unit": unit.name, "what": "; ".join(remaining)}
        )
    history.close_unit(unit, on)
    audit_log(
        actor=by,
        action="unit.dissolve",
        unit=unit,
        effective_on=on,
        reason=reason,
        summary=_("Giải thể %(unit)s") % {"unit": unit.name},
        data={"code": unit.code},
    )
    return unit
