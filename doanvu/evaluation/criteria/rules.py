"""The rules a criteria set's rows must meet, shared by the editor, the xlsx import, the API and
`services.criteria.criteria_set_build`. Pure checks: each function returns cleaned values or raises
ValidationError keyed by field, with Vietnamese messages that say what is wrong.

Points are written the Vietnamese way or the computer way ("2,5" or "2.5"), at most two decimals. Graded
levels are stored best first as [{"points": "8", "text": "…"}] with the points as a plain string
("8", "2.5"), so that what is exported and imported again is exactly what was stored.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from doanvu.evaluation.criteria.models import DataSource
from doanvu.lib import vnnumbers

CODE_MAX = {"criterion": 12, "content": 12, "condition": 16}
TITLE_MAX = 500
MAX_POINTS_LIMIT = Decimal("10000")
# Sources whose value is a share (%): optional thresholds [[percent, points], …] replace the grade rule.
SHARE_SOURCES = {
    DataSource.REPORT_TIMELINESS,
    DataSource.MEETING_ATTENDANCE,
    DataSource.TARGET_ACHIEVEMENT,
    DataSource.MEMBERS_EVALUATED,
    DataSource.TRAINING_REGISTERED,
    DataSource.DUES_COLLECTED,
    DataSource.OUTSTANDING_INTRODUCED,
}
PARAM_KEYS = {"indicator", "thresholds", "target"}


def plain(value: Decimal) -> str:
    """8 → "8", 2.50 → "2.5": the stored form of points."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def vn_points(value: Decimal | str | int | float) -> str:
    """Points as the Union writes them: 8, 2,5."""
    return plain(Decimal(str(value))).replace(".", ",")


def json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_points(value: Any, *, label: str) -> Decimal:
    """A number of points (≥ 0, at most two decimals) from a cell, a form or JSON; `label` names it."""
    if isinstance(value, bool):
        raise ValidationError(_("%(label)s phải là một số, ví dụ 8 hoặc 2,5.") % {"label": label})
    if not isinstance(value, (int, float, Decimal)) and not str(value or "").strip():
        raise ValidationError(_("Hãy ghi %(label)s.") % {"label": label.lower()})
    try:
        # The one parser of numbers (docs/architecture.md, "Numbers as people type them"); places are
        # checked below with this rule's own message.
        number = vnnumbers.parse(value if isinstance(value, (int, float, Decimal)) else str(value), places=6)
    except vnnumbers.NumberError as error:
        reason = str(error)
        if reason.startswith("Không đọc được"):
            raise ValidationError(
                _("%(label)s phải là một số, ví dụ 8 hoặc 2,5.") % {"label": label}
            ) from None
        raise ValidationError(_("%(label)s: %(reason)s") % {"label": label, "reason": reason}) from None
    if number < 0:
        raise ValidationError(_("%(label)s không được âm.") % {"label": label})
    if number >= MAX_POINTS_LIMIT:
        raise ValidationError(_("%(label)s phải nhỏ hơn 10.000.") % {"label": label})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError(_("%(label)s chỉ có tối đa 2 chữ số thập phân.") % {"label": label})
    return Decimal(plain(number))


# --- graded levels ----------------------------------------------------------------------------------------

_GRADE_SPLIT = re.compile(r"(?:;|\n)\s*(?=\d+(?:[.,]\d+)?\s*(?:điểm)?\s*:)")
_GRADE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:điểm)?\s*:\s*(.*)$", re.DOTALL)


def grades_parse(text: str) -> list[dict]:
    """ "8: khi tất cả đúng hạn; 6: khi …" (or one level per line) → [{"points": "8", "text": …}, …].
    A ";" inside a level's text stays when what follows is not "<số>:"."""
    text = (text or "").strip()
    if not text:
        return []
    grades = []
    for n, part in enumerate(_GRADE_SPLIT.split(text), start=1):
        part = part.strip().rstrip(";").strip()
        match = _GRADE.match(part)
        if not match:
            raise ValidationError(
                _("Mức thứ %(n)s («%(part)s») phải viết dạng «điểm: khi nào», ví dụ «8: tất cả đúng hạn».")
                % {"n": n, "part": part[:40]}
            )
        grades.append({"points": match.group(1), "text": match.group(2).strip()})
    return grades


def grades_format(grades: list[dict], sep: str = "; ") -> str:
    return sep.join(f"{vn_points(g['points'])}: {g['text']}" for g in grades)


def grades_clean(grades: Any, max_points: Decimal | None) -> list[dict]:
    """Each level has points (≤ the maximum) and a text; best first, no two the same."""
    if grades in (None, ""):
        return []
    if isinstance(grades, str):
        grades = grades_parse(grades)
    if not isinstance(grades, list):
        raise ValidationError(_("Các mức điểm phải là một danh sách."))
    out: list[dict] = []
    for n, grade in enumerate(grades, start=1):
        if not isinstance(grade, dict):
            raise ValidationError(_("Mức thứ %(n)s phải có điểm và nội dung.") % {"n": n})
        points = parse_points(grade.get("points"), label=_("Điểm của mức thứ %(n)s") % {"n": n})
        text = " ".join(str(grade.get("text") or "").split())
        if not text:
            raise ValidationError(
                _("Mức %(points)s điểm: hãy ghi khi nào được mức điểm này.") % {"points": vn_points(points)}
            )
        if max_points is not None and points > max_points:
            raise ValidationError(
                _("Mức %(points)s điểm lớn hơn điểm tối đa (%(max)s).")
                % {"points": vn_points(points), "max": vn_points(max_points)}
            )
        if out and points >= Decimal(out[-1]["points"]):
            raise ValidationError(
                _(
                    "Các mức điểm phải xếp từ cao xuống thấp, không trùng nhau: mức %(points)s đứng sau mức %(prev)s."
                )
                % {"points": vn_points(points), "prev": vn_points(out[-1]["points"])}
            )
        out.append({"points": plain(points), "text": text})
    return out


# --- data source and its parameters -------------------------------------------------------------------------


def _thresholds(raw: Any, max_points: Decimal | None, *, share: bool) -> list[list]:
    if not isinstance(raw, list) or not raw:
        raise ValidationError(_("Ngưỡng phải là danh sách [giá trị, điểm], ví dụ [[100, 10], [50, 5]]."))
    out = []
    for n, pair in enumerate(raw, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValidationError(_("Ngưỡng thứ %(n)s phải có dạng [giá trị, điểm].") % {"n": n})
        try:
            value = vnnumbers.parse(
                pair[0] if not isinstance(pair[0], str) else pair[0].strip() or None, places=6
            )
        except vnnumbers.NumberError:
            raise ValidationError(_("Ngưỡng thứ %(n)s: giá trị phải là một số.") % {"n": n}) from None
        if value is None or isinstance(pair[0], bool):
            raise ValidationError(_("Ngưỡng thứ %(n)s: giá trị phải là một số.") % {"n": n})
        if share and not 0 <= value <= 100:
            raise ValidationError(_("Ngưỡng thứ %(n)s: tỷ lệ phải từ 0 đến 100 (%%).") % {"n": n})
        points = parse_points(pair[1], label=_("Điểm của ngưỡng thứ %(n)s") % {"n": n})
        if max_points is not None and points > max_points:
            raise ValidationError(
                _("Ngưỡng thứ %(n)s cho %(points)s điểm, lớn hơn điểm tối đa (%(max)s).")
                % {"n": n, "points": vn_points(points), "max": vn_points(max_points)}
            )
        out.append([json_number(value), json_number(points)])
    out.sort(key=lambda pair: -Decimal(str(pair[0])))
    return out


def data_params_clean(source: str, params: Any, max_points: Decimal | None, *, issuer=None) -> dict:
    """The parameters of a data source: indicator_value needs {"indicator": code, "thresholds":
    [[value, points], …]}; share sources may give thresholds in percent; outstanding_introduced may give
    {"target": n} (used when the unit has no target for the year)."""
    if isinstance(params, str):
        params = params.strip()
        if not params:
            params = {}
        else:
            try:
                params = json.loads(params)
            except ValueError:
                raise ValidationError(
                    _(
                        'Tham số dữ liệu phải là JSON, ví dụ {"indicator": "blood_units", "thresholds": [[100, 10]]}.'
                    )
                ) from None
    params = params or {}
    if not isinstance(params, dict):
        raise ValidationError(_("Tham số dữ liệu phải là một đối tượng JSON {…}."))
    if not source:
        if params:
            raise ValidationError(_("Chỉ ghi tham số dữ liệu khi điều kiện gắn với dữ liệu."))
        return {}
    unknown = sorted(set(params) - PARAM_KEYS)
    if unknown:
        raise ValidationError(
            _("Tham số không dùng được: %(keys)s (chỉ có indicator, thresholds, target).")
            % {"keys": ", ".join(unknown)}
        )
    out: dict = {}
    if source == DataSource.INDICATOR_VALUE:
        code = str(params.get("indicator") or "").strip()
        if not code:
            raise ValidationError(_("Hãy chọn chỉ số (indicator) mà điều kiện dựa vào."))
        if not _indicator_exists(code, issuer):
            raise ValidationError(_("Chỉ số «%(code)s» không có trong danh mục chỉ số.") % {"code": code})
        out["indicator"] = code
        out["thresholds"] = _thresholds(params.get("thresholds"), max_points, share=False)
    elif "indicator" in params:
        raise ValidationError(_("Chỉ ghi chỉ số (indicator) khi gắn dữ liệu «Giá trị một chỉ số»."))
    elif params.get("thresholds") not in (None, []):
        out["thresholds"] = _thresholds(params["thresholds"], max_points, share=source in SHARE_SOURCES)
    if "target" in params and params["target"] not in (None, ""):
        if source != DataSource.OUTSTANDING_INTRODUCED:
            raise ValidationError(_("Chỉ ghi chỉ tiêu (target) khi gắn dữ liệu giới thiệu đoàn viên ưu tú."))
        try:
            target = vnnumbers.parse(params["target"], kind=vnnumbers.DECIMAL)
        except vnnumbers.NumberError:
            raise ValidationError(_("Chỉ tiêu (target) phải là một số lớn hơn 0.")) from None
        if target <= 0:
            raise ValidationError(_("Chỉ tiêu (target) phải là một số lớn hơn 0."))
        out["target"] = json_number(target)
    return out


def _indicator_exists(code: str, issuer) -> bool:
    from doanvu.work.models import Indicator

    if issuer is not None:
        from doanvu.stats import indicators_for

        return indicators_for(issuer).filter(code=code).exists()
    return Indicator.objects.filter(code=code, is_active=True).exists()


def data_source_clean(value: Any) -> str:
    code = str(value or "").strip()
    if code not in DataSource.values:
        raise ValidationError(
            _("Mã dữ liệu «%(code)s» không có; dùng một trong: %(codes)s.")
            % {"code": code, "codes": ", ".join(v for v in DataSource.values if v)}
        )
    return code


# --- rows ------------------------------------------------------------------------------------------------


def _code(value: Any, kind: str, errors: dict) -> str:
    code = " ".join(str(value or "").split())
    if not code:
        errors["code"] = _("Hãy ghi số thứ tự.")
    elif len(code) > CODE_MAX[kind]:
        errors["code"] = _("Số thứ tự dài tối đa %(n)s ký tự.") % {"n": CODE_MAX[kind]}
    return code


def heading_clean(data: dict, kind: str) -> dict:
    """A criterion or a content: {"code", "title"}."""
    errors: dict[str, str] = {}
    code = _code(data.get("code"), kind, errors)
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        errors["title"] = _("Hãy ghi tên tiêu chí.") if kind == "criterion" else _("Hãy ghi tên nội dung.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Dài tối đa %(n)s ký tự.") % {"n": TITLE_MAX}
    if errors:
        raise ValidationError(errors)
    return {"code": code, "title": title}


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("x", "1", "true", "có", "on", "yes")
    return bool(value)


def condition_clean(data: dict, *, issuer=None) -> dict:
    """A scoring condition: code, text, max_points, is_bonus, grades, evidence_required,
    evidence_mandatory, data_source, data_params. Returns the cleaned dict or raises ValidationError
    keyed by those names."""
    errors: dict[str, str] = {}
    code = _code(data.get("code"), "condition", errors)
    text = str(data.get("text") or "").strip()
    if not text:
        errors["text"] = _("Hãy ghi nội dung điều kiện chấm điểm.")
    max_points = None
    try:
        max_points = parse_points(data.get("max_points"), label=_("Điểm tối đa"))
    except ValidationError as error:
        errors["max_points"] = error.messages[0]
    grades: list[dict] = []
    try:
        grades = grades_clean(data.get("grades"), max_points)
    except ValidationError as error:
        errors["grades"] = error.messages[0]
    source = ""
    try:
        source = data_source_clean(data.get("data_source"))
    except ValidationError as error:
        errors["data_source"] = error.messages[0]
    params: dict = {}
    if "data_source" not in errors:
        try:
            params = data_params_clean(source, data.get("data_params"), max_points, issuer=issuer)
        except ValidationError as error:
            errors["data_params"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return {
        "code": code,
        "text": text,
        "max_points": max_points,
        "is_bonus": _flag(data.get("is_bonus")),
        "grades": grades,
        "evidence_required": str(data.get("evidence_required") or "").strip(),
        "evidence_mandatory": _flag(data.get("evidence_mandatory")),
        "data_source": source,
        "data_params": params,
    }


def structure_clean(structure: Any, *, issuer=None) -> list[dict]:
    """Check a nested structure as a whole; every error is reported with where it is, nothing is written."""
    if not isinstance(structure, list):
        raise ValidationError({"structure": _("Cấu trúc bộ tiêu chí phải là một danh sách tiêu chí.")})
    errors: list[str] = []
    out: list[dict] = []
    seen_criteria: set[str] = set()

    def note(where: str, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            errors.extend(f"{where} — {_FIELD_NAMES.get(field, field)}: {m}" for m in messages)

    for i, criterion in enumerate(structure, start=1):
        where = _("Tiêu chí thứ %(n)s") % {"n": i}
        if not isinstance(criterion, dict):
            errors.append(f"{where}: " + _("phải có số thứ tự, tên và các nội dung."))
            continue
        try:
            head = heading_clean(criterion, "criterion")
        except ValidationError as error:
            note(where, error)
            head = {"code": str(criterion.get("code") or ""), "title": ""}
        if head["code"] and head["code"] in seen_criteria:
            errors.append(f"{where}: " + _("số thứ tự «%(code)s» bị trùng.") % {"code": head["code"]})
        seen_criteria.add(head["code"])
        head["contents"] = []
        seen_contents: set[str] = set()
        for j, content in enumerate(criterion.get("contents") or [], start=1):
            cwhere = _("Tiêu chí %(c)s, nội dung thứ %(n)s") % {"c": head["code"] or i, "n": j}
            if not isinstance(content, dict):
                errors.append(f"{cwhere}: " + _("phải có số thứ tự, tên và các điều kiện."))
                continue
            try:
                chead = heading_clean(content, "content")
            except ValidationError as error:
                note(cwhere, error)
                chead = {"code": str(content.get("code") or ""), "title": ""}
            if chead["code"] and chead["code"] in seen_contents:
                errors.append(f"{cwhere}: " + _("số thứ tự «%(code)s» bị trùng.") % {"code": chead["code"]})
            seen_contents.add(chead["code"])
            chead["conditions"] = []
            seen_conditions: set[str] = set()
            for k, condition in enumerate(content.get("conditions") or [], start=1):
                kwhere = _("Tiêu chí %(c)s, nội dung %(d)s, điều kiện thứ %(n)s") % {
                    "c": head["code"] or i,
                    "d": chead["code"] or j,
                    "n": k,
                }
                try:
                    cleaned = condition_clean(condition if isinstance(condition, dict) else {}, issuer=issuer)
                except ValidationError as error:
                    note(kwhere, error)
                    continue
                if cleaned["code"] in seen_conditions:
                    errors.append(
                        f"{kwhere}: " + _("số thứ tự «%(code)s» bị trùng.") % {"code": cleaned["code"]}
                    )
                seen_conditions.add(cleaned["code"])
                chead["conditions"].append(cleaned)
            head["contents"].append(chead)
        out.append(head)
    if errors:
        raise ValidationError({"structure": errors})
    return out


_FIELD_NAMES = {
    "code": "số thứ tự",
    "title": "tên",
    "text": "nội dung điều kiện",
    "max_points": "điểm tối đa",
    "grades": "các mức điểm",
    "data_source": "gắn dữ liệu",
    "data_params": "tham số dữ liệu",
}
