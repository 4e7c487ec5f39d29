"""Shared helpers for the seed-level tests: find shared/ beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"

needs_shared = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"shared seeds not found at {SEEDS} (CI keeps shared/ beside the checkout)",
)


def seed_names() -> list[str]:
    return sorted(p.stem for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
