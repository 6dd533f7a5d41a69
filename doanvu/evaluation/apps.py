from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "doanvu.evaluation"
    verbose_name = "Đánh giá, kiểm tra"
