import pytest

from core.contract import BUDGET, ParsedRow, ParsedTable
from ingest.extract import extract_report
from ingest.extract.figures import extract_figures
from ingest.extract.lines import extract_lines, normalise_category
from ingest.extract.sections import extract_sections
from ingest.readers.text import parse_text, read

from ._seed_support import SEEDS, gold, needs_shared, seed_names

FINAL = "某市某局\n2024年度部门决算\n"
STATEMENT = (
    "（三）一般公共预算财政拨款支出决算具体情况\n"
    "1、一般公共服务（类）政府办公厅(室)及相关机构事务（款）行政运行（项）。\n"
    "年初预算为0.0万元，支出决算为65.02万元，决算数大于年初预算数的主要原因是：使用上年结转。\n"
    "2、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老\f"
    "保险缴费支出（项）。年初预算为161.62万元，支出决算为160.75万元。\n"
)


def test_it_reads_narrative_lines_with_budget_actual_and_reason():
    lines = extract_lines(parse_text(STATEMENT), tables=[])
    first = lines[0]
    assert (first.category, first.item, first.subitem) == (
        "一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行",
    )
    assert (first.budget, first.actual) == ("0.0", "65.02")
    assert first.reason == "使用上年结转"


def test_it_joins_a_name_broken_by_a_page():
    line = extract_lines(parse_text(STATEMENT), tables=[])[1]
    assert line.subitem == "机关事业单位基本养老保险缴费支出"
    assert (line.budget, line.actual) == ("161.62", "160.75")


def test_it_normalises_category_names_to_the_official_ones():
    assert normalise_category("一般公共服务") == "一般公共服务支出"
    assert normalise_category("科学技术支出") == "科学技术支出"
    assert normalise_category("其他支出") == "其他支出"
    assert normalise_category("预备费") == "预备费"


def test_it_takes_the_code_from_the_general_budget_table():
    table = ParsedTable(
        title="一般公共预算财政拨款支出决算表",
        rows=[
            ParsedRow(code="20103", name="政府办公厅（室）及相关机构事务"),
            ParsedRow(code="2010301", name="行政运行", values={"合计": "65.02"}),
        ],
    )
    line = extract_lines(parse_text(STATEMENT), tables=[table])[0]
    assert line.code == "2010301"


def test_category_totals_without_budgets_are_not_lines():
    text = "一般公共服务支出（类）164.55万元，占6.4%；科学技术支出（类）1980.21万元。\n"
    assert extract_lines(parse_text(text), tables=[]) == []


@needs_shared
@pytest.mark.parametrize("name", seed_names())
def test_it_reads_the_gold_lines_of_the_seeds(name):
    lines = extract_lines(read(SEEDS / f"{name}.txt"), tables=[])
    got = [(x.category, x.item, x.subitem, x.budget, x.actual) for x in lines]
    want = [(x["category"], x["item"], x["subitem"], x["budget"], x["actual"])
            for x in gold(name)["expenditure_lines"]]
    assert got == want


def test_a_line_without_figures_does_not_borrow_them_from_the_next_section():
    text = (
        "1、一般公共服务（类）财政事务（款）行政运行（项）。主要用于日常运转。\n"
        "六、一般公共预算财政拨款基本支出决算情况说明\n"
        "年初预算为10.00万元，支出决算为9.00万元。\n"
    )
    assert extract_lines(parse_text(text), tables=[]) == []


# --- regional wordings (invented sentences) ------------------------------------

HEAD = "（三）一般公共预算财政拨款支出决算具体情况\n"


def _one(text, tables=()):
    lines = extract_lines(parse_text(HEAD + text), tables=list(tables))
    assert len(lines) == 1, lines
    return lines[0]


def test_a_line_given_by_code_and_name_only_takes_its_category_from_the_code():
    line = _one("2010101行政运行：年初预算为120.5万元，支出决算为130.2万元，完成年初预算的"
                "108.05%。决算数大于预算数的主要原因是人员增加。\n")
    assert (line.category, line.subitem, line.code) == ("一般公共服务支出", "行政运行", "2010101")
    assert (line.budget, line.actual, line.reason) == ("120.5", "130.2", "人员增加")


@pytest.mark.parametrize("text", [
    "1.2080201行政运行：年初预算为80万元，支出决算为82万元。\n",
    "（1）2080201 行政运行（项）：年初预算为80万元，支出决算为82万元。\n",
])
def test_a_code_before_the_name_is_the_lines_code_after_a_list_number_too(text):
    line = _one(text)
    assert (line.category, line.item, line.subitem, line.code) == (
        "社会保障和就业支出", "民政管理事务", "行政运行", "2080201")
    assert (line.budget, line.actual) == ("80", "82")


def test_a_code_glued_to_a_bracketed_name_is_no_line_name():
    lines = extract_lines(parse_text(HEAD + "2.2080201（行政运行）年初预算80万元。\n"), tables=[])
    assert [line.subitem for line in lines if "年初" in line.subitem] == []


def test_a_code_only_line_takes_its_item_from_the_coded_table():
    table = ParsedTable(title="一般公共预算财政拨款支出决算表", rows=[
        ParsedRow(code="20101", name="人大事务"), ParsedRow(code="2010101", name="行政运行")])
    line = _one("行政运行（2010101）：年初预算为10万元，支出决算为12万元。\n", [table])
    assert (line.category, line.item, line.subitem) == ("一般公共服务支出", "人大事务", "行政运行")


def test_the_code_may_replace_or_follow_the_subitem_marker():
    replaced = _one("1.教育支出（类）普通教育（款）小学教育（2050202）：年初预算为0，"
                    "支出决算数为12.3万元。\n")
    assert (replaced.item, replaced.subitem, replaced.code) == ("普通教育", "小学教育", "2050202")
    assert (replaced.budget, replaced.actual) == ("0", "12.3")
    after = _one("1.教育支出（类）普通教育（款）小学教育（项）2050202：年初预算8万元，"
                 "决算数为9万元。\n")
    assert (after.code, after.budget, after.actual) == ("2050202", "8", "9")


def test_numbered_in_brackets_without_wei_and_with_actual_spending_synonyms():
    line = _one("（1）一般公共服务支出（类）人大事务（款）行政运行（项）：年初预算50万元，"
                "实际支出48万元，主要是压减了公用经费。\n")
    assert (line.category, line.item, line.subitem) == ("一般公共服务支出", "人大事务", "行政运行")
    assert (line.budget, line.actual) == ("50", "48")
    assert line.reason == "压减了公用经费"


def test_category_and_item_on_lines_of_their_own_carry_to_the_subitems_below():
    text = (
        "1.一般公共服务支出（类）\n（1）人大事务（款）\n"
        "①行政运行（项）。年初预算为10万元，支出决算为11万元。\n"
        "②代表工作（项）。年初预算为2万元，支出决算为1.5万元。\n"
    )
    lines = extract_lines(parse_text(HEAD + text), tables=[])
    assert [(x.category, x.item, x.subitem, x.budget, x.actual) for x in lines] == [
        ("一般公共服务支出", "人大事务", "行政运行", "10", "11"),
        ("一般公共服务支出", "人大事务", "代表工作", "2", "1.5"),
    ]


def test_a_quoted_line_name_is_read_without_its_quotes():
    line = _one("“卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”年初预算为3万元，"
                "支出决算为3万元。\n")
    assert (line.category, line.item, line.subitem) == (
        "卫生健康支出", "行政事业单位医疗", "行政单位医疗")


def test_a_line_printed_without_its_category_gets_it_from_the_coded_table():
    table = ParsedTable(title="一般公共预算财政拨款支出决算表", rows=[
        ParsedRow(code="20101", name="人大事务"), ParsedRow(code="2010101", name="行政运行")])
    line = _one("1、人大事务（款）行政运行（项）：年初预算为10万元，支出决算为9万元。\n", [table])
    assert (line.category, line.item, line.subitem, line.code) == (
        "一般公共服务支出", "人大事务", "行政运行", "2010101")


def test_the_prior_years_account_is_not_the_lines_actual():
    line = _one("1.一般公共服务(类)人大事务(款)行政运行(项)：上年决算数为10万元，"
                "2024年度年初预算为11万元，决算数为12万元，比上年增长20%。\n")
    assert (line.item, line.budget, line.actual) == ("人大事务", "11", "12")


def test_a_code_only_line_without_a_table_takes_a_well_known_item_name():
    line = _one("2080505机关事业单位基本养老保险缴费支出：年初预算为5万元，支出决算为5万元。\n")
    assert (line.category, line.item, line.subitem) == (
        "社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出")


def test_square_bracket_markers_and_a_dash_after_the_code():
    marked = _one("1.教育支出【类】普通教育【款】小学教育【项】：年初预算为8万元，"
                  "支出决算为9万元。\n")
    assert (marked.category, marked.item, marked.subitem) == ("教育支出", "普通教育", "小学教育")
    dashed = _one("2050202-小学教育：年初预算为8万元，支出决算为9万元。\n")
    assert (dashed.category, dashed.item, dashed.subitem) == ("教育支出", "普通教育", "小学教育")


def test_a_code_mentioned_inside_a_description_does_not_take_the_lines_figures():
    line = _one("1.一般公共服务支出（类）人大事务（款）行政运行（项）：主要用于行政运行（2010101）"
                "等基本支出，年初预算为10万元，支出决算为9万元。\n")
    assert (line.subitem, line.budget, line.actual) == ("行政运行", "10", "9")


def test_a_code_mentioned_right_after_the_subitem_marker_is_not_a_new_line():
    line = _one("1.一般公共服务支出（类）人大事务（款）行政运行（项）主要用于行政运行（2010101）"
                "等基本支出，年初预算为10万元，支出决算为9万元。\n")
    assert (line.subitem, line.budget, line.actual) == ("行政运行", "10", "9")


def test_a_budget_states_its_lines_budget_right_after_the_name():
    text = ("某省某厅2019年部门预算\n一、一般公共预算支出预算情况\n"
            "1.人大事务（款）行政运行（项）支出7448.2万元，与上年相比增加1075.88万元。\n"
            "2.人大事务（款）人大会议（项）1469.73万元。\n")
    lines = extract_lines(parse_text(text), tables=[], kind="budget")
    assert [(x.subitem, x.budget, x.actual) for x in lines] == [
        ("行政运行", "7448.2", None), ("人大会议", "1469.73", None)]


def test_a_budget_quotes_its_subject_before_the_word_kemu():
    text = ("某区某局2025年部门预算\n一、财政拨款支出预算情况\n"
            "1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元，"
            "主要用于统计管理。\n"
            "2. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元，"
            "主要用于行政单位的基本支出。\n"
            "3. “社会保障和就业支出—行政事业单位养老支出—行政单位离退休”科目155.42万元。\n")
    lines = extract_lines(parse_text(text), tables=[], kind="budget")
    assert [(x.category, x.item, x.subitem, x.budget, x.actual) for x in lines] == [
        ("一般公共服务支出", "统计信息事务", "专项普查活动", "43.83", None),
        ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行", "1202.95", None),
        ("社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休", "155.42", None),
    ]


def test_a_dash_inside_a_sentence_is_no_subject():
    text = ("某区某局2025年部门预算\n一、财政拨款支出预算情况\n"
            "主要用于社区-街道-居委会三级联动科目的宣传，共10万元。\n")
    assert extract_lines(parse_text(text), tables=[], kind="budget") == []


def test_a_lines_full_year_budget_is_not_its_initial_budget_nor_the_units():
    text = FINAL + ("一、一般公共预算财政拨款支出决算具体情况\n"
                    "行政运行（项）。全年预算为120万元，支出决算为118万元。\n")
    document = parse_text(text)
    lines = extract_lines(document, tables=[])
    assert [(x.budget, x.budget_full_year, x.actual) for x in lines] == [(None, "120", "118")]
    figures, _ = extract_figures(document, sections=extract_sections(document), tables=[])
    assert "budget_full_year" not in {f.key for f in figures}


def test_a_kuan_marked_as_a_category_keeps_its_category_from_its_code():
    text = ("某省某厅2019年部门预算\n一、一般公共预算支出预算情况\n"
            "（二）社会保障和就业（类）\n"
            "1．行政事业单位离退休（类）未归口管理的行政单位离退休支出（项）271.45万元。\n"
            "（三）住房保障支出（类）\n"
            "1．住房改革支出（类）住房公积金（项）752.9万元。\n")
    lines = extract_lines(parse_text(text), tables=[], kind="budget")
    assert [(x.category, x.item, x.subitem) for x in lines] == [
        ("社会保障和就业支出", "行政事业单位离退休", "未归口管理的行政单位离退休支出"),
        ("住房保障支出", "住房改革支出", "住房公积金"),
    ]


def test_a_page_number_set_between_box_rules_does_not_enter_a_broken_name():
    text = ("某省某厅2019年部门预算\n一、一般公共预算支出预算情况\n"
            "1．人大事务（款）一般行政管理\n─ 11 ─\n事务（项）2464.02万元。\n")
    lines = extract_lines(parse_text(text), tables=[], kind="budget")
    assert [(x.subitem, x.budget) for x in lines] == [("一般行政管理事务", "2464.02")]


def test_a_final_accounts_line_states_what_it_spent_right_after_its_name():
    text = FINAL + ("一、一般公共预算财政拨款支出决算具体情况\n"
                    "行政运行（2010101）支出110万元，年初预算为100万元，完成年初预算的110%。\n")
    lines = extract_lines(parse_text(text), tables=[])
    assert [(x.code, x.subitem, x.budget, x.actual) for x in lines] == [
        ("2010101", "行政运行", "100", "110")]


@pytest.mark.parametrize("statement", [
    "行政运行（项）：本年预算数100万元，本年决算数108万元，决算数比预算数增加8万元。",
    "行政运行（项）：上年预算数为90万元，预算数为100万元，决算数为108万元。",
])
def test_a_lines_budget_is_read_without_wei_and_never_from_the_prior_year(statement):
    text = FINAL + "一、一般公共预算财政拨款支出决算具体情况\n" + statement + "\n"
    lines = extract_lines(parse_text(text), tables=[])
    assert [(x.subitem, x.budget, x.actual) for x in lines] == [("行政运行", "100", "108")]


def test_a_budget_gives_a_coded_lines_amount_right_after_its_name():
    text = ("某县某局2025年部门预算\n一、一般公共预算支出预算具体情况\n"
            "2010101行政运行300万元，较上年增加20万元，主要用于机关运转。\n"
            "2080505机关事业单位基本养老保险缴费支出45.5万元。\n")
    lines = extract_lines(parse_text(text), tables=[], kind="budget")
    assert [(x.code, x.subitem, x.budget, x.actual) for x in lines] == [
        ("2010101", "行政运行", "300", None),
        ("2080505", "机关事业单位基本养老保险缴费支出", "45.5", None)]


def test_a_lines_amounts_with_a_bare_wan_are_in_wan_yuan():
    text = FINAL + (
        "一、一般公共预算财政拨款支出决算具体情况\n"
        "1.一般公共服务（类）人大事务（款）行政运行（项）：年初预算为100万，支出决算为110.5万，"
        "完成年初预算的110.5%。\n")
    [line] = extract_lines(parse_text(text), tables=[])
    assert (line.subitem, line.budget, line.actual) == ("行政运行", "100", "110.5")


@pytest.mark.parametrize(("text", "want"), [
    (FINAL + "一、一般公共预算财政拨款支出决算具体情况\n"
     "1.一般公共服务（类）人大事务（款）行政运行（项）2023年决算数为90万元，2024年年初预算为100万元，2024年支出决算为110万元。\n",
     ("100", "110")),
    ("某市某局2025年部门预算\n一、一般公共预算支出预算情况\n1.教育支出（类）普通教育（款）"
     "小学教育（项）2024年预算数为280万元，2025年预算数为300万元。\n",
     ("300", None)),
])
def test_a_lines_amount_named_for_another_year_is_not_this_years(text, want):
    [line] = extract_report(parse_text(text), file="report.txt").expenditure_lines
    assert (line.budget, line.actual) == want


def test_a_line_after_a_heading_is_under_no_category_the_section_before_named():
    text = FINAL + (
        "一、一般公共预算财政拨款支出决算情况说明\n"
        "（二）一般公共预算财政拨款支出决算结构情况\n"
        "2024年度一般公共预算财政拨款支出1300万元，主要用于：一般公共服务（类）支出1000万元，"
        "占76.9%；社会保障和就业（类）支出300万元，占23.1%。\n"
        "（三）一般公共预算财政拨款支出决算具体情况\n"
        "1.行政运行（项）：年初预算为100万元，支出决算为110万元。\n")
    [line] = extract_lines(parse_text(text), tables=[])
    assert (line.category, line.item, line.subitem, line.budget, line.actual) == (
        "", "", "行政运行", "100", "110")


def test_an_official_kuan_name_says_its_category_whatever_category_was_named_before():
    text = FINAL + (
        "一、一般公共预算财政拨款支出决算具体情况\n2024年度一般公共预算财政拨款支出1300万元，其中"
        "社会保障和就业（类）支出300万元；人大事务（款）行政运行（项）：年初预算为100万元，"
        "支出决算为110万元。\n")
    [line] = extract_lines(parse_text(text), tables=[])
    assert (line.category, line.item, line.subitem) == ("一般公共服务支出", "人大事务", "行政运行")


def test_the_category_a_kuan_name_gave_is_not_the_next_unknown_kuans():
    text = "某市某局2025年部门预算\n一、一般公共预算支出预算情况\n" + (
        "1.住房改革支出（款）住房公积金（项）支出82.78万元。\n"
        "2.彩票公益金安排的支出（款）用于社会福利的彩票公益金支出（项）支出385.80万元。\n")
    lines = extract_lines(parse_text(text), tables=[], kind="budget")
    assert [(line.category, line.item) for line in lines] == [
        ("住房保障支出", "住房改革支出"), ("", "彩票公益金安排的支出")]


def test_an_item_name_printed_unmarked_before_the_subitem_is_split_off_by_the_coded_table():
    table = ParsedTable(title="财政拨款支出预算表", rows=[
        ParsedRow(code="201", name="一般公共服务支出"), ParsedRow(code="20101", name="人大事务"),
        ParsedRow(code="2010101", name="行政运行")])
    lines = extract_lines(parse_text(
        "某省某厅2025年部门预算\n五、财政拨款支出预算表情况说明\n一般公共服务\n"
        "1. 人大事务行政运行（项）支出 105.3 万元，与上年相比减少 1.9 万元。\n"),
        tables=[table], kind=BUDGET)
    assert [(ln.category, ln.item, ln.subitem, ln.code, ln.budget) for ln in lines] == [
        ("一般公共服务支出", "人大事务", "行政运行", "2010101", "105.3")]
