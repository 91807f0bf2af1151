"""Links to many objects of one kind for the cost of one ``reverse``.

A list of hundreds of rows that calls ``get_absolute_url`` (``reverse``) on each
spends more on resolving URL patterns than on anything else it shows.
"""

from collections.abc import Callable

from django.urls import reverse

# A primary key no row has, reversed in place of the real ones and then replaced.
_MARK = "9182736450918273645"


def pk_url(viewname: str) -> Callable[[int], str]:
    """``pk → reverse(viewname, args=[pk])``, with the pattern reversed once."""
    head, tail = reverse(viewname, args=[int(_MARK)]).split(_MARK)
    return lambda pk: f"{head}{int(pk)}{tail}"
