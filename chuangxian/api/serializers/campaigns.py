"""Campaigns."""

from rest_framework import serializers

from chuangxian.api.serializers.people import UnitRefSerializer
from pledges.models import Campaign


class CampaignSerializer(serializers.ModelSerializer):
    """Campaign year (创先争优活动年度) with its calendar."""

    scope = UnitRefSerializer(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "year",
            "theme",
            "scope",
            "is_active",
            *Campaign.DATE_FIELDS,
            "news_check_day",
            "min_ballots",
        ]
