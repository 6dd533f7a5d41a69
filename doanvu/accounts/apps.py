from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "doanvu.accounts"
    verbose_name = "Tài khoản và phân quyền"
