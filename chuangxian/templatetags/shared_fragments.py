"""``{% shared_fragment spec %}…{% endshared_fragment %}``: a rendered part of a page
kept in the versioned cache (core.versioned_cache).

``spec`` is a ``(namespace, institute_id, key)`` triple the view makes, naming
everything the fragment shows besides the data (the scope's reach, the campaign, the
day); the language is added by the cache. With ``spec`` empty the fragment is simply
rendered. Only for parts that show nothing of the user's own (no form, no CSRF
token, no name): the same HTML goes to everyone of one reach.
"""

from django import template

from core import versioned_cache

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, spec):
        self.nodelist = nodelist
        self.spec = spec

    def render(self, context):
        spec = self.spec.resolve(context)
        if not spec:
            return self.nodelist.render(context)
        namespace, institute_id, key = versioned_cache.fragment(spec)
        # A node's output goes into the page as it is (escaping happened inside).
        return versioned_cache.get_or_compute(
            namespace, institute_id, key, lambda: self.nodelist.render(context)
        )


@register.tag
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("shared_fragment takes one argument")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, parser.compile_filter(bits[1]))
