"""How they are judged and awarded (考核评议与表彰)."""

from evaluations.models.assessment import *  # noqa: F403
from evaluations.models.awards import *  # noqa: F403
from evaluations.models.ballots import *  # noqa: F403
from evaluations.models.inspections import *  # noqa: F403
from evaluations.models.proposals import *  # noqa: F403
from evaluations.models.scoring import *  # noqa: F403
