"""The four levels of the year-end review, shared by member evaluation, unit classification and
inspection, and the day a year's evaluation stands on."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The four levels (guideline of 2023) for members, and the same four for units."""

    OUTSTANDING = "outstanding", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


# Best first; the index is the rank of a level (0 = outstanding).
LEVEL_ORDER = [Level.OUTSTANDING, Level.GOOD, Level.COMPLETED, Level.NOT_COMPLETED]
LEVEL_SHORT = {
    Level.OUTSTANDING: _("HTXSNV"),
    Level.GOOD: _("HTTNV"),
    Level.COMPLETED: _("HTNV"),
    Level.NOT_COMPLETED: _("KHTNV"),
}


def year_end(year: int) -> datetime.date:
    """The day an evaluation of `year` stands on in the tree and in the figures."""
    return datetime.date(year, 12, 31)
