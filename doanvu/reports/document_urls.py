from django.urls import path

from . import document_views as views

# Mounted at /bao-cao/van-ban/ inside the "reports" namespace (doanvu/reports/urls.py).
urlpatterns = [
    path("", views.document_index, name="document_index"),
    path("mau-word/<str:code>/", views.document_template, name="document_template"),
    path("mau-word/<str:code>/tai-ve/", views.document_template_download, name="document_template_download"),
    path("<str:code>/<str:period>/", views.document, name="document"),
    path("<str:code>/<str:period>/ban-in/", views.document_print, name="document_print"),
    path("<str:code>/<str:period>/tai-ve/<str:fmt>/", views.document_download, name="document_download"),
    path("<str:code>/<str:period>/hoan-thanh/", views.document_finalise, name="document_finalise"),
    path("<str:code>/<str:period>/mo-lai/", views.document_reopen, name="document_reopen"),
]
