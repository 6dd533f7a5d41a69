from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "doanvu.members"
    verbose_name = "Đoàn viên"
