from django.urls import include, path

app_name = "work"
urlpatterns = [
    path("", include("doanvu.work.activity_urls")),
    path("sinh-hoat/", include("doanvu.work.meeting_urls")),
]
