"""Time every page type at scale: ``manage.py bench_scale`` (fills the database if need be).

    .venv/bin/python benchmarks/pages.py --reports 10000 --runs 10 [--json] \\
        --database-url sqlite:////tmp/juesuan-scale.sqlite3

Kept for old command lines; the code is ``ingest.scale``. See benchmarks/README.md.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    os.execv(sys.executable, [sys.executable, str(REPO / "manage.py"), "bench_scale",
                              *sys.argv[1:]])
