from django.urls import path

from . import download_views as views

# Mounted at /cong-viec-nen/ as the "jobs" namespace: the pages of downloads made in the background.
app_name = "jobs"
urlpatterns: list = [
    path("<str:job_id>/", views.download, name="download"),
    path("<str:job_id>/tien-do/", views.download_progress, name="download_progress"),
    path("<str:job_id>/tep/", views.download_file, name="download_file"),
    path("<str:job_id>/chay-lai/", views.download_retry, name="download_retry"),
    path("<str:job_id>/huy/", views.download_cancel, name="download_cancel"),
]
