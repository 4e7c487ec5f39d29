"""Damaged copies of report files through parse_report: how many end cleanly, and how fast.

    .venv/bin/python benchmarks/fuzz.py                        # the corpus + generated files
    .venv/bin/python benchmarks/fuzz.py --per-file 100 --seed 7
    .venv/bin/python benchmarks/fuzz.py FILE ... --per-file 50

Each mutant (ingest.synth.damage: byte flips, truncations, duplicated and zeroed
chunks, corrupt zip members, XML parts that are no XML, missing parts) goes
through ``parse_report --json`` in this process; a line is clean when it is JSON
for the file and either a parse or an error a person can act on. Unclean ones are
listed with the mutation that made them, so each can be rebuilt from the seed.
The test suite runs a few hundred (tests/ingest/test_fuzz.py); this runs more.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--per-file", type=int, default=40)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    import django

    django.setup()
    from ingest.synth import generate_report, write_report
    from ingest.synth.fuzz import parse_all, write_mutants

    with tempfile.TemporaryDirectory(prefix="juesuan-fuzz-") as tmp:
        work = Path(tmp)
        sources = list(args.files)
        if not sources:
            for index, kind in enumerate(("final_accounts", "performance_evaluation")):
                report = generate_report(args.seed, index, 2023, kind)
                sources += [write_report(report, work / "src", fmt)
                            for fmt in ("docx", "xlsx", "pdf")]
            shared = REPO.parent / "shared"
            sources += sorted((shared / "corpus").glob("*.pdf"))
            sources += sorted((shared / "seeds").glob("*.txt"))
        files = list(write_mutants([(s, args.per_file) for s in sources], work / "mutants",
                                   seed=args.seed))
        started = time.perf_counter()
        outcomes = parse_all(files)
        elapsed = time.perf_counter() - started
    unclean = [o for o in outcomes if not o.clean]
    kinds = Counter(
        "parsed" if o.line and "error" not in o.line
        else (o.line or {}).get("error", "no line")[:60]
        for o in outcomes
    )
    print(f"{len(outcomes)} mutants of {len(sources)} files in {elapsed:.1f} s "
          f"({elapsed / max(len(outcomes), 1):.3f} s each); unclean: {len(unclean)}")
    for kind, count in kinds.most_common():
        print(f"{count:6d}  {kind}")
    for outcome in unclean:
        print(f"UNCLEAN {outcome.mutation}: {outcome.line}")
    return 1 if unclean else 0


if __name__ == "__main__":
    sys.exit(main())
