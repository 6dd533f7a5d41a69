"""Reading a workbook back into a criteria set's structure, every error named with its row and column, and
the two imports into the database: a new draft set, or the rows of an existing draft replaced."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.evaluation.criteria.models import CriteriaSet, DataSource
from doanvu.evaluation.criteria.rules import (
    condition_clean,
    grades_parse,
    heading_clean,
)
from doanvu.evaluation.criteria.services import criteria_set_build, criteria_set_replace_structure
from doanvu.evaluation.criteria.services._common import _require_draft
from doanvu.lib import spreadsheets
from doanvu.lib.vntext import fold
from doanvu.members.import_files import upload_limits

from .layout import (
    COL_BY_KEY,
    COLUMNS,
    CONDITION_KEYS,
    FIELD_COLUMNS,
    HEADER_LABELS,
    MAX_ERRORS,
    MAX_ROWS,
)


@dataclass
class Parsed:
    title: str = ""
    year: int | None = None
    number: str = ""
    structure: list[dict] = field(default_factory=list)


class Errors:
    def __init__(self):
        self.messages: list[str] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        if row is None:
            self.messages.append(message)
        elif column is None:
            self.messages.append(_("Dòng %(row)s: %(message)s") % {"row": row, "message": message})
        else:
            self.messages.append(
                _("Dòng %(row)s, cột %(col)s: %(message)s") % {"row": row, "col": column, "message": message}
            )

    def raise_if_any(self) -> None:
        if self.messages:
            shown = self.messages[:MAX_ERRORS]
            if len(self.messages) > MAX_ERRORS:
                shown.append(_("… và %(n)s lỗi khác.") % {"n": len(self.messages) - MAX_ERRORS})
            raise ValidationError(shown)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def _key(text) -> str:
    return "".join(ch for ch in fold(str(text or "")) if ch.isalnum())


_HEADER_KEYS = {_key(col.header): col.key for col in COLUMNS}
_HEADER_KEYS.update({_key("Điểm thưởng"): "is_bonus", _key("Bắt buộc minh chứng"): "evidence_mandatory"})
_HEADER_KEYS.update({_key("Minh chứng cần có"): "evidence_required", _key("Điều kiện"): "text"})
_LABEL_KEYS = {_key(label): key for key, label in HEADER_LABELS.items()}


def _read(upload) -> list[tuple]:
    """The first sheet's rows, read by the one safe reader (doanvu.lib.spreadsheets) under the upload caps."""
    name = getattr(upload, "name", None) or "bo-tieu-chi.xlsx"
    try:
        sheet = spreadsheets.read_sheet(upload, name, upload_limits())
    except spreadsheets.SpreadsheetError as error:
        if error.unreadable:
            raise ValidationError(
                _("Không đọc được tệp: hãy tải lên tệp Excel .xlsx (có thể bắt đầu từ tệp mẫu).")
            ) from None
        raise ValidationError(str(error)) from None
    if sheet.row_count > MAX_ROWS:
        raise ValidationError(_("Tệp có quá %(n)s dòng.") % {"n": MAX_ROWS})
    rows = [()] * (sheet.first_row - 1)
    rows.extend(values for _number, values in sheet.lines())
    return rows


def _locate(rows: list[tuple], errors: Errors) -> tuple[int, dict[str, int], Parsed] | None:
    parsed = Parsed()
    for index, row in enumerate(rows[:30]):
        keys = {_key(value): i for i, value in enumerate(row) if value not in (None, "")}
        mapping = {_HEADER_KEYS[k]: i for k, i in keys.items() if k in _HEADER_KEYS}
        if "max_points" in mapping and "text" in mapping:
            missing = [col.header for col in COLUMNS if col.required and col.key not in mapping]
            if missing:
                errors.add(index + 1, None, _("thiếu cột %(cols)s.") % {"cols": ", ".join(missing)})
                return None
            return index, mapping, parsed
        label = _LABEL_KEYS.get(_key(row[0] if row else ""))
        if label and len(row) > 1:
            _header_value(parsed, label, row[1], index + 1, errors)
    errors.add(
        None, None, _("Không tìm thấy dòng tiêu đề cột (có các cột «Điều kiện chấm điểm», «Điểm tối đa»).")
    )
    return None


def _header_value(parsed: Parsed, label: str, value, row: int, errors: Errors) -> None:
    text = _cell_text(value)
    if label == "title":
        parsed.title = text
    elif label == "number":
        parsed.number = text
    elif label == "year" and text:
        try:
            parsed.year = int(text)
            if not 2000 <= parsed.year <= 2100:
                raise ValueError
        except ValueError:
            errors.add(row, HEADER_LABELS["year"], _("năm phải là một năm từ 2000 đến 2100."))


def _flag(value, row: int, key: str, errors: Errors) -> bool:
    text = _cell_text(value).lower()
    if text in ("", "x"):
        return text == "x"
    errors.add(row, COL_BY_KEY[key].header, _("ghi «x» hoặc để trống."))
    return False


@dataclass
class _Group:
    code: str
    title: str
    row: int
    children: dict = field(default_factory=dict)
    conditions: list = field(default_factory=list)


def parse_xlsx(upload, *, issuer=None) -> Parsed:
    """Read and check the whole file; raise ValidationError with every error found (row and column)."""
    errors = Errors()
    rows = _read(upload)
    located = _locate(rows, errors)
    if located is None:
        errors.raise_if_any()
    head, mapping, parsed = located
    if not parsed.title:
        errors.add(None, None, _("Thiếu tên bộ tiêu chí (ô bên phải «Tên bộ tiêu chí» ở đầu tệp)."))
    criteria: dict[str, _Group] = {}
    current: _Group | None = None
    content: _Group | None = None
    seen_codes: dict[tuple, int] = {}
    for index in range(head + 1, len(rows)):
        n, row = index + 1, rows[index]
        cells = {key: row[i] if i < len(row) else None for key, i in mapping.items()}
        texts = {key: _cell_text(value) for key, value in cells.items()}
        if not any(texts.values()):
            continue
        current, content, ok = _heading(criteria, current, content, texts, n, errors)
        if not ok:
            continue
        if not any(texts.get(key) for key in CONDITION_KEYS):
            continue
        data = {key: cells.get(key) for key in ("max_points",)}
        data.update(
            {
                key: texts.get(key, "")
                for key in ("code", "text", "evidence_required", "data_source", "data_params")
            }
        )
        data["is_bonus"] = _flag(cells.get("is_bonus"), n, "is_bonus", errors)
        data["evidence_mandatory"] = _flag(cells.get("evidence_mandatory"), n, "evidence_mandatory", errors)
        try:
            data["grades"] = grades_parse(texts.get("grades", ""))
        except ValidationError as error:
            errors.add(n, COL_BY_KEY["grades"].header, error.messages[0])
            data["grades"] = []
        data["data_source"] = _source_code(data["data_source"])
        try:
            cleaned = condition_clean(data, issuer=issuer)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.add(n, COL_BY_KEY[FIELD_COLUMNS.get(name, "text")].header, messages[0])
            continue
        key = (current.code, content.code, cleaned["code"])
        if key in seen_codes:
            errors.add(
                n,
                COL_BY_KEY["code"].header,
                _("điều kiện %(code)s đã có ở dòng %(row)s.")
                % {"code": cleaned["code"], "row": seen_codes[key]},
            )
            continue
        seen_codes[key] = n
        content.conditions.append(cleaned)
    if not seen_codes and not errors.messages:
        errors.add(None, None, _("Tệp không có điều kiện chấm điểm nào."))
    errors.raise_if_any()
    parsed.structure = [
        {
            "code": c.code,
            "title": c.title,
            "contents": [
                {"code": d.code, "title": d.title, "conditions": d.conditions} for d in c.children.values()
            ],
        }
        for c in criteria.values()
    ]
    return parsed


def _source_code(text: str) -> str:
    """A DataSource code, or its Vietnamese label as shown on the pages."""
    if text in DataSource.values:
        return text
    by_label = {_key(label): value for value, label in DataSource.choices}
    return by_label.get(_key(text), text)


def _heading(criteria, current, content, texts, n: int, errors: Errors):
    """The criterion and content of row n: given on the row, or continued from the row above."""
    pairs = (("criterion_code", "criterion_title", "criterion"), ("content_code", "content_title", "content"))
    found = []
    for code_key, title_key, kind in pairs:
        code, title = texts.get(code_key, ""), texts.get(title_key, "")
        found.append((code, title, code_key, title_key, kind))
    (c_code, c_title, c_ck, c_tk, _k1), (d_code, d_title, d_ck, d_tk, _k2) = found
    ok = True
    if c_code or c_title:
        group = _group(criteria, c_code, c_title, n, c_ck, c_tk, "criterion", errors)
        if group is None:
            return current, None, False
        if group is not current:
            content = None
        current = group
    elif current is None:
        errors.add(n, COL_BY_KEY["criterion_title"].header, _("hãy ghi số và tên tiêu chí."))
        return current, content, False
    if d_code or d_title:
        group = _group(current.children, d_code, d_title, n, d_ck, d_tk, "content", errors)
        if group is None:
            return current, content, False
        content = group
    elif content is None:
        if any(texts.get(key) for key in CONDITION_KEYS):
            errors.add(n, COL_BY_KEY["content_title"].header, _("hãy ghi số và tên nội dung."))
            ok = False
    return current, content, ok


def _group(
    groups: dict, code: str, title: str, n: int, code_key: str, title_key: str, kind: str, errors: Errors
):
    if code in groups and not title:
        return groups[code]
    try:
        cleaned = heading_clean({"code": code, "title": title}, kind)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.add(n, COL_BY_KEY[code_key if name == "code" else title_key].header, messages[0])
        return None
    existing = groups.get(cleaned["code"])
    if existing is None:
        groups[cleaned["code"]] = _Group(cleaned["code"], cleaned["title"], n)
        return groups[cleaned["code"]]
    if existing.title != cleaned["title"]:
        what = _("tiêu chí") if kind == "criterion" else _("nội dung")
        errors.add(
            n,
            COL_BY_KEY[title_key].header,
            _("%(what)s %(code)s đã có tên «%(title)s» ở dòng %(row)s.")
            % {"what": what, "code": cleaned["code"], "title": existing.title, "row": existing.row},
        )
        return None
    return existing


# --- import into the database ----------------------------------------------------------------------------


def import_new(*, upload, issuer, by, year: int | None = None, units=None) -> CriteriaSet:
    """A new draft set of `issuer` from a workbook; `year` overrides the file's (required if it has none)."""
    scope.check(by, issuer, scope.EDIT)
    parsed = parse_xlsx(upload, issuer=issuer)
    year = year or parsed.year
    if not year:
        raise ValidationError(_("Thiếu năm: ghi năm ở ô bên phải «Năm» đầu tệp, hoặc chọn năm khi nhập."))
    return criteria_set_build(
        issuer=issuer,
        year=year,
        title=parsed.title,
        structure=parsed.structure,
        by=by,
        units=units,
        header={"number": parsed.number},
        action="criteria_set.import",
    )


def import_into(*, criteria_set: CriteriaSet, upload, by) -> CriteriaSet:
    """Replace the rows of a draft set with those of a workbook (and its title and number)."""
    scope.check(by, criteria_set.issuer, scope.EDIT)
    _require_draft(criteria_set)
    parsed = parse_xlsx(upload, issuer=criteria_set.issuer)
    if parsed.year and parsed.year != criteria_set.year:
        raise ValidationError(
            _("Năm trong tệp (%(file)s) khác năm của bộ tiêu chí (%(set)s).")
            % {"file": parsed.year, "set": criteria_set.year}
        )
    return criteria_set_replace_structure(
        criteria_set=criteria_set,
        structure=parsed.structure,
        by=by,
        header={"title": parsed.title, "number": parsed.number},
    )
