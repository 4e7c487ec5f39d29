import pytest

from ingest.extract.lines import extract_lines, normalise_category
from ingest.parsed import ParsedRow, ParsedTable
from ingest.readers.text import parse_text, read

from ._seed_support import SEEDS, gold, needs_shared, seed_names

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
