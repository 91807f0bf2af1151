from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = _("Evaluations and awards")

    def ready(self):
        from evaluations.ballots import selectors as ballot_selectors
        from evaluations.inspections.nav import register_inspection_nav
        from evaluations.scoring import services as scoring_services
        from evaluations.scoring.nav import register_scoring_nav
        from organizations import homes, navigation
        from pledges.services import criteria_guard_register

        register_inspection_nav()
        register_scoring_nav()
        from evaluations.awards.nav import register_award_nav

        register_award_nav()
        criteria_guard_register(scoring_services.criteria_set_check_editable)

        navigation.register(
            navigation.NavItem(
                key="vote",
                label=_("Evaluate"),
                url_name="evaluations:vote",
                allowed=lambda s: s.person is not None,
                order=60,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="rounds",
                label=_("Evaluation rounds"),
                url_name="evaluations:rounds",
                allowed=lambda s: s.is_office or s.is_leader or s.is_superuser,
                order=65,
            )
        )
        for home in ("general_secretary", "secretary", "mass", "member", "staff"):
            homes.register_panel(
                home, "evaluations/panels/vote.html", ballot_selectors.vote_panel
            )
