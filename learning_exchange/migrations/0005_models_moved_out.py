"""Revision now lives in publishing and HashtagRedirect in hashtags; their tables and rows
are theirs from now on, so here they leave the state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learning_exchange", "0004_staff_hashtag_permissions"),
        ("publishing", "0001_initial"),
        ("hashtags", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Revision"),
                migrations.DeleteModel(name="HashtagRedirect"),
            ],
            database_operations=[],
        ),
    ]
