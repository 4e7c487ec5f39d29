"""The numbers of one department-year, in integer hundredths of 万元.

Everything is derived so that the statement tables add up: 合计 = Σ类,
类 = Σ款, 款 = Σ项, 基本 + 项目 = 合计, 人员 + 公用 = 基本, and the two sides
of each 总表 balance. A department-year is a pure function of (seed, department,
year), so any year can be generated alone and the prior year recomputed for
the 与上年相比 sentences.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.synth.codes import COMMON_LINES, PERSONNEL_ECONOMIC, PUBLIC_ECONOMIC, DepartmentKind

# The generated history starts here: sizes grow and carry-overs chain from this year.
FIRST_YEAR = 2015

Cents = int  # hundredths of 万元 (= 100 元)


@dataclass(slots=True)
class Leaf:
    """One 项 line paid from the general budget, maybe with non-fiscal money on top."""

    code: str
    basic: Cents
    project: Cents
    budget: Cents  # 年初预算
    other_income: Cents = 0
    other_spent: Cents = 0  # non-fiscal spending, always project spending
    other_basic: Cents = 0  # non-fiscal basic spending (a university's 事业收入 pays salaries)
    # Spending beyond 基本/项目 (``Layout.components``), paid from the unit's 事业收入 and
    # 经营收入 of the same line and year: 上缴上级支出, 经营支出, 对附属单位补助支出.
    upper_remit: Cents = 0
    operating: Cents = 0
    subsidiary: Cents = 0

    @property
    def actual(self) -> Cents:
        return self.basic + self.project

    @property
    def components(self) -> Cents:
        return self.upper_remit + self.operating + self.subsidiary

    @property
    def beyond_appropriation(self) -> Cents:
        """Spending of the unit's own money besides ``other_spent``: the components beyond
        基本/项目 and the basic spending its 事业收入 pays."""
        return self.components + self.other_basic

    @property
    def service_income(self) -> Cents:
        """事业收入 paying for the 上缴上级 and 对附属单位补助 spending."""
        return self.upper_remit + self.subsidiary

    @property
    def operating_income(self) -> Cents:
        """经营收入 paying for the 经营支出."""
        return self.operating


@dataclass(slots=True)
class FundLeaf:
    code: str
    amount: Cents  # income = expenditure: funds are spent the year they arrive


@dataclass(slots=True)
class Numbers:
    leaves: list[Leaf]
    fund_leaves: list[FundLeaf]
    economic: dict[str, Cents]  # 款-level economic codes → amount (basic expenditure)
    fiscal_carryover: Cents
    other_carryover_begin: Cents
    three_public: dict[str, Cents]
    procurement: dict[str, Cents]
    counts: dict[str, int]
    meeting_fee: Cents
    training_fee: Cents
    full_year_budget: Cents
    # deliberate inconsistencies: stated value - computed value, by figure key
    offsets: dict[str, Cents] = field(default_factory=dict)

    @property
    def general_budget(self) -> Cents:
        return sum(leaf.actual for leaf in self.leaves)

    @property
    def general_budget_initial(self) -> Cents:
        return sum(leaf.budget for leaf in self.leaves)

    @property
    def fund(self) -> Cents:
        return sum(f.amount for f in self.fund_leaves)

    @property
    def fiscal_income(self) -> Cents:
        return self.general_budget + self.fund

    @property
    def other_income(self) -> Cents:
        return sum(leaf.other_income for leaf in self.leaves)

    @property
    def other_spent(self) -> Cents:
        return sum(leaf.other_spent for leaf in self.leaves)

    @property
    def service_income(self) -> Cents:
        return sum(leaf.service_income for leaf in self.leaves)

    @property
    def operating_income(self) -> Cents:
        return sum(leaf.operating_income for leaf in self.leaves)

    def component(self, name: str) -> Cents:
        """Σ of one spending component beyond 基本/项目 (``upper_remit``, ``operating``…)."""
        return sum(getattr(leaf, name) for leaf in self.leaves)

    @property
    def components(self) -> Cents:
        return sum(leaf.components for leaf in self.leaves)

    @property
    def income_total(self) -> Cents:
        return self.fiscal_income + self.other_income + self.service_income + \
            self.operating_income

    @property
    def basic(self) -> Cents:
        return sum(leaf.basic for leaf in self.leaves)

    @property
    def project(self) -> Cents:
        return sum(leaf.project for leaf in self.leaves) + self.fund + self.other_spent

    @property
    def other_basic(self) -> Cents:
        return sum(leaf.other_basic for leaf in self.leaves)

    @property
    def expenditure_total(self) -> Cents:
        return self.basic + self.project + self.components + self.other_basic

    @property
    def carryover_begin(self) -> Cents:
        return self.fiscal_carryover + self.other_carryover_begin

    @property
    def carryover_end(self) -> Cents:
        return self.carryover_begin + self.income_total - self.expenditure_total

    @property
    def grand_total(self) -> Cents:
        return self.income_total + self.carryover_begin

    @property
    def personnel(self) -> Cents:
        return sum(v for k, v in self.economic.items() if k[:3] in ("301", "303"))

    @property
    def public(self) -> Cents:
        return sum(v for k, v in self.economic.items() if k[:3] in ("302", "310"))


def department_rng(seed: int, department: int, year: int, topic: str = "") -> random.Random:
    # str seeds hash with SHA-512 inside random, so this is stable across runs and machines.
    return random.Random(f"juesuan-synth:{seed}:{department}:{year}:{topic}")


def scale_for(seed: int, department: int, year: int) -> Cents:
    """The department's size in a year: a base size grown by a yearly factor."""
    base = department_rng(seed, department, 0, "base").randint(300_00, 4000_00)
    factor = 1.0
    for y in range(FIRST_YEAR, year + 1):
        factor *= department_rng(seed, department, y, "growth").uniform(0.9, 1.16)
    return int(base * factor)


def split(total: Cents, weights: list[float]) -> list[Cents]:
    """Integer parts of ``total`` in proportion to ``weights``, summing exactly."""
    weight_sum = sum(weights)
    if weight_sum <= 0 or total == 0:
        return [0] * len(weights)
    parts = [int(total * w / weight_sum) for w in weights]
    biggest = max(range(len(weights)), key=lambda i: weights[i])
    parts[biggest] += total - sum(parts)
    return parts


def make_numbers(
    seed: int, department: int, year: int, kind: DepartmentKind, faults: frozenset[str]
) -> Numbers:
    rng = department_rng(seed, department, year)
    structure = department_rng(seed, department, 0, "structure")
    scale = scale_for(seed, department, year)
    leaves = _leaves(rng, structure, kind, scale)
    economic = _economic(rng, leaves)
    three_public = _three_public(rng, economic)
    fund_leaves = [
        FundLeaf(code, rng.randint(5_00, max(6_00, scale // 10)))
        for code in kind.fund_lines
        if rng.random() < 0.6
    ]
    procurement = _procurement(rng, scale)
    numbers = Numbers(
        leaves=leaves,
        fund_leaves=fund_leaves,
        economic=economic,
        fiscal_carryover=_fiscal_carryover(seed, department),
        other_carryover_begin=_other_carryover_begin(seed, department, year, kind),
        three_public=three_public,
        procurement=procurement,
        counts=_counts(rng, scale),
        meeting_fee=economic["30215"],
        training_fee=economic["30216"],
        full_year_budget=0,
    )
    numbers.full_year_budget = numbers.general_budget + rng.choice([0, rng.randint(1_00, 20_00)])
    numbers.offsets = _faults(faults)
    return numbers


def _fiscal_carryover(seed: int, department: int) -> Cents:
    # Appropriations are spent in full here, so their carry-over stays as it began.
    rng = department_rng(seed, department, 0, "fiscal-carryover")
    return rng.choice([0, rng.randint(1_00, 60_00)])


@lru_cache(maxsize=4096)
def _other_carryover_begin(seed: int, department: int, year: int, kind: DepartmentKind) -> Cents:
    """What a year starts with is what the year before ended with (年初 = 上年年末)."""
    if year <= FIRST_YEAR:
        rng = department_rng(seed, department, FIRST_YEAR, "carryover")
        return rng.choice([0, rng.randint(1_00, 30_00)])
    previous = make_numbers(seed, department, year - 1, kind, frozenset())
    return previous.other_carryover_begin + previous.other_income - previous.other_spent


def _leaves(
    rng: random.Random, structure: random.Random, kind: DepartmentKind, scale: Cents
) -> list[Leaf]:
    business = [kind.business[0]] + [c for c in kind.business[1:] if structure.random() < 0.75]
    optional = ("2080501", "2210203")
    common = [c for c in COMMON_LINES if c not in optional or structure.random() < 0.6]
    leaves: list[Leaf] = []
    admin_basic = int(scale * rng.uniform(0.35, 0.5))
    for index, code in enumerate(business):
        if index == 0:
            basic, project = admin_basic, rng.choice([0, int(scale * rng.uniform(0.0, 0.03))])
        else:
            basic, project = 0, int(scale * rng.uniform(0.03, 0.2))
        leaves.append(_leaf(rng, code, basic, project))
    shares = {"2080501": 0.03, "2080505": 0.08, "2080506": 0.04, "2101101": 0.045,
              "2210201": 0.07, "2210203": 0.02}
    for code in common:
        leaves.append(_leaf(rng, code, int(admin_basic * shares[code] * rng.uniform(0.8, 1.2)), 0))
    for leaf in rng.sample(leaves, k=min(2, len(leaves))):
        if rng.random() < 0.5:
            leaf.other_income = rng.randint(50, 20_00)
            leaf.other_spent = rng.randint(0, leaf.other_income)
    # Codes in table order (numeric), as the statements print them.
    return sorted(leaves, key=lambda leaf: leaf.code)


def _leaf(rng: random.Random, code: str, basic: Cents, project: Cents) -> Leaf:
    actual = basic + project
    # A project line may have been added during the year, with no 年初预算.
    added = basic == 0 and rng.random() < 0.25
    budget = 0 if added else int(actual * rng.uniform(0.9, 1.12))
    return Leaf(code, basic, project, budget)


def _economic(rng: random.Random, leaves: list[Leaf]) -> dict[str, Cents]:
    """人员经费 and 公用经费 by economic code, adding up to the basic expenditure."""
    by_code = {leaf.code: leaf.basic for leaf in leaves}
    tied = {"30108": "2080505", "30109": "2080506", "30110": "2101101", "30113": "2210201",
            "30302": "2080501", "30399": "2210203"}
    economic = {code: by_code.get(line, 0) for code, line in tied.items()}
    free_basic = sum(leaf.basic for leaf in leaves if leaf.code not in tied.values())
    public = int(free_basic * rng.uniform(0.1, 0.22))
    personnel_rest = free_basic - public
    free_personnel = ["30101", "30102", "30103", "30107", "30112", "30199", "30305", "30309"]
    weights = [0.3, 0.35, rng.choice([0, 0.05]), 0.2, 0.02, 0.05, rng.choice([0, 0.01]),
               rng.choice([0, 0.005])]
    economic.update(zip(free_personnel, split(personnel_rest, weights), strict=True))
    public_codes = [c for c, _ in PUBLIC_ECONOMIC if len(c) == 5]
    public_weights = [rng.choice([0, rng.uniform(0.02, 0.2)]) for _ in public_codes]
    for code, weight in (("30201", 0.15), ("30215", 0.02), ("30216", 0.03), ("30217", 0.01),
                         ("30228", 0.1), ("30229", 0.1), ("30231", 0.05)):
        public_weights[public_codes.index(code)] = weight * rng.uniform(0.5, 1.5)
    economic.update(zip(public_codes, split(public, public_weights), strict=True))
    known = {c for c, _ in PERSONNEL_ECONOMIC + PUBLIC_ECONOMIC if len(c) == 5}
    assert set(economic) <= known
    return economic


def _three_public(rng: random.Random, economic: dict[str, Cents]) -> dict[str, Cents]:
    reception_actual = economic["30217"]
    operation = economic["30231"]
    purchase = rng.choice([0, 0, 0, rng.randint(15_00, 30_00)])
    overseas_budget = rng.choice([0, 0, rng.randint(3_00, 12_00)])
    overseas_actual = int(overseas_budget * rng.uniform(0.5, 1.0)) if overseas_budget else 0
    vehicle_actual = purchase + operation
    return {
        "overseas_budget": overseas_budget,
        "overseas_actual": overseas_actual,
        "reception_budget": int(reception_actual * rng.uniform(1.0, 1.5)) + rng.randint(0, 50),
        "reception_actual": reception_actual,
        "vehicle_budget": int(vehicle_actual * rng.uniform(1.0, 1.3)),
        "vehicle_purchase_budget": purchase,
        "vehicle_purchase_actual": purchase,
        "vehicle_operation_budget": 0,  # filled below so the budget parts add up
        "vehicle_operation_actual": operation,
    } | _vehicle_operation_budget(rng, purchase, operation)


def _vehicle_operation_budget(rng: random.Random, purchase: Cents, operation: Cents) -> dict:
    operation_budget = int(operation * rng.uniform(1.0, 1.3))
    return {"vehicle_operation_budget": operation_budget,
            "vehicle_budget": purchase + operation_budget}


def _procurement(rng: random.Random, scale: Cents) -> dict[str, Cents]:
    goods = int(scale * rng.uniform(0.0, 0.05))
    works = rng.choice([0, 0, int(scale * rng.uniform(0.0, 0.08))])
    services = int(scale * rng.uniform(0.01, 0.15))
    total = goods + works + services
    return {"total": total, "goods": goods, "works": works, "services": services,
            "sme": int(total * rng.uniform(0.5, 1.0))}


def _counts(rng: random.Random, scale: Cents) -> dict[str, int]:
    authorized = max(8, scale // 60_00)
    groups = rng.randint(1, 30)
    return {
        "staff_authorized": authorized,
        "staff_actual": authorized - rng.randint(0, max(1, authorized // 6)),
        "retirees": rng.randint(2, authorized),
        "vehicles": rng.randint(0, 4),
        "reception_groups": groups,
        "reception_visitors": groups * rng.randint(3, 12),
    }


def add_components(numbers: Numbers, seed: int, department: int, year: int) -> Numbers:
    """Give a couple of the unit's lines spending beyond 基本/项目 (上缴上级支出, 经营支出,
    对附属单位补助支出), each paid in full from that line's 事业收入 or 经营收入 of the year,
    so carry-overs and every total still balance. Its own random stream: the other numbers
    stay as they are."""
    rng = department_rng(seed, department, year, "components")
    business = [leaf for leaf in numbers.leaves if leaf.code not in COMMON_LINES]
    chosen = rng.sample(business, k=min(2, len(business)))
    first, last = chosen[0], chosen[-1]
    first.upper_remit = rng.randint(5_00, 40_00)
    last.operating = rng.randint(10_00, 80_00)
    first.subsidiary = rng.randint(10_00, 60_00)
    if len(chosen) > 1 and rng.random() < 0.5:
        last.upper_remit = rng.randint(1_00, 10_00)
    return numbers


FAULTS: dict[str, str] = {
    "personnel_plus_public": "人员经费 stated 0.42万元 above 基本支出 − 公用经费",
    "basic_plus_project": "项目支出 stated 1.00万元 above 本年支出合计 − 基本支出",
    "category_sum": "the first 类 row of 一般公共预算财政拨款支出决算表 is 0.01万元 above Σ款",
}


def _faults(faults: frozenset[str]) -> dict[str, Cents]:
    unknown = faults - set(FAULTS)
    if unknown:
        raise ValueError(f"unknown faults: {sorted(unknown)}; known: {sorted(FAULTS)}")
    offsets = {"personnel_plus_public": ("personnel_expenditure", 42),
               "basic_plus_project": ("project_expenditure", 100),
               "category_sum": ("category_sum", 1)}
    return dict(offsets[f] for f in sorted(faults))
