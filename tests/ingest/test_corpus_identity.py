"""Every real file of the shared corpus is known by the name it prints, its year, kind
and scope: the tables-only file too (``部门：…  单位：万元`` over each table), a blank
``单位名称：`` field is no name, and a 单位预算 is the unit's report, not its department's.

The expected values are read off each file's cover or table pages (see the corpus's
MANIFEST.md); the test skips where ``../shared`` is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import parse_file

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"shared corpus not beside the repo: {CORPUS}"
)

JIANGSU = "江苏省人大常委会办公厅"
SWU = "西南大学"
WANLI = "上海市普陀区人民政府万里街道办事处"
SHANGWU = "上海市普陀区商务委员会"
ZHENGFUBAN = "上海市普陀区人民政府办公室"
SIFA = "上海市普陀区司法局"
CAIZHENG = "上海市普陀区财政局"

# file: (department as printed, fiscal year, kind, scope)
EXPECTED = {
    "budget2017_jiangsu_rendachangweihui_bangongting_dept.pdf": (
        JIANGSU, 2017, "budget", "department"),
    "budget2018_jiangsu_rendachangweihui_bangongting_dept.pdf": (
        JIANGSU, 2018, "budget", "department"),
    "budget2019_jiangsu_rendachangweihui_bangongting_dept_tables.pdf": (
        JIANGSU, 2019, "budget", "department"),
    "budget2019_jiangsu_rendachangweihui_bangongting_dept_text.pdf": (
        JIANGSU, 2019, "budget", "department"),
    "budget2021_chongqing_xinandaxue_dept.pdf": (SWU, 2021, "budget", "department"),
    "final2023_chongqing_xinandaxue_dept.pdf": (SWU, 2023, "final_accounts", "department"),
    "budget2024_putuo_wanli_jiedao_dept.pdf": (WANLI, 2024, "budget", "department"),
    "budget2025_putuo_wanli_jiedao_dept.pdf": (WANLI, 2025, "budget", "department"),
    "budget2025_putuo_shangwuwei_dept.pdf": (SHANGWU, 2025, "budget", "department"),
    "budget2025_putuo_shangwuwei_unit.pdf": (SHANGWU, 2025, "budget", "unit"),
    "budget2025_putuo_zhengfuban_dept.pdf": (ZHENGFUBAN, 2025, "budget", "department"),
    "budget2025_putuo_zhengfuban_unit.pdf": (ZHENGFUBAN, 2025, "budget", "unit"),
    "budget2026_putuo_sifaju_dept.pdf": (SIFA, 2026, "budget", "department"),
    "budget2026_putuo_sifaju_unit.pdf": (SIFA, 2026, "budget", "unit"),
    "final2024_putuo_caizhengju_dept.pdf": (CAIZHENG, 2024, "final_accounts", "department"),
    "final2024_putuo_caizhengju_dept_ALTERED.pdf": (
        CAIZHENG, 2024, "final_accounts", "department"),
    # The official blank model prints a placeholder, and is flagged for it.
    "final2024_shanghai_template_dept.pdf": ("上海市XX局", 2024, "final_accounts", "department"),
}


def test_the_table_lists_every_report_file_of_the_corpus():
    assert sorted(EXPECTED) == sorted(p.name for p in CORPUS.glob("*.pdf"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_file_is_known_by_its_printed_name_year_kind_and_scope(name):
    contract = parse_file(CORPUS / name, name=name).to_contract()
    found = (contract["department"], contract["fiscal_year"], contract["kind"], contract["scope"])
    assert found == EXPECTED[name]
    assert not any("未识别出部门名称" in w for w in contract["warnings"])
