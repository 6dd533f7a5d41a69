"""`doanvu stats --unit CODE --period P`: a unit's figures for a period, as JSON on stdout.

An administrator's tool: it runs without a user, so it sees every unit (there is no scope to apply).
"""

import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from doanvu.lib import periods
from doanvu.org.models import OrgUnit
from doanvu.stats import (
    stats_json,
    unit_stats,
)


class Command(BaseCommand):
    help = _(
        "In số liệu của một đơn vị (cả cấp dưới) trong một kỳ, dạng JSON: đơn vị, kỳ, values (mã chỉ số → "
        "giá trị) và children (từng đơn vị trực thuộc). Công cụ quản trị: thấy mọi đơn vị."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("Mã đơn vị, ví dụ TV"))
        parser.add_argument("--period", required=True, help=_("Kỳ: 2025, 2025S1, 2025Q1, 2025M9, 202503, …"))
        parser.add_argument("--no-children", action="store_true", help=_("Không tách theo đơn vị trực thuộc"))

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args, unit, period, no_children=False, **options):
        found = OrgUnit.objects.filter(code=(unit or "").strip()).first()
        if found is None:
            self.fail(_("Không có đơn vị mã «%(code)s». Xem mã đơn vị ở trang cây tổ chức.") % {"code": unit})
        try:
            parsed = periods.parse(period)
        except periods.PeriodError as error:
            self.fail(str(error))
        result = unit_stats(unit=found, period=parsed, with_children=not no_children)
        self.stdout.write(json.dumps(stats_json(result), ensure_ascii=False, indent=2))
