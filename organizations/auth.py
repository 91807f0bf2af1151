"""The sign-in backend: ``core.auth.Backend`` with the user's scope read in the same
query (``access.user_with_scope``).

Every signed-in page reads its user and then their person, roles and units for the
scope: two round trips that were a share of the frame every page pays. The user's row
and the scope's rows come in one; the scope is kept on the user, where
``access.scope_of`` finds it. Sessions opened under ``core.auth.Backend`` name it, and
it stays listed after this one in ``AUTHENTICATION_BACKENDS``, so nobody is signed out.
"""

from core.auth import Backend as UserBackend
from organizations.access import user_with_scope


class Backend(UserBackend):
    def user_by_key(self, pk: int):
        return user_with_scope(pk, self.user_can_authenticate)
