"""A member's own proposal to change personal and contact details, which the branch approves or refuses
(docs/domain.md, "Members sign in for themselves"). An approval is applied through the member services, so
the record's history and the audit log keep it; a refusal stays here with its reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# What a member may propose: personal and contact details the branch keeps — never the unit, the status,
# the joining, the card, the dues category or the Party fields, which change only through their own steps.
PROPOSABLE_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "ethnicity",
    "religion",
    "citizen_id",
    "hometown",
    "residence",
    "phone",
    "email",
    "education_level",
    "qualification",
    "political_theory",
    "occupation",
)


class ChangeProposal(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Chờ chi đoàn duyệt")
        APPROVED = "approved", _("Đã được duyệt")
        REFUSED = "refused", _("Bị từ chối")
        WITHDRAWN = "withdrawn", _("Đã rút lại")

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="change_proposals",
        verbose_name=_("đoàn viên"),
    )
    # {field: [value on the record when proposed, proposed value]}, dates as YYYY-MM-DD.
    changes = models.JSONField(_("thay đổi đề nghị"), default=dict)
    note = models.TextField(_("ghi chú của đoàn viên"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True
    )
    created = models.DateTimeField(_("ngày đề nghị"), auto_now_add=True)
    decided = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("lý do từ chối"), blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("đề nghị sửa thông tin")
        verbose_name_plural = _("đề nghị sửa thông tin")
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state="pending"), name="change_proposal_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.created:%d/%m/%Y}: {self.get_state_display()}"
