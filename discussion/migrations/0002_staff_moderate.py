from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("django_comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Staff").permissions.add(
        Permission.objects.get(content_type__app_label="django_comments", codename="can_moderate")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Staff").permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="django_comments", codename="can_moderate"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0001_initial"),
        ("accounts", "0002_roles"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
