"""The scale benchmark (issue 14): fill a database with N reports, time every page type.

``fill`` writes N realistic published reports through the project's own models, fast;
``pages`` serves the database with gunicorn and times each page type over HTTP beside a
trivial view. ``manage.py bench_scale`` runs both; see benchmarks/README.md.
"""
