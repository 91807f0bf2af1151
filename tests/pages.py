"""Helpers for tests that drive pages: signing in a browser, crawling links."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404


def sign_in(page, username, password="chuangxian"):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def crawl(
    client: Client,
    start: str,
    seen_by_pattern,
    limit=1500,
    on_page=None,
    per_pattern=None,
) -> dict[str, int]:
    """Follow links from start; the status of every page visited.

    ``on_page(url, response)`` is called for every HTML page that answered 200;
    ``per_pattern`` paths of one URL pattern are followed (default MAX_PER_PATTERN).
    """
    per_pattern = per_pattern or MAX_PER_PATTERN
    queue, visited = [start], {}
    while queue and len(visited) < limit:
        url = queue.pop(0)
        if url in visited:
            continue
        response = client.get(url)
        visited[url] = response.status_code
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        if on_page is not None:
            on_page(url, response)
        parser = Links()
        parser.feed(response.content.decode(errors="replace"))
        for href in parser.links:
            href, _ = urldefrag(urljoin(url, href))
            parts = urlparse(href)
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
                continue
            if re.search(r"[?&]page=([3-9]|\d\d)", path):
                continue
            name = url_name(path)
            if name is None:
                continue
            if (
                len(seen_by_pattern[name]) < per_pattern
                or path in seen_by_pattern[name]
            ):
                seen_by_pattern[name].add(path)
                if path not in visited:
                    queue.append(path)
    return visited


MAX_PER_PATTERN = 2


SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/i18n/")


class Links(HTMLParser):
    """Hrefs of links and sources of images (downloads served by views)."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "img" and attrs.get("src"):
            self.links.append(attrs["src"])


def url_name(path: str) -> str | None:
    try:
        match = resolve(urlparse(path).path)
    except Resolver404:
        return None
    return match.view_name
