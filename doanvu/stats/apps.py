from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "doanvu.stats"
    verbose_name = "Số liệu tổng hợp"

    def ready(self):
        from doanvu.stats import rollup_sync

        rollup_sync.connect()
