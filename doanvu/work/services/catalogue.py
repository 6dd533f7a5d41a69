"""An upper level's own indicators and movements, for its sub-tree: added without a code change, edited,
retired and brought back by the owner unit's editors."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.org.models import OrgUnit
from doanvu.work.models import Indicator, Movement, WorkArea
from doanvu.work.selectors import indicators_available

from ._common import require_edit

INDICATOR_CODE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
MOVEMENT_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _upper_level(unit: OrgUnit) -> None:
    if unit.kind.is_branch:
        raise ValidationError(
            _(
                "Chỉ số, phong trào riêng do cấp trên chi đoàn ban hành cho các đơn vị trực thuộc; %(unit)s là "
                "chi đoàn."
            )
            % {"unit": unit.name}
        )


def _area(value: WorkArea | str | None) -> WorkArea | None:
    if value is None or isinstance(value, WorkArea):
        return value
    if not value:
        return None
    found = WorkArea.objects.filter(code=value).first()
    if found is None:
        raise ValidationError({"work_area": _("Không có mặt công tác mã «%(code)s».") % {"code": value}})
    return found


def _part(owner: OrgUnit, value: Indicator | str | None, field: str) -> Indicator | None:
    if value is None or value == "":
        return None
    code = value.code if isinstance(value, Indicator) else str(value).strip()
    found = indicators_available(owner).exclude(kind=Indicator.Kind.RATIO).filter(code=code).first()
    if found is None:
        raise ValidationError(
            {
                field: _(
                    "Chỉ số «%(code)s» không có hoặc không dùng được ở %(unit)s (và không được là tỷ lệ)."
                )
                % {"code": code, "unit": owner.name}
            }
        )
    return found


@transaction.atomic
def indicator_create(
    *,
    owner_unit: OrgUnit,
    code: str,
    name: str,
    unit_label: str,
    kind: str,
    source: str = Indicator.Source.ACTIVITY,
    work_area: WorkArea | str | None = None,
    numerator: Indicator | str | None = None,
    denominator: Indicator | str | None = None,
    scale: int | None = None,
    description: str = "",
    by,
) -> Indicator:
    """Add an indicator of `owner_unit` for its sub-tree: figures of activities or values entered directly,
    or a ratio of two indicators the unit can use."""
    require_edit(by, owner_unit)
    _upper_level(owner_unit)
    code = (code or "").strip().lower()
    if not INDICATOR_CODE.match(code):
        raise ValidationError(
            {
                "code": _(
                    "Mã chỉ số chỉ gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ, từ 2 đến "
                    "60 ký tự (ví dụ: hien_mau_2025)."
                )
            }
        )
    taken = Indicator.objects.filter(code=code).first()
    if taken is not None:
        raise ValidationError(
            {
                "code": _("Mã «%(code)s» đã có (chỉ số «%(name)s»); hãy chọn mã khác.")
                % {"code": code, "name": taken.name}
            }
        )
    if kind not in Indicator.Kind.values:
        raise ValidationError({"kind": _("Hãy chọn loại chỉ số: số thời điểm, số phát sinh hoặc tỷ lệ.")})
    indicator = Indicator(
        code=code,
        name=(name or "").strip(),
        unit_label=(unit_label or "").strip(),
        kind=kind,
        work_area=_area(work_area),
        owner_unit=owner_unit,
        description=(description or "").strip(),
    )
    if kind == Indicator.Kind.RATIO:
        indicator.source = Indicator.Source.RATIO
        indicator.numerator = _part(owner_unit, numerator, "numerator")
        indicator.denominator = _part(owner_unit, denominator, "denominator")
        if indicator.numerator is None or indicator.denominator is None:
            raise ValidationError(
                {
                    "numerator" if indicator.numerator is None else "denominator": _(
                        "Chỉ số tỷ lệ cần có tử số và mẫu số."
                    )
                }
            )
        if indicator.numerator == indicator.denominator:
            raise ValidationError({"denominator": _("Tử số và mẫu số phải là hai chỉ số khác nhau.")})
        indicator.scale = scale or 100
        indicator.unit_label = indicator.unit_label or ("%" if indicator.scale == 100 else "")
    else:
        if source not in (Indicator.Source.ACTIVITY, Indicator.Source.DIRECT):
            raise ValidationError(
                {"source": _("Chỉ số riêng lấy số liệu từ các hoạt động hoặc nhập trực tiếp theo kỳ.")}
            )
        if numerator or denominator:
            raise ValidationError({"numerator": _("Chỉ số tỷ lệ mới có tử số và mẫu số.")})
        indicator.source = source
        indicator.scale = 1
    indicator.full_clean()
    indicator.save()
    audit_log(
        actor=by,
        action="indicator.create",
        unit=owner_unit,
        summary=_("%(unit)s thêm chỉ số riêng «%(name)s» (%(code)s)")
        % {"unit": owner_unit.name, "name": indicator.name, "code": code},
        data={"indicator": code, "kind": kind, "source": indicator.source},
    )
    return indicator


@transaction.atomic
def movement_create(
    *, owner_unit: OrgUnit, code: str, name: str, work_area: WorkArea | str | None = None, by
) -> Movement:
    """Add a movement or campaign of `owner_unit` that activities of its sub-tree can belong to."""
    require_edit(by, owner_unit)
    _upper_level(owner_unit)
    code = (code or "").strip().lower()
    if not MOVEMENT_CODE.match(code) or len(code) > 60:
        raise ValidationError(
            {
                "code": _(
                    "Mã phong trào chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: "
                    "mua-he-xanh-2025), tối đa 60 ký tự."
                )
            }
        )
    taken = Movement.objects.filter(code=code).first()
    if taken is not None:
        raise ValidationError(
            {
                "code": _("Mã «%(code)s» đã có (phong trào «%(name)s»); hãy chọn mã khác.")
                % {"code": code, "name": taken.name}
            }
        )
    movement = Movement(
        code=code, name=(name or "").strip(), work_area=_area(work_area), owner_unit=owner_unit
    )
    movement.full_clean()
    movement.save()
    audit_log(
        actor=by,
        action="movement.create",
        unit=owner_unit,
        summary=_("%(unit)s phát động «%(name)s» (%(code)s)")
        % {"unit": owner_unit.name, "name": movement.name, "code": code},
        data={"movement": code},
    )
    return movement


# ---------------------------------------------------------------------------------------------------------
# Editing and retiring an upper level's own indicators and movements
#
# A retired row (is_active False) is no longer offered for new records (indicators_available and
# movements_available keep active rows only) and disappears from the catalogue's main list; records that
# already carry it keep it. Only the owner unit's editors, or editors above it, change a row; rows of the
# national catalogue (no owner) are changed by site administrators, not here.


def _require_owner(by, row: Indicator | Movement) -> OrgUnit:
    if row.owner_unit_id is None:
        raise PermissionDenied(
            _("«%(name)s» thuộc danh mục toàn quốc, không sửa hay thôi dùng ở đây.") % {"name": row.name}
        )
    require_edit(by, row.owner_unit)
    return row.owner_unit


def indicator_usage(indicator: Indicator) -> dict[str, int]:
    """How many records carry the indicator: activity figures, direct values, targets."""
    from doanvu.work.models import ActivityFigure, DirectValue, Target

    return {
        "figures": ActivityFigure.objects.filter(indicator=indicator).count(),
        "values": DirectValue.objects.filter(indicator=indicator).count(),
        "targets": Target.objects.filter(indicator=indicator).count(),
    }


def _usage_text(usage: dict[str, int]) -> str:
    parts = []
    if usage["figures"]:
        parts.append(_("%(n)s số liệu hoạt động") % {"n": usage["figures"]})
    if usage["values"]:
        parts.append(_("%(n)s số liệu nhập theo kỳ") % {"n": usage["values"]})
    if usage["targets"]:
        parts.append(_("%(n)s chỉ tiêu") % {"n": usage["targets"]})
    return ", ".join(parts)


def _changes(row, fields: dict) -> dict[str, list]:
    out = {}
    for name, value in fields.items():
        before = getattr(row, name)
        if before != value:
            out[name] = [
                str(before) if before is not None else None,
                str(value) if value is not None else None,
            ]
    return out


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    name: str,
    unit_label: str,
    work_area: WorkArea | str | None = None,
    order: int | None = None,
    description: str = "",
    code: str | None = None,
    kind: str | None = None,
    by,
) -> Indicator:
    """Change an own indicator's name, unit of measure, work area, order and description. Its code and kind
    change only while no record carries it (figures are read by code and summed by kind); a ratio stays a
    ratio. Audited (indicator.update) when something changed."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    owner = _require_owner(by, indicator)
    code = indicator.code if code is None else (code or "").strip().lower()
    kind = indicator.kind if kind is None else kind
    if code != indicator.code or kind != indicator.kind:
        usage = indicator_usage(indicator)
        if any(usage.values()):
            raise ValidationError(
                {
                    "code" if code != indicator.code else "kind": _(
                        "Chỉ số «%(name)s» đã có số liệu (%(usage)s): không đổi được mã và loại, chỉ sửa được "
                        "tên, đơn vị tính, mặt công tác, thứ tự và ghi chú."
                    )
                    % {"name": indicator.name, "usage": _usage_text(usage)}
                }
            )
    if code != indicator.code:
        if not INDICATOR_CODE.match(code):
            raise ValidationError(
                {
                    "code": _(
                        "Mã chỉ số chỉ gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ, từ 2 "
                        "đến 60 ký tự (ví dụ: hien_mau_2025)."
                    )
                }
            )
        taken = Indicator.objects.filter(code=code).exclude(pk=indicator.pk).first()
        if taken is not None:
            raise ValidationError(
                {
                    "code": _("Mã «%(code)s» đã có (chỉ số «%(name)s»); hãy chọn mã khác.")
                    % {"code": code, "name": taken.name}
                }
            )
    if kind != indicator.kind:
        if kind not in Indicator.Kind.values:
            raise ValidationError({"kind": _("Hãy chọn loại chỉ số: số thời điểm, số phát sinh hoặc tỷ lệ.")})
        if Indicator.Kind.RATIO in (kind, indicator.kind):
            raise ValidationError(
                {"kind": _("Không đổi được chỉ số tỷ lệ thành loại khác hay ngược lại; hãy thêm chỉ số mới.")}
            )
    fields = {
        "code": code,
        "kind": kind,
        "name": (name or "").strip(),
        "unit_label": (unit_label or "").strip(),
        "work_area": _area(work_area),
        "order": indicator.order if order is None else order,
        "description": (description or "").strip(),
    }
    changed = _changes(indicator, fields)
    for field, value in fields.items():
        setattr(indicator, field, value)
    indicator.full_clean()
    if not changed:
        return indicator
    indicator.save()
    audit_log(
        actor=by,
        action="indicator.update",
        unit=owner,
        summary=_("%(unit)s sửa chỉ số riêng «%(name)s» (%(code)s)")
        % {"unit": owner.name, "name": indicator.name, "code": indicator.code},
        data={"indicator": indicator.code, "changes": changed},
    )
    return indicator


@transaction.atomic
def indicator_set_active(*, indicator: Indicator, active: bool, by, reason: str = "") -> Indicator:
    """Retire an own indicator (no longer offered for new records; the figures already recorded stay) or
    bring it back. Refused while an active ratio uses it as a part, and for a ratio whose parts are retired.
    Audited (indicator.retire, either way)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    owner = _require_owner(by, indicator)
    if indicator.is_active == active:
        return indicator
    if not active:
        ratio = (
            Indicator.objects.filter(is_active=True, kind=Indicator.Kind.RATIO)
            .filter(Q(numerator=indicator) | Q(denominator=indicator))
            .first()
        )
        if ratio is not None:
            raise ValidationError(
                _(
                    "Chỉ số «%(name)s» là một phần của chỉ số tỷ lệ «%(ratio)s» đang dùng; hãy thôi dùng chỉ số "
                    "tỷ lệ đó trước."
                )
                % {"name": indicator.name, "ratio": ratio.name}
            )
    elif indicator.kind == Indicator.Kind.RATIO:
        retired = [
            part for part in (indicator.numerator, indicator.denominator) if part and not part.is_active
        ]
        if retired:
            raise ValidationError(
                _("Chỉ số «%(part)s» (tử số hoặc mẫu số) đã thôi dùng; hãy dùng lại nó trước.")
                % {"part": retired[0].name}
            )
    indicator.is_active = active
    indicator.save(update_fields=["is_active"])
    summary = (
        _("%(unit)s thôi dùng chỉ số riêng «%(name)s» (%(code)s)")
        if not active
        else _("%(unit)s dùng lại chỉ số riêng «%(name)s» (%(code)s)")
    )
    audit_log(
        actor=by,
        action="indicator.retire",
        unit=owner,
        reason=(reason or "").strip(),
        summary=summary % {"unit": owner.name, "name": indicator.name, "code": indicator.code},
        data={"indicator": indicator.code, "changes": {"is_active": [str(not active), str(active)]}},
    )
    return indicator


@transaction.atomic
def movement_update(
    *, movement: Movement, name: str, work_area: WorkArea | str | None = None, code: str | None = None, by
) -> Movement:
    """Change an own movement's name and work area; its code too while no activity belongs to it. Audited
    (movement.update) when something changed."""
    from doanvu.work.models import Activity

    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    owner = _require_owner(by, movement)
    code = movement.code if code is None else (code or "").strip().lower()
    if code != movement.code:
        used = Activity.objects.filter(movement=movement).count()
        if used:
            raise ValidationError(
                {
                    "code": _(
                        "«%(name)s» đã có %(n)s hoạt động: không đổi được mã, chỉ sửa được tên và mặt công tác."
                    )
                    % {"name": movement.name, "n": used}
                }
            )
        if not MOVEMENT_CODE.match(code) or len(code) > 60:
            raise ValidationError(
                {
                    "code": _(
                        "Mã phong trào chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: "
                        "mua-he-xanh-2025), tối đa 60 ký tự."
                    )
                }
            )
        taken = Movement.objects.filter(code=code).exclude(pk=movement.pk).first()
        if taken is not None:
            raise ValidationError(
                {
                    "code": _("Mã «%(code)s» đã có (phong trào «%(name)s»); hãy chọn mã khác.")
                    % {"code": code, "name": taken.name}
                }
            )
    fields = {"code": code, "name": (name or "").strip(), "work_area": _area(work_area)}
    changed = _changes(movement, fields)
    for field, value in fields.items():
        setattr(movement, field, value)
    movement.full_clean()
    if not changed:
        return movement
    movement.save()
    audit_log(
        actor=by,
        action="movement.update",
        unit=owner,
        summary=_("%(unit)s sửa phong trào «%(name)s» (%(code)s)")
        % {"unit": owner.name, "name": movement.name, "code": movement.code},
        data={"movement": movement.code, "changes": changed},
    )
    return movement


@transaction.atomic
def movement_set_active(*, movement: Movement, active: bool, by, reason: str = "") -> Movement:
    """Retire an own movement (activities can no longer be recorded under it; those recorded keep it) or
    bring it back. Audited (movement.retire, either way)."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    owner = _require_owner(by, movement)
    if movement.is_active == active:
        return movement
    movement.is_active = active
    movement.save(update_fields=["is_active"])
    summary = (
        _("%(unit)s thôi dùng phong trào «%(name)s» (%(code)s)")
        if not active
        else _("%(unit)s dùng lại phong trào «%(name)s» (%(code)s)")
    )
    audit_log(
        actor=by,
        action="movement.retire",
        unit=owner,
        reason=(reason or "").strip(),
        summary=summary % {"unit": owner.name, "name": movement.name, "code": movement.code},
        data={"movement": movement.code, "changes": {"is_active": [str(not active), str(active)]}},
    )
    return movement
