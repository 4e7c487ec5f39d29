"""The functional classification's totals: each code once, missing levels summed, 尾差 kept."""

from __future__ import annotations

from decimal import Decimal

from core.classification import (
    amount_column,
    code_totals,
    official_name,
    parent_of,
    source_of,
)


def d(text: str) -> Decimal:
    return Decimal(text)


def test_a_category_the_table_leaves_out_is_the_sum_of_its_items_and_marked():
    totals = {t.code: t for t in code_totals([
        ("20501", "教育管理事务", d("10.10")),
        ("20502", "普通教育", d("5.05")),
        ("2050101", "行政运行", d("10.10")),
    ])}
    assert totals["205"].amount == d("15.15")
    assert totals["205"].derived
    assert totals["205"].name == "教育支出"  # the official name, never printed here
    assert not totals["20501"].derived
    assert totals["20501"].remainder is None  # its one 项 adds up


def test_a_missing_item_is_summed_from_its_subitems_and_then_into_its_category():
    totals = {t.code: t for t in code_totals([
        ("2080501", "行政单位离退休", d("3.00")),
        ("2080505", "机关事业单位基本养老保险缴费支出", d("4.50")),
    ])}
    assert totals["20805"].amount == d("7.50")
    assert totals["20805"].derived
    assert totals["208"].amount == d("7.50")
    assert totals["208"].derived
    assert totals["20805"].name == "行政事业单位养老支出"


def test_a_printed_total_its_children_do_not_add_up_to_keeps_the_remainder():
    totals = {t.code: t for t in code_totals([
        ("206", "科学技术支出", d("100.01")),
        ("20601", "科学技术管理事务", d("60.00")),
        ("20604", "技术研究与开发", d("40.00")),
    ])}
    assert totals["206"].amount == d("100.01")  # as printed, never replaced
    assert totals["206"].remainder == d("0.01")


def test_a_code_printed_twice_counts_once_and_rows_without_codes_are_ignored():
    totals = code_totals([
        (None, "合计", d("99")),
        ("206", "科学技术支出", d("10")),
        ("206", "科学技术支出", d("10")),
        ("301", "工资福利支出", d("5")),  # economic classification: not functional
    ])
    assert [(t.code, t.amount) for t in totals] == [("206", d("10"))]


def test_the_explorer_reads_the_expenditure_table_and_the_general_budget_table_only():
    assert source_of("支出决算表") == "all_funds"
    assert source_of("2023年度部门支出决算表") == "all_funds"
    assert source_of("高等学校支出决算表") == "all_funds"
    assert source_of("高等学校财政拨款支出决算表") is None
    assert source_of("收入支出决算总表") is None
    assert source_of("一般公共预算财政拨款支出决算表") == "general_budget"
    assert source_of("一般公共预算财政拨款基本支出决算表") is None
    assert source_of("财政拨款收入支出决算总表") is None
    assert source_of("国有资本经营预算财政拨款支出决算表") is None
    assert amount_column("all_funds", ["本年支出合计", "基本支出"]) == "本年支出合计"
    assert amount_column("general_budget", ["本年支出/合计", "本年支出/基本支出"]) == \
        "本年支出/合计"


def test_codes_know_their_parent_and_official_names():
    assert parent_of("2060101") == "20601"
    assert parent_of("20601") == "206"
    assert parent_of("206") is None
    assert official_name("20601") == "科学技术管理事务"
    assert official_name("2060101", "行政运行") == "行政运行"
