from django.urls import path

from . import inbox_views, quality_views
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
    path("tien-do/<str:code>/nhac/", inbox_views.remind, name="remind"),
    path("cho-duyet/", inbox_views.inbox, name="inbox"),
    path("cho-duyet/<str:code>/<str:period>/", inbox_views.decision, name="decision"),
    path("cho-duyet/<str:code>/<str:period>/lan/<int:number>/", inbox_views.version, name="version"),
    path("chat-luong/<str:code>/", quality_views.quality_page, name="quality"),
    path("chat-luong/<str:code>/giai-trinh/", quality_views.quality_explain, name="quality_explain"),
    path("tong-quan/<str:code>/", views.dashboard, name="dashboard"),
    path("chon/", views.switch, name="switch"),
]
