"""The choices of a member's record: gender, status, Party stage and dues category, with the status groups
the rest of the system counts by. Below the models so that the rules (validation.py) can use them without
importing the models; doanvu.members.models re-exports every name."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from doanvu.lib.vntext import fold


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    OTHER = "other", _("Khác")


class Status(models.TextChoices):
    ACTIVE = "active", _("Đang sinh hoạt")
    TRANSFER_PENDING = "transfer_pending", _("Đang chuyển sinh hoạt")
    CAME_OF_AGE = "came_of_age", _("Đã trưởng thành Đoàn")
    REMOVED = "removed", _("Đã xóa tên")
    EXPELLED = "expelled", _("Bị khai trừ")
    DECEASED = "deceased", _("Đã mất")
    HONORARY = "honorary", _("Đoàn viên danh dự")


# Current members: on the rolls of the Union. Citizen IDs are unique among them.
CURRENT_STATUSES = (Status.ACTIVE, Status.TRANSFER_PENDING, Status.HONORARY)
# Counted in a branch's active membership (a member in transfer belongs to neither branch).
COUNTED_STATUSES = (Status.ACTIVE, Status.HONORARY)


class PartyStage(models.TextChoices):
    NONE = "", _("Chưa")
    AWARENESS = "awareness", _("Đã học lớp cảm tình Đảng")
    INTRODUCED = "introduced", _("Đã được giới thiệu kết nạp Đảng")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    FULL = "full", _("Đảng viên chính thức")


class DuesCategory(models.TextChoices):
    """Who pays which monthly dues: `Member.dues_category` and the rates (doanvu.work.models.DuesRate, whose
    `Category` this is)."""

    NO_SALARY = "no_salary", _("Không hưởng lương")
    SALARY = "salary", _("Có hưởng lương")
    ABROAD = "abroad", _("Ở nước ngoài")


def dues_category_from_text(text: str) -> str | None:
    """A category as people write it — "Có hưởng lương", "không huong luong", "Ở NƯỚC NGOÀI" (any case,
    with or without diacritics) or its code ("salary") — as its code; "" for empty; None when unknown."""
    folded = " ".join(fold(text or "").replace("-", " ").split())
    if not folded:
        return ""
    for value, label in DuesCategory.choices:
        if folded in (value, fold(str(label))):
            return value
    return None
