"""`doanvu rollup --check | --rebuild`: the pre-summed figures (docs/architecture.md, "Rollups").

--check compares every rollup with what the records give now and exits 1 if any differs; --rebuild builds
them again from the records in one transaction (after an upgrade, or to recover). Both show their
progress source by source.
"""

import sys
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from doanvu.stats import rollup_build

SOURCE_NAMES = {
    "activities": "hoạt động và số liệu của hoạt động",
    "meetings": "sinh hoạt chi đoàn và điểm danh",
    "dues": "đoàn phí",
    "direct": "số liệu nhập trực tiếp",
    "member_stocks": "số đoàn viên, đảng viên cuối kỳ",
    "unit_stocks": "số chi đoàn, cơ sở đoàn cuối kỳ",
    "member_events": "kết nạp, trưởng thành, ra khỏi đoàn, các mốc vào Đảng",
    "transfers": "chuyển sinh hoạt",
    "arrears": "đoàn viên nợ đoàn phí",
    "index": "lập chỉ mục bảng tổng hợp",
    "joint": "hoạt động nhiều đơn vị cùng tổ chức",
    "order": "xếp các dòng theo đơn vị và kỳ (để đọc nhanh)",
    "sort_ranges": "cộng và xếp các phần đã tính song song, theo từng khoảng đơn vị",
    "write_ranges": "ghi các khoảng đã xếp vào bảng tổng hợp",
    "compare": "so sánh với số liệu tổng hợp đang giữ",
}


class Command(BaseCommand):
    help = _(
        "Kiểm tra (--check) hoặc dựng lại (--rebuild) số liệu tổng hợp sẵn theo cây đơn vị, từ các bản ghi."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true", help=_("So sánh với bản ghi; lỗi thì thoát 1"))
        action.add_argument("--rebuild", action="store_true", help=_("Dựng lại toàn bộ từ bản ghi"))
        action.add_argument(
            "--if-missing",
            action="store_true",
            help=_("Dựng lại chỉ khi chưa có số liệu tổng hợp nào mà đã có bản ghi (sau khi nâng cấp)"),
        )

    def _progress(self, number: int, total: int, name: str, seconds: float) -> None:
        done = "█" * number + "·" * (total - number)
        self.stdout.write(f"[{done}] {number}/{total} {SOURCE_NAMES.get(name, name)}: {seconds:.1f} s")

    def handle(self, *args, check=False, rebuild=False, if_missing=False, **options):
        if if_missing:
            if not rollup_build.missing():
                self.stdout.write(_("Đã có số liệu tổng hợp: giữ nguyên."))
                return
            rebuild = True
        if rebuild:
            started = time.monotonic()  # the sources may be summed side by side: the wall time, not their sum
            rollup_build.rebuild(report=self._progress)
            seconds = time.monotonic() - started
            self.stdout.write(_("Đã dựng lại số liệu tổng hợp trong %(s).1f giây.") % {"s": seconds})
            return
        count, first = rollup_build.check(report=self._progress)
        if not count:
            self.stdout.write(_("Số liệu tổng hợp khớp với bản ghi."))
            return
        self.stdout.write(_("%(n)d dòng số liệu tổng hợp không khớp với bản ghi, ví dụ:") % {"n": count})
        for d in first:
            self.stdout.write(
                f"  đơn vị {d.anc} nhóm «{d.child}» tháng {d.month} {d.code}: đang giữ {d.kept / 100:g}, "
                f"theo bản ghi {d.expected / 100:g}"
            )
        self.stdout.write(_("Chạy «doanvu rollup --rebuild» để dựng lại."))
        sys.exit(1)
