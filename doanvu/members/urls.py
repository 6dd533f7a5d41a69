from django.urls import include, path

app_name = "members"
urlpatterns: list = [
    # Import pages live in their own module.
    path("nhap-du-lieu/", include("doanvu.members.import_urls")),
]
