"""The "auditors" group: people who review findings (confirm or dismiss them with a note)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDITORS_GROUP = "auditors"
AUDITOR_PERMISSIONS = [
    ("reports", "view_finding"),
    ("reports", "change_finding"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    # create_permissions skips an app without a models module, which is how the
    # migration state's apps look; the original value is put back, because the same
    # function may be handed the live app registry (as a test does).
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=AUDITORS_GROUP)
    for app_label, codename in AUDITOR_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=AUDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
