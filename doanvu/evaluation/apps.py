from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "doanvu.evaluation"
    verbose_name = "Đánh giá, kiểm tra"

    def ready(self):
        self._register_providers()

    def _register_providers(self) -> None:
        """What evaluation adds to the layers below it, which may not import it: its figures to the figures
        engine (doanvu.stats.registry)."""
        from . import stats_source

        stats_source.register()
