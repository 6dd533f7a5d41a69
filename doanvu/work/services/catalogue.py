"""An upper level's own indicators and movements, for its sub-tree, added without a code change."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.org.models import OrgUnit
from doanvu.work.models import Indicator, Movement, WorkArea

from ._common import indicators_available, require_edit

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
