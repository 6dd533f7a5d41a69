from django.urls import include, path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("", include("doanvu.evaluation.members.urls")),
    path("", include("doanvu.evaluation.training.urls")),
    path("", include("doanvu.evaluation.classification.urls")),
    path("", include("doanvu.evaluation.criteria.urls")),
    path("", include("doanvu.evaluation.inspection.urls")),
    path("", include("doanvu.evaluation.party.urls")),
]
