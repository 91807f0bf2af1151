"""The sign-in backend: ``core.auth.Backend`` with the user's scope read in the same
query (``access.user_with_scope``).

Every signed-in page reads its user and then their person, roles and units for the
scope: two round trips that were a share of the frame every page pays. The user's row
and the scope's rows come in one; the scope is kept on the user, where
``access.scope_of`` finds it. Sessions opened under ``core.auth.Backend`` name it, and
it stays listed after this one in ``AUTHENTICATION_BACKENDS``, so nobody is signed out.
"""

from django.contrib.auth import get_user_model

from core.auth import Backend as UserBackend
from organizations.access import user_with_scope


class Backend(UserBackend):
    def get_user(self, user_id):
        try:
            pk = get_user_model()._meta.pk.to_python(user_id)
        except Exception:  # a session holding something that is no key
            return None
        if type(pk) is not int:
            return super().get_user(user_id)
        return user_with_scope(pk, self.user_can_authenticate)
