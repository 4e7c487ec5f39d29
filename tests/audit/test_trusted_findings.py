"""Findings an auditor can trust, on real reports.

Every error or warning the rules raise on the shared corpus is a problem printed in the
PDF (listed here with its page); rounding remainders are notes of their own class; the
altered copy of the 财政局 report has each of its injected problems found.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.pipeline import parse_file
from reports.checks import parsed_findings

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"shared corpus not beside the repo: {SHARED}"
)
PROBLEMS = ("error", "warning")


@cache
def _findings(name: str) -> tuple[dict, ...]:
    report = parse_file(CORPUS / name)
    assert report.fiscal_year is not None
    return tuple(parsed_findings(report, year=report.fiscal_year))


def _problems(name: str) -> list[tuple[str, list[int]]]:
    return sorted((f["rule_id"], f["evidence"]["pages"]) for f in _findings(name)
                  if f["severity"] in PROBLEMS)


# Each real file's errors and warnings: (rule, pages), each checked on the rendered page.
REAL_PROBLEMS = {
    # p21: "一般公共服务支出（类）2106.66万元，占71.73%" of 2940.05 (71.65%), and
    # "财政拨款收入支出总计0.3万元" where the table (p12) prints 2961.68.
    "final2024_putuo_caizhengju_dept.pdf": [
        ("figures.stated_percentage", [21]), ("wording.appropriation_total", [21])],
    # p11, p14: 行政运行 prints the 司法 款's 64,840,547.00 as its own 项目支出.
    "budget2026_putuo_sifaju_unit.pdf": [
        ("tables.column_sum", [11]), ("tables.column_sum", [14]),
        ("tables.item_sum", [11]), ("tables.item_sum", [14])],
    # p8: "…运行维护等方面的支出。。2025年" prints its full stop twice.
    "budget2026_putuo_sifaju_dept.pdf": [("wording.doubled_punctuation", [8])],
    # p25: "…减少了该项支出。 。"
    "budget2018_jiangsu_rendachangweihui_bangongting_dept.pdf": [
        ("wording.doubled_punctuation", [25])],
    # p10: 财政拨款政府性基金支出预算表 prints a header and empty rows, and no note.
    "budget2019_jiangsu_rendachangweihui_bangongting_dept_tables.pdf": [
        ("tables.empty_without_note", [10])],
}
CLEAN = [
    "budget2017_jiangsu_rendachangweihui_bangongting_dept.pdf",
    "budget2019_jiangsu_rendachangweihui_bangongting_dept_text.pdf",
    "budget2021_chongqing_xinandaxue_dept.pdf",
    "budget2024_putuo_wanli_jiedao_dept.pdf",
    "budget2025_putuo_shangwuwei_dept.pdf",
    "budget2025_putuo_shangwuwei_unit.pdf",
    "budget2025_putuo_wanli_jiedao_dept.pdf",
    "budget2025_putuo_zhengfuban_dept.pdf",
    "budget2025_putuo_zhengfuban_unit.pdf",
    "final2023_chongqing_xinandaxue_dept.pdf",
]


@pytest.mark.parametrize("name", sorted(REAL_PROBLEMS))
def test_every_error_or_warning_on_a_real_report_is_a_problem_its_pages_print(name):
    assert _problems(name) == sorted(REAL_PROBLEMS[name])


@pytest.mark.parametrize("name", CLEAN)
def test_real_reports_without_slips_get_no_error_or_warning(name):
    assert _problems(name) == []


def test_rounding_remainders_are_notes_of_their_own_class_never_errors():
    findings = _findings("final2023_chongqing_xinandaxue_dept.pdf")
    rounding = [f for f in findings if f["severity"] == "rounding"]
    # 表2 and 表3 print seven 1-分 remainders (../shared/gold/NOTES.md).
    assert len(rounding) == 7
    assert {f["evidence"]["difference"] for f in rounding} <= {"0.01", "-0.01"}
    putuo = _findings("budget2025_putuo_wanli_jiedao_dept.pdf")
    assert {f["severity"] for f in putuo} == {"rounding"}


def test_the_real_finance_bureau_report_shows_no_red_badge_for_its_rounding():
    findings = _findings("final2024_putuo_caizhengju_dept.pdf")
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) == 2  # not "11个错误": ten of those were 0.01 尾差
    assert sum(f["severity"] == "rounding" for f in findings) == 10


ALTERED = "final2024_putuo_caizhengju_dept_ALTERED.pdf"


def _altered(rule_id: str) -> list[dict]:
    return [f for f in _findings(ALTERED) if f["rule_id"] == rule_id
            and f["severity"] in PROBLEMS]


def test_altered_1_a_placeholder_left_in_a_part_title():
    (found,) = [f for f in _altered("plausibility.placeholder")
                if "XX局" in f["evidence"]["section"]]
    assert found["evidence"]["section"].startswith("第二部分")


def test_altered_2_the_expenditure_table_left_out_of_the_set():
    (found,) = _altered("tables.table_set")
    assert found["evidence"]["missing"] == ["expenditure"]


def test_altered_3_the_three_public_table_printed_empty():
    (empty,) = _altered("tables.empty_without_note")
    assert empty["evidence"]["table"] == "财政拨款“三公”经费支出决算表"
    budget = [f for f in _altered("figures.text_vs_table")
              if f["evidence"]["figure"]["key"] == "three_public_budget"]
    assert budget[0]["evidence"]["figure"]["value"] == "0.95"


def test_altered_4_a_part_title_names_last_year():
    years = {f["evidence"]["printed"] for f in _altered("wording.wrong_year")}
    assert "第三部分上海市普陀区财政局2023年度部门决算情况说明" in years


def test_altered_5_the_grand_total_stated_as_zero():
    totals = [f for f in _altered("figures.text_vs_table")
              if f["evidence"]["figure"]["key"] == "grand_total"]
    assert totals[0]["evidence"]["figure"]["value"] == "0"
    assert totals[0]["evidence"]["cell"]["value"] == "2995.39"


@pytest.mark.parametrize(("actual", "word"), [("1511.89", "大于"), ("80.38", "大于"),
                                              ("60.99", "等于")])
def test_altered_6_to_8_comparison_words_that_contradict_their_numbers(actual, word):
    found = {(f["evidence"]["actual"], f["evidence"]["stated"])
             for f in _altered("wording.comparison")}
    assert (actual, word) in found


def test_altered_9_the_year_end_date_of_last_year():
    years = {f["evidence"]["printed"] for f in _altered("wording.wrong_year")}
    assert "截至2023年12月31日" in years


def test_altered_10_a_doubled_full_stop():
    (found,) = _altered("wording.doubled_punctuation")
    assert "。。" in found["evidence"]["context"]


def test_the_altered_copy_raises_nothing_beyond_its_changes_and_the_originals_slip():
    expected = {"plausibility.placeholder", "tables.table_set", "tables.empty_without_note",
                "figures.text_vs_table", "wording.wrong_year", "wording.comparison",
                "wording.doubled_punctuation", "figures.stated_percentage"}
    assert {f["rule_id"] for f in _findings(ALTERED) if f["severity"] in PROBLEMS} == expected
