from django.urls import include, path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("", include("doanvu.evaluation.member_urls")),
    path("", include("doanvu.evaluation.criteria_urls")),
    path("", include("doanvu.evaluation.inspection_urls")),
    path("", include("doanvu.evaluation.pipeline_urls")),
]
