"""Layouts of other regions' reports (issue 10) written by the generator and read back.

Each layout is written in the formats it is met in, parsed by the real parser, and every
part compared with the generator's truth (as ``test_roundtrip`` does), with two parts
more: the report's ``scope`` (部门 consolidated or 单位 本级) and each line's
``budget_full_year`` (a line of a unit set up mid-year states only its 全年预算).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from ingest.pipeline import parse_file
from ingest.synth import LAYOUTS, expected_contract, generate_report, write_report
from tests.ingest.test_roundtrip import COMPARE, _number

YEAR = 2024
SEEDS = (7, 8)
REPORTS = {
    "science_final": (0, "final_accounts"),
    "civil_affairs_final": (3, "final_accounts"),
    "science_budget": (0, "budget"),  # a district's set
    "civil_affairs_budget": (3, "budget"),  # a province's set (公开01表 …)
}
# Layout → (formats, reports).
LAYOUT_CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # A unit's own 单位决算 / 单位预算 (本级): scope ``unit``.
    "unit_scope": (("docx", "xlsx", "pdf"), tuple(REPORTS)),
    # A unit set up mid-year: lines state their 全年预算 and 决算, no 年初预算.
    "mid_year": (("docx", "xlsx", "pdf"), ("science_final", "civil_affairs_final")),
    # A budget set ending with a 政府采购预算表 (text columns, then 总计/财政拨款/其他资金).
    "procurement": (("docx", "xlsx", "pdf"), ("science_budget", "civil_affairs_budget")),
    # Unruled PDF whose 类 rows print their amounts on a line over their code and name, right
    # over the first 款 row; fused_rows: two lines over, nearer the 款 row than the amounts.
    "amounts_over": (("pdf",), ("science_final", "civil_affairs_final")),
    "fused_rows": (("pdf",), ("science_final", "civil_affairs_final")),
    # Ruled PDF without the rule under each 类 row over its first 款 row (codes run together).
    "open_rules": (("pdf",), ("science_final", "civil_affairs_final")),
}
PARTS = ("identity", "figures", "tables", "lines", "indicators", "sections")
# (part, format, layout, report[, seed]) → what the parser still gets wrong; strict.
FAILURES: dict[tuple, str] = {}


def _cases() -> list:
    cases = []
    for layout, (formats, names) in LAYOUT_CASES.items():
        for fmt in formats:
            for name in names:
                for part in PARTS:
                    for seed in SEEDS:
                        reason = FAILURES.get((part, fmt, layout, name, seed)) or \
                            FAILURES.get((part, fmt, layout, name))
                        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                        cases.append(pytest.param(part, fmt, layout, name, seed, marks=marks,
                                                  id=f"{part}-{fmt}-{layout}-{name}-{seed}"))
    return cases


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("layouts"))


@cache
def _round_trip(fmt: str, layout: str, name: str, seed: int, directory: str) -> tuple[dict, dict]:
    dept, kind = REPORTS[name]
    report = generate_report(seed, dept, YEAR, kind, layout=LAYOUTS[layout])
    path = write_report(report, Path(directory) / str(seed), fmt, layout)
    return expected_contract(report, fmt, layout), parse_file(path).to_contract()


def _identity(truth: dict, parsed: dict) -> None:
    keys = ("kind", "department", "fiscal_year", "scope")
    assert {k: parsed[k] for k in keys} == {k: truth[k] for k in keys}


def _lines(truth: dict, parsed: dict) -> None:
    def key(line: dict) -> tuple:
        return (line["category"], line["item"], line["subitem"], _number(line["budget"]),
                _number(line["budget_full_year"]), _number(line["actual"]), line.get("code"))

    assert [key(x) for x in parsed["expenditure_lines"]] == [
        key(x) for x in truth["expenditure_lines"]]


CHECKS = {**COMPARE, "identity": _identity, "lines": _lines}


@pytest.mark.parametrize(("part", "fmt", "layout", "name", "seed"), _cases())
def test_a_report_in_a_new_regional_layout_gives_back_its_truth(
    part: str, fmt: str, layout: str, name: str, seed: int, out_dir: str
) -> None:
    truth, parsed = _round_trip(fmt, layout, name, seed, out_dir)
    CHECKS[part](truth, parsed)


def test_a_unit_report_says_unit_on_its_cover_and_the_department_report_does_not() -> None:
    unit = generate_report(7, 0, YEAR, "final_accounts", layout=LAYOUTS["unit_scope"])
    department = generate_report(7, 0, YEAR, "final_accounts", layout=LAYOUTS["default"])
    assert (unit.scope, department.scope) == ("unit", "department")
    assert [p.text for p in unit.parts if p.kind == "cover"][1] == "2024年度单位决算"
    budget = generate_report(7, 0, YEAR, "budget", layout=LAYOUTS["unit_scope"])
    assert budget.scope == "unit"
    assert budget.tables[0].title == "2024年单位财务收支预算总表"


def test_lines_of_a_unit_set_up_mid_year_carry_their_full_year_budget_only() -> None:
    report = generate_report(7, 3, YEAR, "final_accounts", layout=LAYOUTS["mid_year"])
    lines = report.to_contract()["expenditure_lines"]
    assert lines
    assert all(x["budget"] is None and x["budget_full_year"] for x in lines)
    assert "general_budget_initial" not in report.figure_map()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_procurement_table_adds_up_by_category_and_by_source(seed: int) -> None:
    report = generate_report(seed, 3, YEAR, "budget", layout=LAYOUTS["procurement"])
    table = report.tables[-1]
    assert table.title == "政府采购预算表"
    rows = table.rows
    heads = [r for r in rows if r.name[1:2] == "、"]
    assert sum(Decimal(r.values["总计"]) for r in heads) == Decimal(rows[0].values["总计"])
    for row in rows:
        fiscal, other = (Decimal(row.values.get(k, "0")) for k in ("财政拨款", "其他资金"))
        assert fiscal + other == Decimal(row.values["总计"])
    figures = report.figure_map()
    assert figures["procurement_total"] == rows[0].values["总计"]


def test_existing_layouts_print_no_procurement_table_and_department_scope() -> None:
    report = generate_report(7, 3, YEAR, "budget", layout=LAYOUTS["default"])
    assert not any("采购" in t.title for t in report.tables)
    assert report.scope == "department"


@pytest.mark.parametrize("layout", ["amounts_over", "fused_rows", "open_rules"])
@pytest.mark.parametrize(("seed", "dept"), [(40, 2), (42, 4), (45, 5), (31, 3)])
def test_a_class_rows_amounts_printed_over_its_name_come_back_on_its_row(
    layout: str, seed: int, dept: int, tmp_path: Path
) -> None:
    # Before the reader joined them: an unnamed row of the 类 row's amounts and a 类 row
    # of nothing, in every table with codes.
    report = generate_report(seed, dept, 2023, layout=LAYOUTS[layout])
    parsed = parse_file(write_report(report, tmp_path, "pdf", layout)).to_contract()
    COMPARE["tables"](expected_contract(report, "pdf", layout), parsed)
    assert all(t["verified"] for t in parsed["tables"])
