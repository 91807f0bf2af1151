"""Every page's title reads '<page> · 创先争优' (the two used to run together)."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _title(response) -> str:
    return TITLE.search(response.content.decode()).group(1).strip()


@pytest.mark.parametrize("role", ["member", "secretary", "office", "staff"])
def test_the_home_page_title_names_the_page_then_the_product(client, inst, role):
    client.force_login(inst.user(role))
    title = _title(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    page, _sep, product = title.rpartition(" · ")
    assert product == "创先争优"
    assert page
    assert "创先争优创先争优" not in title


def test_a_list_page_and_the_sign_in_page_read_the_same_way(client, inst):
    assert _title(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-hans")) == (
        "登录 · 创先争优"
    )
    client.force_login(inst.user("secretary"))
    title = _title(client.get(reverse("pledges:plans"), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert title.endswith(" · 创先争优")


def test_a_page_without_a_title_shows_the_product_alone():
    rendered = Template(
        "{% load page %}{% filter page_title:'创先争优' %}  {% endfilter %}"
    ).render(Context())
    assert rendered == "创先争优"


def test_a_page_without_a_title_shows_the_translated_product_alone():
    # product_name comes from the context processor as a lazy translation: the
    # filter must hand back text (a lazy proxy broke the page's rendering).
    from django.utils.translation import gettext_lazy

    rendered = Template(
        "{% load page %}{% filter page_title:product %}{% endfilter %}"
    ).render(Context({"product": gettext_lazy("Draft")}))
    assert rendered == "草稿"
