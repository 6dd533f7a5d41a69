from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "doanvu.stats"
    verbose_name = "Số liệu tổng hợp"
