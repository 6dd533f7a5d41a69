"""The work a unit does, as records: activities with their figures, branch meetings with attendance, dues,
direct values for figures that are not events, and targets. Every figure in a report is computed from these.

Each record is dated and hangs on a unit. Sums up the tree use the tree as it stood on the record's date
(org.UnitVersion), so a unit that moved or merged mid-year is counted where it stood when the work was done.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from doanvu.members.models import DuesCategory


class WorkArea(models.Model):
    """A chapter of every work report (docs/domain.md, "Work areas"), in report order."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên mặt công tác"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("mặt công tác")
        verbose_name_plural = _("mặt công tác")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    class Kind(models.TextChoices):
        STOCK = "stock", _("Số thời điểm (giá trị cuối kỳ)")
        FLOW = "flow", _("Số phát sinh (cộng dồn theo thời gian)")
        RATIO = "ratio", _("Tỷ lệ (tính lại từ tử số và mẫu số)")

    class Source(models.TextChoices):
        REGISTRY = "registry", _("Tính từ sổ đoàn viên và cây tổ chức")
        ACTIVITY = "activity", _("Số liệu của hoạt động")
        MEETING = "meeting", _("Sinh hoạt chi đoàn")
        DUES = "dues", _("Đoàn phí")
        DIRECT = "direct", _("Nhập trực tiếp theo kỳ")
        EVALUATION = "evaluation", _("Đánh giá, xếp loại")
        RATIO = "ratio", _("Tính từ hai chỉ số khác")

    code = models.SlugField(
        _("mã chỉ số"),
        max_length=60,
        unique=True,
        help_text=_("Chữ thường không dấu, số và dấu gạch dưới; không đổi về sau."),
    )
    name = models.CharField(_("tên chỉ số"), max_length=255)
    unit_label = models.CharField(_("đơn vị tính"), max_length=40)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    source = models.CharField(_("nguồn số liệu"), max_length=12, choices=Source.choices)
    work_area = models.ForeignKey(
        WorkArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("mặt công tác"),
    )
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tử số")
    )
    denominator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("mẫu số")
    )
    # Ratios are shown × scale (100 for a percentage).
    scale = models.PositiveIntegerField(_("hệ số"), default=1)
    # None: the national catalogue. Otherwise an upper level's own indicator, for its sub-tree only.
    owner_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_indicators",
        verbose_name=_("đơn vị ban hành"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    description = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["work_area__order", "order", "code"]
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ratio") | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicator_ratio_has_parts",
                violation_error_message=_("Chỉ số tỷ lệ cần có tử số và mẫu số."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit_label})"


class Movement(models.Model):
    """A movement, programme or campaign activities belong to (Thanh niên tình nguyện hè, …)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên phong trào, chương trình, chiến dịch"), max_length=255)
    work_area = models.ForeignKey(
        WorkArea, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("mặt công tác")
    )
    owner_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị phát động"),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("phong trào, chiến dịch")
        verbose_name_plural = _("phong trào, chiến dịch")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """One activity, possibly organised jointly by several units: each may show it, a unit above them
    counts it once."""

    title = models.CharField(_("tên hoạt động"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)
    work_area = models.ForeignKey(WorkArea, on_delete=models.PROTECT, verbose_name=_("mặt công tác"))
    movement = models.ForeignKey(
        Movement, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("phong trào, chiến dịch")
    )
    # The activity counts in the period that contains its start date.
    start_on = models.DateField(_("ngày bắt đầu"), db_index=True)
    end_on = models.DateField(_("ngày kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="activities", verbose_name=_("đơn vị chủ trì")
    )
    organisers = models.ManyToManyField(
        "org.OrgUnit", through="ActivityOrganiser", related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        indexes = [models.Index(fields=["unit", "start_on"])]

    def __str__(self) -> str:
        return self.title


class ActivityOrganiser(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="organiser_links")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="organised_activities")
    # The lead unit's own row. The lead unit never changes (work.services.activities), so neither does this.
    # False is the safe default: a row marked False is only looked at again (unit ≠ the activity's unit).
    lead = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "unit"], name="organiser_once")]
        indexes = [
            models.Index(fields=["unit", "activity"]),
            # The co-organisers' rows, few beside the leads': a sub-tree's activities led from outside it
            # are found through these (reports.document.activities).
            models.Index(fields=["unit", "activity"], condition=Q(lead=False), name="organiser_co"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.activity_id}"


class ActivityFigure(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ số")
    )
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "indicator"], name="figure_once")]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.value}"


def mark_lead(activity: Activity) -> None:
    """Say again which of the activity's organiser rows is its lead unit's own (after the site admin, the only
    place the lead unit can change, saved it)."""
    activity.organiser_links.filter(unit_id=activity.unit_id).update(lead=True)
    activity.organiser_links.exclude(unit_id=activity.unit_id).update(lead=False)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"evidence/{instance.activity_id}/{filename}"


class Attachment(models.Model):
    """Photos and documents kept as evidence of an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    caption = models.CharField(_("mô tả"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.caption or self.file.name


class Meeting(models.Model):
    """A branch's regular meeting (sinh hoạt chi đoàn) with attendance per member."""

    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("chi đoàn")
    )
    held_on = models.DateField(_("ngày sinh hoạt"), db_index=True)
    topic = models.CharField(_("nội dung sinh hoạt"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Attendance by QR (docs/domain.md, "Attendance by QR"): the meeting's hours on `held_on` and the opaque
    # token its QR carries. Members check in from a while before the start until the end.
    starts_at = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    ends_at = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    checkin_token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("buổi sinh hoạt chi đoàn")
        verbose_name_plural = _("buổi sinh hoạt chi đoàn")
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("có mặt"), default=True)
    excused = models.BooleanField(_("vắng có lý do"), default=False)
    # When the member checked in with the meeting's QR; None for attendance the officer marked.
    checked_in_at = models.DateTimeField(_("điểm danh bằng mã QR lúc"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.meeting_id}: {'có mặt' if self.present else 'vắng'}"


class DuesRate(models.Model):
    """Monthly dues by member category, from an effective date (docs/domain.md, "Dues and arrears")."""

    Category = DuesCategory  # the members' dues categories (doanvu.members.models), by their old name

    category = models.CharField(_("đối tượng"), max_length=12, choices=Category.choices)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    monthly_amount = models.PositiveIntegerField(_("mức đóng mỗi tháng (đồng)"))

    class Meta:
        ordering = ["category", "-effective_from"]
        verbose_name = _("mức đoàn phí")
        verbose_name_plural = _("mức đoàn phí")
        constraints = [models.UniqueConstraint(fields=["category", "effective_from"], name="dues_rate_once")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.monthly_amount} đồng từ {self.effective_from:%d/%m/%Y}"


class DuesPayment(models.Model):
    """Dues a member paid for one month, collected by their branch."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="dues")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="dues_collected", verbose_name=_("chi đoàn thu")
    )
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng được đóng."))
    amount = models.PositiveIntegerField(_("số tiền (đồng)"))
    paid_on = models.DateField(_("ngày đóng"), db_index=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("đoàn phí đã đóng")
        verbose_name_plural = _("đoàn phí đã đóng")
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="dues_month_once")]
        indexes = [models.Index(fields=["unit", "month"]), models.Index(fields=["unit", "paid_on"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%m/%Y}: {self.amount}"


class DirectValue(models.Model):
    """A figure that is not an event (news articles published, initiatives recognised), per unit and period."""

    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="direct_values", verbose_name=_("đơn vị")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ số")
    )
    period = models.CharField(_("kỳ"), max_length=16)
    period_start = models.DateField()
    period_end = models.DateField(db_index=True)
    value = models.DecimalField(
        _("giá trị"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    note = models.TextField(_("ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("số liệu nhập trực tiếp")
        verbose_name_plural = _("số liệu nhập trực tiếp")
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period"], name="direct_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator_id} {self.period}: {self.value}"


class Target(models.Model):
    """A target (chỉ tiêu) per unit, period and indicator, set by the unit or handed down from above."""

    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="targets", verbose_name=_("đơn vị")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ số")
    )
    period = models.CharField(_("kỳ"), max_length=16)
    value = models.DecimalField(
        _("chỉ tiêu"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    set_by_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị giao")
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["unit", "indicator", "period"], name="target_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator_id} {self.period}: {self.value}"
