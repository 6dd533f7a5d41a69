from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "doanvu.accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self):
        from doanvu.accounts import textfields

        textfields.install()  # every form's text is cleaned (docs/architecture.md, "Clean text")
