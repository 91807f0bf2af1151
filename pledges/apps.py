from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _files_pledges(scope) -> bool:
    """Party members, mass-organisation members and those who look after units."""
    from organizations.models import Role

    if scope.is_party_member or scope.has(*Role.MANAGING):
        return True
    person = scope.person
    if person is None:
        return False
    return bool(scope.own_unit_ids - {person.branch_id, person.department_id})


class PledgesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pledges"
    verbose_name = _("Plans, pledges and records")

    def ready(self):
        from organizations import navigation
        from pledges import panels
        from pledges.activity.nav import register_activity_nav

        navigation.register(
            navigation.NavItem(
                key="board",
                label=_("Pledge board"),
                url_name="pledges:board",
                allowed=lambda s: s.person is not None or s.is_superuser,
                order=20,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="pledges",
                label=_("Pledges"),
                url_name="pledges:pledges",
                allowed=_files_pledges,
                order=22,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="plans",
                label=_("Plans"),
                url_name="pledges:plans",
                allowed=lambda s: bool(s.read_paths),
                order=24,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="campaigns",
                label=_("Campaigns"),
                url_name="pledges:campaigns",
                allowed=lambda s: s.is_office or s.is_leader,
                order=70,
            )
        )
        panels.register()
        register_activity_nav()  # part B: records, meetings, reading, news, suggestions
