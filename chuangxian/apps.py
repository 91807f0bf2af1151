from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChuangxianConfig(AppConfig):
    """The project itself: it owns the campaign calendar and its log."""

    name = "chuangxian"
    verbose_name = _("Campaign calendar")

    def ready(self):
        from chuangxian.calendar import steps as calendar_steps

        calendar_steps.register_all()

        # Before any URL configuration is read: the patterns use <id:…> and <year:…>.
        from core.converters import converters_register

        converters_register()

        # A file's name travels in its part's header: Django refuses a header over
        # 1 KiB with HTTP 400, which a 350-character Chinese name (3 bytes a
        # character) exceeds. Allow 8 KiB; the upload check shortens the name.
        from django.http import multipartparser

        multipartparser.MAX_TOTAL_HEADER_SIZE = 8 * 1024

        # Every write to the apps' tables bumps the cached figures it changes.
        from core import versioned_cache

        versioned_cache.install()

        # psycopg as the pages need it: timestamps read by its compiled loader, long
        # query texts converted once (core/pg_client.py).
        from core import pg_client

        pg_client.install()
