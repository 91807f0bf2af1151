"""What every API view shares: authentication, JSON only, errors and their schema.

Services raise Django's ``ValidationError`` (with ``TransitionError`` and
``ConflictError`` below it) and ``PermissionDenied``; here they become 400, 409 and 403
responses carrying the services' own messages, so the API states no rule of its own.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer

# Ids and revisions outside the database's integer range would crash the query, so
# every id the API reads is checked against these bounds first.
MAX_ID = 2**63 - 1
MAX_REVISION = 2**31 - 1
ID_REGEX = "[0-9]{1,18}"


def error_detail(error: DjangoValidationError) -> dict:
    """A service's ValidationError as DRF's ``{"field": ["message", …]}``."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


class Pagination(PageNumberPagination):
    """50 a page, as every list page of the product; ``?page=`` only."""

    page_size = 50


def _error(description: str, schema: dict) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
ERROR_RESPONSES = {
    "400": _error(
        "Invalid input: field names (or non_field_errors) with their messages.",
        {"type": "object", "additionalProperties": {}},
    ),
    "401": _error("No or invalid credentials.", _DETAIL),
    "403": _error("Signed in, but not allowed to do this.", _DETAIL),
    "404": _error("Not found, or outside your scope.", _DETAIL),
}
CONFLICT_RESPONSE = _error(
    "The revision sent is stale: someone changed the object since.",
    {
        "type": "object",
        "properties": {
            "detail": {"type": "string"},
            "revision": {"type": "integer"},
        },
        "required": ["detail", "revision"],
    },
)


class ApiSchema(AutoSchema):
    """Every operation documents the error responses the API can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in ERROR_RESPONSES.items():
            responses.setdefault(code, response)
        if self.method in ("PUT", "PATCH"):
            responses.setdefault("409", CONFLICT_RESPONSE)
        return responses


class ApiMixin:
    """Token first, so that an anonymous request gets a 401 with WWW-Authenticate."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    pagination_class = Pagination
    schema = ApiSchema()
    lookup_value_regex = ID_REGEX

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError(error_detail(exc))
        elif isinstance(exc, DjangoPermissionDenied) and exc.args:
            exc = exceptions.PermissionDenied(str(exc.args[0]))
        return super().handle_exception(exc)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdField(serializers.PrimaryKeyRelatedField):
    """A primary key given as a JSON integer within the database's range."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


def id_param() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
