from django.urls import path

from . import checkin_views

# Mounted at /diem-danh/: the address a meeting's QR carries, short so the code stays coarse and easy to
# read from the back of the room (docs/domain.md, "Attendance by QR").
app_name = "checkin"
urlpatterns: list = [
    path("<str:token>/", checkin_views.checkin_scan, name="scan"),
]
