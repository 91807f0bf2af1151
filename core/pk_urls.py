"""Links to objects for the cost of a string format, not a ``reverse``.

A list of hundreds of rows that calls ``get_absolute_url`` (``reverse``: 15–25 µs, the
URL patterns resolved again) on each spent more on its links than on anything else it
shows. :func:`url_for` reverses each view's pattern once per process with marker keys
in place of the real ones, keeps the text around the markers, and writes the keys into
it; :func:`pk_url` is the same for one key. :func:`anchors` writes a list's links as
HTML in one go, where a template loop would spend more on them than on the rest.
"""

from collections.abc import Callable
from html import escape

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

# Primary keys no row has, reversed in place of the real ones and then replaced.
_MARKS = ("9182736450918273645", "9182736450918273646", "9182736450918273647")
_NO_PATTERN = ()
_KEPT = 5_000  # (view, number of keys, prefix, URL configuration) entries at most
_patterns: dict[tuple, tuple[str, ...]] = {}


def url_for(viewname: str, *keys) -> str:
    """``reverse(viewname, args=keys)`` for integer keys, the pattern reversed once
    per process (per script prefix and URL configuration). Anything else (a key that
    is no int, a pattern the markers do not fit) is reversed as Django does, errors
    and all."""
    if not keys or len(keys) > len(_MARKS) or any(type(k) is not int for k in keys):
        return reverse(viewname, args=keys)
    parts = _parts(viewname, len(keys))
    if parts is _NO_PATTERN:
        return reverse(viewname, args=keys)
    out = [parts[0]]
    for k, part in zip(keys, parts[1:], strict=True):
        out.append(str(k))
        out.append(part)
    return "".join(out)


def _parts(viewname: str, count: int) -> tuple[str, ...]:
    """:func:`_split`, kept per view, number of keys, script prefix and URL
    configuration."""
    key = (viewname, count, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _patterns.get(key)
    if parts is None:
        parts = _split(viewname, count)
        if len(_patterns) >= _KEPT:
            _patterns.clear()
        _patterns[key] = parts
    return parts


def _split(viewname: str, count: int) -> tuple[str, ...]:
    """The reversed pattern's text around each marker, in order; ``_NO_PATTERN``
    where the markers do not stand for themselves (each once, in order)."""
    marks = _MARKS[:count]
    try:
        text = reverse(viewname, args=[int(m) for m in marks])
    except Exception:  # a pattern that takes no such keys: Django says why, later
        return _NO_PATTERN
    parts = []
    for mark in marks:
        if text.count(mark) != 1:
            return _NO_PATTERN
        head, text = text.split(mark)
        parts.append(head)
    parts.append(text)
    return tuple(parts)


def pk_url(viewname: str) -> Callable[[int], str]:
    """``pk → reverse(viewname, args=[pk])``, the pattern taken from :func:`url_for`'s
    once (a list of many rows links each for a string format)."""
    parts = _parts(viewname, 1)
    if parts is _NO_PATTERN:
        return lambda pk: reverse(viewname, args=[int(pk)])
    head, tail = parts
    return lambda pk: f"{head}{int(pk)}{tail}"


def forget(**kwargs) -> None:
    """Drop the kept patterns (the URL configuration changed: tests)."""
    _patterns.clear()


setting_changed.connect(forget, dispatch_uid="cx_pk_url_patterns")


def anchors(links, *, before: str = "", after: str = " ") -> SafeString:
    """Each ``(url, text)`` as ``before<a href="url">text</a>after``, URL and text
    escaped as a template's ``{{ }}`` escapes them: what a loop of
    ``{% for url, text in links %}`` wrote, at a fraction of its cost (a 党总支
    secretary's approval list and a leader's liaison branches run to forty and more).
    ``before`` and ``after`` are markup, written as they are. (The standard
    library's ``html.escape``: Django's ``escape`` writes the same text through a
    lazy-string wrapper, some twenty Python calls a link, a thousand on a leader's
    home.)"""
    return mark_safe(  # noqa: S308  # nosec B308 B703: URL and text escaped
        "".join(
            f'{before}<a href="{escape(str(url))}">{escape(str(text))}</a>{after}'
            for url, text in links
        )
    )
