"""Template context shared by every page: navigation, role home, language list."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from organizations import navigation as nav
from organizations.access import scope_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_items": SimpleLazyObject(lambda: nav.items_for(user)),
        "scope": SimpleLazyObject(lambda: scope_of(user)),
        "product_name": settings.PRODUCT_NAME,
    }
