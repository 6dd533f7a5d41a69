from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "doanvu.work"
    verbose_name = "Công tác đoàn"
