"""Run damaged copies of report files through ``parse_report --json`` and judge each line.

Shared by the fuzz test (tests/ingest/test_fuzz.py, a few hundred mutants) and
``benchmarks/fuzz.py`` (as many as you like). A line is clean when it is JSON for
the file and either a parse or an error a person can act on; "internal parser
error" (an exception the readers did not name) is not clean.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.synth.damage import mutants

INTERNAL = "internal parser error"


@dataclass(slots=True)
class Outcome:
    path: Path
    mutation: str
    line: dict | None  # None: no JSON line came out for the file

    @property
    def clean(self) -> bool:
        if self.line is None or self.line.get("file") != str(self.path):
            return False
        error = self.line.get("error")
        return error is None or (bool(error.strip()) and not error.startswith(INTERNAL))


def write_mutants(sources: Iterable[tuple[Path, int]], directory: Path, *,
                  seed: int) -> Iterator[tuple[Path, str]]:
    """For each (source file, count): count damaged copies written under ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for source, count in sources:
        data = source.read_bytes()
        for index, (mutation, damaged) in enumerate(
            mutants(data, seed=f"{seed}:{source.name}", count=count)
        ):
            path = directory / f"{source.stem}~{index}{source.suffix}"
            path.write_bytes(damaged)
            yield path, f"{source.name}: {mutation}"


def parse_all(files: list[tuple[Path, str]]) -> list[Outcome]:
    """``parse_report --json`` over every file, one line each, matched back to its file."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("parse_report", *[str(p) for p, _ in files], "--json",
                 stdout=out, stderr=io.StringIO())
    lines = {}
    # JSON Lines end at "\n" only: splitlines() would also cut at U+2028 or U+001C,
    # which json.dumps(ensure_ascii=False) leaves in a string as they are.
    for raw in filter(None, out.getvalue().split("\n")):
        line = json.loads(raw)
        lines[line.get("file")] = line
    return [Outcome(path, mutation, lines.get(str(path))) for path, mutation in files]
