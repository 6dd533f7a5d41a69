from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "doanvu.org"
    verbose_name = "Tổ chức đoàn"
