"""The site's settings plus the benchmark's trivial view (``bench_scale`` serves with these)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "ingest.scale.urls"
