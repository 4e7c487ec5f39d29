import pytest

from ingest.extract.identity import extract_identity
from ingest.readers.text import parse_text, read

from ._seed_support import SEEDS, gold, needs_shared, seed_names


def identity(text):
    return extract_identity(parse_text(text))


def test_it_reads_a_final_account_title():
    result = identity("上海市某某区财政局\n2024年度部门决算\n目 录\n一、主要职能\n")
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "上海市某某区财政局", 2024,
    )


def test_a_budget_is_never_taken_for_a_final_account():
    text = (
        "上海市某某区2025年区级部门预算\n预算主管部门：上海市某某区司法局\n目 录\n"
        "一、部门主要职能\n2023年决算数为100万元。\n部门决算情况见附表。\n"
    )
    result = identity(text)
    assert (result.kind, result.department, result.fiscal_year) == (
        "budget", "上海市某某区司法局", 2025,
    )


def test_a_final_account_with_a_performance_appendix_stays_a_final_account():
    text = "2020年度\n某市某区科技局部门决算\n第五部分 附件\n某区科技局整体支出绩效自评报告\n"
    assert identity(text).kind == "final_accounts"


def test_it_reads_the_unit_name_field_without_prefix_or_spaces():
    text = (
        "单位名称（盖章）： 某市某区科技和工业信息化局   \n"
        "一、基本情况\n2024年度整体支出绩效目标\n"
    )
    result = identity(text)
    assert result.department == "某市某区科技和工业信息化局"


def test_the_signing_date_does_not_change_the_fiscal_year():
    text = (
        "2023年度部门整体支出绩效自评报告\n"
        "部门（单位）名称：某市科学技术局\n2024 年 5 月 15 日\n"
    )
    result = identity(text)
    assert (result.kind, result.fiscal_year) == ("performance_evaluation", 2023)


def test_a_template_with_placeholders_gives_warnings():
    result = identity("上海市 XX 局\n2024 年度部门决算\n目 录\n")
    assert result.department == "上海市XX局"
    assert any("占位符" in w for w in result.warnings)


@needs_shared
@pytest.mark.parametrize("name", seed_names())
def test_it_identifies_the_seed_reports(name):
    result = extract_identity(read(SEEDS / f"{name}.txt"))
    want = gold(name)
    assert (result.kind, result.department, result.fiscal_year) == (
        want["kind"], want["department"], want["fiscal_year"],
    )


def test_a_file_of_tables_only_is_named_by_its_table_titles():
    from ingest.document import Block, Cell, Document, Table

    table = Table(cells=[Cell(0, 0, "一级指标")], page=1, title="部门整体支出绩效自评表")
    document = Document(blocks=[
        Block(kind="paragraph", page=1, text="编制单位：某市某区科学技术局"),
        Block(kind="paragraph", page=1, text="2024年度"),
        Block(kind="table", page=1, table=table),
    ])
    result = extract_identity(document)
    assert (result.kind, result.department, result.fiscal_year) == (
        "performance_evaluation", "某市某区科学技术局", 2024,
    )


def test_a_self_evaluation_naming_the_final_account_it_evaluates_stays_an_evaluation():
    text = "某市某局2023年度部门决算整体支出绩效自评报告\n一、部门基本情况\n"
    assert identity(text).kind == "performance_evaluation"


def test_a_text_that_is_no_report_is_refused():
    from ingest.errors import NotAReportError

    with pytest.raises(NotAReportError):
        identity("春眠不觉晓，处处闻啼鸟。\n夜来风雨声，花落知多少。\n")


def test_a_cover_may_print_the_unit_on_its_own_line_after_the_title():
    result = identity("2023年度部门决算\n某市统计局\n目 录\n一、部门职责\n")
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "某市统计局", 2023,
    )


# --- regional wordings (invented titles) ---------------------------------------


@pytest.mark.parametrize("text", [
    "部门名称：某县农业农村局\n二〇二三年度部门决算\n一、部门基本情况\n",
    "编报单位：某县农业农村局\n二○二三年度部门决算\n一、部门基本情况\n",
    "某县农业农村局\n二零二三年度部门决算\n目录\n第一部分 部门概况\n",
    "某县农业农村局2023年度部门决算公开说明\n一、部门基本情况\n",
    "某县农业农村局关于2023年度部门决算的说明\n一、部门基本情况\n",
    "某县农业农村局\n2023年度\n部门决算\n一、部门基本情况\n",
])
def test_final_account_titles_across_regions(text):
    result = identity(text)
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "某县农业农村局", 2023)


def test_a_unit_final_account_is_a_final_account():
    result = identity("2023年度某县水利局所属水文站（本级）单位决算\n一、单位基本情况\n")
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "某县水利局所属水文站", 2023)


@pytest.mark.parametrize("text", [
    "某县卫生健康局2023年度部门整体支出绩效自评报告\n一、部门基本情况\n",
    "某县卫生健康局2023年度整体支出绩效评价报告\n一、部门基本情况\n",
    "某县卫生健康局部门整体绩效自评\n（2023年度）\n一、部门基本情况\n",
    "部门（单位）：某县卫生健康局\n2023年度部门整体支出绩效自评报告\n一、基本情况\n",
])
def test_performance_self_evaluation_titles(text):
    result = identity(text)
    assert (result.kind, result.department, result.fiscal_year) == (
        "performance_evaluation", "某县卫生健康局", 2023)


def test_a_budget_with_a_chinese_numeral_year_stays_a_budget():
    text = "某区民政局二〇二四年部门预算\n一、基本情况\n说明2022年度决算执行情况。\n"
    result = identity(text)
    assert (result.kind, result.department, result.fiscal_year) == ("budget", "某区民政局", 2024)


def test_a_consolidated_marker_after_the_name_is_not_part_of_it():
    result = identity("某县教育局（汇总）\n2023年度部门决算\n一、部门基本情况\n")
    assert result.department == "某县教育局"
