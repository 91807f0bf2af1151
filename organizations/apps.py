from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations and people")

    def ready(self):
        import core.lookups  # noqa: F401  (registers field__any_of)
        from organizations import audit

        audit.connect_signals()
