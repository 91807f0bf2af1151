"""The admin site's pages of evaluations: each feature registers its own models."""

from evaluations.awards import admin as awards_admin  # noqa: F401
from evaluations.ballots import admin as ballots_admin  # noqa: F401
from evaluations.inspections import admin as inspections_admin  # noqa: F401
from evaluations.scoring import admin as scoring_admin  # noqa: F401
