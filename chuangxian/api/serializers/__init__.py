"""What the API shows and accepts. Reads mirror the pages; writes only validate and
clean, as the forms do, before the views hand them to the services."""

from chuangxian.api.serializers.campaigns import CampaignSerializer
from chuangxian.api.serializers.filing import (
    ItemWriteSerializer,
    MeasureWriteSerializer,
    MilestoneWriteSerializer,
    PlanCreateSerializer,
    PlanUpdateSerializer,
    PledgeCreateSerializer,
    PledgeUpdateSerializer,
    ReturnSerializer,
)
from chuangxian.api.serializers.filters import (
    FiledFilter,
    OrganisationFilter,
    PeopleFilter,
    PledgeFilter,
    RoundFilter,
    ScoreFilter,
    TokenSerializer,
)
from chuangxian.api.serializers.people import (
    OrganisationSerializer,
    PersonRefSerializer,
    PersonSerializer,
    UnitRefSerializer,
)
from chuangxian.api.serializers.plans import (
    FILED_FIELDS,
    ItemSerializer,
    MeasureSerializer,
    MilestoneSerializer,
    PlanSerializer,
    PledgeSerializer,
)
from chuangxian.api.serializers.rounds import (
    QuestionResultSerializer,
    ResultSerializer,
    RoundSerializer,
    ScoreSerializer,
)

__all__ = [
    "CampaignSerializer",
    "FILED_FIELDS",
    "FiledFilter",
    "ItemSerializer",
    "ItemWriteSerializer",
    "MeasureSerializer",
    "MeasureWriteSerializer",
    "MilestoneSerializer",
    "MilestoneWriteSerializer",
    "OrganisationFilter",
    "OrganisationSerializer",
    "PeopleFilter",
    "PersonRefSerializer",
    "PersonSerializer",
    "PlanCreateSerializer",
    "PlanSerializer",
    "PlanUpdateSerializer",
    "PledgeCreateSerializer",
    "PledgeFilter",
    "PledgeSerializer",
    "PledgeUpdateSerializer",
    "ReturnSerializer",
    "QuestionResultSerializer",
    "ResultSerializer",
    "RoundFilter",
    "RoundSerializer",
    "ScoreFilter",
    "ScoreSerializer",
    "TokenSerializer",
    "UnitRefSerializer",
]
