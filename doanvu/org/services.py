"""Writes to the unit tree. Each restructure has an effective date, checks permission, runs in one
transaction and writes its audit entry in that transaction. History is kept in UnitVersion."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log

from .models import OrgUnit, UnitKind, UnitVersion, lineage_segment


def _lineage_on(unit: OrgUnit, day: datetime.date) -> str:
    version = UnitVersion.objects.filter(UnitVersion.valid_on_q(day), unit=unit).first()
    if version is None:
        raise ValidationError(_("Đơn vị %(unit)s chưa hoạt động vào ngày %(day)s.")
                              % {"unit": unit.name, "day": day.strftime("%d/%m/%Y")})
    return version.lineage


def _open_version(unit: OrgUnit, *, parent: OrgUnit | None, on: datetime.date) -> UnitVersion:
    parent_lineage = _lineage_on(parent, on) if parent else ""
    lineage = parent_lineage + lineage_segment(unit.pk)
    return UnitVersion.objects.create(
        unit=unit, valid_from=on, parent=parent, name=unit.name, short_name=unit.short_name,
        kind=unit.kind, lineage=lineage, depth=len(lineage) // len(lineage_segment(1)),
    )


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
    if parent is not None and not parent.is_active_on(on):
        raise ValidationError({"parent": _("Đơn vị cấp trên không hoạt động vào ngày hiệu lực.")})
    fields = {"kind": kind, "name": name.strip(), "short_name": short_name.strip(), "code": code.strip(),
              "active_from": on, "place": place.strip()}
    probe = OrgUnit(**fields, path="0", depth=1)
    probe.full_clean(exclude=["path", "depth", "numchild"])
    if parent is not None:
        unit = OrgUnit.objects.add_child(parent, fields)
    else:
        unit = OrgUnit.objects.add_root(fields)
    _open_version(unit, parent=parent, on=on)
    audit_log(actor=by, action="unit.create", unit=unit, effective_on=on, reason=reason,
              summary=_("Thành lập %(name)s") % {"name": unit.name},
              data={"parent": parent.code if parent else None, "code": unit.code})
    return unit
