"""Production serving choices the benchmark relies on (issue 14)."""

from django.template import engines


def test_templates_are_compiled_once_per_process_by_the_cached_loader():
    # Django uses the cached loader whenever settings name no loaders (since 4.1,
    # whatever DEBUG is); a "loaders" option added later must keep it.
    loaders = engines["django"].engine.template_loaders
    assert [f"{type(x).__module__}.{type(x).__name__}" for x in loaders] == [
        "django.template.loaders.cached.Loader"
    ]
