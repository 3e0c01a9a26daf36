from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["view_seminarreport", "add_seminarreport", "change_seminarreport"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("seminars")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.get(name="Staff")
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="seminars", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Staff").permissions.remove(
        *Permission.objects.filter(content_type__app_label="seminars", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("seminars", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
