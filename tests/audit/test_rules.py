"""Each consistency rule: one report that passes it and one that fails it."""

from __future__ import annotations

import dataclasses

import pytest

from core.contract import ParsedLine
from reports.checks import RULES
from tests.audit.builders import findings_of, indicator, publish, rule_ids, table

pytestmark = pytest.mark.django_db

GENERAL = "一般公共预算财政拨款支出决算表"


def general_budget(category_total: str = "100.00", item_total: str = "100.00",
                   total: str = "100.00", basic: str = "60.00") -> object:
    return table(GENERAL, [
        ("206", "科学技术支出", {"合计": category_total, "基本支出": basic, "项目支出": "40.00"}),
        ("20601", "科学技术管理事务",
         {"合计": item_total, "基本支出": "60.00", "项目支出": "40.00"}),
        ("2060101", "行政运行", {"合计": "60.00", "基本支出": "60.00"}),
        ("2060199", "其他科学技术管理事务支出", {"合计": "40.00", "项目支出": "40.00"}),
        (None, "合计", {"合计": total, "基本支出": basic, "项目支出": "40.00"}),
    ])


def test_every_rule_has_an_id_a_name_a_description_a_severity_a_category_and_kinds():
    assert len(RULES) >= 30
    for rule in RULES.values():
        assert rule.severity in ("error", "warning", "info")
        assert rule.category in ("tables", "figures", "years", "performance", "plausibility",
                                 "wording")
        assert rule.name
        assert rule.description
        assert rule.message
        assert set(rule.kinds) <= {"final_accounts", "budget", "performance_evaluation"}


def test_a_budget_rule_and_an_account_rule_apply_where_their_arithmetic_does():
    assert not RULES["years.carryover_chain"].applies_to("budget")
    assert not RULES["figures.balance"].applies_to("budget")
    assert RULES["tables.column_sum"].applies_to("budget")
    assert not RULES["tables.column_sum"].applies_to("performance_evaluation")
    assert RULES["performance.weights_sum"].applies_to("performance_evaluation")


def test_a_statement_table_that_adds_up_has_no_table_findings():
    report = publish(tables=[general_budget()])
    assert [r for r in rule_ids(report) if r.startswith("tables.")] == []


def test_a_total_row_that_is_not_the_sum_of_its_categories_is_an_error():
    report = publish(tables=[general_budget(total="101.00")])
    findings = findings_of(report, "tables.total_sum")
    (finding,) = [f for f in findings if f.evidence["column"] == "合计"]
    assert finding.severity == "error"
    assert finding.evidence["stated"] == "101.00"
    assert finding.evidence["computed"] == "100"
    assert finding.evidence["pages"] == [5]


def test_a_category_that_is_not_the_sum_of_its_items_is_an_error():
    report = publish(tables=[general_budget(category_total="100.50", total="100.50")])
    assert findings_of(report, "tables.category_sum")
    assert not findings_of(report, "tables.item_sum")


def test_an_item_that_is_not_the_sum_of_its_subitems_is_an_error():
    report = publish(tables=[general_budget(item_total="99.00")])
    assert findings_of(report, "tables.item_sum")


def test_basic_plus_project_not_equal_to_the_total_column_is_an_error():
    report = publish(tables=[general_budget(basic="61.00")])
    findings = findings_of(report, "tables.column_sum")
    assert {f.evidence["row"] for f in findings} == {"206 科学技术支出", "合计"}
    assert findings[0].evidence["computed"] == "101"


def test_the_three_public_total_column_adds_its_subtotals_once():
    band = "财政拨款“三公”经费"
    values = {f"{band}/合计/决算数": "10.00", f"{band}/因公出国（境）费/决算数": "1.00",
              f"{band}/公务用车购置及运行维护费/小计/决算数": "6.00",
              f"{band}/公务用车购置及运行维护费/公务用车购置费/决算数": "2.00",
              f"{band}/公务用车购置及运行维护费/公务用车运行维护费/决算数": "4.00",
              f"{band}/公务接待费/决算数": "3.00"}
    good = publish(tables=[table("财政拨款“三公”经费支出决算表", [(None, "", values)])])
    assert not findings_of(good, "tables.column_sum")
    values[f"{band}/公务接待费/决算数"] = "3.50"
    bad = publish(year=2024, tables=[table("财政拨款“三公”经费支出决算表", [(None, "", values)])])
    assert len(findings_of(bad, "tables.column_sum")) == 1


def summary(income: str, expenditure: str, spent: str = "95.00"):
    return table("收入支出决算总表", [
        (None, "本年收入合计", {"收入/决算数": "95.00"}),
        (None, "年初结转和结余", {"收入/决算数": "5.00"}),
        (None, "总计", {"收入/决算数": income}),
        (None, "本年支出合计", {"支出/决算数": spent}),
        (None, "年末结转和结余", {"支出/决算数": "5.00"}),
        (None, "总计", {"支出/决算数": expenditure}),
    ], page=3)


def test_income_total_must_equal_expenditure_total_in_the_summary_table():
    assert not findings_of(publish(tables=[summary("100.00", "100.00")]),
                           "tables.income_equals_expenditure")
    report = publish(year=2024, tables=[summary("100.00", "100.20")])
    (finding,) = findings_of(report, "tables.income_equals_expenditure")
    assert finding.evidence["difference"] == "0.2"  # 支出总计 minus 收入总计


def test_the_same_total_must_agree_in_every_table_that_states_it():
    expenditure = table("支出决算表", [(None, "合计", {"本年支出合计": "95.00",
                                                        "基本支出": "55.00", "项目支出": "40.00"})])
    assert not findings_of(publish(tables=[summary("100.00", "100.00"), expenditure]),
                           "tables.total_across_tables")
    report = publish(year=2024, tables=[summary("100.00", "100.00", spent="96.00"), expenditure])
    (finding,) = findings_of(report, "tables.total_across_tables")
    assert finding.evidence["figure"] == "expenditure_total"


def test_personnel_plus_public_must_equal_basic_expenditure_within_rounding():
    good = publish(figures={"basic_expenditure": "257.08", "personnel_expenditure": "225.24",
                            "public_expenditure": "31.84"})
    assert not findings_of(good, "figures.personnel_public_sum")
    rounded = publish(year=2022, figures={"basic_expenditure": "257.1",
                                          "personnel_expenditure": "225.24",
                                          "public_expenditure": "31.84"})
    assert not findings_of(rounded, "figures.personnel_public_sum")
    bad = publish(year=2024, figures={"basic_expenditure": "965.72",
                                      "personnel_expenditure": "721.2",
                                      "public_expenditure": "244.1"})
    (finding,) = findings_of(bad, "figures.personnel_public_sum")
    assert finding.evidence["computed"] == "965.3"
    assert finding.evidence["difference"] == "0.42"


def test_basic_plus_project_must_equal_the_expenditure_total():
    good = publish(figures={"expenditure_total": "1451.29", "basic_expenditure": "257.08",
                            "project_expenditure": "1194.21"})
    assert not findings_of(good, "figures.basic_project_sum")
    bad = publish(year=2024, figures={"general_budget_expenditure": "1093.54",
                                      "basic_expenditure": "662.53",
                                      "project_expenditure": "430.01"})
    assert findings_of(bad, "figures.basic_project_sum")


def test_the_three_public_total_must_equal_its_parts():
    parts = {"three_public_actual": "38.67", "overseas_travel_actual": "7.9",
             "vehicle_actual": "29.7", "reception_actual": "1.07",
             "vehicle_purchase_actual": "17.98", "vehicle_operation_actual": "11.72"}
    assert not findings_of(publish(figures=parts), "figures.three_public_sum")
    bad = publish(year=2024, figures={**parts, "three_public_actual": "39.67",
                                      "vehicle_operation_actual": "12.72"})
    assert {f.evidence["total"]["key"] for f in findings_of(bad, "figures.three_public_sum")} == {
        "three_public_actual", "vehicle_actual"}


def test_procurement_parts_must_add_up_to_the_procurement_total():
    parts = {"procurement_total": "97.68", "procurement_goods": "16.47",
             "procurement_works": "0.00", "procurement_services": "81.21"}
    assert not findings_of(publish(figures=parts), "figures.procurement_sum")
    bad = publish(year=2024, figures={**parts, "procurement_total": "98.68"})
    assert findings_of(bad, "figures.procurement_sum")


def test_grand_total_must_be_income_plus_carryover():
    figures = {"grand_total": "2541.56", "income_total": "2540.24", "carryover_begin": "1.32",
               "expenditure_total": "2540.24", "carryover_end": "1.32"}
    assert not findings_of(publish(figures=figures), "figures.balance")
    bad = publish(year=2024, figures={**figures, "carryover_end": "2.32"})
    assert len(findings_of(bad, "figures.balance")) == 1


def test_a_figure_in_the_text_must_equal_its_table_cell():
    expenditure = table("支出决算表", [(None, "合计", {"本年支出合计": "95.00",
                                                        "基本支出": "55.00", "项目支出": "40.00"})])
    good = publish(figures={"expenditure_total": "95.00"}, tables=[expenditure])
    assert not findings_of(good, "figures.text_vs_table")
    bad = publish(year=2024, figures={"expenditure_total": "95.10", "basic_expenditure": "55.00"},
                  tables=[expenditure])
    (finding,) = findings_of(bad, "figures.text_vs_table")
    assert finding.evidence["cell"]["table"] == "支出决算表"
    assert finding.evidence["pages"] == [2, 5]


GROWTH_OK = ("2023年度收、支总计1,452.61万元。与上年相比，增加131.77万元，增长9.98%，"
             "主要是因为补发绩效。")
GROWTH_BAD = ("2024年项目支出为6377.44万元，与2023年相比增加1133.55万元，增长17.74%，"
              "变化的主要原因：项目经费增加。")


def test_a_growth_rate_must_follow_from_the_amount_and_the_change_it_states():
    good = publish(sections=[("一、收入支出决算总体情况说明", GROWTH_OK.replace("。与", "，与"))])
    assert not findings_of(good, "figures.stated_percentage")
    bad = publish(year=2024, sections=[("二、一般公共预算支出情况", GROWTH_BAD)])
    (finding,) = findings_of(bad, "figures.stated_percentage")
    assert finding.evidence["stated"] == "17.74"
    assert finding.evidence["computed"] == "21.6166"


def test_a_rate_within_rounding_of_the_printed_digits_is_accepted():
    text = ("公务接待费支出决算为3.63万元，完成预算的100.00%，"
            "与上年相比增加1.07万元，减少增长41.84%。")
    assert not findings_of(publish(sections=[("七、三公经费", text)]), "figures.stated_percentage")


def test_shares_and_completion_rates_must_match_their_figures():
    good = ("2023年度支出合计1,451.29万元，其中：基本支出257.08万元，占17.71%；"
            "项目支出1,194.21万元，占82.29%。"
            "年初预算为28.41万元，支出决算为46.41万元，完成年初预算的163.36%。")
    assert not findings_of(publish(sections=[("三、支出决算情况说明", good)]),
                           "figures.stated_percentage")
    bad = ("2020年度一般公共预算财政拨款支出2540.24万元，主要用于以下方面："
           "一般公共服务支出（类）164.55万元，占6.4%。"
           "年初预算为305.62万元，支出决算为12.05万元，完成年初预算的4.1%。")
    kinds = {f.evidence["kind"] for f in findings_of(
        publish(year=2024, sections=[("五、支出情况", bad)]), "figures.stated_percentage")}
    assert kinds == {"share", "completion"}


def test_weights_must_add_up_to_100_or_90():
    ok = [indicator("甲", "10个", "10个", "50", "50"), indicator("乙", "5个", "5个", "40", "40")]
    assert not findings_of(publish(kind="performance_evaluation", indicators=ok),
                           "performance.weights_sum")
    bad = [indicator("甲", "10个", "10个", "50", "50"), indicator("乙", "5个", "5个", "45", "45")]
    report = publish(year=2024, kind="performance_evaluation", indicators=bad)
    assert findings_of(report, "performance.weights_sum")[0].evidence["computed"] == "95"


def test_scores_must_add_up_to_the_stated_total():
    rows = [indicator("甲", "10个", "10个", "50", "50"), indicator("乙", "5个", "4个", "40", "38",
                                                               deviation="原因：经费不足")]
    good = publish(kind="performance_evaluation", indicators=rows,
                   figures={"self_evaluation_score": "97"})
    assert not findings_of(good, "performance.scores_sum")
    bad = publish(year=2024, kind="performance_evaluation", indicators=rows,
                  figures={"self_evaluation_score": "99"})
    assert findings_of(bad, "performance.scores_sum")


def test_a_score_above_its_weight_is_an_error():
    assert findings_of(publish(kind="performance_evaluation",
                               indicators=[indicator("甲", "10个", "12个", "10", "12")]),
                       "performance.score_over_weight")
    assert not findings_of(publish(year=2024, kind="performance_evaluation",
                                   indicators=[indicator("甲", "10个", "12个", "10", "10")]),
                           "performance.score_over_weight")


def test_a_missed_target_needs_a_deviation_reason():
    explained = indicator("支出占比", "8%", "7.42%", "5", "4", deviation="原因：财政资金状况")
    silent = indicator("满意度", "≥95%", "93%", "10", "10")
    report = publish(kind="performance_evaluation", indicators=[explained, silent])
    (finding,) = findings_of(report, "performance.missed_without_reason")
    assert finding.evidence["indicator"] == "满意度"


def test_the_same_target_and_actual_as_last_year_is_noted():
    rows = [indicator("高新技术企业数", "1300家", "1302家", "10", "10"),
            indicator("工作完成时间", "按时", "按时完成", "10", "10")]
    publish(year=2023, kind="performance_evaluation", indicators=rows)
    changed = [indicator("高新技术企业数", "1300家", "1310家", "10", "10")]
    assert not findings_of(publish(year=2024, kind="performance_evaluation", indicators=changed),
                           "performance.values_repeated")
    report = publish(year=2024, kind="performance_evaluation", indicators=rows)
    (finding,) = findings_of(report, "performance.values_repeated")
    assert finding.severity == "info"


def line(budget: str, actual: str, reason: str = "") -> ParsedLine:
    return ParsedLine("科学技术支出", "科学技术管理事务", "行政运行", budget, actual, "2060101",
                      reason=reason, page=6)


def test_an_execution_rate_far_outside_the_band_needs_a_reason():
    assert not findings_of(publish(lines=[line("100.00", "95.00")]), "plausibility.execution_rate")
    assert not findings_of(publish(year=2022, lines=[line("100.00", "300.00", reason="追加预算")]),
                           "plausibility.execution_rate")
    report = publish(year=2024, lines=[line("100.00", "300.00")])
    (finding,) = findings_of(report, "plausibility.execution_rate")
    assert finding.evidence["rate"] == "300.00"


def test_a_report_level_execution_rate_is_checked_against_the_text():
    figures = {"budget_full_year": "192.31", "budget_executed": "1451.29"}
    assert findings_of(publish(kind="performance_evaluation", figures=figures),
                       "plausibility.execution_rate")
    explained = "全年执行金额1,451.29万元，执行率高的主要原因是年中追加上级专项。"
    assert not findings_of(publish(year=2024, kind="performance_evaluation", figures=figures,
                                   sections=[("六、资金使用", explained)]),
                           "plausibility.execution_rate")


def test_a_date_that_does_not_fit_the_fiscal_year_is_flagged():
    good = ("截至2023年12月31日，共有车辆2辆。本单位组织对2023年度部门整体支出开展了绩效自评。"
            "\n2024年3月15日")
    assert not findings_of(publish(sections=[("十二、说明", good)]),
                           "plausibility.date_out_of_year")
    bad = "本单位组织对 2022年度部门整体支出开展了绩效自评。\n2024年5月15日\n力争2025年底完成。"
    report = publish(year=2024, sections=[("十三、绩效", bad)])
    reasons = {f.evidence["reason"] for f in findings_of(report, "plausibility.date_out_of_year")}
    assert reasons == {"evaluated_year", "signed_early", "deadline"}


def test_a_template_placeholder_left_in_the_text_or_a_table_is_an_error():
    assert not findings_of(publish(sections=[("一、职责", "负责全区科技工作，JG统计口径。")]),
                           "plausibility.placeholder")
    report = publish(year=2024, sections=[("一、职责", "本部门共有XX个内设机构。")],
                     tables=[table(GENERAL, [(None, "合计", {"合计": "XX"})])])
    assert len(findings_of(report, "plausibility.placeholder")) == 2


def test_a_figure_off_by_ten_thousand_is_a_unit_slip():
    expenditure = table("支出决算表", [(None, "合计", {"本年支出合计": "950000.00"})])
    report = publish(figures={"expenditure_total": "95.00"}, tables=[expenditure])
    assert findings_of(report, "plausibility.unit_slip")
    assert not findings_of(report, "figures.text_vs_table")
    big = publish(year=2024,
                  sections=[("一、主要工作", "工业上缴税收合计96877亿元，工业总产值403.3亿元。")])
    (finding,) = findings_of(big, "plausibility.unit_slip")
    assert finding.evidence["printed"] == "96877亿元"
    assert not findings_of(publish(year=2022, figures={"expenditure_total": "95.00"},
                                   sections=[("一、主要工作", "工业总产值403.3亿元。")]),
                           "plausibility.unit_slip")


def test_a_unit_slip_against_last_year_is_flagged():
    publish(year=2022, figures={"expenditure_total": "95.00"})
    report = publish(year=2023, figures={"expenditure_total": "950000.00"})
    assert findings_of(report, "plausibility.unit_slip")


def test_two_sections_with_the_same_text_are_flagged():
    text = ("一是规模工业增加值增长不及预期。今年以来，我区已连续数月有重点企业被国家统计局标记，"
            "累计增加值增速被调低。")
    report = publish(sections=[("七、存在的问题及原因分析", text), ("八、下一步改进措施", text)])
    (finding,) = findings_of(report, "plausibility.duplicate_section")
    assert finding.evidence["section"] == "八、下一步改进措施"
    other = publish(year=2024, sections=[("七、问题", text), ("八、措施", "加强管理。" * 20)])
    assert not findings_of(other, "plausibility.duplicate_section")


def test_a_chapter_copied_with_its_subsections_is_one_finding_about_the_copy():
    first = ("受企业效益下滑影响，复审企业参评积极性不高，"
             "中小企业申报顾虑增加，高企培育数量有较大差距。")
    second = ("因区级财力不足，今年财政科技支出较去年同期下降，"
              "实现全年增速目标任务难度大，需加大投入。")
    chapter = [("（一）创新主体培育难度大", first, 2), ("（二）财政科技支出下滑", second, 2)]
    report = publish(sections=[("七、存在的问题及原因分析", "", 1), *chapter,
                               ("八、下一步改进措施", "", 1), *chapter])
    (finding,) = findings_of(report, "plausibility.duplicate_section")
    assert finding.evidence["unit"] == "chapter"
    assert finding.evidence["section"] == "八、下一步改进措施"


def test_a_rule_that_fails_on_odd_data_does_not_stop_publishing(monkeypatch, caplog):
    def broken(ctx):
        raise ZeroDivisionError("odd data")
        yield

    rule = RULES["figures.procurement_sum"]
    monkeypatch.setitem(RULES, rule.id, dataclasses.replace(rule, func=broken))
    report = publish(figures={"basic_expenditure": "965.72", "personnel_expenditure": "721.2",
                              "public_expenditure": "244.1"})
    assert rule_ids(report) == ["figures.personnel_public_sum"]
    assert "figures.procurement_sum failed" in caplog.text


def test_a_category_must_have_the_same_amount_in_every_table_that_states_it():
    summary_rows = [(None, "八、社会保障和就业支出", {"支出/决算数": "326.71"})]
    detail = [("208", "社会保障和就业支出", {"本年支出合计": "326.71"})]
    good = publish(tables=[table("收入支出决算总表", summary_rows), table("支出决算表", detail)])
    assert not findings_of(good, "tables.category_across_tables")
    detail = [("208", "社会保障和就业支出", {"本年支出合计": "326.72"})]
    bad = publish(year=2024, tables=[table("收入支出决算总表", summary_rows),
                                     table("支出决算表", detail)])
    (finding,) = findings_of(bad, "tables.category_across_tables")
    assert finding.evidence["category"] == "社会保障和就业支出"


def test_the_putuo_gold_tables_raise_exactly_the_inconsistencies_its_notes_list(shared):
    import json

    from core.contract import ParsedReport, ParsedRow, ParsedTable
    from ingest.services import report_publish

    data = json.loads((shared / "gold" / "final2024_putuo_caizhengju_dept.json").read_text())
    parsed = ParsedReport(
        file="putuo", kind=data["kind"], department=data["department"],
        fiscal_year=data["fiscal_year"],
        tables=[ParsedTable(t["title"], [ParsedRow(r["code"], r["name"], r["values"])
                                         for r in t["rows"]],
                            # The two empty tables print 注：…故本表无数据 under them.
                            note="" if t["rows"] else "注：…故本表无数据。")
                for t in data["tables"]])
    report = report_publish(parsed=parsed)
    found = {(f.rule_id, f.evidence.get("row") or f.evidence.get("category"))
             for f in report.findings.all()}
    # NOTES §8.1: 326.71 in both 总表, 326.72 in the detail tables.
    assert ("tables.category_across_tables", "社会保障和就业支出") in found
    # §8.2: the detail tables' 合计 is 0.01 below their 类 rows (three tables, six columns).
    assert report.findings.filter(rule_id="tables.total_sum").count() == 6
    # §8.3: 301 and 302 of the 基本支出表 differ from their 款.
    assert {f[1] for f in found if f[0] == "tables.category_sum"} == {
        "301 工资福利支出", "302 商品和服务支出"}
    # "every 款 = Σ项; every row total = Σ its columns": nothing else.
    assert {f[0] for f in found} == {"tables.category_across_tables", "tables.total_sum",
                                     "tables.category_sum"}


def test_a_total_column_counts_a_part_printed_only_as_its_subcolumns():
    values = {"本年支出/预算数/合计": "100.00", "本年支出/预算数/基本支出/人员经费": "50.00",
              "本年支出/预算数/基本支出/公用经费": "20.00", "本年支出/预算数/项目支出": "30.00"}
    title = "预算单位财务收支预算总表"
    good = publish(kind="budget", tables=[table(title, [(None, "一、一般公共服务支出", values)])])
    assert not findings_of(good, "tables.column_sum")
    values["本年支出/预算数/项目支出"] = "31.00"
    bad = publish(year=2024, kind="budget",
                  tables=[table(title, [(None, "一、一般公共服务支出", dict(values))])])
    assert findings_of(bad, "tables.column_sum")


FUND_TABLE = "政府性基金预算财政拨款支出预算表"


@pytest.mark.parametrize(("text", "found"), [
    # The section on the fund says there is none: the empty table is explained.
    ("2025年政府性基金支出预算支出0万元，与上年相比增加（减少）0万元。主要原因是本部门无此项支出。",
     False),
    ("本单位2025年没有政府性基金预算拨款收入，也没有使用政府性基金预算拨款安排的支出。", False),
    # It states a budget the table should then show, or says nothing of an absence.
    ("政府性基金预算年初预算为0.95万元，当年无此项支出。", True),
    ("政府性基金预算支出情况见下表。", True),
])
def test_an_empty_table_is_explained_by_its_sections_saying_there_is_nothing(text, found):
    report = publish(kind="budget", tables=[table(FUND_TABLE, [])],
                     sections=[("十、政府性基金预算支出预算情况说明", text)])
    assert bool(findings_of(report, "tables.empty_without_note")) is found
