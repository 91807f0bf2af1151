"""Template filter of the vote list (我要评议): its rows written in one go."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_ROW = (
    '    <tr data-target="{key}">\n'
    '      <td class="d-none d-sm-table-cell">{round}</td>\n'
    # On a phone the evaluation's column is hidden: its title goes under the name.
    '      <td>{name}<div class="d-sm-none small text-muted">{round}</div></td>\n'
    "      <td>{closes}</td>\n"
    '      <td class="text-end">{action}</td>\n'
    "    </tr>\n"
)


@register.filter
def vote_rows(rows) -> str:
    """The rows of one page of the vote list (``views.voting._vote_rows``): each
    row's five values written by the template language, with its tests and escapes,
    were most of the page's own work."""
    rated_label = escape(gettext("Rated"))  # not in the f-string: xgettext
    rated = f'<span class="badge text-bg-success">{rated_label}</span>'
    rate = escape(gettext("Rate"))
    titles: dict[str, str] = {}  # a few rounds, escaped once each

    def title(text) -> str:
        if text not in titles:
            titles[text] = escape(text)
        return titles[text]

    html = [
        _ROW.format(
            key=int(row["pk"]),
            round=title(row["round_title"]),
            name=escape(row["name"]),
            closes=escape(row["closes_on_shown"]),
            action=rated
            if row["voted"]
            else f'<a class="btn btn-sm btn-primary" href="{escape(row["url"])}"'
            f' data-testid="rate-link">{rate}</a>',
        )
        for row in rows
    ]
    # Titles, names and dates are escaped; keys are numbers, the rest fixed markup.
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703
