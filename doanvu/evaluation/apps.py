from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "doanvu.evaluation"
    verbose_name = "Đánh giá, kiểm tra"

    def ready(self):
        self._register_providers()

    def _register_providers(self) -> None:
        """What evaluation adds to the layers below it, which may not import it: its figures to the figures
        engine (doanvu.stats.registry), the unit's classification to the work report
        (doanvu.reports.providers)."""
        from . import stats_source
        from .classification import report_notes

        stats_source.register()
        report_notes.register()
