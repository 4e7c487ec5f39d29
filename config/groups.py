"""Creating a permission group from a data migration (used by the apps' migrations)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.management import create_permissions


def group_with_permissions(apps, name: str, permissions: Iterable[tuple[str, str]]) -> None:
    """Create group ``name`` holding ``permissions`` ((app_label, codename) pairs).

    Permissions are normally created after all migrations, and the group needs
    them now. create_permissions skips an app without a models module, which is
    how the migration state's apps look; the original value is put back, because
    the same function may be handed the live app registry (as a test does).
    """
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    for app_label, codename in permissions:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
