"""The "staff" group: finance bureau staff who upload, review and publish reports."""

from django.db import migrations

from config.groups import group_with_permissions

STAFF_GROUP = "staff"
STAFF_PERMISSIONS = [
    ("ingest", "upload_report"),
    ("ingest", "publish_report"),
    ("ingest", "view_upload"),
    ("ingest", "view_auditevent"),
]


def create_group(apps, schema_editor):
    group_with_permissions(apps, STAFF_GROUP, STAFF_PERMISSIONS)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=STAFF_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0003_upload_parse_started_and_staff_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
