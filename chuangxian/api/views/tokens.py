"""Tokens."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from chuangxian.api import serializers, services
from chuangxian.api.base import ApiMixin


class TokenView(ApiMixin, APIView):
    """Your API token (接口令牌): create or replace it, or withdraw it."""

    pagination_class = None

    @extend_schema(
        summary="Create or replace your API token",
        description=(
            "Signed in (session or token), you get a new token; the old one stops "
            "working at once. Keep it secret: it acts as you."
        ),
        request=None,
        responses={201: serializers.TokenSerializer},
    )
    def post(self, request):
        token = services.token_rotate(user=request.user)
        return Response(
            {"token": token.key, "created": token.created},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Withdraw your API token", request=None, responses={204: None}
    )
    def delete(self, request):
        services.token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
