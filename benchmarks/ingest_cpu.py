"""`manage.py ingest ARGS…`, then the CPU it took: the command's own and its parse processes'.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/ingest_cpu.py FOLDER --publish --jobs 2

CPU is user + sys from ``getrusage``: ``RUSAGE_SELF`` for the command (its threads
included), ``RUSAGE_CHILDREN`` for the parse processes it started and reaped.
PostgreSQL's own CPU is not counted. Per file: divided by the number of files found.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from ingest.bulk import files_under

    arguments = sys.argv[1:]
    files = len(list(files_under(a for a in arguments if not a.startswith("-")
                                 and Path(a).exists())))
    started = time.monotonic()
    call_command("ingest", *arguments)
    wall = time.monotonic() - started
    command, children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    per = max(files, 1)
    print(f"{files} files, wall {wall:.1f} s; command CPU {command:.1f} s ({command / per:.3f}"
          f" per file); parse processes CPU {children:.1f} s ({children / per:.3f} per file);"
          f" load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
