"""HashtagRedirect moves here from the learning_exchange app, rows and all.

The table is left as it is (the next migration renames it); the content type is renamed in
place, so its permissions, and Staff's right to view redirects, stay attached.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("learning_exchange", "hashtags", "hashtagredirect")


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
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HashtagRedirect",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("old_slug", models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name="old address")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("tag", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="redirects", to="taggit.tag")),
                    ],
                    options={
                        "verbose_name": "hashtag redirect",
                        "verbose_name_plural": "hashtag redirects",
                        "db_table": "learning_exchange_hashtagredirect",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
