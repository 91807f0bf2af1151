"""Production serving choices the benchmark relies on (issue 14)."""

from django.template import engines


def test_templates_are_compiled_once_per_process_by_the_cached_loader():
    # The project's loader is Django's cached loader (compiled once per process and
    # language, core.template_loader), over the project's and the apps' directories.
    from django.template.loaders.cached import Loader as Cached

    from core.template_loader import Loader

    loaders = engines["django"].engine.template_loaders
    assert [type(x) for x in loaders] == [Loader]
    assert isinstance(loaders[0], Cached)
    assert [f"{type(x).__module__}.{type(x).__name__}" for x in loaders[0].loaders] == [
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]


def test_the_signed_in_frame_is_the_base_page_with_nothing_on_it(client, inst):
    """bench/urls.py's yardstick for what every signed-in page pays before its own
    (bench.split): it answers 200 with the navigation, and only signed in."""
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="bench.urls"):
        assert client.get("/bench/frame/").status_code == 302  # to sign in
        client.force_login(inst.user("member"))
        response = client.get("/bench/frame/")
        assert response.status_code == 200
        assert "data-nav=" in response.content.decode()
        assert client.get("/bench/bare/").content == b"ok"
