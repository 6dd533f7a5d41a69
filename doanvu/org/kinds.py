"""The charter's unit kinds (docs/domain.md, "Kinds of unit"). Admins may add more; these are always there."""

from __future__ import annotations

from .models import UnitKind

# code, name, rank (smaller is higher), is_branch (members belong here), is_grassroots
DEFAULT_KINDS = [
    ("central", "Trung ương Đoàn", 0, False, False),
    ("province", "Tỉnh đoàn / Thành đoàn", 10, False, False),
    ("district", "Huyện đoàn / Quận đoàn / Thị đoàn / Thành đoàn", 20, False, False),
    ("bloc", "Đoàn khối", 22, False, False),
    ("attached", "Đoàn trực thuộc", 24, False, False),
    ("grassroots", "Đoàn cơ sở", 30, False, True),
    ("grassroots_branch", "Chi đoàn cơ sở", 32, True, True),
    ("inter_branch", "Liên chi đoàn", 35, False, False),
    ("branch", "Chi đoàn", 40, True, False),
    ("sub_branch", "Phân đoàn / Tổ đoàn", 50, True, False),
]


def ensure_default_kinds() -> None:
    """Create the charter's kinds that are missing (the data migration does this; a flushed database
    — transactional tests, a restored dump — may need it again). Existing rows are left as admins set them."""
    existing = set(UnitKind.objects.values_list("code", flat=True))
    UnitKind.objects.bulk_create(
        UnitKind(code=code, name=name, rank=rank, is_branch=is_branch, is_grassroots=is_grassroots)
        for code, name, rank, is_branch, is_grassroots in DEFAULT_KINDS
        if code not in existing
    )
