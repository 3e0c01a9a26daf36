"""Revision moves here from the learning_exchange app, rows and all.

The table is left as it is (the next migration renames it); the content type is renamed in
place, so its permissions and everything that refers to it stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("learning_exchange", "publishing", "revision")


def rename_content_type(apps, schema_editor, *, old, new, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model=model).exists():
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    old, new, model = MOVED
    rename_content_type(apps, schema_editor, old=old, new=new, model=model)


def backwards(apps, schema_editor):
    old, new, model = MOVED
    rename_content_type(apps, schema_editor, old=new, new=old, model=model)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("learning_exchange", "0004_staff_hashtag_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Revision",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("summary", models.TextField(verbose_name="summary")),
                        ("body", models.TextField(verbose_name="body")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="saved")),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                        ("edited_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name="edited by")),
                    ],
                    options={
                        "verbose_name": "revision",
                        "verbose_name_plural": "revisions",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "learning_exchange_revision",
                        "indexes": [models.Index(fields=["content_type", "object_id", "-created_at"], name="learning_ex_content_293244_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
