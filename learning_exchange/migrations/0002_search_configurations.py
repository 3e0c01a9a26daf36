"""Accent-insensitive text search configurations on PostgreSQL: le_<language> stems words in
that language after removing their accents. Nothing is done on other databases."""

from django.db import migrations

LANGUAGES = [
    "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english", "finnish",
    "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish", "italian",
    "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian",
    "spanish", "swedish", "tamil", "turkish", "yiddish",
]  # fmt: skip


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    configs = [(language, f"{language}_stem") for language in LANGUAGES] + [("simple", "simple")]
    for language, dictionary in configs:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS le_{language}")
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION le_{language} (COPY = pg_catalog.{language})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION le_{language} ALTER MAPPING FOR "
            f"hword, hword_part, word WITH unaccent, {dictionary}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in [*LANGUAGES, "simple"]:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS le_{language}")


class Migration(migrations.Migration):
    dependencies = [("learning_exchange", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
