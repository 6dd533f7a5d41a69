from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("doc-so/", views.number_words, name="number_words"),
    path("nhat-ky/", views.audit, name="audit"),
    path("ma-api/", views.tokens, name="tokens"),
    path("ma-api/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
