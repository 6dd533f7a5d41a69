"""Unit classification: each year the unit above puts a unit on one of the four levels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doanvu.evaluation.levels import Level


class UnitClassification(models.Model):
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, related_name="classifications", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    level = models.CharField(_("xếp loại"), max_length=16, choices=Level.choices)
    # The criteria score shown beside the decision (the inspection's final score, else the self score).
    score = models.DecimalField(_("điểm tiêu chí"), max_digits=7, decimal_places=2, null=True, blank=True)
    assessment = models.ForeignKey(
        "evaluation.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị quyết định")
    )
    decided_on = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    note = models.TextField(_("nhận xét"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("xếp loại đơn vị")
        verbose_name_plural = _("xếp loại đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="classification_one_per_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.get_level_display()}"
