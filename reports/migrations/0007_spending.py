"""The classification explorer's facts, filled for every report already published."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Prefetch


def fill(apps, schema_editor):
    from reports.spending import spending_for_report

    Report = apps.get_model("reports", "Report")
    Spending = apps.get_model("reports", "Spending")
    StatementRow = apps.get_model("reports", "StatementRow")
    rows = Prefetch("rows", queryset=StatementRow.objects.order_by("order")
                    .prefetch_related("cells"))
    for report in Report.objects.filter(kind="final_accounts").iterator(chunk_size=200):
        tables = report.tables.order_by("order").prefetch_related(rows)
        Spending.objects.bulk_create(spending_for_report(report, tables, Spending))


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_report_scope'),
    ]

    operations = [
        migrations.CreateModel(
            name='Spending',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('all_funds', 'All funds (支出决算表)'), ('general_budget', 'General public budget appropriations (一般公共预算财政拨款支出决算表)')], max_length=16, verbose_name='source table')),
                ('code', models.CharField(max_length=7, verbose_name='classification code')),
                ('level', models.CharField(choices=[('category', '类'), ('item', '款'), ('subitem', '项')], max_length=16, verbose_name='level')),
                ('name', models.CharField(blank=True, max_length=255, verbose_name='name')),
                ('amount', models.DecimalField(decimal_places=6, max_digits=15, verbose_name='amount (10k yuan)')),
                ('derived', models.BooleanField(default=False, verbose_name='sum of its children (not printed)')),
                ('children_total', models.DecimalField(blank=True, decimal_places=6, max_digits=15, null=True, verbose_name='sum of its children')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spending', to='reports.report')),
                ('table', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spending', to='reports.statementtable')),
            ],
            options={
                'verbose_name': 'spending by classification code',
                'verbose_name_plural': 'spending by classification code',
                'ordering': ['report', 'source', 'code'],
                'indexes': [models.Index(fields=['source', 'level', 'code'], name='spending_source_code_idx')],
                'constraints': [models.UniqueConstraint(fields=('report', 'source', 'code'), name='spending_one_per_report_source_code')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
