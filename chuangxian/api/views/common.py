"""Helpers the endpoints share: validation, filters, conflicts, the campaign."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from organizations.models import Organization
from pledges import selectors as pledge_selectors
from pledges.access import get_campaign_for


def _valid(serializer) -> dict:
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _filters(request, serializer_class) -> dict:
    return _valid(serializer_class(data=request.query_params))


def _pk(value) -> int:
    return int(value)  # the URL's pattern admits only digits


def _rows_replacing(existing_ids, rows: list[dict]) -> list[dict]:
    """The rows sent become the rows kept: the ones left out are removed."""
    sent = {row["id"] for row in rows if row.get("id")}
    return [
        *[dict(row) for row in rows],
        *({"id": pk, "delete": True} for pk in existing_ids if pk not in sent),
    ]


def _conflict(model, obj, revision: int) -> Response:
    """409 with the current revision, so the client knows what to read again."""
    current = model.objects.values_list("revision", flat=True).get(pk=obj.pk)
    detail = _(
        "Someone changed this after revision %(yours)s; it is now at revision "
        "%(current)s. Read it again, then send your change with the current revision."
    ) % {"yours": revision, "current": current}
    return Response(
        {"detail": detail, "revision": current}, status=status.HTTP_409_CONFLICT
    )


def _campaign_for(user, campaign_id, unit: Organization):
    """The campaign asked for, else the one current for the unit (not the user's
    institute: filing is for that unit). Unlike the pages, which fall back to the
    current campaign, an API client that names a campaign it may not read gets a 404,
    and one with no campaign at all a 400 saying so."""
    if campaign_id:
        return get_campaign_for(user, campaign_id)
    campaign = pledge_selectors.current_campaign(unit)
    if campaign is None:
        raise ValidationError({"campaign": _("No campaign is set up yet.")})
    return campaign
