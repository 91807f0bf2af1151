"""Template filter of the organisation tree (组织树)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_ROW = (
    "<tr{muted}>"
    '<td class="cx-indent-{indent}"><a href="{url}">{name}</a>{merged}</td>'
    '<td class="d-none d-sm-table-cell small">{kind}</td>'
    '<td class="d-none d-md-table-cell small">{category}</td>'
    '<td class="text-end">{members}</td>'
    '<td class="text-end">{staff}</td>'
    "</tr>\n"
)


@register.filter
def tree_rows(units) -> str:
    """The rows of the tree (``organizations.selectors.tree_rows``): an institute
    has hundreds of units, and hundreds of rows written in the template language
    cost several times the rest of the page."""
    merged_label = escape(gettext("merged"))  # not in the f-string: xgettext
    merged = f' <span class="badge text-bg-secondary">{merged_label}</span>'
    labels: dict[str, str] = {}  # a few kinds and categories, escaped once each

    def label(text) -> str:
        if text not in labels:
            labels[text] = escape(text or "")
        return labels[text]

    html = [
        _ROW.format(
            muted="" if unit["is_active"] else ' class="text-muted"',
            indent=int(unit["indent"]),
            url=unit["url"],  # made of a reversed path and a number
            name=escape(unit["name"]),
            merged="" if unit["is_active"] else merged,
            kind=label(unit["kind_label"]),
            category=label(unit["category__name"]),
            members=unit["member_count"] or "",
            staff=unit["staff_count"] or "",
        )
        for unit in units
    ]
    # Names and labels are escaped; the rest are numbers, links and fixed markup.
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703
