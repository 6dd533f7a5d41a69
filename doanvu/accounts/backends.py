"""Signing in with a username and password (settings.AUTHENTICATION_BACKENDS).

Every page asks who the officer is, at which unit, of which kind (accounts/scope.py, the menu): the user
each request is read back as comes with them, in the same query, instead of three more.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

PATH = "doanvu.accounts.backends.OfficerBackend"


class OfficerBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("officer__unit__kind")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
