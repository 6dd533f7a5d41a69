"""The member training programme (chương trình rèn luyện đoàn viên): registration and yearly result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TrainingResult(models.TextChoices):
    """The yearly result of the member training programme (chương trình rèn luyện đoàn viên)."""

    OUTSTANDING = "outstanding", _("Xuất sắc")
    GOOD = "good", _("Tốt")
    PASSED = "passed", _("Đạt")
    FAILED = "failed", _("Không đạt")


class TrainingRegistration(models.Model):
    """A member's registration in the training programme for a year, and its evaluation."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="trainings", verbose_name=_("đoàn viên")
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        related_name="training_registrations",
        verbose_name=_("chi đoàn"),
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    commitments = models.TextField(_("nội dung đăng ký rèn luyện"), blank=True)
    result = models.CharField(
        _("kết quả rèn luyện"), max_length=12, choices=TrainingResult.choices, blank=True
    )
    evaluated_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "member__sort_key"]
        verbose_name = _("đăng ký chương trình rèn luyện")
        verbose_name_plural = _("đăng ký chương trình rèn luyện")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="training_one_per_member_year")
        ]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"
