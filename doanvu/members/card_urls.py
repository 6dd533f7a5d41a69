from django.urls import path

from . import card_views

# Mounted at /the/: the member's own card and the address its QR carries (docs/domain.md, "The member card").
app_name = "card"
urlpatterns: list = [
    path("", card_views.my_card, name="mine"),
    path("<str:token>/", card_views.card_open, name="open"),
]
