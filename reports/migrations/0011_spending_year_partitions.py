"""Spending rows carry their report's fiscal year; on PostgreSQL the table is partitioned by it.

The explorer always sums one year: with a partition per year it reads that year's rows
only (reports.partitions, docs/scaling.md). On SQLite only the column is added.
"""

import django.db.models.deletion  # noqa: F401
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import reports.models

TABLE = "reports_spending"


def fill_year(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    Spending = apps.get_model("reports", "Spending")
    year = Report.objects.filter(pk=OuterRef("report_id")).values("fiscal_year__year")[:1]
    Spending.objects.using(schema_editor.connection.alias).update(year=Subquery(year))


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from reports.partitions import partition_table, years_wanted

    FiscalYear = apps.get_model("reports", "FiscalYear")
    known = FiscalYear.objects.using(schema_editor.connection.alias).values_list("year", flat=True)
    partition_table(TABLE, "year", years_wanted(known), connection=schema_editor.connection)


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from reports.partitions import unpartition_table

    unpartition_table(TABLE, "year", connection=schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0010_reportpart"),
    ]

    operations = [
        migrations.AddField(
            model_name="spending",
            name="year",
            field=reports.models.ReportYearField(editable=False, null=True, verbose_name="fiscal year"),
        ),
        migrations.RunPython(fill_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="spending",
            name="year",
            field=reports.models.ReportYearField(editable=False, verbose_name="fiscal year"),
        ),
        migrations.RemoveConstraint(
            model_name="spending",
            name="spending_one_per_report_source_code",
        ),
        migrations.AddConstraint(
            model_name="spending",
            constraint=models.UniqueConstraint(
                fields=("report", "source", "code", "year"),
                name="spending_one_per_report_source_code",
            ),
        ),
        migrations.RunPython(partition, unpartition, elidable=False),
    ]
