from django.urls import path

from doanvu.evaluation.classification import views as classification_views

# Mounted at /danh-gia/ in the "evaluation" namespace.
urlpatterns: list = [
    path("xep-loai-don-vi/", classification_views.classification_list, name="classification_list"),
    path(
        "xep-loai-don-vi/quyet-dinh/",
        classification_views.classification_decide,
        name="classification_decide",
    ),
    path(
        "xep-loai-don-vi/tong-hop/",
        classification_views.classification_summary,
        name="classification_summary",
    ),
    path(
        "xep-loai-don-vi/<str:code>/<int:year>/",
        classification_views.classification_unit,
        name="classification_unit",
    ),
]
