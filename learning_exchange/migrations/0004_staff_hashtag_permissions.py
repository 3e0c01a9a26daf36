from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("taggit", "view_tag"),
    ("taggit", "change_tag"),
    ("taggit", "delete_tag"),
    ("learning_exchange", "view_hashtagredirect"),
]


def grant(apps, schema_editor):
    for label in ["taggit", "learning_exchange"]:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.get(name="Staff")
    for app_label, codename in PERMISSIONS:
        staff.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.get(name="Staff")
    for app_label, codename in PERMISSIONS:
        staff.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learning_exchange", "0003_hashtagredirect"),
        ("accounts", "0002_roles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
