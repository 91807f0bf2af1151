"""What they commit to and do: campaigns, plans, pledges, fulfilment and records."""

from .activity import *  # noqa: F403
from .commitments import *  # noqa: F403
