"""ParsedReport: what the extractors produce, and its parse-contract JSON.

These dataclasses are the only thing that crosses from parsing into the save
service (``ingest.services``). Money is kept as the decimal string printed in
万元 (the contract's form); the save service turns it into ``Decimal``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["final_accounts", "performance_evaluation", "budget"]
KINDS: tuple[str, ...] = ("final_accounts", "performance_evaluation", "budget")

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
    budget: str | None = None
    actual: str | None = None
    code: str | None = None
    reason: str = ""  # the stated reason for the difference, if any
    page: int | None = None


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


@dataclass(slots=True)
class ParsedReport:
    file: str
    kind: str
    department: str
    fiscal_year: int | None
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
        """The JSON object of ``parse_report --json`` (see shared/contract)."""
        return {
            "file": self.file,
            "kind": self.kind,
            "department": self.department,
            "fiscal_year": self.fiscal_year,
            "figures": self.figure_map(),
            "expenditure_lines": [
                {k: v for k, v in asdict(line).items() if k not in ("reason", "page")}
                for line in self.expenditure_lines
            ],
            "tables": [
                {
                    "title": t.title,
                    "rows": [{"code": r.code, "name": r.name, "values": r.values} for r in t.rows],
                }
                for t in self.tables
            ],
            "indicators": [
                {k: v for k, v in asdict(i).items() if k != "page"} for i in self.indicators
            ],
            "sections": [{"heading": s.heading, "text": s.text} for s in self.sections],
            "warnings": list(self.warnings),
        }
