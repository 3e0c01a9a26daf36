from django.db import migrations


class Migration(migrations.Migration):
    """An index of held comments, for the moderation queue: django_comments has none on
    is_public, and a million published comments sit beside the few that wait."""

    dependencies = [("discussion", "0002_staff_moderate")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX discussion_held_comments ON django_comments (id) WHERE NOT is_public",
            "DROP INDEX discussion_held_comments",
        )
    ]
