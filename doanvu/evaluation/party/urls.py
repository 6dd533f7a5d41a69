from django.urls import path

from doanvu.evaluation.party import views

urlpatterns: list = [
    path("phat-trien-dang/", views.funnel, name="pipeline_funnel"),
    path("phat-trien-dang/danh-sach/", views.lists, name="pipeline_lists"),
    path("phat-trien-dang/danh-sach/<int:pk>/", views.list_detail, name="pipeline_list"),
    path("phat-trien-dang/danh-sach/<int:pk>/de-xuat/", views.list_propose, name="pipeline_list_propose"),
    path("phat-trien-dang/danh-sach/<int:pk>/them/", views.list_add, name="pipeline_list_add"),
    path(
        "phat-trien-dang/danh-sach/<int:pk>/bo/<int:entry>/", views.list_remove, name="pipeline_list_remove"
    ),
    path(
        "phat-trien-dang/danh-sach/<int:pk>/ban-giao/", views.list_hand_over, name="pipeline_list_hand_over"
    ),
    path("phat-trien-dang/den-han/", views.due, name="pipeline_due"),
    path("phat-trien-dang/doan-vien/<int:pk>/", views.person, name="pipeline_person"),
    path("phat-trien-dang/doan-vien/<int:pk>/<slug:step>/", views.person_step, name="pipeline_person_step"),
]
