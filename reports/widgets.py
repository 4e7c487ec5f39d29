"""Form widgets for lists of thousands of choices.

Django draws a ``<select>`` through one template per ``<option>``: with every
department of a country in the filter, that alone took most of a list page's time
(issue 14). ``QuickSelect`` writes the same markup directly.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    """Attributes in the order Django's attrs.html writes them (flatatt sorts them)."""
    return format_html_join("", "{}", (
        (format_html(' {}="{}"', key, value) if value is not True else format_html(" {}", key),)
        for key, value in attrs.items() if value is not False and value is not None
    ))


class _QuickRender(forms.Select):
    """A ``<select>`` with the markup of Django's own, built without a template per option."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                format_html('<option value="{}"{}>{}</option>', option["value"],
                            _attrs(option["attrs"]), option["label"])
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every piece above is escaped by format_html


class QuickSelect(_QuickRender, forms.Select):
    """A ``<select>`` drawn without a template per option."""


class QuickSelectMultiple(_QuickRender, forms.SelectMultiple):
    """A ``<select multiple>`` drawn without a template per option."""
