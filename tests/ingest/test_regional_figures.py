"""Figures worded as other provinces word them (invented sentences, not report text).

Each case is a section heading, a sentence, and the figures it states, no more.
"""

import re

import pytest

from core.contract import ParsedRow, ParsedTable
from ingest.extract.figures import extract_figures
from ingest.extract.sections import extract_sections
from ingest.readers.text import parse_text

FINAL = "某市某局\n2024年度部门决算\n"
PERFORMANCE = "某县某局2024年度部门整体支出绩效自评报告\n"
BUDGET = "某市某局2025年部门预算\n"


def figures_of(text):
    document = parse_text(text)
    figures, _ = extract_figures(document, sections=extract_sections(document), tables=[])
    return {f.key: f.value for f in figures}


CASES = {
    "totals_and_carryover": (
        "一、收入支出决算总体情况说明\n本年收入合计500万元，使用非财政拨款结余0万元，"
        "年初结转和结余100万元，收入总计600万元；本年支出合计480万元，"
        "年末结转和结余120万元，支出总计600万元。",
        {"grand_total": "600", "income_total": "500", "expenditure_total": "480",
         "carryover_begin": "100", "carryover_end": "120"},
    ),
    "income_without_heji_and_share": (
        "一、收入决算情况说明\n本年收入400万元，其中：财政拨款收入350.25万元，"
        "占本年收入合计的87.56%；其他收入49.75万元。",
        {"income_total": "400", "fiscal_appropriation_income": "350.25"},
    ),
    "expenditure_without_heji_and_share": (
        "一、支出决算情况说明\n本年支出380万元，其中：基本支出300万元，占本年支出合计的78.95%；"
        "项目支出80万元，占21.05%。",
        {"expenditure_total": "380", "basic_expenditure": "300", "project_expenditure": "80"},
    ),
    "personnel_and_public_together": (
        "一、一般公共预算财政拨款基本支出决算情况说明\n基本支出300万元，其中：人员经费250.5万元，"
        "主要包括基本工资、津贴补贴；公用经费49.5万元，主要包括办公费、印刷费。",
        {"basic_expenditure": "300", "personnel_expenditure": "250.5",
         "public_expenditure": "49.5"},
    ),
    "three_public_ascii_quotes": (
        '一、"三公"经费支出情况\n"三公"经费财政拨款支出决算为12.5万元，预算为15万元。',
        {"three_public_actual": "12.5", "three_public_budget": "15"},
    ),
    "three_public_single_quotes_and_split_vehicle": (
        "一、‘三公’经费支出情况\n‘三公’经费支出决算为12.5万元，其中：因公出国(境)费用0万元，"
        "公务接待费2.5万元，公务用车购置费5万元、公务用车运行维护费5万元。",
        {"three_public_actual": "12.5", "overseas_travel_actual": "0",
         "reception_actual": "2.5", "vehicle_purchase_actual": "5",
         "vehicle_operation_actual": "5"},
    ),
    "three_public_budget_and_actual_per_item": (
        "一、三公经费\n“三公”经费财政拨款支出预算为10万元，决算为8万元。其中：因公出国（境）费"
        "预算0万元，决算0万元；公务接待费预算2万元，决算1.5万元；公务用车购置及运行维护费"
        "预算8万元，决算6.5万元。",
        {"three_public_budget": "10", "three_public_actual": "8",
         "overseas_travel_budget": "0", "overseas_travel_actual": "0",
         "reception_budget": "2", "reception_actual": "1.5",
         "vehicle_budget": "8", "vehicle_actual": "6.5"},
    ),
    "three_public_full_year_budget_of_the_national_template": (
        "一、财政拨款“三公”经费支出决算情况说明\n财政拨款“三公”经费支出全年预算为10万元，"
        "支出决算为8万元，完成全年预算的80%。",
        {"three_public_budget": "10", "three_public_actual": "8"},
    ),
    "three_public_items_each_with_its_full_year_budget": (
        "一、三公经费\n1.因公出国（境）费支出0万元，全年预算为0万元。\n"
        "2.公务用车购置及运行维护费支出5万元，全年预算为6万元。其中：公务用车购置费0万元；"
        "公务用车运行维护费5万元。\n3.公务接待费支出3万元，全年预算为4万元。国内公务接待20批次，"
        "200人次（不包括陪同人员）。",
        {"overseas_travel_actual": "0", "overseas_travel_budget": "0",
         "vehicle_actual": "5", "vehicle_budget": "6", "vehicle_purchase_actual": "0",
         "vehicle_operation_actual": "5", "reception_actual": "3", "reception_budget": "4",
         "reception_groups": "20", "reception_visitors": "200"},
    ),
    "meeting_and_training_with_counts_beside": (
        "一、一般性支出情况说明\n本部门开支会议费1.2万元，用于召开3个会议，参加人数120人；"
        "开支培训费2.5万元，用于开展培训5次，培训人数300人。",
        {"meeting_fee": "1.2", "training_fee": "2.5"},
    ),
    "vehicle_yunwei_abbreviation": (
        "一、三公经费\n公务用车购置及运维费支出4万元，其中：公务用车购置费0万元，"
        "公务用车运维费4万元。",
        {"vehicle_actual": "4", "vehicle_purchase_actual": "0",
         "vehicle_operation_actual": "4"},
    ),
    "reception_counts": (
        "一、三公经费\n全年公务接待共12批次、150人次。",
        {"reception_groups": "12", "reception_visitors": "150"},
    ),
    "operating_expenses_decision_number": (
        "一、机关运行经费支出情况\n本部门机关运行经费支出决算数为15.6万元，比年初预算数减少1万元。",
        {"operating_expenses": "15.6"},
    ),
    "procurement_contract_total_and_sme_share": (
        "一、政府采购支出情况\n政府采购合同金额总计100万元，其中：政府采购货物支出50万元、"
        "政府采购工程支出30万元、政府采购服务支出20万元。授予中小企业合同金额80万元，"
        "占政府采购支出总额的80%，其中授予小微企业合同金额60万元。",
        {"procurement_total": "100", "procurement_goods": "50", "procurement_works": "30",
         "procurement_services": "20", "procurement_sme": "80"},
    ),
    "vehicles_count": (
        "一、国有资产占有使用情况\n截至2024年12月31日，本部门共有车辆5辆，其中：一般公务用车3辆。",
        {"vehicles": "5"},
    ),
    "official_cars_when_no_other_vehicles_are_counted": (
        "一、国有资产占有使用情况\n截至2024年12月31日，本部门共有公务用车3辆。",
        {"vehicles": "3"},
    ),
    "all_vehicles_win_over_the_official_cars_among_them": (
        "一、国有资产占有使用情况\n本部门共有车辆5辆，其中：一般公务用车3辆，执法执勤用车2辆。"
        "公务用车支出2万元。",
        {"vehicles": "5"},
    ),
    "staff_counts": (
        "一、部门基本情况\n本部门人员编制25人，实有人数23人，退休人员8人。",
        {"staff_authorized": "25", "staff_actual": "23", "retirees": "8"},
    ),
    "staff_by_kind_of_post_is_not_the_total": (
        "一、部门基本情况\n核定行政编制15名，事业编制10名，在职人员23人，离退休人员9人。",
        {"staff_actual": "23"},
    ),
    "yuan_with_thousands_separators": (
        "一、机关运行经费\n机关运行经费支出1,234,567.89元。",
        {"operating_expenses": "123.456789"},
    ),
    "shouzhi_zonge": (
        "一、收入支出决算总体情况说明\n本部门收支总额800万元，其中财政拨款收支总额700万元。",
        {"grand_total": "800"},
    ),
    "zero_without_unit": (
        "一、三公经费\n“三公”经费支出决算为8万元。其中：因公出国（境）费用支出为0，"
        "公务接待费支出决算为1.5万元，接待增长率为0。",
        {"three_public_actual": "8", "overseas_travel_actual": "0", "reception_actual": "1.5"},
    ),
    "yi_yuan": (
        "一、收入支出决算总体情况说明\n收支总计1.2亿元。",
        {"grand_total": "12000"},
    ),
    "full_width_digits_and_commas": (
        "一、收入支出决算总体情况说明\n收入总计１，２３４．５６万元。",
        {"grand_total": "1234.56"},
    ),
    "number_broken_across_lines": (
        "一、收入支出决算总体情况说明\n收入总计1,23\n4.56万元，支出总计1,234.56万元。",
        {"grand_total": "1234.56"},
    ),
    "general_budget_initial_and_actual": (
        "一、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出年初预算为300万元，"
        "支出决算为280万元，完成年初预算的93.33%。",
        {"general_budget_initial": "300", "general_budget_expenditure": "280"},
    ),
    "vehicle_operation_without_fee": (
        "一、三公经费支出决算情况说明\n公务用车购置及运行费支出3.98万元。其中：公务用车购置支出0万元，"
        "公务用车运行支出3.98万元。",
        {"vehicle_actual": "3.98", "vehicle_purchase_actual": "0",
         "vehicle_operation_actual": "3.98"},
    ),
    "procurement_by_class": (
        "一、政府采购支出情况\n政府采购支出总额17000元，其中：货物类采购10000元，"
        "工程类采购0元，服务类采购7000元。",
        {"procurement_total": "1.7", "procurement_goods": "1", "procurement_works": "0",
         "procurement_services": "0.7"},
    ),
    "budget_total_in_a_final_account_is_not_the_grand_total": (
        "一、收入支出决算总体情况说明\n本部门收支总预算为800万元。",
        {},
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_final_account_wordings(name):
    text, want = CASES[name]
    assert figures_of(FINAL + text + "\n") == want


def test_a_budget_reads_every_amount_as_a_budget():
    text = BUDGET + (
        "一、收支预算总体情况\n2025年度收入、支出预算总计500万元，与上年相比增加20万元。\n"
        "二、“三公”经费预算情况\n“三公”经费预算数为10万元，其中：因公出国（境）费0万元，"
        "公务接待费2万元，公务用车购置及运行维护费8万元。\n"
        "三、机关运行经费\n机关运行经费预算为30万元。\n"
    )
    assert figures_of(text) == {
        "grand_total": "500", "three_public_budget": "10", "overseas_travel_budget": "0",
        "reception_budget": "2", "vehicle_budget": "8", "operating_expenses": "30"}


def test_a_budgets_spending_on_one_kind_of_cost_is_not_its_spending_budget():
    text = BUDGET + (
        "一、“三公”经费预算情况说明\n2025年一般公共预算“三公”经费支出预算为328.7万元，"
        "比2024年预算减少17.3万元。其中：因公出国（境）费支出预算为10万元，公务接待费支出预算"
        "为240万元，公务用车购置及运行费支出预算为78.7万元。\n"
    )
    assert figures_of(text) == {
        "three_public_budget": "328.7", "overseas_travel_budget": "10",
        "reception_budget": "240", "vehicle_budget": "78.7"}


@pytest.mark.parametrize("parts", [
    "社会保障和就业支出预算170万元，卫生健康支出预算30万元，交通运输支出700万元",
    "工资福利支出预算700万元，商品和服务支出预算180万元，对个人和家庭补助支出预算20万元",
])
def test_a_budgets_spending_by_category_is_not_its_spending_budget(parts):
    text = BUDGET + f"一、收支总体情况\n支出预算：2025年年初预算数900万元，其中：{parts}。\n"
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert ({f.key: f.value for f in figures}, warnings) == ({"expenditure_total": "900"}, [])


def test_a_budgets_income_budget_total_is_its_grand_total_and_a_funds_is_not():
    text = BUDGET + (
        "一、部门收支总体情况\n2025年部门收入预算总计5,000万元。1.财政拨款收入预算总计4,700万元。"
        "2.财政专户管理资金收入预算总计0万元。\n"
    )
    assert figures_of(text) == {"grand_total": "5000", "fiscal_appropriation_income": "4700"}


def test_a_budgets_vehicles_are_those_held_at_the_end_of_the_year_before_not_those_to_add():
    text = BUDGET + (
        "一、国有资产占用情况\n截至2024年底，本部门共有车辆6辆。2025年拟新增配置车辆0辆。\n")
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert ({f.key: f.value for f in figures}, warnings) == ({"vehicles": "6"}, [])


def test_the_budget_total_of_a_budget_is_its_grand_total():
    assert figures_of(BUDGET + "一、收支预算总体情况\n本部门2025年度收支总预算800万元。\n") == {
        "grand_total": "800"}


def test_the_appropriations_own_budget_total_is_not_the_grand_total():
    text = (BUDGET + "一、收支预算总体情况\n本部门2025年度收支总预算800万元。\n"
            "二、财政拨款收支预算总体情况\n本部门2025年度财政拨款收支总预算750万元。\n")
    assert figures_of(text) == {"grand_total": "800"}


def test_a_budgets_bare_income_and_spending_budgets_are_its_years_totals():
    text = BUDGET + (
        "一、收支预算总体情况\n2025年，某市某局收入预算900万元，其中：财政拨款收入850万元；"
        "事业收入50万元。支出预算900万元，其中：财政拨款支出预算850万元。财政拨款支出预算中，"
        "一般公共预算拨款支出预算850万元；政府性基金拨款支出预算0万元。\n"
    )
    found = figures_of(text)
    assert (found["income_total"], found["expenditure_total"]) == ("900", "900")


def test_a_budgets_bare_income_budget_gives_way_to_the_years_own():
    """收入预算 may include 上年结转: the year's own income budget, stated beside it, wins."""
    text = BUDGET + (
        "一、收支预算总体情况\n我校2025年收入预算900万元（本年收入预算700万元），"
        "支出预算900万元（本年支出预算800万元）。\n"
    )
    found = figures_of(text)
    assert (found["income_total"], found["expenditure_total"]) == ("700", "800")


@pytest.mark.parametrize("sentence", [
    "年初预算数为520万元，全年预算数（调整后预算）为560万元，全年执行数为548万元。",
    "部门预算资金总额：年初预算520万元，全年预算560万元，全年执行548万元。",
    "2024年度部门年初预算数520万元，调整后预算数560万元，预算执行数548万元，预算执行率97.86%。",
    "部门整体支出年初预算520万元，全年调整预算560万元，全年实际支出548万元。",
    "部门整体支出预算执行情况：年初预算数520万元，调整预算数560万元，实际支出数548万元。",
])
def test_a_self_evaluations_funds_are_read_however_the_measures_are_worded(sentence):
    found = figures_of(PERFORMANCE + "一、部门预算情况\n" + sentence + "\n")
    assert found == {"budget_initial": "520", "budget_full_year": "560", "budget_executed": "548"}


@pytest.mark.parametrize(("heading", "sentence"), [
    ("二、项目支出绩效情况", "该项目年初预算数80万元，调整后预算数90万元，全年执行数88万元。"),
    ("二、项目支出绩效情况", "农村道路养护项目全年预算数90万元，全年执行数88万元。"),
    ("（一）农村道路养护项目", "年初预算数80万元，全年预算数90万元，全年执行数88万元。"),
    ("（二）项目支出绩效情况", "年初预算数80万元，全年预算数90万元，全年执行数88万元。"),
])
def test_a_projects_funds_in_a_self_evaluation_are_never_the_units(heading, sentence):
    """A 部门整体 report also states its projects' funds: the unit's are its own sentence's,
    and where it states none, a project's are not taken for them."""
    unit = "一、部门预算情况\n部门年初预算数500万元，全年预算数520万元，全年执行数510万元。\n"
    project = f"{heading}\n{sentence}\n"
    assert figures_of(PERFORMANCE + project) == {}
    document = parse_text(PERFORMANCE + unit + project)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert {f.key: f.value for f in figures} == {
        "budget_initial": "500", "budget_full_year": "520", "budget_executed": "510"}
    assert warnings == []  # no conflict with the project's amounts


@pytest.mark.parametrize(("sentence", "score"), [
    ("经自评，本部门整体支出绩效自评得分为95.5分，评价等级为“优”。", "95.5"),
    ("本部门整体支出绩效自评综合得分92分，等级为优。", "92"),
    ("根据评价指标体系，本部门自评总得分为92分。", "92"),
    ("本次自评最终得分90.5分。", "90.5"),
    ("部门整体支出绩效评价得分91分，其中重点项目评价得分88分。", "91"),
])
def test_self_evaluation_score_wordings(sentence, score):
    found = figures_of(PERFORMANCE + "一、自评结论\n" + sentence + "\n")
    assert found == {"self_evaluation_score": score}


def test_the_total_row_of_the_indicator_table_gives_the_score():
    text = PERFORMANCE + "一、自评结论\n本部门按要求开展了自评。\n" + "\n".join([
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因",
        "产出指标\t数量指标\t培训人数\t100人\t98人\t10\t9\t部分缺席",
        "合计\t\t\t\t\t100\t93.5\t",
    ]) + "\n"
    assert figures_of(text) == {"self_evaluation_score": "93.5"}


def test_the_procurement_budget_of_a_budget_is_its_procurement_total():
    text = BUDGET + (
        "一、政府采购预算情况\n2025年本部门政府采购预算100万元，其中：政府采购货物预算20万元、"
        "政府采购工程预算30万元、政府采购服务预算50万元。\n"
    )
    assert figures_of(text) == {"procurement_total": "100", "procurement_goods": "20",
                                "procurement_works": "30", "procurement_services": "50"}


def test_a_procurement_budget_in_a_final_account_is_not_the_procurement_total():
    text = FINAL + "一、政府采购支出情况\n政府采购预算120万元，政府采购支出总额100万元。\n"
    assert figures_of(text) == {"procurement_total": "100"}


def test_operating_expenses_worded_as_jiguan_yunxing_feiyong():
    text = FINAL + "一、机关运行经费支出情况\n本部门机关运行费用支出20.5万元。\n"
    assert figures_of(text) == {"operating_expenses": "20.5"}


def test_a_budgets_income_and_expenditure_totals_are_worded_as_budgets():
    text = BUDGET + (
        "一、收入预算情况\n2025年本部门收入预算合计2,000.00万元。\n"
        "二、支出预算情况\n2025年本部门支出预算合计2,000.00万元，其中：基本支出1,200.00万元。\n"
    )
    assert figures_of(text) == {"income_total": "2000.00", "expenditure_total": "2000.00",
                                "basic_expenditure": "1200.00"}


def test_figures_before_any_heading_are_read():
    text = "某县某局\n2023年度部门决算\n本部门2023年度收入总计1,000.00万元。\n"
    assert figures_of(text) == {"grand_total": "1000.00"}


def test_cars_bought_in_the_year_and_one_kind_of_car_are_no_count_of_the_cars_held():
    text = FINAL + (
        "一、公务用车购置及运行维护费\n2024年更新购置公务用车0辆，车辆购置支出0万元。"
        "截至2024年12月底，单位共有公务用车7辆，其中：一般公务用车5辆，特种专业技术用车2辆。\n"
    )
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert ({f.key: f.value for f in figures}, warnings) == ({"vehicles": "7"}, [])


def test_the_foreign_receptions_groups_and_visitors_are_no_second_count_of_all_receptions():
    text = FINAL + (
        "一、公务接待费\n2024年国内公务接待批次40个，接待人次300人；"
        "国（境）外公务接待批次2个，接待人次9人。\n"
    )
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert ({f.key: f.value for f in figures}, warnings) == (
        {"reception_groups": "40", "reception_visitors": "300"}, [])


@pytest.mark.parametrize("aside", ["（“三公”经费）", "（以下简称“三公”经费）"])
def test_a_list_of_costs_named_by_an_aside_states_the_aside_not_its_last_cost(aside):
    text = FINAL + (
        "一、“三公”经费支出决算情况\n本部门因公出国（境）经费、公务接待费、公车购置费，公车运行费"
        f"{aside}决算总额30万元，比上年下降2%。其中：公务用车运行费决算12万元。\n"
    )
    assert figures_of(text) == {"three_public_actual": "30", "vehicle_operation_actual": "12"}


def test_the_budget_a_cost_completed_is_that_costs_budget_not_the_units_full_year_budget():
    text = FINAL + (
        "一、“三公”经费支出决算情况\n“三公”经费财政拨款支出决算为40万元，完成全年预算50万元的80%，"
        "比上年决算数增加5万元。其中：公务接待费支出决算为10万元，完成预算20万元的50%。\n"
    )
    assert figures_of(text) == {"three_public_actual": "40", "three_public_budget": "50",
                                "reception_actual": "10", "reception_budget": "20"}


def test_the_initial_budget_a_general_budget_completed_is_its_initial_budget():
    text = FINAL + (
        "一、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出决算为280万元，"
        "完成年初预算300万元的93.33%。\n"
    )
    assert figures_of(text) == {"general_budget_expenditure": "280",
                                "general_budget_initial": "300"}


def test_the_general_budgets_spending_worded_as_a_zongji_is_its_spending():
    text = FINAL + (
        "一、一般公共预算财政拨款支出决算情况\n2024年度，本单位一般公共预算财政拨款支出总计"
        "640.5万元，与上年相比减少20万元，降低3.03%。\n"
    )
    assert figures_of(text) == {"general_budget_expenditure": "640.5"}


def test_a_comparison_with_last_year_before_a_figure_does_not_make_it_last_years():
    text = BUDGET + (
        "一、“三公”经费预算情况\n“三公”经费预算数为30万元，与2024年预算持平：一、2025年因公出国（境）"
        "费预算6万元，与2024年预算相比增加6万元；二、2025年公务接待费预算4万元。\n"
    )
    assert figures_of(text) == {"three_public_budget": "30", "overseas_travel_budget": "6",
                                "reception_budget": "4"}


def test_a_figure_stated_for_last_year_is_still_not_this_years():
    text = FINAL + "一、“三公”经费支出情况\n与上年相比有所下降，2023年公务接待费决算为4万元。\n"
    assert figures_of(text) == {}


def test_a_budget_arranged_for_a_cost_is_that_costs_budget():
    text = BUDGET + (
        "一、“三公”经费预算情况\n2025年一般公共预算“三公”经费预算安排30万元，与2024年预算持平。\n")
    assert figures_of(text) == {"three_public_budget": "30"}


@pytest.mark.parametrize(("sentence", "want"), [
    ("现单位实有在职在编人员16名，退休职工6名。", {"staff_actual": "16", "retirees": "6"}),
    ("本单位在职人员20人，离退休20人。", {"staff_actual": "20"}),
])
def test_retired_staff_are_counted_however_worded_and_not_with_those_retired_before_1949(
        sentence, want):
    assert figures_of(FINAL + "一、部门基本情况\n" + sentence + "\n") == want


def test_the_units_own_income_and_spending_are_its_years_totals():
    text = FINAL + (
        "一、收入决算情况\n2024年度，本单位收入为500万元，其中：财政拨款收入450万元。\n"
        "二、支出决算情况\n2024年度，本单位支出为520万元。其中：基本支出400万元。\n"
    )
    assert figures_of(text) == {"income_total": "500", "fiscal_appropriation_income": "450",
                                "expenditure_total": "520", "basic_expenditure": "400"}


def test_the_units_equal_income_and_spending_say_no_total_they_do_not_name():
    text = FINAL + "一、收入支出决算总体情况\n2024年度本部门收入、支出均为1000万元。\n"
    assert figures_of(text) == {}


def test_the_units_own_income_budget_still_gives_way_to_the_years_own():
    text = BUDGET + (
        "一、收支预算总体情况\n本单位收入预算900万元（本年收入预算700万元）。\n")
    assert figures_of(text) == {"income_total": "700"}


def test_the_three_public_costs_of_both_budgets_together_are_the_units():
    text = FINAL + (
        "一、“三公”经费支出决算情况说明\n2024年度一般公共预算及政府性基金财政拨款“三公”经费支出"
        "预算为8万元，支出决算为7.5万元，完成预算的93.75%。\n"
    )
    assert figures_of(text) == {"three_public_budget": "8", "three_public_actual": "7.5"}


def test_a_headcount_that_lists_the_retirees_among_it_is_no_count_of_the_staff():
    text = FINAL + ("一、机构设置及人员情况\n"
                    "实有人数30人，其中：在职人员24人，离休人员0人，退休人员6人。\n")
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert ({f.key: f.value for f in figures}, warnings) == (
        {"staff_actual": "24", "retirees": "6"}, [])



@pytest.mark.parametrize(("sentence", "want"), [
    ("2024年度财政拨款收入合计500万元，财政拨款支出合计480万元。",
     {"fiscal_appropriation_income": "500"}),
    ("2024年度事业收入合计50万元，其他收入合计10万元。", {}),
    ("一般公共预算财政拨款支出合计300万元。", {"general_budget_expenditure": "300"}),
])
def test_a_parts_total_is_that_parts_not_the_units_income_or_spending(sentence, want):
    assert figures_of(FINAL + "一、收入支出决算情况\n" + sentence + "\n") == want


def test_income_and_spending_totals_with_the_measure_inside_the_term_are_the_years_totals():
    text = FINAL + (
        "一、收入支出决算情况\n本部门2024年度收入决算合计850万元，其中：财政拨款收入800万元。"
        "本部门2024年度支出决算合计840万元。\n"
    )
    assert figures_of(text) == {"income_total": "850", "fiscal_appropriation_income": "800",
                                "expenditure_total": "840"}


def test_the_unit_of_a_reception_count_says_whether_it_counts_groups_or_visitors():
    text = FINAL + "一、公务接待费\n公务接待费支出2万元，全年共接待国内外来宾20批次，150人次。\n"
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert ({f.key: f.value for f in figures}, warnings) == (
        {"reception_actual": "2", "reception_groups": "20", "reception_visitors": "150"}, [])


def test_the_general_budgets_spending_without_caizheng_is_its_spending():
    text = BUDGET + (
        "一、一般公共预算支出预算情况\n2025年一般公共预算拨款支出800万元，占本年支出合计的88.89%，"
        "比上年增加60万元。\n")
    assert figures_of(text) == {"general_budget_expenditure": "800"}


@pytest.mark.parametrize(("sentence", "want"), [
    ("2025年本部门政府采购预算总额50万元，其中：货物采购预算20万元，工程采购预算0万元，"
     "服务采购预算30万元。",
     {"procurement_total": "50", "procurement_goods": "20", "procurement_works": "0",
      "procurement_services": "30"}),
    ("2025年本部门政府采购预算总额50万元，主要用于维修工程采购10万元、印刷服务采购5万元。",
     {"procurement_total": "50"}),
])
def test_a_budgets_procurement_by_class_names_the_class_alone_never_an_item(sentence, want):
    assert figures_of(BUDGET + "一、政府采购预算情况\n" + sentence + "\n") == want


def test_an_aside_after_one_cost_alone_does_not_rename_it():
    text = FINAL + "一、机关运行经费支出情况\n本部门机关运行经费（公用经费）支出20万元。\n"
    assert figures_of(text) == {"operating_expenses": "20"}


def test_the_total_spent_on_one_kind_of_cost_is_not_the_units_spending():
    text = FINAL + (
        "一、“三公”经费增减情况说明\n2024年本部门财政预算拨款“三公”经费支出合计35万元，"
        "比上年减少2.28万元。会议费支出合计3万元。\n")
    assert figures_of(text) == {"three_public_actual": "35", "meeting_fee": "3"}


@pytest.mark.parametrize(("sentence", "want"), [
    ("2024年“三公”经费支出总计35万元。", {"three_public_actual": "35"}),
    ("2024年基本支出总计300万元，项目支出总计200万元。",
     {"basic_expenditure": "300", "project_expenditure": "200"}),
    ("2024年事业收入总计50万元。", {}),
    ("2024年度本单位收入总计1000万元。", {"grand_total": "1000"}),
])
def test_a_parts_zongji_is_that_parts_not_the_units_grand_total(sentence, want):
    assert figures_of(FINAL + "一、收入支出决算情况\n" + sentence + "\n") == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("2024年度本部门“三公”经费一般公共预算财政拨款支出8万元，比年初预算减少2万元。",
     {"three_public_actual": "8"}),
    ("2024年度本部门机关运行经费一般公共预算财政拨款支出30万元。", {"operating_expenses": "30"}),
    ("2024年度本部门基本支出800万元。基本支出一般公共预算财政拨款支出600万元。",
     {"basic_expenditure": "800"}),
])
def test_a_cost_funded_by_the_general_budget_is_that_costs_amount_not_the_budgets(
        sentence, want):
    assert figures_of(FINAL + "一、支出决算情况说明\n" + sentence + "\n") == want


@pytest.mark.parametrize("caption", ["附件：2024年度项目支出绩效自评表", ""])
def test_a_projects_self_evaluation_table_states_neither_the_units_funds_nor_its_score(caption):
    """A 部门整体 report appends its projects' 自评表: their 年度资金总额 and 总分 are the
    project's; the unit's come from its own table."""
    header = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因"
    project = "\n".join([
        caption,
        "项目名称\t乡村道路养护",
        "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "年度资金总额\t300\t320\t318.5\t10\t99.53%\t9.95",
        header,
        "产出指标\t数量指标\t养护里程\t120公里\t121公里\t90\t90\t",
        "总分\t\t\t\t\t100\t99.95\t",
    ])
    text = PERFORMANCE + "一、基本情况\n本单位按要求开展了自评。\n" + project + "\n"
    assert figures_of(text) == {}
    unit = "\n".join([
        "单位名称\t某县某局",
        "年度预算申请（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "年度资金总额\t812.4\t905.6\t887.3\t10\t97.98%\t9.8",
        header,
        "产出指标\t数量指标\t培训人次\t600人次\t640人次\t90\t88\t",
        "总分\t\t\t\t\t100\t97.8\t",
    ])
    text = PERFORMANCE + "一、基本情况\n本单位按要求开展了自评。\n" + unit + "\n\n" + project + "\n"
    assert figures_of(text) == {"budget_initial": "812.4", "budget_full_year": "905.6",
                                "budget_executed": "887.3", "self_evaluation_score": "97.8"}


def test_the_total_row_of_a_fund_block_headed_by_adjusted_budget_and_execution_is_the_units():
    """年初预算 | 调整后预算数 | 预算执行数 over a 总额 row: the unit's three funds (the 权重 and
    得分 of the block are no amounts, the 其中 row is a part)."""
    text = PERFORMANCE + "一、基本情况\n本单位按要求开展了自评。\n" + "\n".join([
        "单位名称\t某县某局",
        "预算执行情况（10分）\t年度预算数（万元）\t年初预算\t调整后预算数\t预算执行数\t预算执行率"
        "\t权重\t得分",
        "\t总额\t1,204.50\t1,288.00\t1,260.20\t97.84%\t10\t9.78",
        "\t其中：财政资金\t1,204.50\t1,288.00\t1,260.20\t97.84%\t/\t/",
    ]) + "\n"
    assert figures_of(text) == {"budget_initial": "1204.50", "budget_full_year": "1288.00",
                                "budget_executed": "1260.20"}


@pytest.mark.parametrize(("sentence", "want"), [
    ("本次评价采用百分制，总分100分，其中产出指标50分、效益指标30分、满意度指标10分。", {}),
    ("评价指标体系总分为100分，经自评，本部门得分95.5分。", {}),
    ("按照评分标准，总分100分，自评得分96.3分。", {"self_evaluation_score": "96.3"}),
    ("自评总分为100分，实际得分96分。", {}),
    ("经自评，本部门自评总分为97分。", {"self_evaluation_score": "97"}),
])
def test_a_total_that_names_the_scale_scored_against_is_no_score(sentence, want):
    """总分100分 followed by its parts, named by the scoring rules, or before the score
    itself is the scale; a 分值 is never a 得分."""
    assert figures_of(PERFORMANCE + "一、自评结论\n" + sentence + "\n") == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("基本支出全年预算数300万元，全年执行数298万元。", {"basic_expenditure": "298"}),
    ("其中：项目支出年初预算数150万元，全年预算数200万元，全年执行数190万元。",
     {"project_expenditure": "190"}),
    ("人员经费全年预算数300万元，全年执行数296万元。", {"personnel_expenditure": "296"}),
    ("一般公共预算全年预算数500万元，全年执行数490万元。", {}),
    ("部门专项资金全年预算数200万元，全年执行数190万元。", {}),
    ("其中：农村公路养护经费全年预算数60万元，全年执行数58万元。", {}),
    ("1.农村公路养护经费：年初预算50万元，全年预算60万元，全年执行58万元。", {}),
])
def test_the_funds_of_a_part_of_the_units_spending_are_never_the_units_funds(sentence, want):
    """In a self-evaluation 全年预算数/全年执行数 after a part (基本支出, 项目支出, 人员经费,
    a budget, the 专项资金) are that part's: the unit's funds are its own sentence's."""
    assert figures_of(PERFORMANCE + "一、部门预算执行情况\n" + sentence + "\n") == want


def test_the_units_execution_worded_as_its_actual_execution_is_read():
    sentence = "年初预算数为920.5万元，调整后全年预算数为1050万元，全年实际执行数1030.2万元。"
    assert figures_of(PERFORMANCE + "一、部门预算执行情况\n" + sentence + "\n") == {
        "budget_initial": "920.5", "budget_full_year": "1050", "budget_executed": "1030.2"}


@pytest.mark.parametrize(("total", "want"), [
    ("总分\t\t\t\t\t100\t99\t", {"self_evaluation_score": "99"}),
    ("总分\t\t\t\t\t100\t\t", {}),
])
def test_the_total_row_under_a_header_band_scores_with_its_last_value_never_its_weight(
    total, want,
):
    """分值 and 得分 headed only in the band's first row (merged down, lost in a text dump):
    the 总分 row's 100 is the 分值; a lone 100 is a row left unscored."""
    text = PERFORMANCE + "一、自评结论\n本单位按要求开展了自评。\n" + "\n".join([
        "绩效指标\t\t\t指标值\t\t分值\t得分\t偏差原因",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t\t\t",
        "产出指标\t数量指标\t援助案件数\t≥300件\t315件\t100\t99\t",
        total,
    ]) + "\n"
    assert figures_of(text) == want


def test_a_form_row_of_names_and_values_gives_each_value_its_own_name():
    """人员编制 | 25 | 实有人数 | 23: the 23 is the staff in post, not a second 编制数."""
    text = PERFORMANCE + "一、部门（单位）基本概况\n" + "\n".join([
        "联系人\t某某\t联络电话\t0000000",
        "人员编制\t25\t实有人数\t23",
    ]) + "\n二、自评情况\n本单位按要求开展了自评。\n"
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert {f.key: f.value for f in figures} == {"staff_authorized": "25", "staff_actual": "23"}
    assert warnings == []



def test_a_special_fund_named_after_the_units_first_amount_leaves_the_units_funds_its_own():
    sentence = ("2024年部门整体支出年初预算数500万元，其中专项资金80万元，全年预算数520万元，"
                "全年执行数510万元。")
    assert figures_of(PERFORMANCE + "一、部门预算执行情况\n" + sentence + "\n") == {
        "budget_initial": "500", "budget_full_year": "520", "budget_executed": "510"}


def test_the_units_funds_after_a_clause_on_its_income_stay_the_units():
    sentence = ("2024年度本部门收入合计1200万元，其中财政拨款收入1150万元；全年预算数1250万元，"
                "全年执行数1180万元。")
    found = figures_of(PERFORMANCE + "一、部门预算执行情况\n" + sentence + "\n")
    assert (found["budget_full_year"], found["budget_executed"]) == ("1250", "1180")


def figures_and_warnings(text):
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    return {f.key: f.value for f in figures}, warnings


@pytest.mark.parametrize(("sentence", "want"), [
    # The two sides differ: neither is known to be the 总计.
    ("2024年度收入总计1,234.56万元，支出总计1,200.00万元。", {}),
    # The income side is its 本年收入 and its carry-over together: that one is the 总计.
    ("2024年度收入总计1,234.56万元，其中本年收入合计1,034.56万元，年初结转和结余200万元；"
     "支出总计1,200.00万元。",
     {"grand_total": "1234.56", "income_total": "1034.56", "carryover_begin": "200"}),
    ("2024年度收入总计900万元，支出总计900万元。", {"grand_total": "900"}),
])
def test_an_income_total_and_a_spending_total_that_differ_are_not_both_the_grand_total(
        sentence, want):
    text = FINAL + "一、收入支出决算总体情况说明\n" + sentence + "\n"
    figures, warnings = figures_and_warnings(text)
    assert figures == want
    assert any("≠" in w for w in warnings) == (len(set(re.findall(r"总计([\d,.]+)", sentence)))
                                                > 1)


@pytest.mark.parametrize(("sentence", "want"), [
    ("本年度总收入1,500万元，总支出1,450万元。", {}),
    ("2024年度收入总额1500万元，支出总额1450万元。", {}),
    ("2024年度总收入1500万元，其中财政拨款收入1400万元。", {"fiscal_appropriation_income": "1400"}),
    # Other figures say what it is: the year's income, or the income with its carry-over.
    ("2024年度总收入1,034.56万元，本年收入合计1,034.56万元。", {"income_total": "1034.56"}),
    ("本年度总收入1,234.56万元，其中本年收入1,034.56万元，年初结转和结余200万元。",
     {"grand_total": "1234.56", "income_total": "1034.56", "carryover_begin": "200"}),
    # A part's or a budget's total income is neither.
    ("一般公共预算总收入800万元，政府采购支出总额30万元。", {"procurement_total": "30"}),
])
def test_a_total_income_or_spending_is_kept_only_where_other_figures_say_which_total_it_is(
        sentence, want):
    assert figures_of(FINAL + "一、收入支出决算总体情况说明\n" + sentence + "\n") == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("收入合计123.45万，其中财政拨款收入100万。",
     {"income_total": "123.45", "fiscal_appropriation_income": "100"}),
    ("本年收入合计1.2亿元，本年支出合计1.1亿元。",
     {"income_total": "12000", "expenditure_total": "11000"}),
    # The 万 of another unit is no money.
    ("全年服务群众1.2万人次，本年收入合计3万亩。", {}),
])
def test_an_amount_with_a_bare_wan_is_in_wan_yuan_and_other_units_are_converted(sentence, want):
    assert figures_of(FINAL + "一、收入决算情况说明\n" + sentence + "\n") == want


@pytest.mark.parametrize("heading", ["财政拨款收入支出决算总体情况说明",
                                     "一般公共预算财政拨款支出决算情况说明"])
def test_the_spending_after_the_general_budgets_income_is_its_spending_not_the_income(heading):
    text = FINAL + f"一、{heading}\n2024年度一般公共预算财政拨款收入800万元，支出790万元。\n"
    assert figures_of(text) == {"general_budget_expenditure": "790"}


@pytest.mark.parametrize(("heading", "sentence"), [
    ("一般公共预算当年拨款情况", "一般公共预算当年拨款规模为800万元，比上年增加10万元。"),
    ("一般公共预算财政拨款支出预算情况", "一般公共预算当年财政拨款支出800万元，上年结转20万元。"),
])
def test_this_years_appropriation_alone_is_no_general_budget_spending(heading, sentence):
    assert figures_of(BUDGET + f"一、{heading}\n{sentence}\n") == {}


def test_this_years_appropriation_income_is_the_appropriation_income():
    text = FINAL + ("一、财政拨款收入支出决算总体情况说明\n2024年度当年财政拨款收入1300万元，"
                    "当年财政拨款支出1250万元。\n")
    assert figures_of(text) == {"fiscal_appropriation_income": "1300"}


@pytest.mark.parametrize(("sentence", "want"), [
    ("2024年度收、支总计各1500万元。与2023年度相比，收、支总计各增加100万元。",
     {"grand_total": "1500"}),
    ("本部门2024年度收入、支出决算总计均为1500万元。", {"grand_total": "1500"}),
    # The same words after a part name that part's totals.
    ("2024年度财政拨款收、支总计各1300万元。", {}),
    ("2024年度财政拨款收入、支出决算总计均为1300万元。", {}),
    ("2024年度政府性基金收支总计30万元。", {}),
])
def test_a_grand_total_worded_for_each_side_or_as_an_account_is_the_units_not_a_parts(
        sentence, want):
    assert figures_of(FINAL + "一、收入支出决算总体情况说明\n" + sentence + "\n") == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("2024年度收、支总计各是4125.49,4143.91万元。", {}),
    ("2024年度收、支总计各是4125.49万元、4143.91万元。", {}),
    ("2024年度收入、支出总计分别为4125.49万元、4143.91万元。", {}),
    ("2024年度收、支总计各是4125.49万元、4125.49万元。", {"grand_total": "4125.49"}),
    # One amount with a thousands separator is no pair.
    ("2024年度收、支总计各是1,234.56万元。", {"grand_total": "1234.56"}),
])
def test_each_sides_total_stated_in_turn_is_no_grand_total_when_the_two_differ(sentence, want):
    assert figures_of(FINAL + "一、收入支出决算总体情况说明\n" + sentence + "\n") == want


def test_the_statement_table_says_which_total_each_differing_side_is():
    text = FINAL + "一、收入支出决算总体情况说明\n2024年度收、支总计各是4125.49,4143.91万元。\n"
    table = ParsedTable(title="收入支出决算总表", rows=[
        ParsedRow(code=None, name="本年收入合计", values={"决算数": "4125.49"}),
        ParsedRow(code=None, name="本年支出合计", values={"决算数": "4143.91"}),
        ParsedRow(code=None, name="年初结转和结余", values={"决算数": "30"}),
        ParsedRow(code=None, name="年末结转和结余", values={"决算数": "11.58"}),
        ParsedRow(code=None, name="总计", values={"决算数": "4155.49"}),
    ])
    document = parse_text(text)
    figures, warnings = extract_figures(document, sections=extract_sections(document),
                                        tables=[table])
    found = {f.key: (f.value, f.source.startswith("收入支出决算总表")) for f in figures}
    assert found == {
        "grand_total": ("4155.49", True), "income_total": ("4125.49", False),
        "expenditure_total": ("4143.91", False), "carryover_begin": ("30", True),
        "carryover_end": ("11.58", True)}
    assert warnings == []  # each side is what the table says: nothing is inconsistent


@pytest.mark.parametrize(("sentence", "want"), [
    ("因公出国(境)支出0万元，年初预算为1万元；公务接待费支出2.05万元，年初预算为2万元。",
     {"overseas_travel_actual": "0", "overseas_travel_budget": "1", "reception_actual": "2.05",
      "reception_budget": "2"}),
    ("公务用车购置及运行维护费用支出5万元，其中：公务用车购置费用0万元，公务用车运行维护费用"
     "支出5万元。公务接待费用支出2万元。",
     {"vehicle_actual": "5", "vehicle_purchase_actual": "0", "vehicle_operation_actual": "5",
      "reception_actual": "2"}),
])
def test_three_public_costs_worded_without_fei_or_with_feiyong_are_read(sentence, want):
    assert figures_of(FINAL + "一、“三公”经费支出情况\n" + sentence + "\n") == want


def test_a_budgets_general_budget_basic_spending_is_a_part_not_the_units_basic_spending():
    text = BUDGET + (
        "一、支出预算情况\n2025年支出预算合计3000000元，其中基本支出2500000元，项目支出500000元。\n"
        "二、一般公共预算基本支出情况说明\n2025年一般公共预算基本支出2000000元，其中人员经费"
        "1800000元，公用经费200000元。\n")
    assert figures_and_warnings(text) == ({
        "expenditure_total": "300", "basic_expenditure": "250", "project_expenditure": "50",
        "personnel_expenditure": "180", "public_expenditure": "20"}, [])


@pytest.mark.parametrize(("text", "want"), [
    (FINAL + "十二、机构运行经费支出决算情况说明\n2024年度本部门机构运行经费支出30.5万元，"
     "比上年减少2万元。\n", {"operating_expenses": "30.5"}),
    (BUDGET + "一、机关（机构）运行经费说明\n2025年本部门机关(机构)运行经费预算30.5万元。\n",
     {"operating_expenses": "30.5"}),
])
def test_operating_expenses_named_after_the_institution_are_read(text, want):
    assert figures_of(text) == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("2025年收入预算1500万元，其中：一般公共预算拨款收入1400万元，上年结转100万元。",
     {"grand_total": "1500"}),
    ("本部门2025年收入预算合计1500万元，其中：一般公共预算拨款收入1400万元，占93.3%；"
     "上年结转收入100万元。", {"grand_total": "1500"}),
    ("2025年收入预算1500万元，其中本年收入1400万元，上年结转100万元。",
     {"grand_total": "1500", "income_total": "1400"}),
    # Without carry-over among its parts it is the year's income.
    ("2025年本部门收入预算1500万元，其中：一般公共预算拨款收入1500万元。",
     {"income_total": "1500"}),
])
def test_a_budgets_income_that_counts_the_carryover_among_its_parts_is_its_grand_total(
        sentence, want):
    assert figures_of(BUDGET + "一、收支预算总体情况\n" + sentence + "\n") == want


@pytest.mark.parametrize(("heading", "sentence", "want"), [
    ("收入支出决算总体情况说明", "2024年度本年收入、支出分别为1400万元、1380万元。",
     {"income_total": "1400", "expenditure_total": "1380"}),
    ("政府性基金预算财政拨款收入支出决算情况",
     "2024年度政府性基金预算财政拨款收入、支出分别为50万元、45万元。",
     {"government_fund_income": "50", "government_fund_expenditure": "45"}),
    ("一般公共预算财政拨款支出决算情况说明",
     "2024年度一般公共预算财政拨款支出年初预算、决算分别为1250万元、1300万元。",
     {"general_budget_initial": "1250", "general_budget_expenditure": "1300"}),
    ("“三公”经费支出情况",
     "2024年度“三公”经费决算数、预算数分别为12万元、15万元，公务接待费预算数、决算数分别为"
     "5万元、4万元。",
     {"three_public_actual": "12", "three_public_budget": "15", "reception_budget": "5",
      "reception_actual": "4"}),
])
def test_two_sides_or_two_measures_of_one_subject_stated_respectively_each_get_their_key(
        heading, sentence, want):
    assert figures_of(FINAL + f"一、{heading}\n{sentence}\n") == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("2024年度本部门政府采购支出总计50万元。", {}),
    ("2024年度工资福利支出总计300万元，商品和服务支出总计100万元。", {}),
    ("2024年度教育支出总计300万元。", {}),
    ("2024年度本单位支出总计300万元。", {"grand_total": "300"}),
])
def test_a_spending_total_after_another_words_name_is_that_words_not_the_grand_total(
        sentence, want):
    assert figures_of(FINAL + "一、支出决算情况说明\n" + sentence + "\n") == want


@pytest.mark.parametrize(("text", "want"), [
    (FINAL + "一、支出决算情况说明\n2024年度教育支出合计300万元，工资福利支出合计200万元。\n", {}),
    (FINAL + "一、政府采购支出情况\n2024年度政府采购支出合计50万元。\n", {}),
    (FINAL + "一、收入决算情况说明\n2024年度非税收入合计20万元。\n", {}),
    (BUDGET + "一、支出预算情况\n2025年教育支出预算合计300万元，工资福利支出预算合计200万元。\n",
     {}),
    (FINAL + "一、收入决算情况说明\n2024年本单位收入合计400万元。其中：财政拨款收入合计350万元。\n",
     {"income_total": "400", "fiscal_appropriation_income": "350"}),
    (FINAL + "一、支出决算情况说明\n2024年度本年支出合计380万元，上缴上级支出合计10万元。\n",
     {"expenditure_total": "380"}),
])
def test_a_heji_after_another_words_name_is_that_words_not_the_years_total(text, want):
    assert figures_of(text) == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("2024年度本年支出合计380万元，其中：基本支出300万元，项目支出80万元。乡村振兴项目支出"
     "50万元，主要用于道路建设。",
     {"expenditure_total": "380", "basic_expenditure": "300", "project_expenditure": "80"}),
    ("2024年度农村道路养护项目支出50万元。", {}),
    ("2024年度基本支出和项目支出分别为300万元、80万元。",
     {"basic_expenditure": "300", "project_expenditure": "80"}),
])
def test_a_named_projects_spending_is_not_the_units_project_spending(sentence, want):
    document = parse_text(FINAL + "一、支出决算情况说明\n" + sentence + "\n")
    figures, warnings = extract_figures(document, sections=extract_sections(document), tables=[])
    assert ({f.key: f.value for f in figures}, warnings) == (want, [])


def test_the_personnel_and_public_costs_of_the_project_spending_are_not_the_basic_spendings():
    text = FINAL + (
        "一、一般公共预算财政拨款项目支出决算情况说明\n2024年度一般公共预算财政拨款项目支出80万元，"
        "其中：人员经费10万元，公用经费5万元，资本性支出65万元。\n")
    assert figures_and_warnings(text) == ({"project_expenditure": "80"}, [])


@pytest.mark.parametrize(("text", "want"), [
    (FINAL + "一、收入支出决算总体情况说明\n2024年度收、支总计均为1500万元。\n"
     "二、财政拨款收入支出决算总体情况说明\n2024年度收、支总计均为1300万元。\n",
     ({"grand_total": "1500"}, [])),
    (FINAL + "四、财政拨款收入支出决算总体情况说明\n本年收入合计1300万元，本年支出合计1290万元，"
     "年末结转和结余10万元。\n", ({}, [])),
    (FINAL + "八、政府性基金预算财政拨款收入支出决算情况说明\n年初结转和结余0万元，本年收入50万元，"
     "本年支出45万元，年末结转和结余5万元。\n", ({}, [])),
])
def test_the_totals_a_section_about_one_source_of_funds_states_are_that_sources(text, want):
    assert figures_and_warnings(text) == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("本部门2025年收支预算总额1500万元，比上年增加100万元。", {"grand_total": "1500"}),
    ("2025年财政拨款收支预算总额1400万元。", {}),
])
def test_a_budgets_income_and_spending_budget_total_worded_zonge_is_its_grand_total(
        sentence, want):
    assert figures_of(BUDGET + "一、收支预算总体情况\n" + sentence + "\n") == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("主要原因是政策性增资等原因，增加基本支出84.15万元。此外，基本支出预算数为766.68万元。",
     {"basic_expenditure": "766.68"}),
    ("与上年相比，压减项目支出20万元。", {}),
])
def test_an_amount_a_subject_changed_by_is_not_its_value(sentence, want):
    assert figures_of(BUDGET + "一、支出预算情况\n" + sentence + "\n") == want


def test_the_posts_of_one_kind_are_not_the_authorized_staff():
    text = (BUDGET + "一、部门基本情况\n本部门编制338名，其中行政编制200名、行政附属编制104名、"
            "事业编制34名。\n")
    assert figures_and_warnings(text) == ({"staff_authorized": "338"}, [])


def test_another_funds_split_of_its_spending_is_no_conflict_with_the_units():
    text = (PERFORMANCE + "一、部门整体支出情况\n2024年度单位一般公共预算财政拨款支出1,093.54万元，"
            "其中：项目支出431.01万元，基本支出662.53万元。2024年度政府性基金预算财政拨款收入"
            "35.00万元；支出35.00万元，其中基本支出0.00万元，项目支出35.00万元。\n")
    figures, warnings = figures_and_warnings(text)
    assert (figures["project_expenditure"], figures["basic_expenditure"], warnings) == (
        "431.01", "662.53", [])
