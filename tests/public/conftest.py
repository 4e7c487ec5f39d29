"""A small published corpus for the public pages, built through report_publish."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.contract import (
    ParsedFigure,
    ParsedIndicator,
    ParsedLine,
    ParsedReport,
    ParsedRow,
    ParsedSection,
    ParsedTable,
)
from ingest.services import report_publish
from reports.models import Department, Report

SCIENCE = "青川市临江区科学技术局"
EDUCATION = "青川市教育局"
EDUCATION_ALIAS = "青川市教育委员会"


def final_accounts(department: str, year: int, *, scale: int = 1, science: bool = True,
                   extra_sections: int = 0) -> ParsedReport:
    """A 部门决算 with the figures, sections and tables the pages show."""
    total = 1000 * scale + year - 2000
    figures = {
        "expenditure_total": f"{total}.50", "basic_expenditure": f"{total - 400}.25",
        "project_expenditure": "400.25", "personnel_expenditure": f"{total - 500}.00",
        "public_expenditure": "100.25", "three_public_actual": "12.50",
        "operating_expenses": "85.30",
    }
    code, name, item, sub = (
        ("206", "科学技术支出", "科学技术管理事务", "行政运行") if science
        else ("205", "教育支出", "教育管理事务", "行政运行")
    )
    sections = [
        ParsedSection("一、部门职责", f"负责全区{name[:4]}工作。", page=2),
        ParsedSection("三、“三公”经费支出情况",
                      f"{year}年度“三公”经费支出决算12.50万元，比上年减少。", page=4),
        ParsedSection("四、机关运行经费支出情况", f"{year}年度机关运行经费支出85.30万元。",
                      page=4),
        *[ParsedSection(f"附{i}", "其他说明。" * 5, page=5) for i in range(extra_sections)],
    ]
    return ParsedReport(
        file=f"{department}{year}.pdf", kind="final_accounts", department=department,
        fiscal_year=year,
        figures=[ParsedFigure(k, v, source=f"{k} {v}万元", page=3) for k, v in figures.items()],
        expenditure_lines=[ParsedLine(name, item, sub, budget="163.90", actual="154.80",
                                      code=f"{code}0101", page=5)],
        tables=[
            ParsedTable("一般公共预算财政拨款支出决算表", page=6, rows=[
                ParsedRow(code, name, {"合计": "154.80", "基本支出": "154.80"}),
                ParsedRow(f"{code}01", item, {"合计": "154.80", "基本支出": "154.80"}),
                ParsedRow(f"{code}0101", sub, {"合计": "154.80", "基本支出": "154.80"}),
                ParsedRow("208", "社会保障和就业支出", {"合计": "48.10", "项目支出": "48.10"}),
            ]),
            ParsedTable("“三公”经费支出决算表", page=7, rows=[
                ParsedRow(None, "", {"合计/预算数": "15.00", "合计/决算数": "12.50"}),
            ]),
        ],
        sections=sections,
        page_count=8,
    )


def performance(department: str, year: int) -> ParsedReport:
    return ParsedReport(
        file=f"{department}{year}绩效.pdf", kind="performance_evaluation",
        department=department, fiscal_year=year,
        figures=[ParsedFigure("self_evaluation_score", "96", page=1)],
        indicators=[
            ParsedIndicator("产出指标", "数量指标", "科技项目验收数", target="≥10个",
                            actual="12个", weight="20", score="20", page=2),
            ParsedIndicator("效益指标", "社会效益指标", "科技成果转化率", target="≥90%",
                            actual="85%", weight="20", score="18",
                            deviation="部分项目延期", page=2),
            ParsedIndicator("满意度指标", "服务对象满意度指标", "企业满意度", target="≥95%",
                            actual="97%", weight="10", score="10", page=3),
        ],
        sections=[ParsedSection("一、部门整体支出绩效目标", "全面完成年度绩效目标。", page=1)],
        page_count=3,
    )


@dataclass
class Corpus:
    science: Department
    education: Department
    science_2023: Report
    science_2021: Report
    science_perf: Report
    education_2023: Report


@pytest.fixture
def corpus(db) -> Corpus:
    science_2023 = report_publish(parsed=final_accounts(SCIENCE, 2023))
    science_2021 = report_publish(parsed=final_accounts(SCIENCE, 2021))
    science_perf = report_publish(parsed=performance(SCIENCE, 2023))
    education = report_publish(parsed=final_accounts(EDUCATION, 2022, science=False))
    # Printed under another name: recorded as an alias of the same department.
    education_2023 = report_publish(
        parsed=final_accounts(EDUCATION_ALIAS, 2023, science=False, scale=2),
        department=education.department,
    )
    return Corpus(science_2023.department, education.department, science_2023, science_2021,
                  science_perf, education_2023)


def grow(corpus: Corpus, count: int = 6) -> None:
    """More reports, to show a page's query count does not grow with the data."""
    for i in range(count):
        name = f"青川市第{i}测试局"
        report_publish(parsed=final_accounts(name, 2022, extra_sections=3))
        report_publish(parsed=performance(name, 2022))
