import django.contrib.postgres.search
from django.db import migrations

INDEX = "posts_post_search_gin"


def create_index(apps, schema_editor):
    # GIN indexes exist on PostgreSQL only; SQLite searches without one.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON posts_post USING gin (search_vector)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0002_role_permissions"),
        ("learning_exchange", "0002_search_configurations"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
