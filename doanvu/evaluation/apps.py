from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "doanvu.evaluation"
    verbose_name = "Đánh giá, kiểm tra"

    def ready(self):
        from doanvu.members.timeline import register_source

        from .members.timeline_source import AUDIT_ACTIONS, evaluation_items

        register_source(evaluation_items, audit_actions=AUDIT_ACTIONS)
