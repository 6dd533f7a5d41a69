from django.urls import path

from doanvu.evaluation.training import views as training_views

# Mounted at /danh-gia/ in the "evaluation" namespace.
urlpatterns: list = [
    path("ren-luyen/", training_views.training_list, name="training_list"),
    path("ren-luyen/dang-ky/", training_views.training_register, name="training_register"),
    path("ren-luyen/ket-qua/", training_views.training_evaluate, name="training_evaluate"),
    path("ren-luyen/nhap-tep/", training_views.training_import, name="training_import"),
    path("ren-luyen/nhap-tep/<str:job_id>/", training_views.training_import_job, name="training_import_job"),
    path(
        "ren-luyen/nhap-tep/<str:job_id>/tien-do/",
        training_views.training_import_progress,
        name="training_import_progress",
    ),
    path(
        "ren-luyen/nhap-tep/<str:job_id>/ghi/",
        training_views.training_import_commit,
        name="training_import_commit",
    ),
    path(
        "ren-luyen/nhap-tep/<str:job_id>/chay-lai/",
        training_views.training_import_retry,
        name="training_import_retry",
    ),
    path(
        "ren-luyen/nhap-tep/<str:job_id>/huy/",
        training_views.training_import_cancel,
        name="training_import_cancel",
    ),
    path("ren-luyen/tep-mau/", training_views.training_template, name="training_template"),
]
