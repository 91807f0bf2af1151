"""
WSGI config for chuangxian project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuangxian.settings")

application = get_wsgi_application()


def _freeze_what_is_loaded() -> int:
    """Load the URLconf (every view module) and move every object alive now into the
    permanent generation, so the garbage collector's full passes no longer walk the
    ~150 000 objects of Django, the apps and their modules: a full pass during a
    request took ~86 ms at full size before, ~7 ms after (bench/README). Returns how
    many objects were frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


_freeze_what_is_loaded()
