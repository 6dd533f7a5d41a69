from django.urls import path

from . import rule_views as views

# Mounted at /bao-cao/quy-tac/ inside the "reports" namespace (doanvu/reports/urls.py).
urlpatterns = [
    path("<str:code>/", views.rules_page, name="rules"),
    path("<str:code>/<int:pk>/", views.rules_page, name="rule_edit"),
]
