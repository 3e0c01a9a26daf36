from django.db import migrations


class Migration(migrations.Migration):
    """An index of replies by the comment they answer: django-comments-xtd looks up a
    comment's replies each time it saves one (its pre_save handler), and has no such index,
    so at a million comments each new comment read them all twice."""

    dependencies = [("discussion", "0005_voice")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX discussion_replies ON django_comments_xtd_xtdcomment (parent_id)",
            "DROP INDEX discussion_replies",
        )
    ]
