"""Write every parse result the project can produce as JSON Lines, for before/after diffs.

    .venv/bin/python benchmarks/parse_snapshot.py OUT.jsonl [--synthetic-dir DIR]

It parses every file of ``../shared/corpus`` and ``../shared/seeds`` (where that
folder is present) and the generator's reports in every layout and format, and
writes one line per file: the whole ``ParsedReport`` (figure sources and pages
included, not only the contract), or the error. A refactoring that must not
change what the parser reads is checked with ``cmp before.jsonl after.jsonl``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--synthetic-dir", type=Path, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    from ingest.errors import ParseError
    from ingest.pipeline import parse_file
    from ingest.synth import FORMATS, LAYOUTS, generate_report, write_report

    files = sorted((SHARED / "corpus").glob("*.pdf")) + sorted((SHARED / "seeds").glob("*.txt"))
    workdir = args.synthetic_dir or Path(tempfile.mkdtemp(prefix="snapshot-"))
    for n, layout in enumerate(LAYOUTS):
        for kind in ("final_accounts", "performance_evaluation"):
            report = generate_report(7, n, 2023, kind, layout=LAYOUTS[layout])
            files += [write_report(report, workdir, fmt, layout) for fmt in FORMATS]
    with args.out.open("w", encoding="utf-8") as out:
        for path in files:
            name = path.name
            try:
                record = dataclasses.asdict(parse_file(path, name=name))
            except ParseError as error:
                record = {"file": name, "error": str(error)}
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(files)} files → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
