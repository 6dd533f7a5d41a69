"""The inspection conclusion's PDF made by the worker: LibreOffice takes seconds, never the web process's
(docs/architecture.md, "Background jobs"). The Word file stays immediate."""

from __future__ import annotations

from doanvu.accounts import scope
from doanvu.documents.files import DocumentFile
from doanvu.documents.pdf import PdfUnavailable
from doanvu.evaluation.inspection.access import get_conclusion_plan
from doanvu.evaluation.inspection.conclusion import conclusion_file
from doanvu.evaluation.inspection.models import InspectionPlan
from doanvu.members import jobs
from doanvu.members.job_models import ImportJob
from doanvu.org.models import OrgUnit

KIND = ImportJob.Kind.CONCLUSION


def job_unit(user, plan: InspectionPlan) -> OrgUnit:
    """The unit the job hangs on, one the user reads: the issuer, else (an inspected unit's officer) the top
    of the user's own scope."""
    if scope.in_scope(user, plan.issuer):
        return plan.issuer
    return scope.scope_root(user)


def build_conclusion(job: ImportJob, progress: jobs.Progress) -> DocumentFile:
    plan = get_conclusion_plan(job.user, job.params["plan"])  # the asker may have lost the plan since
    progress(0)
    try:
        return conclusion_file(plan, "pdf")
    except PdfUnavailable as error:
        raise jobs.JobFailed(str(error)) from None


def register() -> None:
    jobs.register(KIND, build_conclusion)
