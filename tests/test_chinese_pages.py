"""Every page each demo role reaches, in Chinese, shows no English word or code name.

One demo institute is built for the module (inside its rolled-back transaction) and
each role crawls it by following links, as tests/test_url_matrix.py does. A page's
visible text (and the titles, placeholders and labels a screen reader reads) may hold
Latin letters only in the words of ``ALLOWED``: names of formats and standards, and the
demo's own data (account names, codes typed by the office).
"""

import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.test import Client

from organizations import demo
from organizations.demo.accounts import ACADEMY_USERNAMES, DEMO_USERNAMES
from organizations.models import Person, User
from tests.pages import crawl, url_name

ROLES = DEMO_USERNAMES + ACADEMY_USERNAMES

ALLOWED = {
    # Formats, standards and product names a Chinese page writes in Latin letters.
    "API",
    "PDF",
    "Excel",
    "QR",
    "IP",
    "CSV",
    "xlsx",
    "csv",
    "UTF",
    "GBK",
    "SHA",
    "REST",
    "A4",
    "ID",
    "URL",
    "Email",
    "email",
    "Word",
    "JSON",
    "Office",
    "MB",
    "KB",
    "JPEG",
    "PNG",
    "GIF",
    "png",
    "pdf",
    "jpg",
    "jpeg",
    "gif",
    "docx",
    "doc",
    # The language menu: a language names itself (English, 简体中文).
    "English",
    # 评议 k: the smallest number of ballots a tally shows (a named parameter).
    "k",
}
# Pages that are not the product's Chinese UI: the API's own browser and docs.
SKIP = ("/api/",)

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
URL = re.compile(r"https?://\S+")
# A digest or fingerprint shown in a sentence (b88d2d2653b8…): a code, not a word.
DIGEST = re.compile(r"(?<![0-9A-Za-z])(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}")
READ_ATTRS = ("title", "placeholder", "aria-label", "alt", "value")


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
NOT_WORDS = {"script", "style", "code", "pre", "kbd", "samp"}


class VisibleText(HTMLParser):
    """Text a user sees or hears: text nodes and readable attributes.

    Left out: scripts and styles, code (``<code>``, ``font-monospace``: digests, ids)
    and anything marked ``translate="no"`` (receipt codes: data, not words).
    """

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._stack: list[bool] = []

    def _skipping(self) -> bool:
        return any(self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = (
            tag in NOT_WORDS
            or attrs.get("translate") == "no"
            or "font-monospace" in (attrs.get("class") or "").split()
        )
        if not self._skipping() and not skip:
            for name in READ_ATTRS:
                if name == "value" and not (
                    tag == "input" and attrs.get("type") in ("submit", "button")
                ):
                    continue
                if attrs.get(name):
                    self.parts.append(attrs[name])
        if tag not in VOID:
            self._stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def latin_words(html: str, allowed: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = URL.sub(" ", " ".join(parser.parts))
    text = DIGEST.sub(" ", text)
    return {w for w in WORD.findall(text) if w not in allowed}


def _build_demo():
    institute = demo.demo_build()
    demo.demo_seeders_run(institute=institute)
    return institute.pk


@pytest.fixture(scope="module")
def demo_institute(shared_block):
    if shared_block is None:
        return _build_demo()
    return shared_block.build("demo_institute", _build_demo)


def _demo_data_words() -> set[str]:
    """Latin words of the demo's own data: usernames and typed codes."""
    words = set(User.objects.values_list("username", flat=True))
    for staff_no in Person.objects.values_list("staff_no", flat=True):
        words.update(WORD.findall(staff_no))
    from evaluations.models import Question
    from pledges.models import Criterion

    for model in (Question, Criterion):
        for code in model.objects.values_list("code", flat=True):
            words.update(WORD.findall(code))
    return words


# Pages whose words another piece of work is changing, with whose and why. Keep short.
PENDING: dict[str, str] = {}


@pytest.mark.timeout(900)
def test_it_shows_no_english_word_to_any_role_in_chinese(demo_institute, db):
    allowed = ALLOWED | _demo_data_words()
    found: dict[str, set[str]] = {}

    def check(url, response):
        if url.startswith(SKIP) or "html" not in response.get("Content-Type", ""):
            return
        if url_name(url) in PENDING:
            return
        words = latin_words(response.content.decode(errors="replace"), allowed)
        if words:
            found[url] = words

    # One crawl per role; a pattern once opened by one role is not opened again by
    # the next (the words come from its template), which keeps the crawl short.
    seen: dict = defaultdict(set)
    visited = 0
    for role in ROLES:
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(User.objects.get(username=role))
        visited += len(crawl(client, "/", seen, on_page=check, per_pattern=1))
    assert visited > 200  # the crawl reached the product, not a sign-in page
    assert found == {}, "\n".join(
        f"{url}: {' '.join(sorted(words)[:12])}" for url, words in sorted(found.items())
    )


def test_it_finds_english_words_and_leaves_allowed_ones():
    html = (
        '<p>下载 PDF 或 Excel</p><script>var x = "hidden";</script>'
        '<input type="submit" value="Save"><span title="organ">机关</span>'
    )
    assert latin_words(html, ALLOWED) == {"Save", "organ"}


def test_it_names_each_language_in_itself_in_the_menu(client, demo_institute, db):
    client.force_login(User.objects.get(username="staff"))
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    menu = html[html.index('name="language"') : html.index("</select>")]
    assert ">English<" in menu
    assert ">简体中文<" in menu
    assert "英语" not in menu
