"""Hostile files never take the site down: over a thousand malformed files, generated from a seed, go through
the member import's preview. Each one ends in a clear Vietnamese message (never a library's English text)
or a clean preview; no exception escapes; the reading child stays under its memory limit; nothing is
written."""

from __future__ import annotations

import io
import os
import re
import resource
import time

import pytest

from doanvu.members import importing
from doanvu.members.models import Member
from tests.import_fuzz_factories import big, cases

# Words of the libraries' own messages ("File is not a zip file", "There is no item named …",
# "'utf-8' codec can't decode…", "field larger than field limit", "line contains NUL").
ENGLISH = re.compile(
    r"\b(the|is|not|no|file|zip|item|named|error|invalid|codec|decode|field|limit|line|contains|expected|"
    r"unexpected|object|none|errno|traceback|exception|found|cannot|can't|unsupported)\b",
    re.IGNORECASE,
)
VIETNAMESE = re.compile(r"[ạ-ỹăâđêôơưàáảãèéẻẽìíỉĩòóỏõùúủũỳýỷỹ]", re.IGNORECASE)
MEMORY_MB = 512
ROW_BY_ROW = 5_000  # files up to this many rows are also checked row by row, to compare


def _upload(name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_a_thousand_malformed_files_end_in_a_vietnamese_message_or_a_clean_preview(tree, people, settings):
    settings.IMPORT_MEMORY_MB = MEMORY_MB
    members = Member.objects.count()
    seen = failures = 0
    started = time.perf_counter()
    for label, name, data in cases():
        seen += 1
        if os.environ.get("FUZZ_TIMES"):
            print(label, name, f"{time.perf_counter() - started:.2f}")
        try:
            table = importing.read_rows(_upload(name, data))
            result = importing.preview(user=people.own, unit=tree.branch_a1, rows=table)
        except importing.ImportFileError as error:
            failures += 1
            message = str(error)
            assert VIETNAMESE.search(message), (label, name, message)
            # A part's or file's name is quoted “…” and may be anything.
            assert not ENGLISH.search(re.sub(r"“[^”]*”", "", message)), (label, name, message)
            peak = getattr(error, "peak_kb", None)
            assert peak is None or peak < MEMORY_MB * 1024, (label, name, peak)
            assert Member.objects.count() == members, (label, name)
            continue
        assert table.peak_kb is None or table.peak_kb < MEMORY_MB * 1024, (label, name, table.peak_kb)
        result.to_dict()
        if len(table.numbers) <= ROW_BY_ROW:  # the column screen finds what checking each row finds
            one_by_one = importing.preview(user=people.own, unit=tree.branch_a1, rows=list(table))
            read_warnings = len(table.stripped)
            assert (result.total, result.valid, result.errors) == (
                one_by_one.total,
                one_by_one.valid,
                one_by_one.errors,
            ), (label, name)
            assert result.warnings[read_warnings:] == one_by_one.warnings, (label, name)
        assert Member.objects.count() == members, (label, name)
    assert seen >= 1000
    assert 0 < failures < seen
    # The server process itself never held a bomb: its own peak stays far below what the bombs inflate to.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1_500_000


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("bomb", "tối đa 256 MB"),
        ("bomb, sizes lied", "tệp bị hỏng"),
        ("nested zip", "tệp nén lồng nhau"),
        ("many parts", "tối đa 1.000"),
        ("stray cell", "ô XFD1048576"),
        ("10 MB cell", "Ô C3 dài khoảng 10 triệu ký tự; tối đa 2.000"),
        ("10 MB inline cell", "tối đa 2.000"),
        ("ods repeat bomb, within the row cap", "MB bộ nhớ"),
        ("10 MB csv field", "Dòng 2, cột B dài 10 triệu ký tự; tối đa 2.000"),
    ],
)
def test_each_kind_of_hostile_file_is_named_in_its_message(tree, people, label, words):
    name, data = big(label)
    with pytest.raises(importing.ImportFileError) as refused:
        importing.read_rows(_upload(name, data))
    assert words in str(refused.value)
