"""Activities: one record per activity however many units organised it, with its figures.

The organisers of an activity are its lead unit (`Activity.unit`) and any co-organisers; every one of them,
the lead included, has an ActivityOrganiser row, so "activities of this sub-tree" is one EXISTS over those
rows and a joint activity is counted once above its organisers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.audit import audit_log
from doanvu.lib import changes, vnnumbers
from doanvu.org.models import OrgUnit
from doanvu.work.models import Activity, ActivityFigure, ActivityOrganiser, Indicator, Movement, WorkArea
from doanvu.work.selectors import indicators_available, movements_available, organiser_units

from ._common import dmy, ensure_unlocked, num, require_edit
from .attachments import attachment_add, attachment_check

ACTIVITY_FIELDS = ("title", "description", "work_area", "movement", "start_on", "end_on", "place")
# A donor gives one donation of 250–450 ml: at most about two units of blood.
BLOOD_UNITS_PER_DONOR = 2

Figures = Mapping[str, Any]


def _decimal(value: Any, indicator: Indicator) -> Decimal | None:
    """A figure as typed on a page, written in a file or sent as JSON, read by the one parser; what the
    indicator's unit cannot hold (1,5 lượt) is refused (docs/architecture.md, "Numbers as people type them")."""
    try:
        return vnnumbers.parse(
            value, kind=vnnumbers.unit_kind(indicator.unit_label), unit_label=indicator.unit_label
        )
    except vnnumbers.NumberError as error:
        raise ValidationError({"figures": f"«{indicator.name}»: {error}"}) from None


def clean_figures(*, unit: OrgUnit, figures: Figures) -> tuple[dict[Indicator, Decimal], list[str]]:
    """Check an activity's figures (indicator code → value; empty values are dropped) for its lead unit.

    Returns the figures by indicator and the warnings (plausible but unusual values); raises
    ValidationError for what cannot be right.
    """
    available = {i.code: i for i in indicators_available(unit).filter(source=Indicator.Source.ACTIVITY)}
    errors: list[str] = []
    out: dict[Indicator, Decimal] = {}
    for code, raw in figures.items():
        indicator = available.get(str(code).strip())
        if indicator is None:
            errors.append(
                _("Chỉ số «%(code)s» không nhập được cho hoạt động của %(unit)s.")
                % {"code": code, "unit": unit.name}
            )
            continue
        try:
            value = _decimal(raw, indicator)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if value is None:
            continue
        if value < 0:
            errors.append(_("«%(name)s» không được âm.") % {"name": indicator.name})
            continue
        if value.as_tuple().exponent < -2 or abs(value) >= Decimal(10) ** 16:
            errors.append(
                _("«%(name)s»: giá trị không hợp lệ (quá lớn hoặc quá 2 chữ số thập phân).")
                % {"name": indicator.name}
            )
            continue
        out[indicator] = value
    by_code = {i.code: v for i, v in out.items()}
    sessions, participations = by_code.get("activities"), by_code.get("participations")
    if sessions is not None and participations is not None and participations < sessions:
        errors.append(
            _(
                "Số lượt tham gia (%(participations)s) phải lớn hơn hoặc bằng số cuộc (%(sessions)s): "
                "mỗi cuộc có ít nhất một lượt người tham gia."
            )
            % {"participations": num(participations), "sessions": num(sessions)}
        )
    if errors:
        raise ValidationError({"figures": errors})
    warnings = []
    donors, blood = by_code.get("blood_donors"), by_code.get("blood_units")
    if blood and not donors:
        warnings.append(
            _("Có %(units)s đơn vị máu nhưng chưa nhập số lượt hiến máu.") % {"units": num(blood)}
        )
    elif blood and donors and blood > donors * BLOOD_UNITS_PER_DONOR:
        warnings.append(
            _(
                "Số đơn vị máu (%(units)s) nhiều hơn gấp đôi số lượt hiến máu (%(donors)s): mỗi lượt hiến "
                "thường được 1 đến 2 đơn vị máu, hãy kiểm tra lại."
            )
            % {"units": num(blood), "donors": num(donors)}
        )
    return out, warnings


def _resolve(data: dict[str, Any], unit: OrgUnit, current_movement: int | None = None) -> dict[str, Any]:
    """Work area and movement may come as objects or codes; both must be usable by the lead unit (an
    activity keeps the movement it has even once that movement is retired)."""
    unknown = sorted(set(data) - set(ACTIVITY_FIELDS))
    if unknown:
        raise ValidationError({name: _("Không có trường này.") for name in unknown})
    data = dict(data)
    area = data.get("work_area")
    if isinstance(area, str):
        found = WorkArea.objects.filter(code=area).first() if area else None
        if area and found is None:
            raise ValidationError({"work_area": _("Không có mặt công tác mã «%(code)s».") % {"code": area}})
        data["work_area"] = found
    if "work_area" in data and data["work_area"] is None:
        raise ValidationError({"work_area": _("Hãy chọn mặt công tác.")})
    movement = data.get("movement")
    if isinstance(movement, str):
        movement = Movement.objects.filter(code=movement).first() if movement else None
        if data["movement"] and movement is None:
            raise ValidationError(
                {"movement": _("Không có phong trào, chiến dịch mã «%(code)s».") % {"code": data["movement"]}}
            )
        data["movement"] = movement
    if (
        movement is not None
        and movement.pk != current_movement
        and not movements_available(unit).filter(pk=movement.pk).exists()
    ):
        raise ValidationError(
            {
                "movement": _("Phong trào «%(name)s» không áp dụng cho %(unit)s.")
                % {"name": movement.name, "unit": unit.name}
            }
        )
    for name in ("title", "description", "place"):
        if name in data:
            data[name] = (data[name] or "").strip()
    return data


def _co_organisers(by, unit: OrgUnit, codes: Iterable[str]) -> list[OrgUnit]:
    """Co-organisers named by unit code: units in the user's scope, other than the lead unit."""
    out: list[OrgUnit] = []
    for code in dict.fromkeys(c.strip().upper() for c in codes if c and c.strip()):
        found = OrgUnit.objects.filter(code__iexact=code).first()
        if found is None or not scope.in_scope(by, found):
            raise ValidationError(
                {
                    "co_organisers": _("Không tìm thấy đơn vị mã «%(code)s» trong phạm vi của bạn.")
                    % {"code": code}
                }
            )
        if found.pk != unit.pk:
            out.append(found)
    return out


def _check(activity: Activity) -> None:
    if activity.start_on and activity.end_on and activity.end_on < activity.start_on:
        raise ValidationError(
            {
                "end_on": _("Ngày kết thúc (%(end)s) phải từ ngày bắt đầu (%(start)s) trở đi.")
                % {"end": dmy(activity.end_on), "start": dmy(activity.start_on)}
            }
        )
    activity.full_clean(exclude=["organisers", "created_by"])
    if not activity.unit.is_active_on(activity.start_on):
        raise ValidationError(
            {
                "start_on": _("%(unit)s không hoạt động vào ngày %(day)s.")
                % {"unit": activity.unit.name, "day": dmy(activity.start_on)}
            }
        )


def _lock_check(units: Iterable[OrgUnit], day: datetime.date) -> None:
    for unit in units:
        ensure_unlocked(unit=unit, day=day)


def _write_figures(activity: Activity, figures: dict[Indicator, Decimal]) -> dict[str, str]:
    with changes.changing(activities=[activity.pk]):
        activity.figures.all().delete()
        ActivityFigure.objects.bulk_create(
            ActivityFigure(activity=activity, indicator=indicator, value=value)
            for indicator, value in figures.items()
        )
    return {indicator.code: str(value) for indicator, value in figures.items()}


def _write_organisers(activity: Activity, co: list[OrgUnit]) -> list[str]:
    units = [activity.unit, *co]
    with changes.changing(activities=[activity.pk]):
        activity.organiser_links.all().delete()
        ActivityOrganiser.objects.bulk_create(
            ActivityOrganiser(activity=activity, unit=u, lead=u.pk == activity.unit_id) for u in units
        )
    return [u.code for u in units]


@transaction.atomic
def activity_create(
    *,
    unit: OrgUnit,
    data: dict[str, Any],
    co_organisers: Iterable[str] = (),
    figures: Figures | None = None,
    uploads: Iterable[UploadedFile] = (),
    by,
) -> Activity:
    """Record an activity led by `unit`, with its co-organisers (unit codes), figures (code → value) and
    evidence files. The returned activity carries `warnings` (unusual figures that were still accepted)."""
    require_edit(by, unit)
    data = _resolve(data, unit)
    activity = Activity(unit=unit, created_by=by if getattr(by, "is_authenticated", False) else None, **data)
    if activity.start_on and not activity.end_on:
        activity.end_on = activity.start_on
    _check(activity)
    co = _co_organisers(by, unit, co_organisers)
    _lock_check([unit, *co], activity.start_on)
    clean, warnings = clean_figures(unit=unit, figures=figures or {})
    uploads = list(uploads)
    for upload in uploads:  # every file checked before anything is written
        attachment_check(upload)
    activity.save()
    # Its part of the figures taken away once and added back once, with its organisers and figures.
    with changes.changing(activities=[activity.pk]):
        organisers = _write_organisers(activity, co)
        written = _write_figures(activity, clean)
    audit_log(
        actor=by,
        action="activity.create",
        unit=unit,
        effective_on=activity.start_on,
        summary=_("Ghi nhận hoạt động «%(title)s» của %(unit)s")
        % {"title": activity.title, "unit": unit.name},
        data={"activity": activity.pk, "organisers": organisers, "figures": written},
    )
    for upload in uploads:
        attachment_add(activity=activity, upload=upload, by=by)
    activity.warnings = warnings
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    data: dict[str, Any],
    co_organisers: Iterable[str] | None = None,
    figures: Figures | None = None,
    by,
) -> Activity:
    """Change an activity: the fields in `data`; the co-organisers and the figures when given (each replaces
    the whole set). The lead unit does not change; delete and record again to move an activity."""
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    unit = activity.unit
    require_edit(by, unit)
    before_units = organiser_units(activity)
    _lock_check(before_units, activity.start_on)
    data = _resolve(data, unit, current_movement=activity.movement_id)
    for name, value in data.items():
        setattr(activity, name, value)
    _check(activity)
    co = (
        _co_organisers(by, unit, co_organisers)
        if co_organisers is not None
        else [u for u in before_units if u.pk != unit.pk]
    )
    _lock_check([unit, *co], activity.start_on)
    warnings: list[str] = []
    changed: dict[str, Any] = {"activity": activity.pk, "fields": sorted(data)}
    if figures is not None:
        clean, warnings = clean_figures(unit=unit, figures=figures)
        # Figures of indicators retired since they were recorded are no longer on the form: they stay.
        for figure in activity.figures.filter(indicator__is_active=False).select_related("indicator"):
            clean.setdefault(figure.indicator, figure.value)
    # Its part of the figures taken away once and added back once, with its organisers and figures.
    with changes.changing(activities=[activity.pk]):
        activity.save()
        if co_organisers is not None:
            changed["organisers"] = _write_organisers(activity, co)
        if figures is not None:
            changed["figures"] = _write_figures(activity, clean)
    audit_log(
        actor=by,
        action="activity.update",
        unit=unit,
        effective_on=activity.start_on,
        summary=_("Sửa hoạt động «%(title)s» của %(unit)s") % {"title": activity.title, "unit": unit.name},
        data=changed,
    )
    activity.warnings = warnings
    return activity


@transaction.atomic
def activity_figures_set(*, activity: Activity, figures: Figures, by) -> list[str]:
    """Replace an activity's figures; returns the warnings."""
    return activity_update(activity=activity, data={}, figures=figures, by=by).warnings


@transaction.atomic
def activity_delete(*, activity: Activity, by) -> None:
    """Delete an activity with its figures and evidence files."""
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    unit = activity.unit
    require_edit(by, unit)
    _lock_check(organiser_units(activity), activity.start_on)
    files = [a.file.name for a in activity.attachments.all()]
    storage = activity.attachments.model._meta.get_field("file").storage
    audit_log(
        actor=by,
        action="activity.delete",
        unit=unit,
        effective_on=activity.start_on,
        summary=_("Xóa hoạt động «%(title)s» của %(unit)s") % {"title": activity.title, "unit": unit.name},
        data={
            "activity": activity.pk,
            "start_on": activity.start_on.isoformat(),
            "figures": {f.indicator.code: str(f.value) for f in activity.figures.select_related("indicator")},
        },
    )
    activity.delete()
    # Files go only once the rows are gone for good.
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
