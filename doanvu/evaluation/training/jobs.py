"""The training import as a background job: the file checked, then written, by a worker process, never by
the web process (docs/architecture.md, "Background jobs"). The job's row and its worker are
doanvu.members.jobs'; the reading and the writing are the services'."""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from doanvu.evaluation.training import importing as reader
from doanvu.evaluation.training import services
from doanvu.members import jobs
from doanvu.members.job_models import ImportJob

KIND = ImportJob.Kind.TRAINING


def job_create(*, user, unit, upload, year: int, on: datetime.date) -> ImportJob:
    return jobs.job_create(
        user=user, unit=unit, upload=upload, kind=KIND, params={"year": year, "on": on.isoformat()}
    )


def job_start(job: ImportJob, phase: str) -> None:
    jobs.job_start(job, phase, task=run_training_import)


def job_retry(job: ImportJob) -> bool:
    return jobs.job_retry(job, task=run_training_import)


def check_of(job: ImportJob) -> reader.ImportCheck | None:
    """The checked file as the worker left it: its matched rows and its problems."""
    text = jobs.read_result(job)
    if not text:
        return None
    data = json.loads(text)
    return reader.ImportCheck(
        rows=[reader.MatchedRow(*item) for item in data["rows"]],
        errors=[reader.Issue(*item) for item in data["errors"]],
        file_errors=data["file_errors"],
        total=data["total"],
        warnings=[reader.Issue(*item) for item in data.get("warnings", [])],
    )


def outcome_of(job: ImportJob) -> dict | None:
    text = jobs.read_result(job)
    return json.loads(text).get("outcome") if text else None


def _save(job: ImportJob, check: reader.ImportCheck, outcome: dict | None = None) -> None:
    data = {
        "rows": [[r.row, r.member_id, r.name, r.commitments, r.registered] for r in check.rows],
        "errors": [[i.row, i.column, i.message] for i in check.errors],
        "file_errors": check.file_errors,
        "total": check.total,
        "warnings": [[i.row, i.column, i.message] for i in check.warnings],
        "outcome": outcome,
    }
    jobs.save_result(job, json.dumps(data, ensure_ascii=False))


def _work(job: ImportJob, progress: jobs.Progress) -> None:
    year = int(job.params["year"])
    try:
        if job.phase == jobs.CHECK:
            with open(jobs.source(job), "rb") as file:
                check = services.training_import_check(
                    unit=job.unit, year=year, file=file, by=job.user, name=job.file_name
                )
            _save(job, check)
            progress.total = check.total
            progress(check.total)
        else:
            check = check_of(job)
            rows = [(r.row, r.member_id, r.commitments) for r in check.rows] if check else []
            progress.total = len(rows)
            outcome = services.training_import(
                unit=job.unit,
                year=year,
                on=datetime.date.fromisoformat(job.params["on"]),
                rows=rows,
                by=job.user,
            )
            _save(job, check, {"created": outcome.created, "updated": outcome.updated})
            job.written = outcome.created + outcome.updated
            progress(len(rows))
            jobs.source(job).unlink(missing_ok=True)
        job.state = jobs.DONE
    except ValidationError as error:
        job.state, job.message = jobs.FAILED, " ".join(error.messages)
    except PermissionDenied:
        job.state, job.message = jobs.FAILED, _("Tài khoản không còn quyền cập nhật đơn vị này.")


def run(job_id: str) -> None:
    jobs.execute(job_id, _work)


@task()
def run_training_import(job_id: str) -> None:
    run(job_id)
