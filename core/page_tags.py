"""Template filters and tags every page uses (loaded as ``{% load page %}``, see
TEMPLATES)."""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter(is_safe=True)
def page_title(title, product: str) -> str:
    """'<page> · <product>', or the product alone for a page without a title.

    Applied to the rendered ``title`` block: a template cannot ask whether a block of
    its child is empty (``self.title`` is never set), so the filter looks at the text.
    """
    title, product = " ".join(str(title).split()), str(product)
    return f"{title} · {product}" if title and title != product else product


# The frame of every page links to a handful of fixed addresses and files: each is
# worked out once per process (for each URL configuration, script prefix and
# language), not on every request as {% url %} and {% static %} do.
_fixed: dict[tuple, str] = {}


@receiver(setting_changed)
def _forget_fixed(**kwargs) -> None:
    """Tests that change URLs, static files or languages get them afresh."""
    _fixed.clear()


class _FixedNode(template.Node):
    def __init__(self, kind: str, name: str):
        self.kind, self.name = kind, name

    def render(self, context) -> str:
        # Where the links point is read once per rendering, not once per link.
        where = context.render_context.get(_FixedNode)
        if where is None:
            where = context.render_context[_FixedNode] = (
                get_urlconf() or settings.ROOT_URLCONF,
                get_script_prefix(),
                translation.get_language(),
            )
        key = (self.kind, self.name, where)
        value = _fixed.get(key)
        if value is None:
            value = reverse(self.name) if self.kind == "url" else static(self.name)
            _fixed[key] = value
        return conditional_escape(value) if context.autoescape else value


def _fixed_tag(kind: str):
    def tag(parser, token):
        bits = token.split_contents()
        if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
            raise template.TemplateSyntaxError(
                f"{bits[0]} takes one quoted name: no arguments, no 'as'."
            )
        return _FixedNode(kind, bits[1][1:-1])

    return tag


#: ``{% fixed_url 'home' %}``: ``{% url 'home' %}`` for a URL without arguments.
register.tag("fixed_url", _fixed_tag("url"))
#: ``{% fixed_static 'css/site.css' %}``: ``{% static 'css/site.css' %}``.
register.tag("fixed_static", _fixed_tag("static"))


@register.simple_tag
def language_options() -> str:
    """The language menu's ``<option>`` elements, each language named in itself
    (English, 简体中文) and the active one selected: the same text for every page
    in one language, written once per process and language (the template's loop
    over ``get_available_languages`` and ``get_language_info`` cost 0.1 ms of every
    page)."""
    current = translation.get_language()
    key = ("language_options", current, tuple(settings.LANGUAGES))
    value = _fixed.get(key)
    if value is None:
        options = []
        for code, _name in settings.LANGUAGES:
            local = translation.get_language_info(code)["name_local"]
            selected = " selected" if code == current else ""
            options.append(
                f'<option value="{conditional_escape(code)}"'
                f' lang="{conditional_escape(code)}"{selected}>'
                f"{conditional_escape(local)}</option>"
            )
        value = _fixed[key] = mark_safe("\n".join(options))  # noqa: S308  # nosec B308 B703: escaped
    return value
