from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "doanvu.members"
    verbose_name = "Đoàn viên"

    def ready(self):
        # The member export's work, for the worker (doanvu.members.jobs' registry of downloads).
        from . import export_jobs

        export_jobs.register()
