from django.urls import path

from doanvu.evaluation.criteria import views as criteria_views

urlpatterns: list = [
    path("bo-tieu-chi/", criteria_views.criteria_list, name="criteria_list"),
    path("bo-tieu-chi/them/", criteria_views.criteria_create, name="criteria_create"),
    path("bo-tieu-chi/nhap/", criteria_views.criteria_import, name="criteria_import"),
    path("bo-tieu-chi/mau-nhap.xlsx", criteria_views.criteria_template, name="criteria_template"),
    path("bo-tieu-chi/<int:pk>/", criteria_views.criteria_set, name="criteria_set"),
    path("bo-tieu-chi/<int:pk>/sua/", criteria_views.criteria_edit, name="criteria_edit"),
    path("bo-tieu-chi/<int:pk>/ban-hanh/", criteria_views.criteria_issue, name="criteria_issue"),
    path("bo-tieu-chi/<int:pk>/sao-chep/", criteria_views.criteria_copy, name="criteria_copy"),
    path("bo-tieu-chi/<int:pk>/xuat.xlsx", criteria_views.criteria_export, name="criteria_export"),
    path("bo-tieu-chi/<int:pk>/nhap/", criteria_views.criteria_import_into, name="criteria_import_into"),
    path("bo-tieu-chi/<int:pk>/<slug:kind>/them/", criteria_views.criteria_row_add, name="criteria_row_add"),
    path(
        "bo-tieu-chi/<int:pk>/<slug:kind>/<int:item>/sua/",
        criteria_views.criteria_row_edit,
        name="criteria_row_edit",
    ),
    path(
        "bo-tieu-chi/<int:pk>/<slug:kind>/<int:item>/xoa/",
        criteria_views.criteria_row_delete,
        name="criteria_row_delete",
    ),
    path(
        "bo-tieu-chi/<int:pk>/<slug:kind>/<int:item>/di-chuyen/",
        criteria_views.criteria_row_move,
        name="criteria_row_move",
    ),
]
