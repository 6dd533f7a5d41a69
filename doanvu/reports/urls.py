from django.urls import include, path

app_name = "reports"
urlpatterns = [
    path("", include("doanvu.reports.workflow_urls")),
    path("van-ban/", include("doanvu.reports.document_urls")),
    path("so-lieu/", include("doanvu.stats.urls")),
    path("quy-tac/", include("doanvu.reports.rule_urls")),
]
