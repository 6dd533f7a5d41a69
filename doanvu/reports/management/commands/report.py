"""`doanvu report --unit CODE --period P --format docx|pdf|xlsx -o FILE`: write a unit's work report.

An administrator's tool: it runs with no user and no scope (like `doanvu stats`). A finalised report is
written from its snapshot, a draft from the records now — exactly what the page would download. It is its
own process, not the web server's, so it makes the file itself and waits for it; no worker is needed
(docs/architecture.md, "Background jobs").
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from doanvu.lib import periods
from doanvu.org.models import OrgUnit
from doanvu.reports.document import report_data
from doanvu.reports.document.files import FORMATS, PdfUnavailable, render_file


class Command(BaseCommand):
    help = _(
        "Xuất báo cáo công tác của một đơn vị trong một kỳ ra tệp Word, PDF hoặc Excel. Lệnh tự tạo tệp "
        "và chờ đến khi ghi xong, không cần tiến trình xử lý nền; tệp PDF cần LibreOffice trên máy này."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("Mã đơn vị, ví dụ TV"))
        parser.add_argument(
            "--period", required=True, help=_("Kỳ báo cáo: 2025, 2025S1, 2025Q1, 2025M9, 202503…")
        )
        parser.add_argument(
            "--format", required=True, dest="fmt", metavar="{docx,pdf,xlsx}", help=_("Định dạng tệp")
        )
        parser.add_argument("-o", "--output", required=True, help=_("Tệp sẽ ghi ra"))

    def handle(self, *args, unit, period, fmt, output, **options):
        fmt = fmt.strip().lower()
        if fmt not in FORMATS:
            raise CommandError(
                _("Định dạng «%(fmt)s» không hỗ trợ; chọn một trong: %(choices)s.")
                % {"fmt": fmt, "choices": ", ".join(FORMATS)}
            )
        try:
            the_period = periods.parse(period)
        except periods.PeriodError as error:
            raise CommandError(str(error)) from None
        found = OrgUnit.objects.select_related("kind").filter(code=unit.strip()).first()
        if found is None:
            raise CommandError(_("Không có đơn vị mã «%(code)s».") % {"code": unit})
        target = Path(output)
        if not target.parent.exists():
            raise CommandError(_("Thư mục «%(dir)s» không tồn tại.") % {"dir": target.parent})
        data = report_data(unit=found, period=the_period)
        try:
            file = render_file(unit=found, data=data, fmt=fmt)
        except PdfUnavailable as error:
            raise CommandError(str(error)) from None
        try:
            target.write_bytes(file.content)
        except OSError as error:
            raise CommandError(
                _("Không ghi được tệp «%(path)s»: %(error)s") % {"path": target, "error": error.strerror}
            ) from None
        self.stdout.write(
            _("Đã ghi báo cáo %(label)s của %(unit)s vào %(path)s.")
            % {"label": the_period.label, "unit": found.name, "path": target}
        )
