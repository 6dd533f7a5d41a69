from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "doanvu.reports"
    verbose_name = "Báo cáo"
