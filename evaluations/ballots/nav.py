"""Navigation entries of the evaluation (民主评议) and its rounds, and the vote panel."""

from django.utils.translation import gettext_lazy as _

from evaluations.ballots import selectors
from organizations.homes import Panel
from organizations.navigation import NavItem

NAV = [
    NavItem(
        key="vote",
        label=_("Evaluate"),
        url_name="evaluations:vote",
        allowed=lambda s: s.person is not None,
        order=60,
    ),
    NavItem(
        key="rounds",
        label=_("Evaluation rounds"),
        url_name="evaluations:rounds",
        allowed=lambda s: s.is_office or s.is_leader or s.is_superuser,
        order=65,
    ),
]

PANELS = [
    Panel(home, "evaluations/panels/vote.html", selectors.vote_panel)
    for home in ("general_secretary", "secretary", "mass", "member", "staff")
]
