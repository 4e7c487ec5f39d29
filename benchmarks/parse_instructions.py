"""Count the instructions one parse takes, against ``pdftotext -layout`` (callgrind).

    .venv/bin/python benchmarks/parse_instructions.py [FILE]

Seconds on a shared machine drift by a fifth from minute to minute; instruction counts
do not (valgrind's callgrind counts the same for the same binary and input whatever
else runs). The parse is counted in steady state, as ``parse.py`` times it: a process
that imports everything and parses the file twice, less one that parses it once, so
imports and first-use work (compiled patterns, loaded dictionaries) are left out. Needs
``valgrind`` and ``pdftotext`` (Debian: valgrind, poppler-utils). Takes a minute or two.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO.parent / "shared" / "corpus" / "final2024_putuo_caizhengju_dept.pdf"
PARSE_TIMES = """
import os, sys
sys.path.insert(0, {repo!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from pathlib import Path
from ingest.pipeline import parse_file
for _ in range({times}):
    parse_file(Path({path!r}))
"""


def instructions(command: list[str]) -> int:
    """Instructions ``command`` executes, as callgrind counts them."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True, text=True, check=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def parse_instructions(path: Path) -> int:
    counts = [instructions([sys.executable, "-c", PARSE_TIMES.format(
        repo=str(REPO), path=str(path), times=times)]) for times in (1, 2)]
    return counts[1] - counts[0]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    parse = parse_instructions(path)
    poppler = instructions(["pdftotext", "-layout", str(path), "/dev/null"])
    print(f"{path.name}: parse {parse / 1e9:.3f} G instructions, "
          f"pdftotext {poppler / 1e9:.3f} G, ratio {parse / poppler:.2f}×")


if __name__ == "__main__":
    main()
