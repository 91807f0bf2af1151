"""Template filters every page uses (loaded as ``{% load page %}``, see TEMPLATES)."""

from django import template

register = template.Library()


@register.filter(is_safe=True)
def page_title(title, product: str) -> str:
    """'<page> · <product>', or the product alone for a page without a title.

    Applied to the rendered ``title`` block: a template cannot ask whether a block of
    its child is empty (``self.title`` is never set), so the filter looks at the text.
    """
    title = " ".join(str(title).split())
    return f"{title} · {product}" if title and title != product else product
