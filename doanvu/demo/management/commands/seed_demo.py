"""`doanvu seed_demo`: load the demo province (Tỉnh đoàn Trà Vinh) once, with two years of its work
records (2025 and 2026 up to today) and its 2025 evaluation. `make run` calls it with --if-empty, so a second run keeps what users
changed."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from doanvu.demo import province as demo
from doanvu.stats.rollup_build import analyze_records


class Command(BaseCommand):
    help = _(
        "Nạp tỉnh đoàn mẫu (Tỉnh đoàn Trà Vinh, mã TV) với các đơn vị, đoàn viên, tài khoản demo, công tác "
        "năm 2025 – 2026 (hoạt động, sinh hoạt chi đoàn, đoàn phí, chỉ tiêu, báo cáo) và đánh giá năm 2025 (bộ "
        "tiêu chí, tự chấm, kiểm tra, xếp loại đoàn viên và đơn vị, đoàn viên ưu tú giới thiệu cho Đảng)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--members",
            type=int,
            default=demo.DEFAULT_MEMBERS,
            help=_("Số đoàn viên cần tạo (mặc định %(default)s)."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help=_("Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu (mặc định %(default)s)."),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Không làm gì nếu đã có dữ liệu mẫu (đơn vị mã TV)."),
        )

        parser.add_argument(
            "--no-records",
            action="store_true",
            help=_(
                "Chỉ nạp đơn vị, đoàn viên và tài khoản; không thêm hoạt động, sinh hoạt chi đoàn, đoàn phí, "
                "chỉ tiêu, báo cáo và đánh giá năm 2025."
            ),
        )

    def handle(self, *args, members, seed, if_empty, no_records, **options):
        if members < 0:
            raise CommandError(_("--members phải là số không âm."))
        if demo.demo_exists():
            if if_empty:
                self.stdout.write(_("Đã có dữ liệu mẫu (đơn vị mã TV): giữ nguyên, không nạp lại."))
                return
            raise CommandError(
                _(
                    "Đã có đơn vị mã TV trong cơ sở dữ liệu: không nạp lại dữ liệu mẫu, để không ghi đè "
                    "những gì người dùng đã thay đổi. Muốn nạp lại từ đầu, hãy dùng một cơ sở dữ liệu trống "
                    "(ví dụ xóa tệp var/doanvu.sqlite3 rồi chạy lại `make run`)."
                )
            )
        summary = demo.seed_demo(members=members, seed=seed, records=not no_records)
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics until autovacuum gets to them (never, where it is off): the
            # planner would take the demo's thousands of rows for one each and nest loops over them (the
            # province's annual report read its activities in 2 s instead of 0,06 s).
            analyze_records()
        self.stdout.write(summary.line())
