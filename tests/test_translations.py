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
