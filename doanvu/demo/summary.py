"""What the demo's records seed wrote: counts for the command's closing lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from doanvu.demo.span import FIRST_YEAR


@dataclass
class RecordsSummary:
    activities: int = 0
    joint: int = 0
    figures: int = 0
    meetings: int = 0
    attendances: int = 0
    dues: int = 0
    direct_values: int = 0
    targets: int = 0
    forms: int = 0
    reports: int = 0
    approved: int = 0
    returned: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        def n(value: int) -> str:
            return number_format(value, force_grouping=True)

        text = _(
            "Đã thêm công tác năm %(first)s – %(last)s: %(activities)s hoạt động (%(joint)s hoạt động phối hợp) "
            "với %(figures)s số liệu, %(meetings)s buổi sinh hoạt chi đoàn với %(attendances)s lượt điểm danh, "
            "%(dues)s lượt đóng đoàn phí, %(direct)s số liệu nhập theo quý, %(targets)s chỉ tiêu, %(forms)s biểu "
            "mẫu và %(reports)s báo cáo (%(approved)s đã duyệt, %(returned)s bị trả lại) — %(seconds)s giây."
        ) % {
            "first": FIRST_YEAR,
            "last": FIRST_YEAR + 1,
            "activities": n(self.activities),
            "joint": n(self.joint),
            "figures": n(self.figures),
            "meetings": n(self.meetings),
            "attendances": n(self.attendances),
            "dues": n(self.dues),
            "direct": n(self.direct_values),
            "targets": n(self.targets),
            "forms": n(self.forms),
            "reports": n(self.reports),
            "approved": n(self.approved),
            "returned": n(self.returned),
            "seconds": number_format(self.seconds, 1),
        }
        if self.problems:
            text += "\n" + _("Số liệu có vấn đề để thử trang kiểm tra: %(list)s.") % {
                "list": "; ".join(self.problems)
            }
        return text
