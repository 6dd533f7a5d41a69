from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "doanvu.api"
    verbose_name = "API"
