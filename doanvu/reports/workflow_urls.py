from django.urls import path

from . import quality_views
from . import workflow_views as views

# Mounted at /bao-cao/ inside the "reports" namespace (doanvu/reports/urls.py).
urlpatterns = [
    path("gui-duyet/<str:code>/", views.submission, name="submission"),
    path("gui-duyet/<str:code>/gui/", views.submit, name="submit"),
    path("gui-duyet/<str:code>/duyet/", views.approve, name="approve"),
    path("gui-duyet/<str:code>/tra-lai/", views.return_, name="return"),
    path("gui-duyet/<str:code>/mo-khoa/", views.unlock, name="unlock"),
    path("bieu-mau/<str:code>/", views.forms_page, name="forms"),
    path("bieu-mau/<str:code>/<int:pk>/", views.forms_page, name="form_edit"),
    path("tien-do/<str:code>/", views.completeness, name="completeness"),
    path("chat-luong/<str:code>/", quality_views.quality_page, name="quality"),
    path("chat-luong/<str:code>/giai-trinh/", quality_views.quality_explain, name="quality_explain"),
    path("tong-quan/<str:code>/", views.dashboard, name="dashboard"),
]
