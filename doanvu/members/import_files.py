"""Member import files: the template's columns, reading real (messy) .xlsx, .xls, .ods and CSV files into
rows (through doanvu.lib.spreadsheets, the one safe reader), and the template workbook itself. Checking
and writing the rows is importing.py's work."""

from __future__ import annotations

import contextlib
import gc
import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doanvu.lib import legacy, spreadsheets, vntext

from .choices import DuesCategory


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text, date, gender, citizen_id, phone, email, unit, dues_category
    required: bool = False
    aliases: tuple[str, ...] = ()
    how: Any = ""
    example: str = ""


TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "full_name",
        "Họ và tên",
        required=True,
        aliases=("Họ tên", "Tên đoàn viên", "Họ và tên đoàn viên"),
        how=gettext_lazy("Họ, tên đệm và tên, viết hoa chữ đầu."),
        example="Nguyễn Văn An",
    ),
    Column(
        "gender",
        "Giới tính",
        "gender",
        required=True,
        aliases=("Phái", "Nam/Nữ"),
        how=gettext_lazy("Nam hoặc Nữ."),
        example="Nam",
    ),
    Column(
        "date_of_birth",
        "Ngày sinh",
        "date",
        required=True,
        aliases=("Ngày tháng năm sinh", "Sinh ngày"),
        how=gettext_lazy("Ngày/tháng/năm, ví dụ 15/12/2002, hoặc ô kiểu ngày của Excel."),
        example="15/12/2002",
    ),
    Column("ethnicity", "Dân tộc", aliases=("Dân tộc",), how=gettext_lazy("Bỏ trống: Kinh."), example="Kinh"),
    Column("religion", "Tôn giáo", how=gettext_lazy("Bỏ trống: Không."), example="Không"),
    Column(
        "citizen_id",
        "Số CCCD",
        "citizen_id",
        aliases=(
            "CCCD",
            "Số căn cước",
            "Số căn cước công dân",
            "Căn cước công dân",
            "Số CMND/CCCD",
            "CMND/CCCD",
            "Số định danh",
            "Số định danh cá nhân",
        ),
        how=gettext_lazy("12 chữ số; nên định dạng ô là Văn bản để Excel giữ số 0 ở đầu."),
        example="079202001234",
    ),
    Column("hometown", "Quê quán", example="Xã Long Đức, tỉnh Trà Vinh"),
    Column(
        "residence",
        "Nơi ở hiện nay",
        aliases=("Chỗ ở hiện nay", "Nơi ở", "Địa chỉ", "Thường trú"),
        example="Phường 1, thành phố Trà Vinh",
    ),
    Column(
        "phone",
        "Điện thoại",
        "phone",
        aliases=("Số điện thoại", "SĐT", "Di động", "ĐT"),
        how=gettext_lazy("10 chữ số, bắt đầu bằng 0."),
        example="0912345678",
    ),
    Column(
        "email",
        "Email",
        "email",
        aliases=("E-mail", "Thư điện tử", "Địa chỉ email"),
        example="an.nguyen@example.com",
    ),
    Column(
        "joined_on",
        "Ngày vào Đoàn",
        "date",
        aliases=("Ngày kết nạp Đoàn", "Ngày kết nạp"),
        how=gettext_lazy("Ngày/tháng/năm; tuổi vào Đoàn từ 16 đến 30."),
        example="26/03/2018",
    ),
    Column(
        "joined_place",
        "Nơi vào Đoàn",
        aliases=("Nơi kết nạp Đoàn", "Nơi kết nạp"),
        example="Chi đoàn Trường THPT Trà Vinh",
    ),
    Column(
        "card_number", "Số thẻ đoàn viên", aliases=("Số thẻ", "Số thẻ Đoàn", "Số thẻ ĐV"), example="DV123456"
    ),
    Column(
        "education_level",
        "Trình độ học vấn",
        aliases=("Học vấn", "Văn hóa", "Trình độ văn hóa"),
        example="12/12",
    ),
    Column(
        "qualification",
        "Trình độ chuyên môn",
        aliases=("Chuyên môn", "Chuyên môn nghiệp vụ"),
        example="Cử nhân",
    ),
    Column(
        "political_theory",
        "Lý luận chính trị",
        aliases=("Trình độ lý luận chính trị", "LLCT"),
        example="Sơ cấp",
    ),
    Column("occupation", "Nghề nghiệp", aliases=("Công việc",), example="Công chức"),
    Column(
        "dues_category",
        "Đối tượng đóng đoàn phí",
        "dues_category",
        aliases=("Đối tượng đoàn phí", "Đối tượng đóng phí", "Mức đóng đoàn phí"),
        how=gettext_lazy(
            "Có hưởng lương, Không hưởng lương hoặc Ở nước ngoài (quyết định mức đoàn phí hằng tháng); "
            "bỏ trống: xác định theo nghề nghiệp."
        ),
        example="Có hưởng lương",
    ),
    Column(
        "party_probationary_on",
        "Ngày vào Đảng",
        "date",
        aliases=("Ngày kết nạp Đảng", "Ngày vào Đảng (dự bị)"),
        how=gettext_lazy("Ngày kết nạp Đảng (dự bị), nếu là đảng viên."),
        example="",
    ),
    Column(
        "party_full_on",
        "Ngày chính thức",
        "date",
        aliases=("Ngày chuyển Đảng chính thức", "Ngày vào Đảng chính thức"),
        how=gettext_lazy("Ngày chuyển Đảng chính thức, nếu có."),
        example="",
    ),
    Column(
        "unit_code",
        "Mã chi đoàn",
        "unit",
        aliases=("Mã đơn vị", "Mã chi đoàn sinh hoạt"),
        how=gettext_lazy("Mã của chi đoàn sinh hoạt; bỏ trống: chi đoàn đã chọn khi nhập."),
        example="CA1",
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in TEMPLATE_COLUMNS}
REQUIRED_KEYS = [column.key for column in TEMPLATE_COLUMNS if column.required]
TEXT_KEYS = [c.key for c in TEMPLATE_COLUMNS if c.kind == "text"]


def header_key(text: Any) -> str:
    """A header as compared: legacy encodings converted, no case, no diacritics, no spaces or dots."""
    value, _encoding = legacy.convert_if_legacy(str(text or ""))
    return re.sub(r"[^a-z0-9]", "", vntext.fold(value))


_HEADERS: dict[str, Column] = {}
for _column in TEMPLATE_COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _HEADERS.setdefault(header_key(_name), _column)


# The running number every Vietnamese list starts with: expected, and not data.
_ROW_NUMBER_HEADERS = {"stt", "tt", "sothutu", "so"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, no header row, a required column missing)."""


# --- Reading files ---------------------------------------------------------------------------------


@dataclass
class Table:
    """Rows of one sheet: iterate for (row number as the spreadsheet shows it, {field key: value}).

    The same rows column by column: `numbers` (each row's number) and `data` ({field key: the column's
    cells, row by row, as read: `tidy` gives the value a row takes}), what the preview screens
    (import_columns.py)."""

    numbers: list[int]
    data: dict[str, list]
    header_row: int
    columns: dict[str, str]  # field key → header as written in the file
    ignored: list[str] = field(default_factory=list)  # headers not in the template
    encoding: str = ""  # for CSV: the text encoding used
    estimated_rows: int | None = None
    peak_kb: int | None = None  # the reading child's peak memory
    # (row, header, warning) of each cell of a template column that had invisible characters removed
    stripped: list[tuple[int, str, str]] = field(default_factory=list)
    read_cpu_seconds: float | None = None  # the reading child's processor time
    sets: dict[str, set] = field(default_factory=dict, repr=False)  # key → its column's distinct cells

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        keys = list(self.data)
        for number, values in zip(self.numbers, zip(*self.data.values(), strict=True), strict=True):
            yield number, dict(zip(keys, map(tidy, values), strict=True))

    def distinct(self, key: str) -> set:
        """The distinct cells of a column (kept: the screen asks again); not to be changed."""
        found = self.sets.get(key)
        if found is None:
            found = self.sets[key] = set(self.data[key])
        return found

    def row(self, index: int) -> dict[str, Any]:
        """The values of the row at `index` (of `numbers`), by field key."""
        return {key: tidy(column[index]) for key, column in self.data.items()}

    @property
    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return iter(self)


def _locate_header(lines: Iterable[tuple[int, tuple]]) -> tuple[int, dict[int, Column], list[str]]:
    """Real files often start with a title ("DANH SÁCH ĐOÀN VIÊN…"): take, among the first 20 rows, the
    one naming most template columns."""
    best: tuple[int, dict[int, Column], list] | None = None
    for row_number, values in lines:
        mapping: dict[int, Column] = {}
        unknown: list = []
        for index, value in enumerate(values):
            if value is None or str(value).strip() == "":
                continue
            key = header_key(value)
            column = _HEADERS.get(key)
            if column is not None and column not in mapping.values():
                mapping[index] = column
            elif key not in _ROW_NUMBER_HEADERS:
                unknown.append(value)
        if best is None or len(mapping) > len(best[1]):
            best = (row_number, mapping, unknown)
        if row_number >= 20:
            break
    if best is not None:  # the headers not in the template, as the officer reads them
        best = (best[0], best[1], [vntext.clean(legacy.convert_if_legacy(str(v))[0]) for v in best[2]])
    if best is None or not best[1]:
        raise ImportFileError(
            _(
                "Không tìm thấy dòng tiêu đề: cần các cột như trong tệp mẫu (Họ và tên, Giới tính, Ngày sinh…)."
            )
        )
    keys = {column.key for column in best[1].values()}
    missing = [COLUMNS_BY_KEY[key].header for key in REQUIRED_KEYS if key not in keys]
    if missing:
        raise ImportFileError(
            _("Dòng tiêu đề (dòng %(row)s) thiếu cột bắt buộc: %(columns)s.")
            % {"row": best[0], "columns": ", ".join(missing)}
        )
    return best


@contextlib.contextmanager
def gc_paused():
    """The cyclic garbage collector held off for a while: reading and screening a file column by column
    allocates lists, sets and dicts of cells by the hundred thousand and makes no reference cycles, while
    each collection the allocations set off walks the whole heap of a worker again. Collections resume
    after (not if the collector was already off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def tidy(value: Any) -> Any:
    """A cell as the checks take it: text stripped, empty text None."""
    return (value.strip() or None) if type(value) is str else value


_BLANK_AFTER = re.compile(r"\x00\s")  # in cells joined by NUL: a cell after the first starting with a space


def _without_blanks(values: list) -> tuple[list, set | None]:
    """A column with its blank text cells (spaces only) None, as `tidy` makes them, the rest as read; and
    its distinct cells if they were counted (None: Table.distinct counts them when asked). A column of text
    that does not repeat its cells (IDs, phones, names, dates) none of whose cells starts with white space,
    said on its cells joined, has no blank cell; a column that repeats them is judged by its distinct cells."""
    head = values[:1024]
    try:  # (a TypeError unless every cell is text)
        joined = "\x00".join(values) if len(set(head)) * 4 > len(head) else ""
    except TypeError:
        joined = ""
    if joined[:1].strip() and joined.count("\x00") == len(values) - 1 and not _BLANK_AFTER.search(joined):
        return values, None
    distinct = set(values)
    if set(map(type, distinct)) <= {str, type(None)} and not any(map(str.isspace, filter(None, distinct))):
        return values, distinct
    blanks = {v for v in distinct if type(v) is str and not v.strip()}
    if not blanks:
        return values, distinct
    return [None if type(v) is str and v in blanks else v for v in values], (distinct - blanks) | {None}


def _cleaned(values: list) -> list:
    """A CSV column's text cleaned (NFC, spaces), each distinct text once; empty ones None."""
    seen: dict[str, str] = {}
    return [(seen[v] if v in seen else seen.setdefault(v, vntext.clean(v))) if v else None for v in values]


def _data_after(
    sheet: spreadsheets.Sheet, header_row: int, mapping: dict[int, Column]
) -> tuple[list[int], dict[str, list], dict[str, set]]:
    """The rows below the header, column by column ({field key: values}), rows without any value left out;
    the distinct cells of the columns already counted."""
    start = header_row - sheet.first_row + 1
    sets: dict[str, set] = {}
    if sheet.kind == "csv":
        data = {column.key: _cleaned(sheet.column(index)[start:]) for index, column in mapping.items()}
    else:
        data = {}
        for index, column in mapping.items():
            data[column.key], found = _without_blanks(sheet.column(index)[start:])
            if found is not None:
                sets[column.key] = found
    numbers = list(range(header_row + 1, sheet.first_row + sheet.height))
    # A row is empty in every template column only if every column has an empty cell (the common case
    # of a column with none is said by one scan in C).
    if data and numbers and all(None in values for values in data.values()):
        width = len(data)
        nones = list(map(operator.methodcaller("count", None), zip(*data.values(), strict=True)))
        if width in nones:  # rows with nothing in any template column are skipped
            kept = [i for i, count in enumerate(nones) if count < width]
            numbers = [numbers[i] for i in kept]
            data = {key: [values[i] for i in kept] for key, values in data.items()}
            sets = {}  # an empty row's None may be gone
    return numbers, data, sets


def upload_limits() -> spreadsheets.Limits:
    """The caps every uploaded table is read under (README, the IMPORT_* settings)."""
    return spreadsheets.Limits(
        max_bytes=settings.UPLOAD_MAX_MB * 1024 * 1024,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
        memory_mb=settings.IMPORT_MEMORY_MB,
        cpu_seconds=settings.IMPORT_CPU_SECONDS,
    )


def read_sheet(file, name: str | None = None) -> spreadsheets.Sheet:
    """The first sheet (not the "Hướng dẫn" one) of an .xlsx, .xls, .ods or .csv upload, read under the
    caps and the memory limit of doanvu.lib.spreadsheets; a bad file raises ImportFileError."""
    name = name or getattr(file, "name", None) or str(file)
    try:
        return spreadsheets.read_sheet(file, name, upload_limits(), skip_sheets=("huongdan",))
    except spreadsheets.SpreadsheetError as error:
        refused = ImportFileError(str(error))
        refused.peak_kb = error.peak_kb
        raise refused from None


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of CSV bytes; see doanvu.lib.spreadsheets.decode_text."""
    return spreadsheets.decode_text(data)


def sheet_lines(sheet: spreadsheets.Sheet, limit: int | None = None) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of a sheet; CSV text cells cleaned (NFC, spaces), empty ones None."""
    if sheet.kind != "csv":
        return sheet.lines(limit)
    return ((n, tuple(vntext.clean(v) if v else None for v in values)) for n, values in sheet.lines(limit))


def read_rows(file, name: str | None = None) -> Table:
    """Open an uploaded file or a path (.xlsx, .xls, .ods or .csv) and return its rows, ready for
    preview/commit.

    Iterating the result yields (row number, {field key: value}); empty rows are skipped."""
    sheet = read_sheet(file, name)  # (the collector runs meanwhile: the reading child may take a while)
    with gc_paused():
        header_row, mapping, unknown = _locate_header(sheet_lines(sheet, 20))
        numbers, data, sets = _data_after(sheet, header_row, mapping)
    estimated = max(sheet.row_count - header_row, 0)
    columns = {c.key: c.header for c in mapping.values()}
    stripped = [
        (row, mapping[column - 1].header, message)
        for row, column, message in sheet.stripped
        if row > header_row and column - 1 in mapping
    ]
    return Table(
        numbers,
        data,
        header_row,
        columns,
        unknown,
        sheet.encoding,
        estimated,
        sheet.peak_kb,
        stripped,
        sheet.cpu_seconds,
        sets,
    )


# --- The template ----------------------------------------------------------------------------------


def template_xlsx() -> bytes:
    """The empty template: a "Danh sách" sheet with the headers, and a "Hướng dẫn" sheet explaining them."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from doanvu.documents import xlsx

    dues_labels = ",".join(str(label) for _value, label in DuesCategory.choices)
    workbook = xlsx.workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F3")
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        xlsx.put(
            sheet,
            1,
            index,
            column.header,
            font=bold,
            fill=fill,
            alignment=Alignment(wrap_text=True, vertical="center"),
        )
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        # Text cells keep the leading 0 of citizen IDs and phone numbers; date cells show day first.
        cell_format = {"citizen_id": "@", "phone": "@", "unit": "@", "date": "DD/MM/YYYY"}.get(column.kind)
        if cell_format:
            for row in range(2, 502):
                sheet.cell(row=row, column=index).number_format = cell_format
        choices = {"gender": "Nam,Nữ", "dues_category": dues_labels}.get(column.kind)
        if choices:
            validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}10000")
    sheet.freeze_panes = "B2"

    guide = workbook.create_sheet("Hướng dẫn")
    xlsx.append(
        guide,
        [
            xlsx.cell(guide, title, font=bold, fill=fill)
            for title in (_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Ví dụ"))
        ],
    )
    for column in TEMPLATE_COLUMNS:
        xlsx.append(
            guide, [column.header, _("Có") if column.required else "", str(column.how), column.example]
        )
    xlsx.append(guide, [])
    for line in (
        _("Mỗi dòng của trang “Danh sách” là một đoàn viên; giữ nguyên dòng tiêu đề."),
        _("Ngày ghi ngày/tháng/năm (15/12/2020, 15-12-2020) hoặc dùng ô kiểu ngày của Excel."),
        _(
            "Có thể nhập tệp CSV (UTF-8 hoặc Windows-1258). Chữ gõ bằng mã TCVN3 (ABC) hoặc VNI được tự động "
            "chuyển sang Unicode và báo lại."
        ),
        _(
            "Trước khi ghi, hệ thống liệt kê lỗi từng dòng; chỉ ghi khi không còn lỗi nào, và ghi tất cả cùng lúc."
        ),
    ):
        xlsx.append(guide, [line])
    for letter, width in zip("ABCD", (24, 10, 70, 30), strict=True):
        guide.column_dimensions[letter].width = width
    return xlsx.to_bytes(workbook)
