"""`doanvu seed_national`: the country's data set through the 2025 reform, into an empty PostgreSQL
database (docs/national.md)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from doanvu.demo.national import pg
from doanvu.demo.national.build import seed_national


class Command(BaseCommand):
    help = _(
        "Nạp dữ liệu toàn quốc vào một cơ sở dữ liệu PostgreSQL trống: cây tổ chức 63 tỉnh, thành đoàn đến "
        "30/6/2025 và 34 tỉnh, thành đoàn từ 1/7/2025 (có lịch sử), đoàn viên, hoạt động và số liệu 2024 – "
        "2026, sinh hoạt chi đoàn và đoàn phí của một tỉnh. Ghi bằng lệnh COPY."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=_(
                "Quy mô: 1 là khoảng 250.000 đơn vị và 7 triệu đoàn viên; 0,02 là 2%% (mặc định %(default)s)."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2025,
            help=_("Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu (mặc định %(default)s)."),
        )

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 1:
            raise CommandError(
                _("--scale phải lớn hơn 0 và không quá 1 (ví dụ 0.02), không phải %(s)s.") % {"s": scale}
            )
        try:
            summary = seed_national(scale=scale, seed=seed, say=self.stdout.write)
        except pg.NotEmpty as refusal:
            raise CommandError(str(refusal)) from None
        for line in summary.lines():
            self.stdout.write(line)
        # The records were written in bulk: the figures' rollups are built once from them.
        self.stdout.write(_("Đang dựng lại bảng tổng hợp số liệu (doanvu rollup --rebuild)…"))
        call_command("rollup", "--rebuild", stdout=self.stdout, stderr=self.stderr)
