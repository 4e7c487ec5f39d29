"""Real reports from other regions and levels: every statement table balances as read,
except where the report itself prints an imbalance, and the gold files score ≥ 0.99.

The files are the shared corpus (Shanghai Putuo, Jiangsu provincial budgets, a central
university's budget and 决算); the test skips where ``../shared`` is absent.
"""

from __future__ import annotations

import importlib.util
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from core.contract import ParsedReport
from ingest.extract.balance import _rows, imbalances
from ingest.pipeline import parse_file

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"shared corpus not beside the repo: {SHARED}"
)

# Every identity that does not hold in a corpus table, as the PDF prints it: (file, the
# page the row is printed on, table, row, column, the total as printed on the page, the
# sum of its parts as the page's unit gives it). Each was checked on the rendered page;
# a test checks that the total is printed on that page.
PRINTED_IMBALANCES = {
    # Putuo budgets print in 元; rows and totals were rounded separately (尾差).
    ("budget2025_putuo_wanli_jiedao_dept.pdf", 12, "2025年部门收入预算总表", "212 城乡社区支出",
     "收入预算/合计", "154,369,326", "154,369,327"),
    ("budget2025_putuo_wanli_jiedao_dept.pdf", 12, "2025年部门收入预算总表", "212 城乡社区支出",
     "收入预算/财政拨款收入", "154,369,326", "154,369,327"),
    ("budget2025_putuo_wanli_jiedao_dept.pdf", 12, "2025年部门收入预算总表",
     "21201 城乡社区管理事务", "收入预算/合计", "94,995,790", "94,995,789"),
    ("budget2025_putuo_wanli_jiedao_dept.pdf", 12, "2025年部门收入预算总表",
     "21201 城乡社区管理事务", "收入预算/财政拨款收入", "94,995,790", "94,995,789"),
    ("budget2025_putuo_wanli_jiedao_dept.pdf", 17, "2025年部门支出预算总表",
     "21201 城乡社区管理事务", "支出预算/合计", "94,995,790", "94,995,789"),
    ("budget2025_putuo_wanli_jiedao_dept.pdf", 17, "2025年部门支出预算总表", "212 城乡社区支出",
     "支出预算/合计", "154,369,326", "154,369,327"),
    ("budget2025_putuo_wanli_jiedao_dept.pdf", 23, "2025年部门一般公共预算支出功能分类预算表",
     "21201 城乡社区管理事务", "一般公共预算支出/合计", "94,995,790", "94,995,789"),
    ("budget2025_putuo_wanli_jiedao_dept.pdf", 23, "2025年部门一般公共预算支出功能分类预算表",
     "212 城乡社区支出", "一般公共预算支出/合计", "154,369,326", "154,369,327"),
    # The unit budget prints 人员经费 and 公用经费 in whole 元 beside totals with 分.
    ("budget2026_putuo_sifaju_unit.pdf", 8, "2026年预算单位财务收支预算总表", "一、公共安全支出",
     "本年支出/预算数/合计", "79,189,400.34", "79,189,400"),
    ("budget2026_putuo_sifaju_unit.pdf", 8, "2026年预算单位财务收支预算总表", "支出总计",
     "本年支出/预算数/合计", "86,959,408.34", "86,959,408"),
    # A slip: 行政运行 prints the whole 司法 款's 项目支出 (64,840,547.00) in its own row.
    ("budget2026_putuo_sifaju_unit.pdf", 11, "2026年预算单位支出预算总表", "2040601 行政运行",
     "支出预算/合计", "14,348,853.34", "79,189,400.34"),
    ("budget2026_putuo_sifaju_unit.pdf", 11, "2026年预算单位支出预算总表", "20406 司法",
     "支出预算/项目支出", "64,840,547.00", "129,681,094"),
    ("budget2026_putuo_sifaju_unit.pdf", 12, "2026年预算单位支出预算总表", "合计",
     "支出预算/合计", "86,959,408.34", "86,959,408"),
    ("budget2026_putuo_sifaju_unit.pdf", 12, "2026年预算单位支出预算总表", "合计",
     "支出预算/基本支出", "22,118,861", "22,118,861.34"),
    ("budget2026_putuo_sifaju_unit.pdf", 14, "2026年预算单位一般公共预算支出功能分类预算表",
     "2040601 行政运行", "一般公共预算支出/合计", "14,348,853.34", "79,189,400.34"),
    ("budget2026_putuo_sifaju_unit.pdf", 14, "2026年预算单位一般公共预算支出功能分类预算表",
     "20406 司法", "一般公共预算支出/项目支出", "64,840,547.00", "129,681,094"),
    ("budget2026_putuo_sifaju_unit.pdf", 15, "2026年预算单位一般公共预算支出功能分类预算表",
     "合计", "一般公共预算支出/合计", "86,959,408.34", "86,959,408"),
    ("budget2026_putuo_sifaju_unit.pdf", 15, "2026年预算单位一般公共预算支出功能分类预算表",
     "合计", "一般公共预算支出/基本支出", "22,118,861", "22,118,861.34"),
    # 西南大学 prints 1-分 remainders (listed in ../shared/gold/NOTES.md).
    ("final2023_chongqing_xinandaxue_dept.pdf", 10, "高等学校收入决算表", "2050204 高中教育",
     "本年收入合计", "24,804.57", "24,804.58"),
    ("final2023_chongqing_xinandaxue_dept.pdf", 10, "高等学校收入决算表", "20502 普通教育",
     "其他收入", "42,555.90", "42,555.91"),
    ("final2023_chongqing_xinandaxue_dept.pdf", 12, "高等学校支出决算表", "205 教育支出", "合计",
     "425,287.27", "425,287.28"),
    ("final2023_chongqing_xinandaxue_dept.pdf", 13, "高等学校支出决算表", "合计", "合计",
     "457,676.75", "457,676.74"),
    ("final2023_chongqing_xinandaxue_dept.pdf", 12, "高等学校支出决算表", "205 教育支出",
     "项目支出", "96,077.73", "96,077.72"),
    ("final2023_chongqing_xinandaxue_dept.pdf", 13, "高等学校支出决算表", "合计", "基本支出",
     "359,781.59", "359,781.60"),
    ("final2023_chongqing_xinandaxue_dept.pdf", 13, "高等学校支出决算表", "合计", "项目支出",
     "97,895.15", "97,895.16"),
    # 普陀区财政局 (and its altered copy) print 1-分 remainders in the 合计 rows.
    *(
        (name, *rest)
        for name, pages in (
            ("final2024_putuo_caizhengju_dept.pdf", (8, 10, 15, 16)),
            ("final2024_putuo_caizhengju_dept_ALTERED.pdf", (8, None, 12, 13)),
        )
        for rest in (
            (pages[0], "收入决算表", "合计", "本年收入合计", "2,946.25", "2,946.26"),
            (pages[0], "收入决算表", "合计", "财政拨款收入", "2,940.05", "2,940.06"),
            (pages[1], "支出决算表", "合计", "本年支出合计", "2,940.05", "2,940.06"),
            (pages[1], "支出决算表", "合计", "基本支出", "2,336.91", "2,336.92"),
            (pages[2], "一般公共预算财政拨款支出决算表", "合计", "合计", "2,940.05", "2,940.06"),
            (pages[2], "一般公共预算财政拨款支出决算表", "合计", "基本支出", "2,336.91",
             "2,336.92"),
            (pages[3], "一般公共预算财政拨款基本支出决算表", "301 工资福利支出", "决算数",
             "2,082.85", "2,082.86"),
            (pages[3], "一般公共预算财政拨款基本支出决算表", "302 商品和服务支出", "决算数",
             "171.07", "171.09"),
        )
        if rest[0] is not None
    ),
}


@cache
def _parsed(name: str) -> ParsedReport:
    return parse_file(CORPUS / name)


def _found() -> set[tuple]:
    found = set()
    for path in sorted(CORPUS.glob("*.pdf")):
        report = _parsed(path.name)
        for table in report.tables:
            rows = _rows(table)
            for imbalance in imbalances(table):
                row = rows[imbalance.row]
                found.add((path.name, table.title, f"{row.code or ''} {row.name}".strip(),
                           imbalance.label))
    return found


def test_every_corpus_table_balances_except_where_the_page_prints_an_imbalance():
    listed = {(name, title, row, column)
              for name, _page, title, row, column, *_ in PRINTED_IMBALANCES}
    assert _found() == listed


def test_a_table_that_does_not_balance_says_so_in_the_contract():
    report = _parsed("budget2026_putuo_sifaju_unit.pdf")
    tables = report.to_contract()["tables"]
    table = next(t for t in tables if t["title"] == "2026年预算单位支出预算总表")
    assert table["verified"] is False
    assert any(u.startswith("2040601 行政运行 · 支出预算/合计 1434.885334 != 7918.940034")
               for u in table["unbalanced"])
    balanced = next(t for t in tables if "收入预算总表" in t["title"])
    assert balanced == {**balanced, "verified": True, "unbalanced": []}


def _digits(text: str) -> str:
    return re.sub(r"[,\s]", "", text)


@pytest.mark.parametrize("entry", sorted(PRINTED_IMBALANCES),
                         ids=lambda e: f"{e[0][:20]}-p{e[1]}-{e[3]}-{e[4]}")
def test_each_listed_imbalance_prints_its_total_on_the_page(entry):
    name, page, _title, _row, _column, printed, _computed = entry
    pdf = pdfium.PdfDocument(CORPUS / name)
    text = _digits(pdf[page - 1].get_textpage().get_text_range())
    assert _digits(printed) in text


def test_the_sum_of_the_parts_is_what_the_listing_says():
    wan = Decimal(10000)
    for name, _page, title, row, column, _printed, computed in PRINTED_IMBALANCES:
        table = next(t for t in _parsed(name).tables if t.title == title)
        rows = _rows(table)
        found = next(i for i in imbalances(table) if i.label == column
                     and f"{rows[i.row].code or ''} {rows[i.row].name}".strip() == row)
        value = Decimal(_digits(computed))  # as the page prints it: 万元, or 元 for Putuo
        assert found.computed in (value, value / wan), (name, row, column)


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gold_reports_score_at_least_099():
    scorer = _scorer()
    scores = {}
    for gold_path in sorted((SHARED / "gold").glob("*.json")):
        source = next(p for p in [*CORPUS.glob(gold_path.stem + ".*"),
                                  *(SHARED / "seeds").glob(gold_path.stem + ".*")]
                      if p.suffix in (".pdf", ".txt"))
        predicted = json.loads(json.dumps(parse_file(source, name=source.name).to_contract()))
        scores[gold_path.stem] = scorer.score_report(json.loads(gold_path.read_text()),
                                                     predicted)[1]
    overall = sum(scores.values()) / len(scores)
    assert overall >= 0.99, scores


@pytest.mark.parametrize(("name", "kind", "year"), [
    ("budget2017_jiangsu_rendachangweihui_bangongting_dept.pdf", "budget", 2017),
    ("budget2018_jiangsu_rendachangweihui_bangongting_dept.pdf", "budget", 2018),
    ("budget2019_jiangsu_rendachangweihui_bangongting_dept_tables.pdf", "budget", 2019),
    ("budget2019_jiangsu_rendachangweihui_bangongting_dept_text.pdf", "budget", 2019),
    ("budget2021_chongqing_xinandaxue_dept.pdf", "budget", 2021),
    ("final2023_chongqing_xinandaxue_dept.pdf", "final_accounts", 2023),
    ("budget2025_putuo_shangwuwei_unit.pdf", "budget", 2025),
    ("final2024_putuo_caizhengju_dept.pdf", "final_accounts", 2024),
])
def test_other_regions_reports_are_read_as_their_kind_and_year(name, kind, year):
    report = _parsed(name)
    assert (report.kind, report.fiscal_year) == (kind, year)


def test_the_central_universitys_account_lines_come_from_its_report_notes():
    lines = _parsed("final2023_chongqing_xinandaxue_dept.pdf").expenditure_lines
    assert len(lines) == 12
    first = lines[0]
    assert (first.category, first.item, first.subitem, first.code, first.actual) == (
        "教育支出", "普通教育", "小学教育", "2050202", "7970.38")
    assert sum(Decimal(line.actual) for line in lines) == Decimal("237100.00")


def test_a_table_continued_over_pages_keeps_every_row():
    tables = {t.title: t for t in _parsed("final2023_chongqing_xinandaxue_dept.pdf").tables}
    assert [len(tables[t].rows) for t in ("高等学校收支决算总表", "高等学校收入决算表",
                                          "高等学校支出决算表", "高等学校财政拨款支出决算表")] == [
        42, 26, 26, 24]
    assert tables["高等学校收支决算总表"].verified
    assert tables["高等学校财政拨款支出决算表"].verified
