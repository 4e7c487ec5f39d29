"""Fill a database with N published reports: ``manage.py bench_scale --fill-only``.

    .venv/bin/python benchmarks/fill.py --reports 10000 --database-url sqlite:////tmp/s.sqlite3

Kept for old command lines; the code is ``ingest.scale.fill``. See benchmarks/README.md.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    os.execv(sys.executable, [sys.executable, str(REPO / "manage.py"), "bench_scale",
                              "--fill-only", *sys.argv[1:]])
