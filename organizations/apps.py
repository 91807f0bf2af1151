from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations and people")

    def ready(self):
        from organizations import audit, navigation

        audit.connect_signals()
        from organizations.models import Role

        navigation.register(
            navigation.NavItem(
                key="home",
                label=_("Home"),
                url_name="home",
                allowed=lambda s: True,
                order=0,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="tree",
                label=_("Organisation"),
                url_name="organizations:tree",
                allowed=lambda s: bool(s.read_paths),
                order=80,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="people",
                label=_("Roster"),
                url_name="organizations:people",
                allowed=lambda s: s.has(
                    Role.Kind.OFFICE,
                    Role.Kind.LEADER,
                    Role.Kind.GENERAL_SECRETARY,
                    Role.Kind.SECRETARY,
                    Role.Kind.UNION_OFFICER,
                    Role.Kind.LEAGUE_OFFICER,
                    Role.Kind.WOMEN_OFFICER,
                ),
                order=85,
            )
        )
