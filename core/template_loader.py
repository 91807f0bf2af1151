"""The project's template loader: Django's cached loader, compiled once per language.

A page renders a few hundred template nodes; two kinds of them cost far more than
the rest and give the same output again and again:

- ``{% translate "literal" %}`` looks the message up in the catalogue on every render
  (a lookup through the active language's thread-local, a lazy string, escaping:
  5 µs each, some fifty on a secretary's home). Its output depends on nothing but the
  language; so each template is compiled once per language (the language is part of
  the cache key) and such a node becomes the text it renders.
- ``{% url "name" pk %}`` resolves the URL patterns on every render (15–20 µs; lists
  link every row). Its output depends on the name, the arguments and the request's
  URL configuration, script prefix and current application; the node keeps the URLs
  it made under exactly those (:class:`_MemoURLNode`, bounded).

Only nodes whose output cannot depend on anything else are changed: a ``translate``
with a literal message, no filter, a literal context or none and no ``as``, whose
text escaping leaves unchanged (so it renders the same with autoescaping on or off);
a ``url`` whose arguments are numbers or strings, without keywords or ``as``. Everything else renders as Django renders it.

A third kind is swapped for a quicker one of the same output: ``{{ value|date:"Y-m-d" }}``
(and ``"Y-m-d H:i"``, ``"m-d"``, the formats the lists use) builds Django's date
formatter for each value (20–35 µs; a list shows one or two a row); the swapped filter
writes the same digits from a ``date`` or ``datetime`` directly, after the same
conversion to local time, and hands anything else to Django's filter.

And ``{{ variable }}`` itself writes a plain string or an integer directly (escaped
as Django escapes it; an integer as Django localizes it while no thousand separator is
set): Django's path converts each value to local time and localizes it first (3–10 µs
a variable, a few hundred a page). Any other value takes Django's path.
"""

import datetime
import html

from django.conf import settings
from django.core.signals import setting_changed
from django.template import Context
from django.template.base import (
    FilterExpression,
    Node,
    NodeList,
    TextNode,
    Variable,
    VariableNode,
    render_value_in_context,
)
from django.template.defaultfilters import date as date_filter
from django.template.defaulttags import URLNode
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
)
from django.template.loaders import cached
from django.templatetags.i18n import TranslateNode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

URLS_KEPT = 20_000  # URLs a process keeps (a few MiB); all dropped when full
_urls: dict[tuple, str] = {}


class Loader(cached.Loader):
    """``django.template.loaders.cached.Loader`` keyed by the active language, each
    template folded for it (:func:`fold`) when compiled."""

    def cache_key(self, template_name, skip=None):
        return f"{super().cache_key(template_name, skip)}:{translation.get_language()}"

    def get_template(self, template_name, skip=None):
        kept = len(self.get_template_cache)
        template = super().get_template(template_name, skip)
        if len(self.get_template_cache) != kept:  # compiled now (folding twice is
            fold(template.nodelist)  # harmless: nothing is left to fold)
        return template


def fold(nodelist: NodeList) -> None:
    """Turn the nodes of ``nodelist`` (and of the nodes within) whose output is fixed
    for the active language into text, and ``url`` nodes into memoising ones."""
    for i, node in enumerate(nodelist):
        if isinstance(node, TranslateNode) and _fixed_translation(node):
            escaped = node.render(Context(autoescape=True))
            # Text the escaping leaves alone renders the same with it on or off
            # ({% autoescape off %}, a plain-text message): only that is folded.
            if escaped == node.render(Context(autoescape=False)):
                nodelist[i] = _text(escaped, node)
                continue
        if type(node) is URLNode:
            node.__class__ = _MemoURLNode
        if type(node) is ExtendsNode:
            node.__class__ = _QuickExtendsNode
        if isinstance(node, VariableNode):
            _quicken_dates(node.filter_expression)
            if type(node) is VariableNode:
                node.__class__ = _QuickVariableNode
        for child in _child_nodelists(node):
            fold(child)


_DATE_ONLY = frozenset({"Y-m-d", "m-d"})
_QUICK_FORMATS = _DATE_ONLY | {"Y-m-d H:i"}


def quick_date(value, arg=None):
    """Django's ``date`` filter for the formats of ``_QUICK_FORMATS``: the same text,
    written directly from a ``date`` or ``datetime``; anything else (a subclass, a
    string, None, a time format asked of a date) goes to Django's filter."""
    kind = type(value)
    if arg in _QUICK_FORMATS and (
        kind is datetime.datetime or (kind is datetime.date and arg in _DATE_ONLY)
    ):
        if arg == "Y-m-d":
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        if arg == "m-d":
            return f"{value.month:02d}-{value.day:02d}"
        return (
            f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
            f" {value.hour:02d}:{value.minute:02d}"
        )
    return date_filter(value, arg)


# What the template engine reads off a filter function: as Django's ``date``.
quick_date.expects_localtime = True
quick_date.is_safe = False


class _QuickVariableNode(VariableNode):
    """``{{ variable }}`` writing a string or an integer directly (see the module
    docstring); every other value as Django writes it."""

    def render(self, context):
        try:
            output = self.filter_expression.resolve(context)
        except UnicodeDecodeError:  # as Django's VariableNode
            return ""
        kind = type(output)
        if kind is str:  # Django: localize() leaves it, conditional_escape escapes
            if context.autoescape:
                return SafeString(html.escape(output))  # nosec B308 B703: escaped
            return output
        if kind is SafeString:  # conditional_escape leaves it as it is
            return output
        if kind is int and not settings.USE_THOUSAND_SEPARATOR:
            # Django's number_format writes an int as it is unless grouping.
            return str(output)
        return render_value_in_context(output, context)


def _quicken_dates(expression: FilterExpression) -> None:
    """Swap a ``date`` filter with a literal format of ``_QUICK_FORMATS`` for
    :func:`quick_date` (in place; again on a folded expression: no change)."""
    expression.filters = [
        (quick_date, args)
        if func is date_filter
        and len(args) == 1
        and not args[0][0]  # a literal, not a variable
        and args[0][1] in _QUICK_FORMATS
        else (func, args)
        for func, args in expression.filters
    ]


class _QuickExtendsNode(ExtendsNode):
    """``{% extends %}`` as Django renders it, but the root template's blocks are
    found once per compiled template (:func:`_root_blocks`), not by walking its whole
    tree on every page (50 µs for ``base.html``)."""

    def render(self, context):
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        blocks = _root_blocks(compiled_parent)
        if blocks is not None:
            block_context.add_blocks(blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


_NOT_YET = object()


def _root_blocks(template) -> dict | None:
    """The blocks of ``template`` by name if it extends nothing (the root of the
    chain: ``ExtendsNode.render`` adds them), else None; kept on the template, which
    the cached loader compiles once (a template given as a variable is read anew)."""
    found = template.__dict__.get("_cx_root_blocks", _NOT_YET)
    if found is _NOT_YET:
        found = None
        for node in template.nodelist:
            # As Django: the extends tag has to be the first node that is not text.
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    found = {
                        n.name: n
                        for n in template.nodelist.get_nodes_by_type(BlockNode)
                    }
                break
        template._cx_root_blocks = found
    return found


def _text(s: str, node: Node) -> TextNode:
    text = TextNode(str(s))
    text.origin, text.token = node.origin, node.token
    return text


def _child_nodelists(node: Node):
    for value in vars(node).values():
        if isinstance(value, NodeList):
            yield value
        elif isinstance(value, list):  # IfNode.conditions_nodelists
            for item in value:
                if isinstance(item, tuple):
                    yield from (v for v in item if isinstance(v, NodeList))


def _constant(expression) -> bool:
    if not isinstance(expression, FilterExpression) or expression.filters:
        return False
    var = expression.var
    if isinstance(var, Variable):
        return var.literal is not None and var.lookups is None
    return isinstance(var, str)


def _fixed_translation(node: TranslateNode) -> bool:
    return (
        node.asvar is None
        and _constant(node.filter_expression)
        and (node.message_context is None or _constant(node.message_context))
    )


class _MemoURLNode(URLNode):
    """``{% url %}`` keeping the URLs it made (see the module docstring)."""

    def render(self, context):
        if self.kwargs or self.asvar:
            return super().render(context)
        args = tuple(arg.resolve(context) for arg in self.args)
        if not all(isinstance(a, (int, str)) and not isinstance(a, bool) for a in args):
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        key = (
            view_name,
            args,
            current_app,
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
        )
        url = _urls.get(key)
        if url is None:
            url = reverse(view_name, args=args, current_app=current_app)
            if len(_urls) >= URLS_KEPT:
                _urls.clear()
            _urls[key] = url
        return conditional_escape(url) if context.autoescape else url


def forget_urls(**kwargs) -> None:
    """Drop the kept URLs (the URL configuration changed: tests)."""
    _urls.clear()


setting_changed.connect(forget_urls, dispatch_uid="cx_template_urls")
