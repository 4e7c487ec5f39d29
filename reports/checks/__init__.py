"""Consistency checks: a registry of rules run on every published report."""

from __future__ import annotations


def report_check(*, report) -> list:
    """Run every rule on ``report`` and store its findings (filled in by the checks issue)."""
    return []
