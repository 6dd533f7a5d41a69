"""Report forms, the period reports units submit upward, and the data-quality rules checked before they go."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportForm(models.Model):
    """What an upper unit asks its subunits of one kind to report, how often, and by when."""

    name = models.CharField(_("tên biểu mẫu"), max_length=255)
    owner_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        related_name="report_forms",
        verbose_name=_("đơn vị nhận báo cáo"),
    )
    submitter_kinds = models.ManyToManyField("org.UnitKind", verbose_name=_("loại đơn vị báo cáo"))
    period_kind = models.CharField(_("loại kỳ"), max_length=16)
    # Deadline: this many days after the period's end (e.g. 5: the 5th of the next month).
    deadline_days = models.PositiveSmallIntegerField(_("hạn nộp (số ngày sau khi hết kỳ)"), default=5)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """A unit's work report for a period: generated from records, edited, finalised, submitted, approved."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="reports", verbose_name=_("đơn vị")
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=16)
    form = models.ForeignKey(
        ReportForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("biểu mẫu"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    # Generated prose per work area, as edited by the officer, and the hand-written sections.
    sections = models.JSONField(default=dict, blank=True)
    # The figures as they stood when the report was finalised (what was sent is what was approved).
    figures = models.JSONField(default=dict, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_comment = models.TextField(_("ý kiến của cấp trên"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period", "unit__path"]
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="report_once_per_period")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period}"

    @property
    def resubmitted(self) -> bool:
        """Waiting for a decision after having been returned at least once."""
        return self.state == self.State.SUBMITTED and self.versions.count() > 1

    @property
    def state_label(self) -> str:
        """The state as users name it: a report sent again after being returned says so."""
        return str(_("Gửi lại, chờ duyệt")) if self.resubmitted else self.get_state_display()

    @property
    def is_locked(self) -> bool:
        """A submitted or approved report locks the unit's data for its period."""
        return self.state in (self.State.SUBMITTED, self.State.APPROVED)


class ReportVersion(models.Model):
    """One submission of a report, kept as it was sent: the frozen document (figures and text), who sent it
    and when, and what the unit above decided on it. A returned report sent again gets a new version; the
    earlier ones stay (docs/domain.md, "Submission and approval")."""

    class Decision(models.TextChoices):
        WAITING = "", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        RETURNED = "returned", _("Bị trả lại")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần gửi"))
    submitted_at = models.DateTimeField(_("gửi lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The document as sent (Report.figures at that moment: the figures and the edited text).
    document = models.JSONField(default=dict, blank=True)
    decision = models.CharField(
        _("quyết định"), max_length=10, choices=Decision.choices, default=Decision.WAITING, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("ý kiến của cấp trên"), blank=True)

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("lần gửi báo cáo")
        verbose_name_plural = _("các lần gửi báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.report} — lần {self.number}"


class QualityRule(models.Model):
    """A data-quality rule an upper level adds for its sub-tree: left ≤ right (or another comparison)."""

    class Op(models.TextChoices):
        LE = "le", "≤"
        LT = "lt", "<"
        GE = "ge", "≥"
        GT = "gt", ">"
        EQ = "eq", "="

    class Severity(models.TextChoices):
        ERROR = "error", _("Lỗi (chặn gửi báo cáo)")
        WARNING = "warning", _("Cảnh báo (cần giải trình)")

    owner_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        related_name="quality_rules",
        verbose_name=_("đơn vị ban hành"),
    )
    left = models.ForeignKey(
        "work.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ số")
    )
    op = models.CharField(_("phép so sánh"), max_length=2, choices=Op.choices)
    right = models.ForeignKey(
        "work.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("so với chỉ số"),
    )
    constant = models.DecimalField(
        _("hoặc so với số"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    severity = models.CharField(_("mức độ"), max_length=8, choices=Severity.choices, default=Severity.WARNING)
    message = models.CharField(_("thông báo"), max_length=255)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("quy tắc kiểm tra số liệu")
        verbose_name_plural = _("quy tắc kiểm tra số liệu")
        constraints = [
            models.CheckConstraint(
                condition=Q(right__isnull=False) | Q(constant__isnull=False),
                name="quality_rule_has_right_side",
                violation_error_message=_("Cần chọn chỉ số hoặc nhập số để so sánh."),
            )
        ]

    def __str__(self) -> str:
        return self.message


class Explanation(models.Model):
    """The written explanation a warning needs before the report can be submitted."""

    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)
    check_key = models.CharField(max_length=120)
    text = models.TextField(_("giải trình"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "check_key"], name="explanation_once")
        ]

    def __str__(self) -> str:
        return f"{self.check_key}: {self.text[:40]}"


class QualityCount(models.Model):
    """A unit's own data-quality counts for a period, as its data-quality page lists them, kept so that a
    dashboard adds up its sub-tree's counts instead of checking every unit at each view
    (docs/architecture.md, "Data-quality counts"). Valid while no change was recorded for the unit since
    it was counted (`changes`, `epoch`), and, for a period still running, on the day it was counted."""

    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)
    errors = models.PositiveIntegerField(default=0)
    open_warnings = models.PositiveIntegerField(default=0)
    explained = models.PositiveIntegerField(default=0)
    changes = models.BigIntegerField(default=0)  # the unit's QualityChange sum seen when it was counted
    epoch = models.BigIntegerField(default=0)  # the QualityChange sum for every unit seen then
    counted_on = models.DateField()
    period_ended = models.BooleanField(default=False)  # the period had ended when it was counted
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="quality_count_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}: {self.errors}/{self.open_warnings}/{self.explained}"


class QualityChange(models.Model):
    """Writes that may change a unit's data-quality counts (`unit_key` its id; 0: every unit), `n` of them.
    A write appends a row (n = 1), never updates one, so concurrent writes never wait on one another here;
    the sum of a unit's `n` only grows (rows are merged into one holding their sum), and a stored count is
    valid while it has not grown."""

    unit_key = models.BigIntegerField(db_index=True)
    n = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.unit_key}"
