from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Staff": ["view_post", "add_post", "change_post", "review_post"],
    "Partners": ["view_post", "add_post"],
}


def permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="posts", codename__in=codenames)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("posts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group_name, codenames in GRANTS.items():
        Group.objects.get(name=group_name).permissions.add(*permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group_name, codenames in GRANTS.items():
        Group.objects.get(name=group_name).permissions.remove(*permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
