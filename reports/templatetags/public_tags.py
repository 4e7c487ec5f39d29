"""Small template helpers for the public pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str):
    """``mapping|get_item:key`` — a dict lookup by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def indent(level: str) -> str:
    """CSS class indenting a statement row by its classification level (类/款/项)."""
    return {"category": "lvl-1", "item": "lvl-2", "subitem": "lvl-3"}.get(level or "", "lvl-0")
