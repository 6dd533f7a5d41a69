from django.urls import path

from . import member_views, training_views

# Mounted at /danh-gia/ in the "evaluation" namespace.
urlpatterns: list = [
    path("doan-vien/", member_views.member_sheet, name="member_sheet"),
    path("doan-vien/de-xuat/", member_views.member_propose_all, name="member_propose_all"),
    path("doan-vien/<int:member_id>/", member_views.member_detail, name="member_detail"),
    path("doan-vien/quyet-dinh/", member_views.member_decisions, name="member_decisions"),
    path("doan-vien/quyet-dinh/tat-ca/", member_views.member_decide_all, name="member_decide_all"),
    path("doan-vien/quyet-dinh/<int:evaluation_id>/", member_views.member_decide, name="member_decide"),
    path("doan-vien/tong-hop/", member_views.member_counts, name="member_counts"),
    path("doan-vien/quy-dinh/", member_views.member_policy, name="member_policy"),
    path("ren-luyen/", training_views.training_list, name="training_list"),
    path("ren-luyen/dang-ky/", training_views.training_register, name="training_register"),
    path("ren-luyen/ket-qua/", training_views.training_evaluate, name="training_evaluate"),
    path("ren-luyen/nhap-tep/", training_views.training_import, name="training_import"),
    path("ren-luyen/nhap-tep/ghi/", training_views.training_import_commit, name="training_import_commit"),
    path("ren-luyen/tep-mau/", training_views.training_template, name="training_template"),
]
