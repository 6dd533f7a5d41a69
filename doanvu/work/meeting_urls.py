from django.urls import path

from . import checkin_views
from . import meeting_views as views

# Mounted at /cong-tac/sinh-hoat/ in the "work" namespace.
urlpatterns: list = [
    path("", views.meeting_list, name="meetings"),
    path("ghi/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/xoa/", views.meeting_delete, name="meeting_delete"),
    path("diem-danh-qr/", checkin_views.checkin_open, name="checkin_open"),
    path("<int:pk>/ma-qr/", checkin_views.checkin_screen, name="checkin_screen"),
    path("doan-phi/", views.dues_page, name="dues"),
    path("doan-phi/huy/", views.dues_cancel, name="dues_cancel"),
    path("canh-bao/", views.arrears, name="arrears"),
]
