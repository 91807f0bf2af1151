"""The sign-in backend: Django's ``ModelBackend`` with the signed-in user read by a
query compiled once per process.

Every signed-in request reads its user (``get_user``); compiling that one-row queryset
was a visible part of the frame every page pays (bench/README "Where the time goes").
The row is turned into a ``User`` exactly as the ORM does (``core.rows``), and the
same checks follow (an inactive account is no user). Sessions opened before this
backend was named in ``AUTHENTICATION_BACKENDS`` name Django's own, which stays listed
after it, so nobody is signed out by the change.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from core import rows

#: A primary key no account has: the query is compiled for it, then run with the
#: signed-in user's key in its place (``core.rows.compiled``).
_ANY_USER = -7_140_003


class Backend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # a session holding something that is no key
            return None
        if type(pk) is not int:
            return super().get_user(user_id)
        return self.user_by_key(pk)

    def user_by_key(self, pk: int):
        """The active user with primary key ``pk``, or None."""
        model = get_user_model()
        sql, params = rows.compiled(
            ("auth_user", model._meta.label),
            lambda: model._default_manager.filter(pk=_ANY_USER).query.sql_with_params(),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, rows.with_keys(params, {_ANY_USER: pk}))
            row = cursor.fetchone()
        if row is None:
            return None
        db = connection.alias
        user, _end = rows.instance(rows.loader(model, db), db, row, 0)
        return user if self.user_can_authenticate(user) else None
