from django.urls import path

from .main import api

# No app_name here: the NinjaAPI brings its own namespace, "api" (e.g. reverse("api:openapi-json")).
urlpatterns = [path("", api.urls)]
