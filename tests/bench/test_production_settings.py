"""Production serving choices the benchmark relies on (issue 14)."""

from django.template import engines


def test_templates_are_compiled_once_per_process_by_the_cached_loader():
    # Django uses the cached loader whenever settings name no loaders (since 4.1,
    # whatever DEBUG is); a "loaders" option added later must keep it.
    loaders = engines["django"].engine.template_loaders
    assert [f"{type(x).__module__}.{type(x).__name__}" for x in loaders] == [
        "django.template.loaders.cached.Loader"
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
