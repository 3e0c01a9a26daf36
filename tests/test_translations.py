import re
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = Path(settings.BASE_DIR, "locale")


def entries(path: Path):
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if re.search(r'^msgid "', block, re.M) and not block.lstrip().startswith('msgid ""'):
            yield block


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES if code != "en"])
def test_every_interface_string_is_translated(language):
    catalogue = CATALOGUES / language / "LC_MESSAGES" / "django.po"
    untranslated = [
        block
        for block in entries(catalogue)
        if "#, fuzzy" in block or re.search(r'^msgstr(\[\d\])? ""\n(?!")', block + "\n", re.M)
    ]
    assert untranslated == []


def messages(path: Path):
    """(msgid, msgstr) of the singular entries of a catalogue."""
    import ast

    for block in entries(path):
        if "msgid_plural" in block or "msgctxt" in block:
            continue
        parts = {"msgid": "", "msgstr": ""}
        current = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgstr ")):
                current, _, line = line.partition(" ")
            if current and line.startswith('"'):
                parts[current] += ast.literal_eval(line)
        yield parts["msgid"], parts["msgstr"]


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES if code != "en"])
def test_compiled_catalogues_match_their_sources(language):
    from django.utils import translation

    catalogue = CATALOGUES / language / "LC_MESSAGES" / "django.po"
    with translation.override(language):
        stale = [
            msgid
            for msgid, msgstr in messages(catalogue)
            if msgid
            if translation.gettext(msgid) != msgstr
        ]
    assert stale == [], "run `make messages` to compile the catalogues"


TEMPLATES = Path(settings.BASE_DIR, "templates")
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"')


def visible_text(source: str) -> str:
    """What a template shows that is not a variable, a tag, or marked for translation."""
    source = re.sub(r"{% comment %}.*?{% endcomment %}|{#.*?#}", "", source, flags=re.S)
    source = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", "", source, flags=re.S)
    attributes = " ".join(VISIBLE_ATTRIBUTES.findall(source))
    source = re.sub(r"<[^>]*>", " ", source, flags=re.S)
    return f"{source} {attributes}"


@pytest.mark.parametrize(
    "template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
)
def test_templates_mark_every_visible_string_for_translation(template):
    text = visible_text((TEMPLATES / template).read_text(encoding="utf-8"))
    words = re.findall(r"[^\W\d_]{2,}", text)
    assert words == [], f"{template} shows text that is not marked for translation"
