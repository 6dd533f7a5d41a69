"""The work report's Word and PDF files made by the worker (docs/architecture.md, "Background jobs"): a
district's, a bloc's or the province's report gathers the figures of every unit below, and every PDF
waits seconds for LibreOffice. The Word file of a grassroots union or of any unit under it stays immediate."""

from __future__ import annotations

from django.db.models import Min

from doanvu.accounts import scope
from doanvu.documents.files import DocumentFile
from doanvu.lib import periods
from doanvu.lib.replica_reads import reads_from_replica
from doanvu.members import jobs
from doanvu.members.job_models import ImportJob
from doanvu.org.models import OrgUnit, UnitKind

from .data import report_data
from .files import PdfUnavailable, render_file

KIND = ImportJob.Kind.REPORT


def in_background(unit: OrgUnit, fmt: str) -> bool:
    """Word above the grassroots level (a kind ranked above every grassroots kind: district, bloc, attached
    union, province), and every PDF; Excel stays immediate."""
    if fmt != "docx":
        return fmt == "pdf"
    grassroots = UnitKind.objects.filter(is_grassroots=True).aggregate(rank=Min("rank"))["rank"]
    return grassroots is not None and unit.kind.rank < grassroots


def build_report(job: ImportJob, progress: jobs.Progress) -> DocumentFile:
    unit = OrgUnit.objects.select_related("kind").get(pk=job.unit_id)
    scope.check(job.user, unit, scope.VIEW)  # the asker may have lost the unit since
    with reads_from_replica():  # figures (docs/scale.md, "Reads from replicas")
        data = report_data(unit=unit, period=periods.parse(job.params["period"]))
    progress(0)  # a cancel asked while the figures were gathered stops here
    try:
        return render_file(unit=unit, data=data, fmt=job.params["fmt"])
    except PdfUnavailable as error:
        raise jobs.JobFailed(str(error)) from None


def register() -> None:
    jobs.register(KIND, build_report)
