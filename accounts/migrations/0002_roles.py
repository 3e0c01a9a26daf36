from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_PERMISSIONS = [
    ("accounts", "view_user"),
    ("accounts", "change_user"),
    ("accounts", "view_organisation"),
    ("accounts", "add_organisation"),
    ("accounts", "change_organisation"),
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name="Staff")
    Group.objects.get_or_create(name="Partners")
    for app_label, codename in STAFF_PERMISSIONS:
        staff.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Staff", "Partners"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
