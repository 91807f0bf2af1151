"""Template context shared by every page: navigation, role home, language list."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from organizations import navigation as nav
from organizations.access import scope_of


class LazyHtml:
    """Markup built on first use (pages that hide the bar never build it); safe:
    the template prints it as it is."""

    def __init__(self, build):
        self._build = build
        self._html = None

    def __html__(self) -> str:
        if self._html is None:
            self._html = self._build()
        return self._html

    __str__ = __html__


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_items": SimpleLazyObject(lambda: nav.items_for(user)),
        "nav_bar": LazyHtml(lambda: nav.bar_html(user, request.path)),
        "scope": SimpleLazyObject(lambda: scope_of(user)),
        "product_name": settings.PRODUCT_NAME,
    }
