"""Self-assessment against a criteria set, with evidence; the upper level's inspection plan and visits."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from doanvu.evaluation.levels import Level


class Assessment(models.Model):
    """A unit's self-assessment against a criteria set; the inspection adjusts its scores."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang tự chấm")
        SUBMITTED = "submitted", _("Đã gửi")
        INSPECTED = "inspected", _("Đã kiểm tra")

    criteria_set = models.ForeignKey(
        "evaluation.CriteriaSet",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("bộ tiêu chí"),
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("đơn vị")
    )
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Cached sums, kept by the services that change scores.
    self_total = models.DecimalField(_("điểm tự chấm"), max_digits=7, decimal_places=2, default=0)
    final_total = models.DecimalField(
        _("điểm kiểm tra"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["criteria_set", "unit__path"]
        verbose_name = _("bản tự chấm")
        verbose_name_plural = _("bản tự chấm")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "unit"], name="assessment_one_per_unit_set")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.criteria_set}"


class ConditionScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    condition = models.ForeignKey("evaluation.Condition", on_delete=models.CASCADE, related_name="scores")
    # The score the system proposed from data, and how (shown to the unit and the inspector).
    proposed_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    proposed_basis = models.CharField(max_length=500, blank=True)
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(_("giải trình"), blank=True)
    inspector_points = models.DecimalField(
        _("điểm kiểm tra"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    inspector_comment = models.TextField(_("nhận xét của đoàn kiểm tra"), blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["condition__content__criterion__order", "condition__content__order", "condition__order"]
        verbose_name = _("điểm theo điều kiện")
        verbose_name_plural = _("điểm theo điều kiện")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "condition"], name="score_one_per_condition")
        ]

    def __str__(self) -> str:
        return f"{self.assessment.unit} {self.condition.code}"


def evidence_path(instance: Evidence, filename: str) -> str:
    _stem, ext = os.path.splitext(filename)
    return f"minh-chung/{instance.assessment.criteria_set_id}/{instance.assessment.unit_id}/{uuid.uuid4().hex}{ext.lower()}"


class Evidence(models.Model):
    """A piece of evidence for a condition: a file, a link, a record doanvu holds, or a note."""

    class Kind(models.TextChoices):
        FILE = "file", _("Tệp")
        LINK = "link", _("Đường dẫn")
        RECORD = "record", _("Hồ sơ trong doanvu")
        NOTE = "note", _("Ghi chú")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chưa xem xét")
        ACCEPTED = "accepted", _("Chấp nhận")
        REJECTED = "rejected", _("Không chấp nhận")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    condition = models.ForeignKey("evaluation.Condition", on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("loại minh chứng"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to=evidence_path, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    # A record doanvu holds: an activity or a report of the unit.
    activity = models.ForeignKey(
        "work.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hoạt động"),
    )
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("báo cáo"),
    )
    title = models.CharField(_("mô tả"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("kết quả xem xét"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    review_reason = models.TextField(_("lý do"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["condition__order", "uploaded_at", "id"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.title


class InspectionPlan(models.Model):
    """Kế hoạch kiểm tra: number and date, the team, the units, the date range, and the conclusion."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Đã lập kế hoạch")
        IN_PROGRESS = "in_progress", _("Đang kiểm tra")
        CONCLUDED = "concluded", _("Đã kết luận")

    issuer = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        related_name="inspection_plans",
        verbose_name=_("đơn vị kiểm tra"),
    )
    criteria_set = models.ForeignKey(
        "evaluation.CriteriaSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_plans",
        verbose_name=_("bộ tiêu chí"),
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 128-KH/UBKTTĐ"))
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    start_on = models.DateField(_("từ ngày"))
    end_on = models.DateField(_("đến ngày"))
    # One member of the team per line: "Đ/c Nguyễn Văn A — Trưởng đoàn".
    team = models.TextField(_("thành phần đoàn kiểm tra"), blank=True)
    units = models.ManyToManyField(
        "org.OrgUnit", related_name="inspection_plans_received", verbose_name=_("đơn vị được kiểm tra")
    )
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.PLANNED)
    # Until published, each unit sees only its own visit; afterwards the units see the ranking.
    ranking_published_on = models.DateField(_("ngày công bố xếp hạng"), null=True, blank=True)
    # The conclusion (Thông báo kết luận kiểm tra).
    conclusion_number = models.CharField(_("số kết luận"), max_length=60, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    results_summary = models.TextField(_("kết quả chung"), blank=True)
    common_strengths = models.TextField(_("ưu điểm chung"), blank=True)
    common_shortcomings = models.TextField(_("hạn chế chung"), blank=True)
    # One recommendation per line; the document numbers them "Một là…, Hai là…".
    recommendations = models.TextField(_("kiến nghị"), blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class InspectionVisit(models.Model):
    """The team's visit to one unit: scores (on the assessment's ConditionScores), findings, ranking."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chưa kiểm tra")
        DONE = "done", _("Đã kiểm tra")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="inspection_visits")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    visited_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.PENDING)
    strengths = models.TextField(_("ưu điểm"), blank=True)
    shortcomings = models.TextField(_("hạn chế"), blank=True)
    recommendations = models.TextField(_("kiến nghị"), blank=True)
    final_score = models.DecimalField(
        _("điểm cuối cùng"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    proposed_level = models.CharField(_("đề xuất xếp loại"), max_length=16, choices=Level.choices, blank=True)

    class Meta:
        ordering = ["plan", "rank", "unit__path"]
        verbose_name = _("buổi kiểm tra đơn vị")
        verbose_name_plural = _("buổi kiểm tra đơn vị")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="visit_one_per_unit_plan")]

    def __str__(self) -> str:
        return f"{self.plan.number}: {self.unit}"
