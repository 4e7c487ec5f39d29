from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from ingest.services import report_publish
from reports.models import Department, Figure, FiscalYear, Report, StatementCell
from reports.services import department_alias_add, department_find, department_get_or_create
from tests.factories import parsed_report

pytestmark = pytest.mark.django_db


def test_it_allows_only_one_published_report_per_department_year_and_kind():
    department = Department.objects.create(name="青川市临江区科学技术局")
    year = FiscalYear.objects.create(year=2023)
    Report.objects.create(department=department, fiscal_year=year, kind="final_accounts",
                          status="published", version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(department=department, fiscal_year=year, kind="final_accounts",
                              status="published", version=2)


def test_it_allows_a_published_final_account_beside_a_published_budget_of_the_same_year():
    department = Department.objects.create(name="青川市临江区科学技术局")
    year = FiscalYear.objects.create(year=2023)
    Report.objects.create(department=department, fiscal_year=year, kind="final_accounts",
                          status="published")
    Report.objects.create(department=department, fiscal_year=year, kind="budget",
                          status="published")
    assert Report.objects.published().count() == 2


def test_publishing_again_supersedes_the_old_version_and_keeps_it():
    first = report_publish(parsed=parsed_report(expenditure_total="100.00"))
    second = report_publish(parsed=parsed_report(expenditure_total="120.50"))
    first.refresh_from_db()
    assert first.status == "superseded"
    assert second.status == "published"
    assert (first.version, second.version) == (1, 2)
    assert first.figures.get(key="expenditure_total").value == Decimal("100.00")
    assert list(Report.objects.published()) == [second]


def test_money_round_trips_as_exact_decimals():
    # 9.8 trillion yuan with fen, in 万元: beyond any department, exact on both databases.
    report = report_publish(
        parsed=parsed_report(expenditure_total="987654321.123456", basic_expenditure="0.1")
    )
    figure = Figure.objects.get(report=report, key="expenditure_total")
    assert figure.value == Decimal("987654321.123456")
    assert isinstance(figure.value, Decimal)
    total = sum(f.value for f in report.figures.all())
    assert total == Decimal("987654321.223456")
    cell = StatementCell.objects.get(row__code="206", label="合计", row__table__report=report)
    assert cell.value == Decimal("154.80")
    assert cell.value_text == "154.80"


def test_it_finds_a_department_by_an_alias():
    department = department_get_or_create(name="株洲市芦淞区科技和工业信息化局")
    department_alias_add(department=department, name="芦淞区科工信局")
    department_alias_add(department=department, name="区 科技和工业信息化局")
    assert department_find(name="芦淞区科工信局") == department
    assert department_find(name="区科技和工业信息化局") == department
    assert department_find(name="株洲市芦淞区 科技和工业信息化局") == department
    assert department_find(name="芦淞区财政局") is None


def test_publishing_under_a_chosen_department_records_the_printed_name_as_alias():
    department = department_get_or_create(name="株洲市芦淞区科技和工业信息化局")
    parsed = parsed_report(department="芦淞区科工信局")
    report = report_publish(parsed=parsed, department=department)
    assert report.department == department
    assert department.aliases.filter(name="芦淞区科工信局").exists()


def test_it_places_a_real_department_in_its_province_city_and_county():
    department = department_get_or_create(name="株洲市芦淞区科技和工业信息化局")
    county = department.region
    assert (county.name, county.level) == ("芦淞区", "county")
    assert (county.parent.name, county.parent.parent.name) == ("株洲市", "湖南省")


def test_it_places_an_invented_department_by_the_places_its_name_prints():
    department = department_get_or_create(name="青川市临江区科学技术局")
    assert department.region.name == "临江区"
    assert department.region.parent.name == "青川市"


def test_publish_saves_every_part_of_the_report():
    report = report_publish(parsed=parsed_report())
    assert report.sections.get().heading == "一、部门职责"
    assert report.expenditure_lines.get().code == "2060101"
    assert report.indicators.get().level3 == "科技项目数"
    table = report.tables.get()
    assert [r.level for r in table.rows.all()] == ["category", "item", "subitem"]
    assert table.columns == ["合计", "基本支出"]
