"""One English msgid, one meaning: labels that mean two things get a context (pgettext).

Chinese needs two words where English has one ("published on" a date, "published on"
a channel; "Name" of a person 姓名, of a unit 名称; "Reports" as a list, as a count). Two
checks find a msgid used for values of two different kinds:

- every model field's verbose name, by the kind of value the field holds;
- every label in a template next to what it labels (a table's column header and the
  cells under it, a row header and its cells, a ``<dt>`` and its ``<dd>``, a heading
  over a panel), by the kind of value the template prints there.
"""

import re
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = ("organizations", "pledges", "evaluations", "chuangxian")


def _msg(label) -> tuple[str, str] | None:
    """(context, msgid) of a lazy translation, or None for a plain string."""
    args = getattr(label, "_args", None)
    if not isinstance(args, tuple) or not args:
        return None
    if len(args) == 2:  # pgettext_lazy(context, message)
        return (args[0], args[1])
    return ("", args[0])


def _field_kind(field) -> str:
    if isinstance(field, (models.DateField, models.DateTimeField, models.TimeField)):
        return "date"
    if field.is_relation:
        return "ref:" + field.related_model._meta.label
    if getattr(field, "choices", None):
        return "choice"
    if isinstance(field, models.BooleanField):
        return "yes/no"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return "number"
    if isinstance(field, models.FileField):
        return "file"
    return "text"


def model_field_meanings() -> dict[tuple[str, str], dict[str, set[str]]]:
    """(context, msgid) → kind → the fields it labels."""
    found: dict = defaultdict(lambda: defaultdict(set))
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.auto_created:
                continue
            key = _msg(field.verbose_name)
            if key is not None:
                found[key][_field_kind(field)].add(f"{model._meta.label}.{field.name}")
    return found


def _kinds_conflict(kinds: set[str]) -> bool:
    """Text goes with anything; references to different models may share a word
    only when they are both units or people (e.g. "branch" → Organization)."""
    kinds = {kind for kind in kinds if kind != "text"}
    return len(kinds) > 1


def test_it_gives_no_model_field_label_two_kinds_of_value():
    clashes = {
        key: {kind: sorted(fields) for kind, fields in kinds.items()}
        for key, kinds in model_field_meanings().items()
        if _kinds_conflict(set(kinds)) and key not in FIELD_LABELS_SHARED
    }
    assert not clashes, (
        "One msgid labels fields of different kinds: give each a pgettext context "
        f"(or a clearer msgid): {clashes}"
    )


# Field labels that hold values of two kinds and still read the same in Chinese.
FIELD_LABELS_SHARED: set[tuple[str, str]] = {
    # 评价: a ballot's level is stored as its value (好 = 4), the others as a code.
    ("", "rating"),
}


# ---- templates ----------------------------------------------------------------------

TRANS = re.compile(
    r"""^\s*\{%\s*(?:trans|translate)\s+(["'])(?P<msgid>.+?)\1"""
    r"""(?:\s+context\s+(["'])(?P<ctx>.+?)\3)?\s*%\}\s*$"""
)
TAG = re.compile(r"<[^>]+>")


def _label(html: str) -> tuple[str, str] | None:
    match = TRANS.match(TAG.sub("", html))
    if not match:
        return None
    return (match.group("ctx") or "", match.group("msgid"))


def value_kind(html: str) -> str:
    """What a template prints in a cell, judged from its variables and filters."""
    code = " ".join(re.findall(r"\{\{(.*?)\}\}", html, re.S))
    if not code.strip():
        return "text"
    if re.search(r"get_\w+_display", code):
        return "choice"
    if re.search(r"\|\s*date\b|\w+_(at|on)\b|\bdate\b|\bday\b", code):
        return "date"
    if re.search(
        r"\|\s*length\b|count\b|\bsize\b|\btotal\b|_n\b|\breports\b|\bfiled\b|"
        r"\bmissing\b|percent",
        code,
    ) or re.search(r"\}\}\s*/\s*\{\{", html):
        return "count"
    words = set(re.findall(r"[a-z_]+", code))
    org = words & {"unit", "branch", "org", "organization", "department", "node"}
    org |= {w for w in words if w.endswith(("_unit", "unit_id"))}
    person = words & {"person", "member", "voter", "people", "reported_by"}
    if org and "name" in words:
        return "org name"
    if person and "name" in words and not org:
        return "person name"
    return "text"


def _cells(row: str, tag: str) -> list[str]:
    return [m.group(1) for m in re.finditer(rf"<{tag}\b[^>]*>(.*?)</{tag}>", row, re.S)]


def template_labels() -> dict[tuple[str, str], dict[str, set[str]]]:
    """(context, msgid) → value kind → where it labels such values."""
    found: dict = defaultdict(lambda: defaultdict(set))

    def add(label, kind, where):
        if label is not None:
            found[label][kind].add(where)

    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text()
        name = str(path.relative_to(ROOT / "templates"))
        # Column headers over the first body row's cells.
        for table in re.finditer(r"<table\b.*?</table>", text, re.S):
            body = table.group(0)
            head = re.search(r"<thead\b.*?</thead>", body, re.S)
            rows = re.findall(
                r"<tr\b.*?</tr>", body[head.end() :] if head else body, re.S
            )
            if head:
                headers = _cells(head.group(0), "th")
                first = next(
                    (r for r in rows if "<td" in r and "colspan" not in r), None
                )
                if first:
                    cells = re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", first, re.S)
                    for header, cell in zip(headers, cells, strict=False):
                        add(_label(header), value_kind(cell), name)
            # Row headers (<th> first in a body row) over the row's cells.
            for row in rows:
                match = re.match(
                    r"<tr\b[^>]*>\s*<th\b[^>]*>(.*?)</th>(.*)</tr>", row, re.S
                )
                if match and "<td" in match.group(2):
                    add(_label(match.group(1)), value_kind(match.group(2)), name)
        # Description lists.
        for match in re.finditer(
            r"<dt\b[^>]*>(.*?)</dt>\s*<dd\b[^>]*>(.*?)</dd>", text, re.S
        ):
            add(_label(match.group(1)), value_kind(match.group(2)), name)
        # Headings over a panel: they name a list of things, never a number.
        for match in re.finditer(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", text, re.S):
            add(_label(match.group(1)), "heading", name)
    return found


LABEL_CONFLICTS = [
    {"date", "count"},
    {"date", "choice"},
    {"count", "choice"},
    {"count", "heading"},
    {"org name", "person name"},
]


def _label_conflict(kinds: set[str]) -> bool:
    return any(pair <= kinds for pair in LABEL_CONFLICTS)


def test_it_gives_no_template_label_two_kinds_of_value():
    clashes = {
        key: {kind: sorted(where) for kind, where in kinds.items()}
        for key, kinds in template_labels().items()
        if _label_conflict(set(kinds))
    }
    assert not clashes, (
        "One msgid labels values of different kinds: give each use its own "
        f"{{% translate … context … %}}: {clashes}"
    )


def test_it_catches_the_walks_mislabels():
    """The checks above see the labels the walk found wrong (guards the heuristics)."""
    assert value_kind("{{ r.get_channel_display }}") == "choice"
    assert value_kind('{{ r.published_on|date:"Y-m-d" }}') == "date"
    assert value_kind("{{ s.size }} / {{ s.eligible|length }}") == "count"
    assert value_kind('{{ draw.drawn_at|date:"Y-m-d H:i" }}') == "date"
    assert value_kind("{{ m.reports }}") == "count"
    assert value_kind("{{ s.unit.name }}") == "org name"
    assert value_kind("{{ person.name }}") == "person name"
    assert _kinds_conflict({"date", "choice"})
    assert _label_conflict({"heading", "count"})
    assert _label_conflict({"org name", "person name"})
