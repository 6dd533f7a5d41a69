"""Outstanding-member lists (danh sách đoàn viên ưu tú) a grassroots union hands to the Party committee.

Each person's stages (awareness course and certificate, introduction by resolution, probationary and full
membership) are dated on the Member; the lists record who was proposed in which year and handed over when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutstandingList(models.Model):
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="outstanding_lists", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    resolution_number = models.CharField(_("số nghị quyết giới thiệu"), max_length=60, blank=True)
    resolved_on = models.DateField(_("ngày nghị quyết"), null=True, blank=True)
    handed_over_on = models.DateField(_("ngày bàn giao cho cấp ủy"), null=True, blank=True)
    party_committee = models.CharField(_("cấp ủy tiếp nhận"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "unit__path", "id"]
        verbose_name = _("danh sách đoàn viên ưu tú")
        verbose_name_plural = _("danh sách đoàn viên ưu tú")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class OutstandingEntry(models.Model):
    outstanding_list = models.ForeignKey(OutstandingList, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="outstanding_entries",
        verbose_name=_("đoàn viên"),
    )
    # The evaluation the proposal came from (an outstanding result of the year), when there was one.
    evaluation = models.ForeignKey(
        "evaluation.MemberEvaluation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["outstanding_list", "member__sort_key"]
        verbose_name = _("đoàn viên ưu tú")
        verbose_name_plural = _("đoàn viên ưu tú")
        constraints = [
            models.UniqueConstraint(fields=["outstanding_list", "member"], name="outstanding_entry_once")
        ]

    def __str__(self) -> str:
        return str(self.member)
