from django.urls import path

from doanvu.evaluation.members import views as member_views

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
]
