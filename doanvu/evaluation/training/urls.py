from django.urls import path

from doanvu.evaluation.training import views as training_views

# Mounted at /danh-gia/ in the "evaluation" namespace.
urlpatterns: list = [
    path("ren-luyen/", training_views.training_list, name="training_list"),
    path("ren-luyen/dang-ky/", training_views.training_register, name="training_register"),
    path("ren-luyen/ket-qua/", training_views.training_evaluate, name="training_evaluate"),
    path("ren-luyen/nhap-tep/", training_views.training_import, name="training_import"),
    path("ren-luyen/nhap-tep/ghi/", training_views.training_import_commit, name="training_import_commit"),
    path("ren-luyen/tep-mau/", training_views.training_template, name="training_template"),
]
