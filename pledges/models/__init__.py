"""What they commit to and do: campaigns, plans, pledges, fulfilment and records."""

from pledges.models.activity import *  # noqa: F403
from pledges.models.commitments import *  # noqa: F403
from pledges.models.info import *  # noqa: F403,E402
from pledges.models.leadership import *  # noqa: F403
