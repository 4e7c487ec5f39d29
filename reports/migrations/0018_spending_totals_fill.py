# Fills the spending totals (0017_spending_totals) from the spending already written.

from django.db import migrations


def fill(apps, schema_editor):
    # Set-based SQL over reports_spending, one level of regions at a time.
    from reports.services import spending_totals_rebuild

    spending_totals_rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0017_spending_totals'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
