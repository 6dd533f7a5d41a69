"""The member list's Excel export, made by the worker when the list is long (more than
EXPORT_INLINE_MAX_ROWS members; a branch's list stays immediate) — docs/architecture.md, "Background jobs".

The worker searches as the user with the arguments the list page's filter form gave (`search`), so its
file holds exactly the rows the list page showed.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from doanvu.documents.files import DocumentFile
from doanvu.org.models import OrgUnit

from . import jobs, selectors
from .export import members_xlsx
from .job_models import ImportJob

KIND = ImportJob.Kind.EXPORT
PROGRESS_EVERY = 500  # rows between two progress reports (and cancel checks)


def export_names(unit: OrgUnit | None, day: datetime.date) -> tuple[str, str]:
    """The workbook's title and its file name."""
    title = _("Danh sách đoàn viên %(unit)s — ngày %(day)s") % {
        "unit": unit.name if unit else _("toàn hệ thống"),
        "day": day.strftime("%d/%m/%Y"),
    }
    code = unit.code if unit else "TAT-CA"
    return title, f"doan-vien-{code}-{day:%Y%m%d}.xlsx"


def export_rows(members):
    return selectors.with_current_positions(members).iterator(chunk_size=2000)


def _counted(rows, progress: jobs.Progress):
    done = 0
    for done, member in enumerate(rows, start=1):
        yield member
        if done % PROGRESS_EVERY == 0:
            progress(done)
    progress(done)


def build_export(job: ImportJob, progress: jobs.Progress) -> DocumentFile:
    unit_id = job.params.get("unit_id")
    unit = OrgUnit.objects.select_related("kind").get(pk=unit_id) if unit_id else None
    members = selectors.member_search(user=job.user, unit=unit, **job.params["search"])
    progress.total = members.count()
    content = members_xlsx(_counted(export_rows(members), progress), title=job.params["title"])
    return DocumentFile.of(content, "xlsx", job.file_name.removesuffix(".xlsx"))


def register() -> None:
    jobs.register(KIND, build_export)
