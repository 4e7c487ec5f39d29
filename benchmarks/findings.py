"""What the consistency rules find on the shared corpus and seeds, per rule and class.

    .venv/bin/python benchmarks/findings.py            # Markdown table for benchmarks/README.md

Each file is parsed and checked as a parse under review (no database neighbours, so the
cross-year rules stay silent). Counts per rule and severity; the README says which are
real problems (each error and warning is listed with its page in
tests/audit/test_trusted_findings.py).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEVERITIES = ("error", "warning", "info", "rounding", "doubt")


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from ingest.pipeline import parse_file
    from reports.checks import RULES, parsed_findings

    files = [p for p in sorted((SHARED / "corpus").glob("*.pdf")) if "template" not in p.name]
    files += sorted((SHARED / "seeds").glob("*.txt"))
    counts: dict[str, Counter[str]] = {rule_id: Counter() for rule_id in RULES}
    for path in files:
        report = parse_file(path)
        for finding in parsed_findings(report, year=report.fiscal_year or 0):
            counts[finding["rule_id"]][finding["severity"]] += 1
    print(f"{len(files)} files (the blank template left out)\n")
    print("| rule | " + " | ".join(SEVERITIES) + " |")
    print("|---|" + "---:|" * len(SEVERITIES))
    for rule_id, counter in counts.items():
        print(f"| `{rule_id}` | " + " | ".join(str(counter[s] or "") for s in SEVERITIES) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
