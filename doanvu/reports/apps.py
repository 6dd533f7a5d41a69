from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "doanvu.reports"
    verbose_name = "Báo cáo"

    def ready(self):
        # The report files' work, for the worker (doanvu.members.jobs' registry of downloads).
        from .document import jobs

        jobs.register()
        # The stored data-quality counts: told of the writes that change them (docs/architecture.md,
        # "Data-quality counts").
        from .quality import counts

        counts.connect(self)
