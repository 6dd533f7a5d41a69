from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "doanvu.evaluation"
    verbose_name = "Đánh giá, kiểm tra"

    def ready(self):
        self._register_providers()
        self._register_jobs()

    def _register_providers(self) -> None:
        """What evaluation adds to the layers below it, which may not import it: its figures to the figures
        engine (doanvu.stats.registry), the unit's classification to the work report
        (doanvu.reports.providers), its items to a member's timeline (doanvu.members.timeline)."""
        from doanvu.members.timeline import register_source
        from doanvu.reports.quality.counts import watch_unit_records

        from . import stats_source
        from .classification import report_notes
        from .members.timeline_source import AUDIT_ACTIONS, evaluation_items
        from .models import MemberEvaluation, TrainingRegistration

        stats_source.register()
        report_notes.register()
        register_source(evaluation_items, audit_actions=AUDIT_ACTIONS)
        # Its figures are read from its records, so their changes change the data-quality counts.
        watch_unit_records(MemberEvaluation, TrainingRegistration)

    def _register_jobs(self) -> None:
        """The conclusion PDF's work, for the worker (doanvu.members.jobs' registry of downloads)."""
        from .inspection import jobs

        jobs.register()
