import django.contrib.postgres.search
from django.db import migrations

INDEX = "seminars_seminarreport_search_gin"


def create_index(apps, schema_editor):
    # GIN indexes exist on PostgreSQL only; SQLite searches without one.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON seminars_seminarreport USING gin (search_vector)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("seminars", "0002_staff_permissions"),
        ("learning_exchange", "0002_search_configurations"),
    ]

    operations = [
        migrations.AddField(
            model_name="seminarreport",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
