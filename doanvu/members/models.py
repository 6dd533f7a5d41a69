"""Members and what happens to them: transfers, positions, discipline. Every change to a member is kept in
history (django-simple-history), so "members of unit X on date D" is answerable."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.validators import EmailValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from doanvu.lib import vntext

from .choices import (  # noqa: F401 (the choices are importable from here too)
    COUNTED_STATUSES,
    CURRENT_STATUSES,
    DuesCategory,
    Gender,
    PartyStage,
    Status,
)
from .validation import NORMALISED_FIELDS, age_on, member_rule_errors, normal_value, to_validation_error

# Field formats, with the message an officer reads next to the field.
citizen_id_validator = RegexValidator(r"^\d{12}$", _("Số CCCD phải gồm đúng 12 chữ số."))
phone_validator = RegexValidator(
    r"^(0\d{9}|\+84\d{9})$",
    _("Số điện thoại không đúng dạng: 10 chữ số bắt đầu bằng 0 (ví dụ 0912345678) hoặc +84 và 9 chữ số."),
)
email_validator = EmailValidator(_("Thư điện tử không đúng dạng (ví dụ: ten@example.com)."))
# Compiled now rather than on first use through a lazy object, whose every call costs more than the match: an
# import checks these on 100,000 rows. The same pattern, so the migrations see the same validators.
for _validator in (citizen_id_validator, phone_validator):
    _validator.regex = re.compile(_validator.regex.pattern, _validator.regex.flags)


class Member(models.Model):
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="members", verbose_name=_("chi đoàn")
    )
    full_name = models.CharField(
        _("họ và tên"), max_length=120, error_messages={"blank": _("Hãy nhập họ và tên.")}
    )
    gender = models.CharField(
        _("giới tính"),
        max_length=8,
        choices=Gender.choices,
        error_messages={
            "blank": _("Hãy chọn giới tính."),
            "invalid_choice": _("Giới tính phải là Nam, Nữ hoặc Khác."),
        },
    )
    date_of_birth = models.DateField(_("ngày sinh"), error_messages={"null": _("Hãy nhập ngày sinh.")})
    ethnicity = models.CharField(_("dân tộc"), max_length=40, blank=True, default="Kinh")
    religion = models.CharField(_("tôn giáo"), max_length=60, blank=True, default="Không")
    citizen_id = models.CharField(
        _("số CCCD"),
        max_length=12,
        blank=True,
        validators=[citizen_id_validator],
        error_messages={"max_length": citizen_id_validator.message},
    )
    hometown = models.CharField(_("quê quán"), max_length=255, blank=True)
    residence = models.CharField(_("nơi ở hiện nay"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=15, blank=True, validators=[phone_validator])
    # A CharField with our own validator, so the message is ours (Django's reads "Nhập địa chỉ email.").
    email = models.CharField(_("thư điện tử"), max_length=254, blank=True, validators=[email_validator])
    joined_on = models.DateField(_("ngày vào Đoàn"), null=True, blank=True, db_index=True)
    joined_place = models.CharField(_("nơi vào Đoàn"), max_length=255, blank=True)
    card_number = models.CharField(_("số thẻ đoàn viên"), max_length=30, blank=True)
    education_level = models.CharField(_("trình độ học vấn"), max_length=40, blank=True)
    qualification = models.CharField(_("trình độ chuyên môn"), max_length=120, blank=True)
    political_theory = models.CharField(_("trình độ lý luận chính trị"), max_length=40, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, blank=True)
    # Salary / no salary / abroad (DuesCategory); empty: guessed from the occupation.
    dues_category = models.CharField(_("đối tượng đóng đoàn phí"), max_length=12, blank=True)

    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    status_changed_on = models.DateField(_("ngày đổi tình trạng"), null=True, blank=True)
    is_honorary = models.BooleanField(_("đoàn viên danh dự"), default=False)

    # The Party pipeline, each stage with its date.
    party_course_on = models.DateField(_("ngày cấp giấy chứng nhận cảm tình Đảng"), null=True, blank=True)
    party_course_certificate = models.CharField(
        _("số giấy chứng nhận cảm tình Đảng"), max_length=60, blank=True
    )
    party_introduced_on = models.DateField(
        _("ngày Đoàn giới thiệu kết nạp Đảng"), null=True, blank=True, db_index=True
    )
    party_introduced_resolution = models.CharField(
        _("số nghị quyết giới thiệu kết nạp Đảng"), max_length=60, blank=True
    )
    party_probationary_on = models.DateField(
        _("ngày kết nạp Đảng (dự bị)"), null=True, blank=True, db_index=True
    )
    party_full_on = models.DateField(_("ngày chuyển Đảng chính thức"), null=True, blank=True, db_index=True)

    # Derived from full_name: Vietnamese sort order, and the folded words between spaces search reads
    # (" nguyen van an ", vntext.search_key).
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    search_text = models.CharField(max_length=400, editable=False, default="")

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_text", "updated"])

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("đoàn viên")
        verbose_name_plural = _("đoàn viên")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"],
                condition=Q(status__in=["active", "transfer_pending", "honorary"]) & ~Q(citizen_id=""),
                name="member_citizen_id_unique_current",
                violation_error_message=_("Số CCCD này đã có ở một đoàn viên đang sinh hoạt."),
            )
        ]
        # The name search's trigram index is PostgreSQL's own (migration 0007); a number is found by these.
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["citizen_id"], name="member_citizen_id_idx"),
            models.Index(fields=["phone"], name="member_phone_idx"),
            models.Index(fields=["card_number"], name="member_card_number_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The Union's rules across fields (ages, dates in order, unique citizen ID), shared with the importer.
        errors = member_rule_errors(self)
        if errors:
            raise to_validation_error(errors)

    def validate_constraints(self, exclude=None) -> None:
        # clean() already reports a duplicate citizen ID, next to the field; do not say it twice.
        super().validate_constraints(exclude={*(exclude or ()), "citizen_id"})

    def normalise(self) -> None:
        """Unicode NFC and tidy spacing on the way in (validation.normal_value); refresh the derived sort
        and search keys."""
        for field in NORMALISED_FIELDS:
            setattr(self, field, normal_value(field, getattr(self, field)))
        self.derive_keys()

    def derive_keys(self) -> None:
        """The sort and search keys, from the full name."""
        self.sort_key = vntext.name_sort_key(self.full_name)
        self.search_text = vntext.search_key(self.full_name)

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    @property
    def is_party_member(self) -> bool:
        return self.party_probationary_on is not None

    @property
    def party_stage(self) -> str:
        if self.party_full_on:
            return PartyStage.FULL
        if self.party_probationary_on:
            return PartyStage.PROBATIONARY
        if self.party_introduced_on:
            return PartyStage.INTRODUCED
        if self.party_course_on:
            return PartyStage.AWARENESS
        return PartyStage.NONE

    def get_party_stage_display(self) -> str:
        return PartyStage(self.party_stage).label

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.date_of_birth, day)


class MemberCard(models.Model):
    """The opaque token a member card's QR carries (docs/domain.md, "The member card"). It says nothing of
    the member; the branch issues a new one when a card is lost, and the old one stops working."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="card")
    token = models.CharField(max_length=43, unique=True, editable=False)
    issued_at = models.DateTimeField(_("ngày cấp mã"), default=timezone.now)

    class Meta:
        verbose_name = _("mã thẻ đoàn viên")
        verbose_name_plural = _("mã thẻ đoàn viên")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.token[:4]}…"


class Transfer(models.Model):
    """A two-step transfer: the sending unit requests, the receiving unit accepts or rejects."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ tiếp nhận")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        REJECTED = "rejected", _("Bị từ chối")
        CANCELLED = "cancelled", _("Đã hủy")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("đoàn viên")
    )
    from_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name=_("đơn vị chuyển đi"),
    )
    to_unit = models.ForeignKey(
        "org.OrgUnit",
        on_delete=models.PROTECT,
        related_name="transfers_in",
        verbose_name=_("đơn vị tiếp nhận"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True
    )
    requested_on = models.DateField(_("ngày đề nghị"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dues_paid_until = models.CharField(
        _("đã đóng đoàn phí đến tháng"), max_length=7, blank=True, help_text=_("Dạng MM/YYYY")
    )
    reason = models.TextField(_("lý do chuyển"), blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("ghi chú của đơn vị tiếp nhận"), blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("chuyển sinh hoạt đoàn")
        verbose_name_plural = _("chuyển sinh hoạt đoàn")
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state="pending"), name="transfer_one_pending_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} : {self.from_unit} → {self.to_unit}"


class Position(models.Model):
    """A seat in a unit's executive or standing committee, with its dates."""

    class Title(models.TextChoices):
        SECRETARY = "secretary", _("Bí thư")
        DEPUTY = "deputy", _("Phó Bí thư")
        STANDING = "standing", _("Ủy viên Ban Thường vụ")
        COMMITTEE = "committee", _("Ủy viên Ban Chấp hành")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="positions", verbose_name=_("đơn vị")
    )
    title = models.CharField(_("chức vụ"), max_length=12, choices=Title.choices)
    start_on = models.DateField(_("từ ngày"))
    end_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["-start_on"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.unit}"

    @property
    def is_current(self) -> bool:
        return self.end_on is None or self.end_on > datetime.date.today()


class Discipline(models.Model):
    class Form(models.TextChoices):
        REPRIMAND = "reprimand", _("Khiển trách")
        WARNING = "warning", _("Cảnh cáo")
        DISMISSAL = "dismissal", _("Cách chức")
        EXPULSION = "expulsion", _("Khai trừ")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="disciplines")
    form = models.CharField(_("hình thức kỷ luật"), max_length=12, choices=Form.choices)
    decided_on = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    reason = models.TextField(_("lý do"))

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")

    def __str__(self) -> str:
        return f"{self.get_form_display()} ({self.decided_on:%d/%m/%Y})"


from .job_models import ImportJob  # noqa: E402, F401 (a model of this app, in its own module)
from .proposal_models import ChangeProposal  # noqa: E402, F401 (a model of this app, in its own module)
