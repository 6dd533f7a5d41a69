"""Member import, row by row: `RowChecker` reads each row's cells (import_fields.py), checks what spans
rows — the unit each row names, citizen IDs repeated in the file or already in use — and builds the Member
each valid row becomes. Rows are checked in chunks: one query for the units a chunk names and one for its
citizen IDs, never one per row."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.org.models import OrgUnit

from .import_fields import (
    Issue,
    Memo,
    RowIssues,
    TextCells,
    as_text,
    check_dates,
    read_citizen_id,
    read_dates,
    read_dues_category,
    read_gender,
    read_phone,
)
from .import_files import COLUMNS_BY_KEY
from .models import CURRENT_STATUSES, Member, Status
from .validation import values_validate

TAKEN_BATCH = 10_000  # citizen IDs asked of the database in one query


def _listed(ids: list[str]):
    """The IDs as one parameter (an array; JSON on SQLite) rather than one each: Django's own handling
    of ten thousand parameters costs more than the query."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", (ids,))
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", (_json_texts(ids),))
    return ids


# What json.dumps escapes in an ASCII string: the quote, the backslash, the control characters and DEL.
_JSON_ESCAPED = b'"\\' + bytes(range(0x20)) + b"\x7f"


def _json_texts(texts: list[str]) -> str:
    """json.dumps(texts), for ASCII texts with nothing to escape (citizen IDs) made by joining them."""
    joined = '", "'.join(texts)
    if texts and joined.isascii():
        data = joined.encode("ascii")
        if len(data.translate(None, _JSON_ESCAPED)) == len(data) - 2 * (len(texts) - 1):
            return f'["{joined}"]'
    return json.dumps(texts)


Checked = tuple[
    int, Member | dict | None, list[Issue], list[Issue]
]  # row, the member (its values if not build; None: errors), errors, warnings


class RowChecker:
    """Checks rows against the rules and builds the Member each valid row becomes.

    Holds what spans rows: the citizen IDs seen so far, the units looked up by code, and the legacy
    encoding the file turned out to be typed in."""

    def __init__(self, *, user, unit: OrgUnit, today: datetime.date | None = None, build: bool = True):
        self.build = build  # False: check only (the preview), give each valid row's values, not a Member
        self.user = user
        self.unit = unit
        self.today = today or timezone.localdate()
        self.rules = settings.DOANVU_RULES
        self.seen_ids: dict[str, int] = {}
        self.units: dict[str, OrgUnit | None] = {}
        self.text = TextCells()
        # Each distinct cell value read once per file (import_fields.Memo): most values repeat.
        self.read_gender = Memo(read_gender)
        self.read_dues_category = Memo(read_dues_category)
        self.dates: dict = {}
        self.taken: set[str] | None = None  # every citizen ID of the file already in use, when looked up

    @property
    def converted(self) -> dict[str, int]:
        """Rows converted from each legacy encoding."""
        return self.text.converted

    def load_units(self, codes) -> None:
        """Look up, in one query, the units of these codes not looked up yet (None: not in the scope)."""
        codes = set(codes) - {""} - set(self.units)
        if codes:
            found = {
                u.code: u
                for u in OrgUnit.objects.filter(self.unit.subtree_q(), code__in=codes).select_related("kind")
            }
            for code in codes:
                self.units[code] = found.get(code)

    def taken_ids(self, ids) -> set[str]:
        """Which of these citizen IDs current members hold, a thousand to a query (or from `taken`, when the
        whole file's were looked up at once)."""
        if self.taken is not None:
            return self.taken & set(ids)
        ids, taken = list(ids), set()
        for start in range(0, len(ids), TAKEN_BATCH):
            taken.update(
                Member.objects.filter(
                    status__in=CURRENT_STATUSES, citizen_id__in=_listed(ids[start : start + TAKEN_BATCH])
                ).values_list("citizen_id", flat=True)
            )
        return taken

    # One query per chunk for the units its rows name, one for its citizen IDs already in use.
    def check_chunk(self, chunk: list[tuple[int, dict]]) -> list[Checked]:
        self.load_units(as_text(raw.get("unit_code")) for _row, raw in chunk)
        checked = [self._check(row, raw) for row, raw in chunk]
        ids = {v["citizen_id"] for _r, v, _e, _w in checked if v is not None and v["citizen_id"]}
        taken = self.taken_ids(ids) if ids else set()
        if taken:
            header = COLUMNS_BY_KEY["citizen_id"].header
            for row, values, errors, _warnings in checked:
                if values is not None and values["citizen_id"] in taken:
                    errors.append(
                        Issue(
                            row,
                            header,
                            _("Số CCCD %(id)s đã có ở một đoàn viên đang sinh hoạt trong hệ thống.")
                            % {"id": values["citizen_id"]},
                        )
                    )
        return [
            (row, None if errors else self._member(values), errors, warnings)
            for row, values, errors, warnings in checked
        ]

    def check_row(self, row: int, raw: dict[str, Any]) -> Checked:
        row, values, errors, warnings = self._check(row, raw)
        return row, None if errors else self._member(values), errors, warnings

    def _member(self, values: dict) -> Member | dict:
        return Member(**values) if self.build else values

    def _check(self, row: int, raw: dict[str, Any]) -> tuple[int, dict | None, list[Issue], list[Issue]]:
        """A row's errors and warnings, and the values (the Member's keyword arguments) it becomes."""
        issues = RowIssues(row)
        values: dict[str, Any] = self.text.read(raw, issues)
        if not values["full_name"]:
            issues.error("full_name", _("Chưa có họ và tên."))
        values["gender"] = self.read_gender(raw.get("gender"), issues)
        values.update(read_dates(raw, issues, self.dates))
        check_dates(values, issues, today=self.today, rules=self.rules)
        values["dues_category"] = self.read_dues_category(raw.get("dues_category"), issues)
        values["citizen_id"] = self._citizen_id(row, raw.get("citizen_id"), issues)
        values["phone"] = read_phone(raw.get("phone"), issues)
        values["email"] = as_text(raw.get("email")).lower()
        member_unit = self._unit(raw.get("unit_code"), issues)

        errors, warnings = issues.errors, issues.warnings
        if errors:
            return row, None, errors, warnings
        if not values["ethnicity"]:
            values["ethnicity"] = "Kinh"
        if not values["religion"]:
            values["religion"] = "Không"
        values["unit"], values["status"] = member_unit, Status.ACTIVE
        for key, message in model_errors(values):
            column = COLUMNS_BY_KEY.get(key)
            errors.append(Issue(row, column.header if column else "", message))
        return row, (None if errors else values), errors, warnings

    def _citizen_id(self, row: int, value: Any, issues: RowIssues) -> str:
        text, well_formed = read_citizen_id(value, issues)
        if well_formed:
            first = self.seen_ids.setdefault(text, row)
            if first != row:
                issues.error(
                    "citizen_id",
                    _("Số CCCD %(id)s trùng với dòng %(row)s trong tệp.") % {"id": text, "row": first},
                )
        return text

    def _unit(self, value: Any, issues: RowIssues) -> OrgUnit | None:
        code = as_text(value)
        if not code:
            if self.unit.kind.is_branch:
                return self._still_active(self.unit, self.unit.code, issues)
            issues.error(
                "unit_code",
                _("Chưa có mã chi đoàn (đơn vị đã chọn, %(unit)s, không phải chi đoàn).")
                % {"unit": self.unit.name},
            )
            return None
        if code not in self.units:  # a row checked on its own, outside check_chunk
            self.units[code] = (
                OrgUnit.objects.filter(self.unit.subtree_q(), code=code).select_related("kind").first()
            )
        unit = self.units[code]
        if unit is None:
            issues.error(
                "unit_code",
                _("Mã chi đoàn “%(code)s” không thuộc phạm vi quản lý (hoặc không có).") % {"code": code},
            )
            return None
        if not unit.kind.is_branch:
            issues.error(
                "unit_code",
                _("“%(code)s” là %(name)s, không phải chi đoàn: đoàn viên sinh hoạt ở chi đoàn.")
                % {"code": code, "name": unit.name},
            )
            return None
        return self._still_active(unit, code, issues)

    def _still_active(self, unit: OrgUnit, code: str, issues: RowIssues) -> OrgUnit | None:
        """A branch merged away or dissolved takes no new members."""
        if not unit.is_active_on(self.today):
            issues.error(
                "unit_code", _("%(name)s (%(code)s) đã ngừng hoạt động.") % {"name": unit.name, "code": code}
            )
            return None
        return unit


def model_errors(values: dict[str, Any]) -> list[tuple[str, str]]:
    """The members app's shared rules (validation.py) on a row's values, as if on Member(**values): field
    formats and the rules across fields; normalises the text too. Citizen IDs already in use are checked
    per chunk (check_chunk), not here one query per row."""
    return values_validate(Member, values)
