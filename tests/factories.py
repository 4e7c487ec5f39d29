"""Small builders for test data through the real services."""

from __future__ import annotations

from core.contract import (
    ParsedFigure,
    ParsedIndicator,
    ParsedLine,
    ParsedReport,
    ParsedRow,
    ParsedSection,
    ParsedTable,
)


def parsed_report(
    department: str = "青川市临江区科学技术局",
    year: int = 2023,
    kind: str = "final_accounts",
    **figures: str,
) -> ParsedReport:
    figures = figures or {"expenditure_total": "1451.29", "basic_expenditure": "257.08"}
    return ParsedReport(
        file="test.pdf",
        kind=kind,
        department=department,
        fiscal_year=year,
        figures=[
            ParsedFigure(key=k, value=v, source=f"{k} {v}万元", page=3) for k, v in figures.items()
        ],
        expenditure_lines=[
            ParsedLine(category="科学技术支出", item="科学技术管理事务", subitem="行政运行",
                       budget="163.90", actual="154.80", code="2060101", page=5)
        ],
        tables=[
            ParsedTable(
                title="一般公共预算财政拨款支出决算表",
                page=6,
                rows=[
                    ParsedRow(code="206", name="科学技术支出",
                              values={"合计": "154.80", "基本支出": "154.80"}),
                    ParsedRow(code="20601", name="科学技术管理事务", values={"合计": "154.80"}),
                    ParsedRow(code="2060101", name="行政运行", values={"合计": "154.80"}),
                ],
            )
        ],
        indicators=[
            ParsedIndicator(level1="产出指标", level2="数量指标", level3="科技项目数",
                            target="≥10个", actual="12个", weight="10", score="10")
        ],
        sections=[ParsedSection(heading="一、部门职责", text="负责全区科技工作。", page=2)],
        page_count=8,
    )
