"""Display names for the contract's figure keys, and the department page's key figures."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.contract import COUNT_KEYS, FIGURE_KEYS

FIGURE_LABELS = {
    "grand_total": _("Grand total (income and carry-over)"),
    "income_total": _("Total income this year"),
    "fiscal_appropriation_income": _("Fiscal appropriation income"),
    "expenditure_total": _("Total expenditure"),
    "basic_expenditure": _("Basic expenditure"),
    "project_expenditure": _("Project expenditure"),
    "personnel_expenditure": _("Personnel expenses"),
    "public_expenditure": _("Public (operating) expenses"),
    "carryover_begin": _("Carry-over at the start of the year"),
    "carryover_end": _("Carry-over at the end of the year"),
    "general_budget_expenditure": _("General public budget appropriation expenditure"),
    "general_budget_initial": _("General public budget: initial budget"),
    "government_fund_income": _("Government fund appropriation income"),
    "government_fund_expenditure": _("Government fund appropriation expenditure"),
    "three_public_budget": _("“Three public” expenses: budget"),
    "three_public_actual": _("“Three public” expenses"),
    "overseas_travel_budget": _("Official travel abroad: budget"),
    "overseas_travel_actual": _("Official travel abroad"),
    "reception_budget": _("Official reception: budget"),
    "reception_actual": _("Official reception"),
    "vehicle_budget": _("Official vehicles: budget"),
    "vehicle_actual": _("Official vehicles (purchase and running)"),
    "vehicle_purchase_actual": _("Official vehicle purchase"),
    "vehicle_operation_actual": _("Official vehicle running costs"),
    "operating_expenses": _("Agency operating expenses"),
    "meeting_fee": _("Meeting expenses"),
    "training_fee": _("Training expenses"),
    "procurement_total": _("Government procurement, total"),
    "procurement_goods": _("Government procurement: goods"),
    "procurement_works": _("Government procurement: works"),
    "procurement_services": _("Government procurement: services"),
    "procurement_sme": _("Contracts awarded to small and medium enterprises"),
    "budget_initial": _("Initial budget"),
    "budget_full_year": _("Full-year budget"),
    "budget_executed": _("Executed in the year"),
    "self_evaluation_score": _("Self-evaluation score"),
    "reception_groups": _("Reception groups"),
    "reception_visitors": _("Reception visitors"),
    "vehicles": _("Vehicles"),
    "staff_authorized": _("Authorized staff"),
    "staff_actual": _("Staff at year end"),
    "retirees": _("Retirees"),
}

# The department page's chart and table: these keys across the years.
KEY_FIGURES: tuple[str, ...] = (
    "expenditure_total", "basic_expenditure", "project_expenditure",
    "personnel_expenditure", "public_expenditure", "three_public_actual", "operating_expenses",
)


def figure_label(key: str) -> str:
    return str(FIGURE_LABELS.get(key, key))


def named(value: object) -> object:
    """A vocabulary key shown by its name (基本支出, not basic_expenditure); else as it is."""
    if isinstance(value, str) and value in FIGURE_KEYS:
        return figure_label(value)
    return value


# The words a rule's evidence is stored under, as the evidence page names them.
EVIDENCE_LABELS = {
    "total": _("Total"), "parts": _("Parts"), "computed": _("Computed"),
    "difference": _("Difference"), "stated": _("Stated"), "figure": _("Figure"),
    "key": _("Figure"), "value": _("Value"), "source": _("Source text"), "page": _("Page"),
    "section": _("Section"), "sentence": _("Sentence"), "table": _("Table"), "row": _("Row"),
    "column": _("Column"), "cell": _("Table cell"), "rate": _("Rate, per cent"),
    "budget": _("Budget"), "actual": _("Actual"), "previous": _("Previous year"),
    "other": _("Other year"), "indicator": _("Indicator"), "target": _("Target"),
    "score": _("Score"), "weight": _("Weight"), "kind": _("Kind"), "context": _("Context"),
    "printed": _("As printed"), "reason": _("Reason"), "year": _("Year"),
}


def evidence_label(key: str) -> str:
    return str(EVIDENCE_LABELS.get(key, key))


# What a figure's value counts: the contract keeps the score with the amounts
# (a decimal), but it is points out of 100, not 万元.
SCORE_KEYS: tuple[str, ...] = ("self_evaluation_score",)
UNITS = {
    "wanyuan": _("10k yuan (万元)"),
    "count": _("a count"),
    "score": _("points (out of 100)"),
}


def figure_unit(key: str) -> str:
    """``wanyuan``, ``count`` or ``score``: what the value of figure ``key`` is in."""
    if key in COUNT_KEYS:
        return "count"
    return "score" if key in SCORE_KEYS else "wanyuan"
