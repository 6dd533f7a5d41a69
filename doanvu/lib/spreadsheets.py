"""Reading an uploaded table (.xlsx, .xls, .ods, .csv) into rows, safely: the one reader every upload uses.

A hostile file must never take the site down, so reading is done in three steps:

1. **Caps before parsing** (spreadsheet_zip.py): the upload's size; for a zipped workbook (.xlsx, .ods) the
   number of parts, each part's and the total inflated size (counted while inflating, whatever the zip
   directory declares), no zip inside the zip; for .xlsx a scan of each sheet's XML for its real extent
   (a stray cell at XFD1048576 is refused before a reader would allocate the grid) and for texts surely
   longer than the cell cap, named by their cell.
2. **Parsing in a child process under a memory limit**: a child forked from a small fork server (started
   once, with only this module and python-calamine loaded) sets RLIMIT_AS and RLIMIT_CPU, reads the sheet
   with python-calamine (CSV with the csv module), checks rows, columns and every cell's length, and sends
   the rows back pickled in chunks. If it runs out of memory or time, or crashes, the child dies, not the
   server, and the caller gets a Vietnamese message.
3. **Values as the importers expect**: empty cells are None, whole numbers int, date cells datetime (as
   openpyxl gave them); CSV cells are the text as written. Every text cell is cleaned by
   doanvu.lib.cleantext.scrub (NFC, invisible characters removed); `Sheet.stripped` says where, for the
   preview's warnings. A workbook comes back column by column (spreadsheet_cells.py).

Every failure is a SpreadsheetError whose message is Vietnamese, says what and where, and never carries a
library's own text. Pure, no Django: callers pass the caps (Limits) from their settings.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import itertools
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from doanvu.lib import legacy
from doanvu.lib import spreadsheet_cells as cells
from doanvu.lib.spreadsheet_zip import (
    LimitError,
    Limits,
    UnreadableError,
    check_extent,
    check_zip,
    column_letter,
    megabytes,
    number,
    size_text,
)

__all__ = ["Limits", "Sheet", "SpreadsheetError", "decode_text", "read_sheet", "KINDS"]

KINDS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
_CHUNK_ROWS = 10_000


class SpreadsheetError(LimitError):
    """The file cannot be read; str() is the Vietnamese message for the user."""

    def __init__(self, message: str, peak_kb: int | None = None, *, unreadable: bool = False):
        super().__init__(message)
        self.peak_kb = peak_kb
        # Not a table of its kind at all (damaged, another kind of file), as opposed to a cap passed.
        self.unreadable = unreadable


@dataclass
class Sheet:
    """The rows of one sheet. lines() yields (row number as the spreadsheet shows it, tuple of values);
    column(i) gives the i-th column (0 = A) whole, as the member import checks it."""

    kind: str
    chunks: list[bytes] = field(default_factory=list, repr=False)  # CSV: pickled lists of rows, in order
    first_row: int = 1
    row_count: int = 0  # number of the last row
    encoding: str = ""  # CSV: the text encoding found
    sheet_name: str = ""
    peak_kb: int | None = None  # the reading child's peak resident memory
    cpu_seconds: float | None = None  # the reading child's processor time (user and system)
    # (row, column number, Vietnamese warning) of each text cell that had invisible characters removed
    stripped: list[tuple[int, int, str]] = field(default_factory=list)
    # A workbook's columns as the child encoded them (spreadsheet_cells.py), in place of chunks of rows.
    encoded: list[tuple[str, bytes]] | None = field(default=None, repr=False)
    _columns: dict[int, list] = field(default_factory=dict, repr=False)

    @property
    def height(self) -> int:
        """The number of rows read, from first_row on."""
        return max(self.row_count - self.first_row + 1, 0)

    @property
    def width(self) -> int:
        if self.encoded is not None:
            return len(self.encoded)
        return max((len(values) for _number, values in self._rows()), default=0)

    def column(self, index: int) -> list:
        """The values of column `index` (0 = A) from first_row on; None for an empty cell or past the end."""
        found = self._columns.get(index)
        if found is None:
            if self.encoded is not None:
                found = cells.decode(self.encoded[index], self.height) if index < len(self.encoded) else None
            else:
                found = [values[index] if index < len(values) else None for _number, values in self._rows()]
            found = found if found is not None else [None] * self.height
            self._columns[index] = found
        return found

    def _rows(self) -> Iterator[tuple[int, tuple]]:
        number_ = self.first_row
        for chunk in self.chunks:
            for values in pickle.loads(chunk):
                yield number_, values
                number_ += 1

    def lines(self, limit: int | None = None) -> Iterator[tuple[int, tuple]]:
        """(row number, values) of each row, the first `limit` rows only if given."""
        if self.encoded is None:
            rows = self._rows()
            yield from rows if limit is None else itertools.islice(rows, limit)
            return
        height = self.height if limit is None else min(limit, self.height)
        if limit is not None:
            columns = [cells.decode_head(column, height) for column in self.encoded]
        else:
            columns = [self.column(index) for index in range(len(self.encoded))]
        yield from (
            zip(itertools.count(self.first_row), zip(*columns, strict=True))
            if columns
            else ((self.first_row + n, ()) for n in range(height))
        )

    __iter__ = lines


def file_bytes(file) -> bytes:
    """The bytes of a path, an uploaded file or bytes."""
    if isinstance(file, bytes | bytearray | memoryview):
        return bytes(file)
    if isinstance(file, str | Path):
        with open(file, "rb") as handle:
            return handle.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read()


def kind_of(name: str) -> str | None:
    return KINDS.get(Path(name).suffix.lower())


def read_sheet(
    file, name: str, limits: Limits | None = None, *, skip_sheets: tuple[str, ...] = (), isolate: bool = True
) -> Sheet:
    """Read the first sheet of an upload (a path, a file object or bytes), skipping sheets whose folded name
    (letters and digits, no diacritics) is in skip_sheets, e.g. ("huongdan",). isolate=False parses in this
    process (only for trusted files, e.g. benchmarks)."""
    limits = limits or Limits()
    kind = kind_of(name)
    if kind is None:
        raise SpreadsheetError(
            unreadable=True,
            message=f"Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV (.csv), không nhận “{Path(name).name}”.",
        )
    data = file_bytes(file)
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(
            f"Tệp dung lượng {megabytes(len(data))}; tối đa {megabytes(limits.max_bytes)}."
        )
    if not data or data.isspace():  # (as data.strip() would say, without copying the file)
        raise SpreadsheetError("Tệp trống, không có dữ liệu.", unreadable=True)
    if not isolate:
        try:
            return _parse(data, kind, limits, skip_sheets)
        except LimitError as error:
            raise SpreadsheetError(str(error), unreadable=isinstance(error, UnreadableError)) from None
    return _in_child(data, kind, limits, skip_sheets)


# --- the child -----------------------------------------------------------------------------------------
#
# A helper process (a fresh interpreter started once with subprocess, single-threaded, holding only this
# module and python-calamine) forks one child per file. The child lowers its own RLIMIT_AS and RLIMIT_CPU,
# parses and writes its pickled outcome to a pipe; the helper relays it with the child's exit signal and
# peak memory (wait4). Forking from the helper, never from the (threaded) server, keeps fork safe and
# cheap. Idle helpers are kept for the next file; one in use is never shared. Frames on the helper's
# stdin/stdout are bytes preceded by their length: a job is a pickled (kind, limits, skip_sheets) and the
# file's bytes; an answer a pickled (exit signal, peak memory, processor time) and the child's pickled
# outcome as it wrote it (two frames each, so that megabytes are never copied into a pickle and out).

_IDLE: list = []
_IDLE_LOCK = threading.Lock()
# The child's workbook and sheet, held to its exit (os._exit): the process's end frees their memory at once,
# where closing them frees a sheet's cells one by one (tens of milliseconds for 65,535 rows).
_HELD: list = []
_ROOT = str(Path(__file__).resolve().parents[2])


def _child(write_fd: int, data: bytes, kind: str, limits: Limits, skip_sheets) -> None:
    import resource

    cap = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    gc.disable()  # a child reads one file and exits: the sheet's million objects hold no cycles to collect
    try:
        outcome = ("ok", _parse(data, kind, limits, skip_sheets, hold=_HELD))
    except UnreadableError as error:
        outcome = ("unreadable", str(error))
    except LimitError as error:
        outcome = ("error", str(error))
    except MemoryError:
        outcome = ("memory", "")
    except BaseException:  # a reader's own exception (or a Rust panic): its text is not for the user
        outcome = ("unreadable", _unreadable(kind))
    del data
    with os.fdopen(write_fd, "wb") as pipe:
        pickle.dump(outcome, pipe, pickle.HIGHEST_PROTOCOL)


def _read_frame(stream) -> bytes | None:
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "big")
    body = stream.read(size)
    return body if len(body) == size else None


def _write_frame(stream, body: bytes) -> None:
    stream.write(len(body).to_bytes(8, "big"))
    stream.write(body)
    stream.flush()


def serve() -> None:
    """The helper's loop: one job in, one answer out, until stdin closes."""
    import python_calamine  # noqa: F401 (loaded once, before forking)

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (frame := _read_frame(source)) is not None and (data := _read_frame(source)) is not None:
        kind, limits, skip_sheets = pickle.loads(frame)
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            code = 0
            try:
                os.close(read_fd)
                _child(write_fd, data, kind, limits, skip_sheets)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        del data, frame
        with os.fdopen(read_fd, "rb") as pipe:
            payload = pipe.read()
        _pid, status, usage = os.wait4(pid, 0)
        killed = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        cpu = usage.ru_utime + usage.ru_stime
        _write_frame(sink, pickle.dumps((killed, usage.ru_maxrss, cpu), pickle.HIGHEST_PROTOCOL))
        _write_frame(sink, payload)
        del payload


def _helper() -> subprocess.Popen:
    with _IDLE_LOCK:
        while _IDLE:
            helper = _IDLE.pop()
            if helper.poll() is None:
                return helper
    code = f"import sys; sys.path.insert(0, {_ROOT!r}); from doanvu.lib.spreadsheets import serve; serve()"
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        close_fds=True,
        # A reader that runs out of memory aborts with one line on stderr, not a page of backtrace.
        env={**os.environ, "RUST_BACKTRACE": "0"},
    )


def _ask(helper: subprocess.Popen, job: tuple[bytes, bytes], seconds: int, answer: list) -> None:
    try:
        for frame in job:
            _write_frame(helper.stdin, frame)
        head = _read_frame(helper.stdout)
        payload = _read_frame(helper.stdout) if head is not None else None
        answer.append(None if payload is None else (head, payload))
    except (OSError, ValueError):
        answer.append(None)


def _memory_message(limits: Limits) -> str:
    return (
        f"Tệp cần hơn {number(limits.memory_mb)} MB bộ nhớ để đọc nên đã dừng: tệp có thể bị hỏng "
        "hoặc chứa dữ liệu quá lớn."
    )


def _too_slow(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(f"Đọc tệp quá lâu (hơn {number(limits.cpu_seconds)} giây) nên đã dừng.")


def _in_child(data: bytes, kind: str, limits: Limits, skip_sheets) -> Sheet:
    helper = _helper()
    job = (pickle.dumps((kind, limits, skip_sheets), pickle.HIGHEST_PROTOCOL), data)
    answer: list = []
    talk = threading.Thread(target=_ask, args=(helper, job, limits.cpu_seconds, answer), daemon=True)
    talk.start()
    talk.join(limits.cpu_seconds * 2 + 30)
    if not answer or answer[0] is None:
        helper.kill()
        helper.wait()
        if not answer:
            raise _too_slow(limits)
        raise SpreadsheetError(_memory_message(limits))
    with _IDLE_LOCK:
        _IDLE.append(helper)
    head, payload = answer[0]
    killed, peak, cpu = pickle.loads(head)
    if killed == signal.SIGXCPU:
        raise _too_slow(limits)
    try:
        status, result = pickle.loads(payload)
    except MemoryError:
        raise
    except Exception:  # the child died before it answered: out of memory (a reader's abort) or killed
        raise SpreadsheetError(_memory_message(limits), peak) from None
    if status == "ok":
        result.peak_kb, result.cpu_seconds = peak, cpu
        return result
    if status == "memory":
        raise SpreadsheetError(_memory_message(limits), peak)
    raise SpreadsheetError(result, peak, unreadable=status == "unreadable")


def _unreadable(kind: str) -> str:
    label = {"xlsx": "Excel (.xlsx)", "xls": "Excel (.xls)", "ods": "OpenDocument (.ods)", "csv": "CSV"}[kind]
    return f"Không đọc được tệp {label}: tệp bị hỏng hoặc không đúng định dạng."


# --- parsing (in the child) ----------------------------------------------------------------------------


def _parse(data: bytes, kind: str, limits: Limits, skip_sheets, hold: list | None = None) -> Sheet:
    """The sheet read from the file's bytes; `hold`: a list the workbook is kept in, unclosed (the child's)."""
    cells.STRIPPED.clear()
    if kind == "csv":
        return _parse_csv(data, limits)
    if kind in ("xlsx", "ods"):
        check_zip(io.BytesIO(data), limits, kind)
    elif not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnreadableError(_unreadable(kind))
    return _parse_workbook(data, kind, limits, skip_sheets, hold)


def _sheet_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.lower())
    return re.sub(
        r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")
    )


def _parse_workbook(data: bytes, kind: str, limits: Limits, skip_sheets, hold: list | None) -> Sheet:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
    except LimitError:
        raise
    except MemoryError:
        raise
    except Exception:
        raise UnreadableError(_unreadable(kind)) from None
    if not names:
        raise LimitError("Tệp không có trang tính nào.")
    chosen = next((i for i, n in enumerate(names) if _sheet_key(n) not in skip_sheets), 0)
    try:
        sheet = workbook.get_sheet_by_index(chosen)
    except MemoryError:
        raise
    except Exception:
        raise UnreadableError(_unreadable(kind)) from None
    top, left = sheet.start or (0, 0)
    check_extent(top + sheet.height, left + sheet.width, limits)
    result = Sheet(kind, first_row=top + 1, sheet_name=names[chosen])
    result.encoded, result.stripped, count = cells.columns(sheet.iter_rows(), top, left, limits)
    if hold is None:
        workbook.close()
    else:
        hold.extend((workbook, sheet))
    result.row_count = top + count
    return result


# --- CSV -----------------------------------------------------------------------------------------------


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 written without a byte-order mark: most characters of a CSV (digits, separators, Latin
    letters) have a zero high byte, so one of the two byte positions is mostly zero."""
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= half * 0.3 and even <= half * 0.05:
        return "utf-16-le"
    if even >= half * 0.3 and odd <= half * 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a CSV file: UTF-8 with or without BOM, UTF-16 LE/BE with or without BOM,
    else a Windows code page: legacy TCVN3/VNI bytes kept as Windows-1252 characters (converted cell by
    cell later), anything else read as Windows-1258, the Vietnamese code page."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    western = data.decode("cp1252", errors="replace")
    if legacy.detect(western[:20000]) != legacy.UNICODE:
        return western, "windows-1252"
    return data.decode("cp1258", errors="replace"), "windows-1258"


def _parse_csv(data: bytes, limits: Limits) -> Sheet:
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise LimitError(
            "Tệp có đuôi .csv nhưng là tệp Excel; hãy đổi đuôi tệp cho đúng hoặc lưu lại dạng CSV."
        )
    text, encoding = decode_text(data)
    del data
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Fields are measured below, by row and column; the csv module's own cap only guards the process.
    csv.field_size_limit(max(limits.max_bytes, limits.max_cell_chars) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    result = Sheet("csv", encoding=encoding)
    batch: list[tuple] = []
    row_number = 0
    most_rows = limits.max_rows + limits.header_rows
    try:
        for values in reader:
            row_number += 1
            if row_number > most_rows:
                raise LimitError(
                    f"Tệp có hơn {number(limits.max_rows)} dòng dữ liệu; tối đa {number(limits.max_rows)}."
                )
            if len(values) > limits.max_columns:
                raise LimitError(
                    f"Dòng {number(row_number)} có {number(len(values))} cột (tới cột "
                    f"{column_letter(len(values))}); tối đa {number(limits.max_columns)} cột."
                )
            for column, value in enumerate(values, start=1):
                if len(value) > limits.max_cell_chars:
                    raise LimitError(
                        f"Dòng {number(row_number)}, cột {column_letter(column)} dài {size_text(len(value))} "
                        f"ký tự; tối đa {number(limits.max_cell_chars)}."
                    )
            row = tuple(map(cells.marked_text, values))
            if cells.STRIPPED:
                result.stripped.extend(cells.stripped_in_row(row_number, values))
            batch.append(row)
            if len(batch) >= _CHUNK_ROWS:
                result.chunks.append(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
                batch = []
    except csv.Error:
        raise LimitError(
            f"Không đọc được tệp CSV ở dòng {number(row_number + 1)}: dòng không đúng định dạng."
        ) from None
    if batch:
        result.chunks.append(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
    result.row_count = row_number
    return result
