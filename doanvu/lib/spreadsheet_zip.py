"""Checks on a zipped workbook (.xlsx, .ods) made before any reader sees it: the zip directory, every part
inflated under a byte budget, and a streaming scan of the sheet that finds its real extent and its long
texts. Used by spreadsheets.py; the messages say what and where, in Vietnamese. Pure, no Django.

Declared sizes are not trusted: each part is inflated in chunks and counting stops at the cap.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

_CHUNK = 1 << 20
_REF = re.compile(rb'\br="([A-Z]{1,4})([0-9]{1,9})"')
_TYPE_S = re.compile(rb'\bt="s"')
# A text is surely longer than the cap when its XML is this many times the cap: a character costs at most
# a few bytes even with entities and rich-text runs around it. The exact check runs on the values read.
_BYTES_PER_CHAR = 64


class LimitError(ValueError):
    """The file breaks a cap; the message (Vietnamese) says which and where."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 100_000
    max_columns: int = 200
    max_cell_chars: int = 2_000
    max_entries: int = 1_000
    max_entry_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 512 * 1024 * 1024
    memory_mb: int = 1_536
    cpu_seconds: int = 120
    # Title rows above the header ("DANH SÁCH ĐOÀN VIÊN…") are allowed on top of max_rows.
    header_rows: int = 20


def number(value: int) -> str:
    """1234567 → "1.234.567", the Vietnamese way."""
    return f"{value:,}".replace(",", ".")


def size_text(value: int) -> str:
    if value >= 1_000_000_000:
        return f"{number(value // 1_000_000_000)} tỷ"
    if value >= 1_000_000:
        return f"{number(value // 1_000_000)} triệu"
    return number(value)


def megabytes(value: int) -> str:
    """Bytes as whole megabytes, rounded up: "257 MB"."""
    return f"{number(-(-value // (1024 * 1024)))} MB"


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    index = 0
    for char in letters.decode() if isinstance(letters, bytes) else letters:
        index = index * 26 + ord(char) - 64
    return index


def cell_name(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


class UnreadableError(LimitError):
    """The file is not a table of the kind its name says (damaged, or another kind of file)."""


def _bad_zip() -> LimitError:
    return UnreadableError("Tệp không phải bảng tính hợp lệ: tệp bị hỏng hoặc không đúng định dạng.")


class Budget:
    """Bytes inflated so far across the whole file."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.total = 0


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget):
    """Chunks of one part, inflated; stops at the per-part and total caps whatever the directory says."""
    limits = budget.limits
    seen = 0
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    return
                seen += len(chunk)
                budget.total += len(chunk)
                if seen > limits.max_entry_bytes:
                    raise LimitError(
                        f"Phần “{info.filename}” của tệp giải nén ra hơn "
                        f"{megabytes(limits.max_entry_bytes)}; tối đa {megabytes(limits.max_entry_bytes)}."
                    )
                if budget.total > limits.max_total_bytes:
                    raise LimitError(
                        f"Tệp giải nén ra hơn {megabytes(limits.max_total_bytes)}; "
                        f"tối đa {megabytes(limits.max_total_bytes)}."
                    )
                yield chunk
    except LimitError:
        raise
    except MemoryError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise _bad_zip() from None
    except Exception:  # zlib.error and the like: a damaged part
        raise _bad_zip() from None


def long_shared_strings(archive, info, budget: Budget) -> dict[int, int]:
    """{index: approximate length} of the shared strings surely longer than the cell cap. Split at each
    "<si" in C; only the lengths of the pieces are looked at in Python."""
    threshold = budget.limits.max_cell_chars * _BYTES_PER_CHAR
    found: dict[int, int] = {}
    index, running = -1, 0  # the string being read, and its length so far
    for chunk in _stream(archive, info, budget):
        pieces = chunk.split(b"<si")
        running += len(pieces[0])
        if len(pieces) > 1:
            if index >= 0 and running > threshold:
                found[index] = running
            if max(map(len, pieces[1:-1]), default=0) > threshold:
                for offset, piece in enumerate(pieces[1:-1]):
                    if len(piece) > threshold:
                        found[index + 1 + offset] = len(piece)
            index += len(pieces) - 1
            running = len(pieces[-1])
    if index >= 0 and running > threshold:
        found[index] = running
    return found


@dataclass
class Extent:
    rows: int = 0
    columns: int = 0


# A cell with a value: <c r="B7" ...> (not self-closing; an empty formatted cell <c r=".." s="1"/> is not
# read by anyone).
_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr="([A-Z]{1,4})([0-9]{1,9})"[^>]*(?<!/)>')
_SHARED_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*)>\s*(?:<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*(?:/>|>[^<]*</[^>]*>)\s*)?"
    rb"<(?:[A-Za-z_][\w.-]*:)?v>([0-9]+)<"
)


# The fast path: the cell reference written first, as Excel, LibreOffice and openpyxl write it. Only refs
# of two or more letters are collected (one letter is column Z at most, within any sensible cap).
_LONG_REF = re.compile(rb'<c r="([A-Z]{2,4})[0-9]')
_LAST_REF = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,9})"')


def _measure(window: bytes, extent: Extent, limits: Limits) -> None:
    """Grow the extent by the cells of one window. Cells are found by C code; the precise pattern (any
    attribute order, empty formatted cells left out) runs only on a window the fast one cannot settle."""
    tags = window.count(b"<c ")
    if not tags:
        return
    last = window.rfind(b'<c r="')
    last_row = _LAST_REF.match(window, last) if last >= 0 else None
    fast_rows = int(last_row.group(1)) if last_row else 0
    fast_columns = max((column_index(text) for text in set(_LONG_REF.findall(window))), default=26)
    settled = last_row is not None and window.count(b'<c r="') == tags
    if settled and fast_rows <= limits.max_rows + limits.header_rows and fast_columns <= limits.max_columns:
        extent.rows, extent.columns = max(extent.rows, fast_rows), max(extent.columns, fast_columns)
        return
    cells = _CELL.findall(window)
    if not cells:
        return
    farthest_row = max(cells, key=lambda cell: int(cell[1]))
    farthest_column = max(cells, key=lambda cell: (len(cell[0]), cell[0]))
    rows, columns = int(farthest_row[1]), column_index(farthest_column[0])
    extent.rows, extent.columns = max(extent.rows, rows), max(extent.columns, columns)
    check_extent(
        extent.rows,
        extent.columns,
        limits,
        (rows, column_index(farthest_row[0])),
        (int(farthest_column[1]), columns),
    )


def scan_sheet(archive, info, budget: Budget, long_strings: dict[int, int]) -> Extent:
    """The sheet's real extent, from its cells (not its declared dimension), and the first cell that holds a
    surely-too-long shared string; raises LimitError when a cap is passed. Matching is done in C."""
    limits = budget.limits
    extent = Extent()
    carry = b""
    for chunk in _stream(archive, info, budget):
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:
            carry = buffer[-256:]
            continue
        window, carry = buffer[:cut], buffer[cut:]
        if len(carry) > _CHUNK:
            carry = carry[-256:]
        _measure(window, extent, limits)
        if long_strings:
            for attributes, value in _SHARED_CELL.findall(window):
                if _TYPE_S.search(attributes) and int(value) in long_strings:
                    ref = _REF.search(attributes)
                    where = f"Ô {ref.group(1).decode()}{int(ref.group(2))}" if ref else "Một ô"
                    raise LimitError(
                        f"{where} dài khoảng {size_text(long_strings[int(value)])} ký tự; "
                        f"tối đa {number(limits.max_cell_chars)}."
                    )
    return extent


def check_extent(
    rows: int,
    columns: int,
    limits: Limits,
    lowest: tuple[int, int] | None = None,
    rightmost: tuple[int, int] | None = None,
) -> None:
    """rows × columns within the caps; lowest and rightmost (row, column) name the farthest cells when known."""
    if rows > limits.max_rows + limits.header_rows:
        where = f" (ô {cell_name(*lowest)})" if lowest else ""
        raise LimitError(
            f"Trang tính có dữ liệu tới dòng {number(rows)}{where}; tối đa {number(limits.max_rows)} dòng."
        )
    if columns > limits.max_columns:
        where = f" (ô {cell_name(*rightmost)})" if rightmost else ""
        raise LimitError(
            f"Trang tính có dữ liệu tới cột {column_letter(columns)}{where}; "
            f"tối đa {number(limits.max_columns)} cột."
        )


def check_zip(source, limits: Limits, kind: str) -> None:
    """Every cap of a zipped workbook, before a reader opens it. kind: "xlsx" or "ods"."""
    try:
        archive = zipfile.ZipFile(source)
    except MemoryError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _bad_zip() from None
    with archive:
        try:
            infos = archive.infolist()
        except MemoryError:
            raise
        except Exception:
            raise _bad_zip() from None
        if len(infos) > limits.max_entries:
            raise LimitError(
                f"Tệp nén có {number(len(infos))} phần; một bảng tính có tối đa {number(limits.max_entries)}."
            )
        declared = 0
        for info in infos:
            if info.file_size > limits.max_entry_bytes:
                raise LimitError(
                    f"Phần “{info.filename}” của tệp giải nén ra {megabytes(info.file_size)}; "
                    f"tối đa {megabytes(limits.max_entry_bytes)}."
                )
            declared += info.file_size
            if info.filename.lower().endswith((".zip", ".xlsx", ".ods", ".jar", ".gz", ".7z", ".rar")):
                raise LimitError(
                    f"Tệp chứa một tệp nén khác (“{info.filename}”); không nhận tệp nén lồng nhau."
                )
        if declared > limits.max_total_bytes:
            raise LimitError(
                f"Tệp giải nén ra {megabytes(declared)}; tối đa {megabytes(limits.max_total_bytes)}."
            )
        budget = Budget(limits)
        names = {info.filename: info for info in infos}
        scanned = set()
        if kind == "xlsx":
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
                raise UnreadableError("Tệp không phải bảng tính Excel (.xlsx) hợp lệ: thiếu phần trang tính.")
            shared = names.get("xl/sharedStrings.xml")
            long_strings = long_shared_strings(archive, shared, budget) if shared else {}
            scanned.add("xl/sharedStrings.xml")
            for name, info in names.items():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    scan_sheet(archive, info, budget, long_strings)
                    scanned.add(name)
        elif "content.xml" not in names:
            raise UnreadableError("Tệp không phải bảng tính OpenDocument (.ods) hợp lệ: thiếu phần nội dung.")
        # Every other part inflated once under the budget, so that a bomb hides nowhere; a part that is a
        # zip itself is refused whatever its name.
        for info in infos:
            if info.filename in scanned:
                continue
            for index, chunk in enumerate(_stream(archive, info, budget)):
                if index == 0 and chunk[:4] == b"PK\x03\x04":
                    raise LimitError(
                        f"Tệp chứa một tệp nén khác (“{info.filename}”); không nhận tệp nén lồng nhau."
                    )
