from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChuangxianConfig(AppConfig):
    """The project itself: it owns the campaign calendar and its log."""

    name = "chuangxian"
    verbose_name = _("Campaign calendar")

    def ready(self):
        from chuangxian.calendar import steps as calendar_steps

        calendar_steps.register_all()
