import json

from core.contract import (
    KINDS,
    ParsedFigure,
    ParsedIndicator,
    ParsedLine,
    ParsedReport,
    ParsedRow,
    ParsedSection,
    ParsedTable,
    report_from_contract,
)


def _report() -> ParsedReport:
    return ParsedReport(
        file="a.pdf", kind="final_accounts", department="某区财政局", fiscal_year=2024,
        figures=[ParsedFigure("income_total", "1451.29", source="本年收入合计1,451.29万元")],
        expenditure_lines=[ParsedLine("一般公共服务支出", "财政事务", "行政运行", "10.5", "9.8",
                                      code="2010601", reason="人员减少", page=7)],
        tables=[ParsedTable("收入支出决算总表", [ParsedRow(None, "总计", {"收入/决算数": "3.1"})])],
        indicators=[ParsedIndicator("产出指标", "数量指标", "培训人次", "100", "120", "10", "10")],
        sections=[ParsedSection("一、部门职责", "负责……")],
        warnings=["注意"],
    )


def test_a_contract_line_reads_back_into_the_same_contract_line():
    line = json.loads(json.dumps(_report().to_contract(), ensure_ascii=False))
    assert report_from_contract(line).to_contract() == line


def test_the_contract_leaves_out_what_only_the_save_service_needs():
    line = _report().to_contract()
    assert "reason" not in line["expenditure_lines"][0]
    assert "page" not in line["indicators"][0]
    assert line["figures"] == {"income_total": "1451.29"}


def test_the_three_kinds_are_the_contracts():
    assert KINDS == ("final_accounts", "performance_evaluation", "budget")


def test_a_whole_parsed_report_reads_back_from_its_dict():
    from dataclasses import asdict

    from core.contract import report_from_dict

    report = _report()
    report.tables[0].verified = False
    report.tables[0].unbalanced = ["总计 · 收入/决算数 3.1 != 3 (rows)"]
    report.tables[0].note = "注：本表无数据。"
    data = json.loads(json.dumps(asdict(report), ensure_ascii=False))
    assert report_from_dict(data) == report
