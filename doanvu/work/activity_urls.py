from django.urls import path

from . import value_views, views

urlpatterns: list = [
    path("", views.activity_list, name="activities"),
    path("hoat-dong/them/", views.activity_new, name="activity_new"),
    path("hoat-dong/chi-so/", views.activity_figures, name="activity_figures"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity"),
    path("hoat-dong/<int:pk>/sua/", views.activity_edit, name="activity_edit"),
    path("hoat-dong/<int:pk>/xoa/", views.activity_delete, name="activity_delete"),
    path("hoat-dong/<int:pk>/minh-chung/", views.attachment_add, name="attachment_add"),
    path("minh-chung/<int:pk>/", views.attachment_file, name="attachment"),
    path("minh-chung/<int:pk>/xoa/", views.attachment_remove, name="attachment_remove"),
    path("so-lieu/", value_views.direct_values, name="direct_values"),
    path("chi-tieu/", value_views.targets, name="targets"),
    path("chi-so/", value_views.indicators, name="indicators"),
    path("chi-so/<int:pk>/sua/", value_views.indicator_edit, name="indicator_edit"),
    path("chi-so/<int:pk>/thoi-dung/", value_views.indicator_retire, name="indicator_retire"),
    path("phong-trao/", value_views.movements, name="movements"),
    path("phong-trao/<int:pk>/sua/", value_views.movement_edit, name="movement_edit"),
    path("phong-trao/<int:pk>/thoi-dung/", value_views.movement_retire, name="movement_retire"),
]
