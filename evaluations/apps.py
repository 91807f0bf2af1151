from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = _("Evaluations and awards")

    def ready(self):
        from evaluations.scoring import services as scoring_services
        from pledges.services import (
            campaign_seeder_register,
            criteria_guard_register,
        )

        criteria_guard_register(scoring_services.criteria_set_check_editable)
        campaign_seeder_register(scoring_services.campaign_defaults_seed)
