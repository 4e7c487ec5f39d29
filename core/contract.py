"""The parse contract: report kinds and scopes, the figure vocabulary, the parsed report.

These dataclasses are what the extractors produce and the only thing that crosses
from parsing into the save service. Money is kept as the decimal string printed in
万元 (the contract's form); the save service turns it into ``Decimal``.
``ParsedReport.to_contract()`` is one line of ``parse_report --json`` (see the
contract's README); ``report_from_contract`` reads such a line back.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Final, Literal

# --- kinds and scopes ---------------------------------------------------------------

FINAL_ACCOUNTS: Final = "final_accounts"  # 部门决算 / 单位决算
PERFORMANCE_EVALUATION: Final = "performance_evaluation"  # 整体支出绩效自评报告
BUDGET: Final = "budget"  # 部门预算 / 单位预算
Kind = Literal["final_accounts", "performance_evaluation", "budget"]
KINDS: tuple[Kind, ...] = (FINAL_ACCOUNTS, PERFORMANCE_EVALUATION, BUDGET)

DEPARTMENT: Final = "department"  # the department with its subordinate units, consolidated
UNIT: Final = "unit"  # one unit on its own (本级, 二级单位)
Scope = Literal["department", "unit"]
SCOPES: tuple[Scope, ...] = (DEPARTMENT, UNIT)

# --- the figure vocabulary ----------------------------------------------------------

MONEY_KEYS: tuple[str, ...] = (
    "grand_total", "income_total", "fiscal_appropriation_income", "expenditure_total",
    "basic_expenditure", "project_expenditure", "personnel_expenditure", "public_expenditure",
    "carryover_begin", "carryover_end", "general_budget_expenditure", "general_budget_initial",
    "government_fund_income", "government_fund_expenditure", "three_public_budget",
    "three_public_actual", "overseas_travel_budget", "overseas_travel_actual",
    "reception_budget", "reception_actual", "vehicle_budget", "vehicle_actual",
    "vehicle_purchase_actual", "vehicle_operation_actual", "operating_expenses",
    "meeting_fee", "training_fee", "procurement_total", "procurement_goods",
    "procurement_works", "procurement_services", "procurement_sme", "budget_initial",
    "budget_full_year", "budget_executed", "self_evaluation_score",
)
COUNT_KEYS: tuple[str, ...] = (
    "reception_groups", "reception_visitors", "vehicles", "staff_authorized",
    "staff_actual", "retirees",
)
FIGURE_KEYS: tuple[str, ...] = MONEY_KEYS + COUNT_KEYS
# Figures that are neither amounts nor counts of people or things: never in a 万元 column.
SCORE_KEYS: tuple[str, ...] = ("self_evaluation_score",)


def is_amount(key: str) -> bool:
    """Whether the figure ``key`` is an amount in 万元 (not a count, not a score)."""
    return key in MONEY_KEYS and key not in SCORE_KEYS


# --- warnings the checks read back -------------------------------------------------

_CONFLICT = re.compile(
    r"^(?P<key>\w+): 数值不一致 \(conflicting values\) (?P<used>-?[\d.]+) 「(?P<used_source>.*?)」 "
    r"vs (?P<other>-?[\d.]+) 「(?P<other_source>.*?)」"
)


def conflict_warning(key: str, used: str, used_source: str, other: str, other_source: str) -> str:
    """The warning for a figure stated twice with two values (the first one is used)."""
    return (f"{key}: 数值不一致 (conflicting values) {used} 「{used_source}」 vs {other} "
            f"「{other_source}」; used {used}")


def read_conflict_warning(warning: str) -> dict[str, str] | None:
    """The parts of a ``conflict_warning``: key, used, used_source, other, other_source."""
    match = _CONFLICT.match(warning)
    return match.groupdict() if match else None


# --- the parsed report --------------------------------------------------------------


@dataclass(slots=True)
class ParsedFigure:
    key: str
    value: str  # decimal string in 万元, or a count of digits
    source: str = ""  # the sentence or table cell it was read from
    page: int | None = None


@dataclass(slots=True)
class ParsedLine:
    """A functional-classification line (类/款/项) stated with its figures."""

    category: str
    item: str
    subitem: str
    budget: str | None = None  # 年初预算
    actual: str | None = None
    code: str | None = None
    reason: str = ""  # the stated reason for the difference, if any
    page: int | None = None
    budget_full_year: str | None = None  # 全年预算 (调整预算), where the report states it


@dataclass(slots=True)
class ParsedRow:
    code: str | None
    name: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedTable:
    title: str
    rows: list[ParsedRow] = field(default_factory=list)
    page: int | None = None
    # Whether every identity the table implies holds as read (core.statements), and
    # which do not: a table that does not balance was misread, or prints a slip.
    verified: bool = True
    unbalanced: list[str] = field(default_factory=list)
    # What the report prints about the table (注：…本表无数据), where it prints a note.
    note: str = ""


@dataclass(slots=True)
class ParsedIndicator:
    level1: str
    level2: str
    level3: str
    target: str = ""
    actual: str = ""
    weight: str = ""
    score: str = ""
    deviation: str = ""
    page: int | None = None


@dataclass(slots=True)
class ParsedSection:
    heading: str
    text: str
    level: int = 1
    page: int | None = None


# Fields kept for the save service and the pages, not part of the contract's JSON.
_LINE_ONLY = ("reason", "page")


@dataclass(slots=True)
class ParsedReport:
    file: str
    kind: str
    department: str
    fiscal_year: int | None
    scope: str = DEPARTMENT
    figures: list[ParsedFigure] = field(default_factory=list)
    expenditure_lines: list[ParsedLine] = field(default_factory=list)
    tables: list[ParsedTable] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    page_count: int = 0

    def figure_map(self) -> dict[str, str]:
        return {f.key: f.value for f in self.figures}

    def to_contract(self) -> dict[str, Any]:
        """The JSON object of ``parse_report --json`` (see the contract's README)."""
        return {
            "file": self.file,
            "kind": self.kind,
            "department": self.department,
            "fiscal_year": self.fiscal_year,
            "scope": self.scope,
            "figures": self.figure_map(),
            "expenditure_lines": [
                {k: v for k, v in asdict(line).items() if k not in _LINE_ONLY}
                for line in self.expenditure_lines
            ],
            "tables": [
                {
                    "title": t.title,
                    "rows": [{"code": r.code, "name": r.name, "values": r.values} for r in t.rows],
                    "verified": t.verified,
                    "unbalanced": list(t.unbalanced),
                }
                for t in self.tables
            ],
            "indicators": [
                {k: v for k, v in asdict(i).items() if k != "page"} for i in self.indicators
            ],
            "sections": [{"heading": s.heading, "text": s.text} for s in self.sections],
            "warnings": list(self.warnings),
        }


def report_from_contract(data: dict[str, Any]) -> ParsedReport:
    """A contract JSON object back as a ParsedReport; what JSON does not carry stays default."""
    return ParsedReport(
        file=data["file"],
        kind=data.get("kind", FINAL_ACCOUNTS),
        department=data.get("department", ""),
        fiscal_year=data.get("fiscal_year"),
        scope=data.get("scope", DEPARTMENT),
        figures=[ParsedFigure(key, value) for key, value in data.get("figures", {}).items()],
        expenditure_lines=[_known(ParsedLine, line) for line in data.get("expenditure_lines", [])],
        tables=[
            ParsedTable(
                title=t["title"],
                rows=[ParsedRow(r.get("code"), r["name"], dict(r.get("values", {})))
                      for r in t["rows"]],
                verified=t.get("verified", True),
                unbalanced=list(t.get("unbalanced", [])),
            )
            for t in data.get("tables", [])
        ],
        indicators=[_known(ParsedIndicator, i) for i in data.get("indicators", [])],
        sections=[ParsedSection(s["heading"], s["text"]) for s in data.get("sections", [])],
        warnings=list(data.get("warnings", [])),
    )


def report_from_dict(data: dict[str, Any]) -> ParsedReport:
    """A ParsedReport from ``dataclasses.asdict`` of one (pages and sources included), as the
    parse child sends it back to the worker; fields this version does not know are dropped."""
    known = {f.name for f in fields(ParsedReport)}
    report = _known(ParsedReport, {k: v for k, v in data.items() if k in known})
    report.figures = [_known(ParsedFigure, f) for f in data.get("figures", [])]
    report.expenditure_lines = [_known(ParsedLine, x) for x in data.get("expenditure_lines", [])]
    report.tables = []
    for t in data.get("tables", []):
        table = _known(ParsedTable, t)
        table.rows = [_known(ParsedRow, r) for r in t.get("rows", [])]
        report.tables.append(table)
    report.indicators = [_known(ParsedIndicator, x) for x in data.get("indicators", [])]
    report.sections = [_known(ParsedSection, x) for x in data.get("sections", [])]
    return report  # type: ignore[no-any-return]


def _known(cls: Any, data: dict[str, Any]) -> Any:
    """``cls(**data)`` keeping only the fields ``cls`` has."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})
