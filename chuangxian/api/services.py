"""API tokens (接口令牌): one per account, created or replaced by its owner."""

from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def token_rotate(*, user) -> Token:
    """Give the account a new token; the old one, if any, stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def token_revoke(*, user) -> bool:
    """Withdraw the account's token; returns whether there was one."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return bool(deleted)
