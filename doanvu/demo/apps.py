from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province and `seed_demo`: only tests and benchmarks import it."""

    name = "doanvu.demo"
    verbose_name = "Dữ liệu mẫu"
