"""Rules across a department's years, and the seed reports' real cases."""

from __future__ import annotations

import pytest

from ingest.services import report_publish
from reports.models import Finding
from tests.audit.builders import findings_of, parsed, publish, rule_ids

pytestmark = pytest.mark.django_db

CLAIM = "2024年度支出合计1,320.00万元，与上年相比，增加120.00万元，增长10.00%。"


def test_a_change_claim_that_agrees_with_last_years_report_passes():
    publish(year=2023, figures={"expenditure_total": "1200.00"})
    report = publish(year=2024, figures={"expenditure_total": "1320.00"},
                     sections=[("一、总体情况", CLAIM)])
    assert not findings_of(report, "years.change_vs_previous")


def _stated_in(report, sentence: str):
    """The report with each figure read from ``sentence``, as the parser records it."""
    for figure in report.figures:
        figure.source = sentence
    return report_publish(parsed=report)


def test_a_change_claim_that_contradicts_last_years_report_is_an_error():
    publish(year=2023, figures={"expenditure_total": "1250.00"})
    report = _stated_in(parsed(year=2024, figures={"expenditure_total": "1320.00"},
                               sections=[("一、总体情况", CLAIM)]), CLAIM)
    (finding,) = findings_of(report, "years.change_vs_previous")
    assert finding.evidence["implied_previous"] == "1200"
    assert finding.evidence["previous"]["value"] == "1250.00"


def test_a_change_claim_judges_only_the_figure_its_sentence_states():
    # This year 本年收入合计 equals 支出合计; the sentence is about spending only, and
    # last year's income (1250) says nothing about it.
    publish(year=2023, figures={"expenditure_total": "1200.00", "income_total": "1250.00"})
    report = parsed(year=2024, figures={"expenditure_total": "1320.00",
                                        "income_total": "1320.00"},
                    sections=[("一、总体情况", CLAIM)])
    spending, income = report.figures
    spending.source = CLAIM
    income.source = "2024年度收入合计1,320.00万元，其中：财政拨款收入1,320.00万元。"
    assert not findings_of(report_publish(parsed=report), "years.change_vs_previous")


def test_a_units_own_report_is_not_judged_against_last_years_consolidated_report():
    publish(year=2023, figures={"expenditure_total": "1250.00"}, scope="department")
    report = _stated_in(parsed(year=2024, figures={"expenditure_total": "1320.00"},
                               sections=[("一、总体情况", CLAIM)], scope="unit"), CLAIM)
    assert report.scope == "unit"
    assert not findings_of(report, "years.change_vs_previous")


def test_a_change_claim_without_a_previous_report_is_not_judged():
    report = publish(year=2024, figures={"expenditure_total": "1320.00"},
                     sections=[("一、总体情况", CLAIM)])
    assert not findings_of(report, "years.change_vs_previous")


def test_the_opening_carryover_must_equal_last_years_closing_carryover():
    publish(year=2022, figures={"carryover_end": "1.32"})
    assert not findings_of(publish(year=2023, figures={"carryover_begin": "1.32"}),
                           "years.carryover_chain")
    report = publish(year=2023, figures={"carryover_begin": "2.32"})
    (finding,) = findings_of(report, "years.carryover_chain")
    assert finding.evidence["previous_carryover_end"] == "1.32"


def test_a_distinctive_figure_copied_from_an_earlier_year_is_flagged_on_the_later_report():
    earlier = publish(year=2023, figures={"general_budget_initial": "192.31", "vehicles": "3"})
    later = publish(year=2024, kind="performance_evaluation",
                    figures={"budget_full_year": "192.31", "meeting_fee": "0.24"})
    (finding,) = findings_of(later, "years.figure_repeated")
    assert finding.evidence["other"]["key"] == "general_budget_initial"
    from reports.audit_selectors import related_reports

    assert related_reports(finding) == [earlier]
    assert not findings_of(earlier, "years.figure_repeated")


def test_small_or_round_figures_repeated_across_years_are_not_flagged():
    publish(year=2023, figures={"meeting_fee": "0.24", "reception_actual": "3.00"})
    report = publish(year=2024, figures={"meeting_fee": "0.24", "reception_actual": "3.00"})
    assert not findings_of(report, "years.figure_repeated")


PASSAGE = ("受企业效益下滑、税务统计核查力度加大等因素影响，复审企业参评积极性不高。"
           "研发投入认定大幅下滑，预计研发投入认定数将有数亿元的降幅。"
           "因区级财力不足和去年财政科技支出占比较高、基数大等影响，今年财政科技支出较去年同期下降。"
           "制造业增加值占比不超过25%，短期内各行业总量不会有剧烈波动，制造业占比难以较大提升。")


def test_a_section_copied_word_for_word_from_an_earlier_year_is_noted():
    publish(year=2023, sections=[("七、存在的问题", PASSAGE)])
    report = publish(year=2024, sections=[("七、存在的问题", PASSAGE)])
    (finding,) = findings_of(report, "years.passage_repeated")
    assert finding.severity == "info"
    assert finding.evidence["share"] == 1.0


def test_boilerplate_sections_and_new_text_are_not_noted_as_repeated():
    publish(year=2023, sections=[("一、部门职责", PASSAGE), ("七、存在的问题", PASSAGE)])
    rewritten = PASSAGE.replace("。", "，今年有所改善。")
    report = publish(year=2024, sections=[("一、部门职责", PASSAGE), ("七、存在的问题", rewritten)])
    assert not findings_of(report, "years.passage_repeated")


def test_publishing_an_earlier_year_later_rechecks_the_later_report():
    later = publish(year=2024, kind="performance_evaluation",
                    figures={"budget_full_year": "192.31"})
    assert not findings_of(later, "years.figure_repeated")
    publish(year=2023, figures={"general_budget_initial": "192.31"})
    assert findings_of(later, "years.figure_repeated")


# ---------------------------------------------------------------- the seed reports


def seed_findings(report) -> set[str]:
    return set(Finding.objects.filter(report=report).values_list("rule_id", flat=True))


def test_gold_004_personnel_and_public_do_not_add_up_to_basic_expenditure(gold):
    report = report_publish(parsed=gold("004"))
    (finding,) = findings_of(report, "figures.personnel_public_sum")
    assert finding.evidence["total"]["value"] == "965.72"
    assert finding.evidence["computed"] == "965.3"


def test_gold_000_repeats_the_2023_totals_of_002_and_copies_section_seven_into_eight(gold):
    report_publish(parsed=gold("002"))
    report = report_publish(parsed=gold("000"))
    repeated = {f.evidence["figure"]: f.evidence["other"]["key"]
                for f in findings_of(report, "years.figure_repeated")}
    assert repeated == {"budget_full_year": "general_budget_initial",
                        "budget_executed": "expenditure_total"}
    (duplicate,) = findings_of(report, "plausibility.duplicate_section")
    assert duplicate.evidence["section"].startswith("八、")
    assert duplicate.evidence["other"].startswith("七、")


def test_gold_001_states_a_growth_rate_its_figures_do_not_give(gold):
    report = report_publish(parsed=gold("001"))
    (finding,) = findings_of(report, "figures.stated_percentage")
    assert finding.evidence["stated"] == "17.74"
    assert "6377.44" in finding.evidence["sentence"]
    assert "plausibility.unit_slip" in rule_ids(report)  # 96877亿元 of tax


def test_gold_002_and_003_raise_only_the_inconsistencies_the_notes_name(gold):
    old = report_publish(parsed=gold("003"))
    new = report_publish(parsed=gold("002"))
    assert {f.evidence["stated"] for f in findings_of(new, "figures.stated_percentage")} == {"9.98"}
    assert {f.evidence["stated"] for f in findings_of(old, "figures.stated_percentage")} == {
        "6.4", "4.1"}
    assert findings_of(new, "plausibility.date_out_of_year")  # 对2022年度…绩效自评
    assert not findings_of(new, "figures.personnel_public_sum")
    assert not findings_of(old, "figures.balance")


def test_parsed_004_through_the_real_parser_finds_the_basic_expenditure_gap(parsed):
    report = report_publish(parsed=parsed("004"))
    assert findings_of(report, "figures.personnel_public_sum")


def test_parsed_000_after_002_through_the_real_parser_finds_the_copied_figures(parsed):
    report_publish(parsed=parsed("002"))
    report = report_publish(parsed=parsed("000"))
    assert findings_of(report, "years.figure_repeated")
    (duplicate,) = findings_of(report, "plausibility.duplicate_section")
    assert duplicate.evidence["section"].startswith("八、")
    assert duplicate.evidence["other"].startswith("七、")


def test_parsed_003_and_002_through_the_real_parser_find_the_notes_percentages(parsed):
    old = report_publish(parsed=parsed("003"))
    new = report_publish(parsed=parsed("002"))
    assert {f.evidence["stated"] for f in findings_of(new, "figures.stated_percentage")} == {"9.98"}
    assert {f.evidence["stated"] for f in findings_of(old, "figures.stated_percentage")} == {
        "6.4", "4.1"}
    assert not findings_of(new, "years.passage_repeated")  # 名词解释 is the same every year


def test_parsed_001_through_the_real_parser_finds_the_wrong_growth_rate(parsed):
    report = report_publish(parsed=parsed("001"))
    stated = {f.evidence["stated"] for f in findings_of(report, "figures.stated_percentage")}
    assert "17.74" in stated


def test_the_putuo_pdf_through_the_real_parser_raises_what_its_notes_list_and_nothing_else(
    shared,
):
    try:
        from ingest.pipeline import parse_file
    except ImportError as exc:
        pytest.skip(f"the parser is not importable yet: {exc}")
    report = report_publish(parsed=parse_file(
        shared / "corpus" / "final2024_putuo_caizhengju_dept.pdf"))
    counts = {}
    for rule_id in report.findings.values_list("rule_id", flat=True):
        counts[rule_id] = counts.get(rule_id, 0) + 1
    # NOTES §8: 1 (326.71 vs 326.72, two pairs of tables), 2 (合计 0.01 off in six columns),
    # 3 (301 and 302 of the 基本支出表), 7 (一般公共服务 share 71.73% for 71.65%).
    # And the text's 财政拨款收入支出总计 of 0.3万元 for the table's 2961.68.
    assert counts == {"tables.category_across_tables": 2, "tables.total_sum": 6,
                      "tables.category_sum": 2, "figures.stated_percentage": 1,
                      "wording.appropriation_total": 1}
    problems = report.findings.filter(severity__in=("error", "warning"))
    assert sorted(problems.values_list("rule_id", flat=True)) == [
        "figures.stated_percentage", "wording.appropriation_total"]
