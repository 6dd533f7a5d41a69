"""The work report's Word file at demo size: report_data, then the DOCX, as a user downloads it.

    DATABASE_URL=postgres://… .venv/bin/python bench/report_docx.py --unit TV --period 2025 --repeat 5

Prints each run, the median, and the machine's load average (the machine is shared: a figure means little
without it). The target (bench/README.md): the province's annual report in about 0.8 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doanvu.settings")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--unit", default="TV")
    parser.add_argument("--period", default="2025")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from bench.national import docx_times
    from doanvu.lib import periods
    from doanvu.org.models import OrgUnit

    unit = OrgUnit.objects.get(code=args.unit)
    period = periods.parse(args.period)
    docx_times(unit, period, 1)  # warm: imports, templates, fonts
    took, cpu = docx_times(unit, period, args.repeat, say=print)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{unit.name}, {period.label} ({connection.vendor}): " + ", ".join(f"{t:.0f}" for t in took) + " ms"
    )
    print(
        f"median {statistics.median(took):.0f} ms of {args.repeat} "
        f"({statistics.median(cpu):.0f} ms of the process's CPU); load average {load}"
    )


if __name__ == "__main__":
    main()
