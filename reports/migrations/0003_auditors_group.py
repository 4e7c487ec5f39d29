"""The "auditors" group: people who review findings (confirm or dismiss them with a note)."""

from django.db import migrations

from config.groups import group_with_permissions

AUDITORS_GROUP = "auditors"
AUDITOR_PERMISSIONS = [
    ("reports", "view_finding"),
    ("reports", "change_finding"),
]


def create_group(apps, schema_editor):
    group_with_permissions(apps, AUDITORS_GROUP, AUDITOR_PERMISSIONS)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=AUDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
