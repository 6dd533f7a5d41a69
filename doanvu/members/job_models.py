"""A background job's row: what the page polls, what survives a restart, what the worker leases.

The queue itself is django-tasks' database backend (docs/architecture.md, "Background jobs"); this row
holds what the officer sees: the phase, the state, the progress and the worker that holds the job.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        MEMBERS = "members", _("Nhập đoàn viên")
        TRAINING = "training", _("Nhập đăng ký rèn luyện")
        # Downloads too heavy for the web process (docs/architecture.md, "Background jobs").
        EXPORT = "export", _("Xuất danh sách đoàn viên")
        REPORT = "report", _("Tạo văn bản báo cáo")
        CONCLUSION = "conclusion", _("Tạo thông báo kết luận kiểm tra")

    class Phase(models.TextChoices):
        CHECK = "check", _("Kiểm tra tệp")
        WRITE = "write", _("Ghi dữ liệu")
        BUILD = "build", _("Tạo tệp")

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Thất bại")
        CANCELLED = "cancelled", _("Đã hủy")

    id = models.CharField(primary_key=True, max_length=32, editable=False)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.MEMBERS)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("tệp"), max_length=255)
    suffix = models.CharField(max_length=8)
    params = models.JSONField(default=dict, blank=True)  # what the kind needs besides the file
    phase = models.CharField(_("bước"), max_length=8, choices=Phase.choices, default=Phase.CHECK)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    written = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def running(self) -> bool:
        """Queued or being worked on: the page keeps polling."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def checked(self) -> bool:
        return self.phase == self.Phase.CHECK and self.state == self.State.DONE

    @property
    def finished_writing(self) -> bool:
        return self.phase == self.Phase.WRITE and self.state == self.State.DONE

    @property
    def built(self) -> bool:
        """A download's file is ready."""
        return self.phase == self.Phase.BUILD and self.state == self.State.DONE

    @property
    def stopped(self) -> bool:
        """Failed or cancelled: the page offers to run it again."""
        return self.state in (self.State.FAILED, self.State.CANCELLED)

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))
