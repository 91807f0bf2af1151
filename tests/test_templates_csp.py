"""No template runs script inline: the content security policy forbids it."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I
)


def test_it_has_no_inline_event_handlers_or_scripts_in_any_template():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if HANDLER.search(text) or INLINE_SCRIPT.search(text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []
