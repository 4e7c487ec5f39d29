"""The glossary (名词解释): terms the reports use, each with a short explanation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (term as printed, explanation): terms stay in Chinese, explanations are translated.
TERMS: tuple[tuple[str, object], ...] = (
    ("部门决算", _("A department's final accounts: what it actually received and spent in a "
                  "fiscal year, published after the year ends.")),
    ("部门预算", _("A department's budget: what it plans to receive and spend, published at "
                  "the start of the year.")),
    ("绩效自评", _("The department's own evaluation of how well its spending met its "
                  "performance targets, scored out of 100.")),
    ("财政拨款收入", _("Money the finance bureau appropriates to the department from the "
                     "general public budget, government funds or state capital budget.")),
    ("一般公共预算", _("The government's main budget, funded mostly by taxes.")),
    ("政府性基金预算", _("Budgets of funds raised for a set purpose, such as land sale "
                       "income.")),
    ("基本支出", _("Spending to keep the department running: staff pay and day-to-day "
                  "operating costs.")),
    ("项目支出", _("Spending on specific tasks and projects beyond day-to-day running.")),
    ("人员经费", _("Pay, allowances and social insurance of staff, and payments to "
                  "individuals.")),
    ("公用经费", _("Day-to-day operating costs of offices: utilities, travel, meetings, "
                  "maintenance.")),
    ("三公经费", _("“Three public” expenses: official travel abroad, official receptions and "
                  "official vehicles (purchase and running).")),
    ("机关运行经费", _("Agency operating expenses: the public funds that keep administrative "
                     "offices running.")),
    ("年初结转和结余", _("Money left over from earlier years at the start of the year.")),
    ("年末结转和结余", _("Money left over at the end of the year, carried into the next.")),
    ("功能分类", _("The functional classification: what spending is for (education, health, "
                  "…), coded as 类 (3 digits), 款 (5) and 项 (7).")),
    ("经济分类", _("The economic classification: what spending buys (salaries, goods and "
                  "services, …).")),
    ("类 / 款 / 项", _("The three levels of a classification code: a 类 such as 205 教育支出 "
                      "holds 款 such as 20502, which hold 项 such as 2050201.")),
    ("年初预算", _("The budget approved at the start of the year.")),
    ("全年预算", _("The budget after the year's adjustments (调整预算).")),
    ("执行率", _("Execution rate: the final account as a share of the budget.")),
    ("尾差", _("A rounding remainder: parts printed rounded to two decimals may not add up "
              "exactly to their printed total. A difference within the rounding of the "
              "printed digits is a 尾差, not an error.")),
)
