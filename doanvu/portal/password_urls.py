"""Password reset by e-mail (Django's views; their URL names are Django's own, without a namespace)."""

from django.urls import path

from .views import public

urlpatterns = [
    path("quen-mat-khau/", public.PasswordReset.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", public.password_reset_done, name="password_reset_done"),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        public.PasswordResetConfirm.as_view(template_name="registration/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path("quen-mat-khau/xong/", public.password_reset_complete, name="password_reset_complete"),
]
