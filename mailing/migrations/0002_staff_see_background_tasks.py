from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("django_tasks_database")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    apps.get_model("auth", "Group").objects.get(name="Staff").permissions.add(
        Permission.objects.get(content_type__app_label="django_tasks_database", codename="view_dbtaskresult")
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    apps.get_model("auth", "Group").objects.get(name="Staff").permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="django_tasks_database", codename="view_dbtaskresult"
        )
    )


class Migration(migrations.Migration):
    """Staff see background tasks in the admin, failed ones with their traceback."""

    dependencies = [
        ("mailing", "0001_initial"),
        ("accounts", "0002_roles"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
