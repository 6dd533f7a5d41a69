from django.urls import path

from . import import_views as views

# Mounted at /doan-vien/nhap-du-lieu/ inside the "members" namespace.
urlpatterns: list = [
    path("", views.import_start, name="import"),
    path("mau.xlsx", views.import_template, name="import_template"),
    path("<str:job_id>/", views.import_job, name="import_job"),
    path("<str:job_id>/tien-do/", views.import_progress, name="import_progress"),
    path("<str:job_id>/ghi/", views.import_commit, name="import_commit"),
    path("<str:job_id>/chay-lai/", views.import_retry, name="import_retry"),
    path("<str:job_id>/huy/", views.import_discard, name="import_discard"),
    path("<str:job_id>/loi.csv", views.import_issues, name="import_issues"),
]
