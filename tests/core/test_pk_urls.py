import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core import pk_urls
from core.pk_urls import pk_url, url_for


def test_it_builds_the_same_links_as_reverse():
    unit_url = pk_url("organizations:unit")
    for pk in (1, 42, 10**12):
        assert unit_url(pk) == reverse("organizations:unit", args=[pk])


@pytest.mark.parametrize(
    "viewname, keys",
    [
        ("organizations:unit", (1,)),
        ("organizations:unit", (987654,)),
        ("pledges:plan", (7,)),
        ("activity:record_file", (3, 11)),
        ("awards:duty_report", (2, 40)),
        ("inspections:rectification_file", (12, 5)),
    ],
)
def test_url_for_writes_what_reverse_writes(viewname, keys):
    expected = reverse(viewname, args=keys)
    assert url_for(viewname, *keys) == expected
    assert url_for(viewname, *keys) == expected  # from the kept pattern


def test_url_for_follows_the_script_prefix():
    url_for("organizations:unit", 5)
    set_script_prefix("/sub/")
    try:
        assert url_for("organizations:unit", 5) == reverse(
            "organizations:unit", args=[5]
        )
        assert url_for("organizations:unit", 5).startswith("/sub/")
    finally:
        set_script_prefix("/")
    assert url_for("organizations:unit", 5) == reverse("organizations:unit", args=[5])


def test_url_for_follows_a_changed_url_configuration():
    before = url_for("organizations:unit", 5)
    with override_settings(ROOT_URLCONF="bench.urls"):
        assert url_for("organizations:unit", 5) == before
        assert pk_urls._patterns  # kept under the new configuration
    assert url_for("organizations:unit", 5) == before


def test_keys_that_are_no_int_are_reversed_as_django_does():
    with pytest.raises(Exception) as django_error:
        reverse("organizations:unit", args=[None])
    with pytest.raises(django_error.type):  # an unsaved object: Django's error
        url_for("organizations:unit", None)
    assert url_for("organizations:unit", "12") == reverse(
        "organizations:unit", args=["12"]
    )
    with pytest.raises(NoReverseMatch):
        url_for("organizations:unit", 1, 2)  # the pattern takes one key


def test_a_pattern_the_markers_do_not_fit_is_reversed_each_time(monkeypatch):
    calls = []
    real = pk_urls.reverse

    def counting(viewname, args=()):
        calls.append(args)
        return real(viewname, args=args)

    monkeypatch.setattr(pk_urls, "reverse", counting)
    pk_urls.forget()
    with pytest.raises(NoReverseMatch):
        url_for("organizations:unit", 1, 2)
    with pytest.raises(NoReverseMatch):
        url_for("organizations:unit", 1, 2)
    # The marked reversal failed once; each call then asks Django (which raises).
    assert len(calls) == 3
    calls.clear()
    url_for("organizations:unit", 9)
    url_for("organizations:unit", 10)
    assert len(calls) == 1  # the one marked reversal
