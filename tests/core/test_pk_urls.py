from django.urls import reverse

from core.pk_urls import pk_url


def test_it_builds_the_same_links_as_reverse():
    unit_url = pk_url("organizations:unit")
    for pk in (1, 42, 10**12):
        assert unit_url(pk) == reverse("organizations:unit", args=[pk])
