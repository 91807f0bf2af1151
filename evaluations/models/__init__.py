"""How they are judged and awarded (考核评议与表彰)."""

from .awards import *  # noqa: F403
from .ballots import *  # noqa: F403
from .inspections import *  # noqa: F403
from .scoring import *  # noqa: F403
