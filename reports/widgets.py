"""Form widgets for lists of thousands of choices.

Django draws a ``<select>`` through one template per ``<option>``: with every
department of a country in the filter, that alone took most of a list page's time
(issue 14). ``QuickSelect`` writes the same markup directly.
"""

from __future__ import annotations

import html

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe

from reports.cache import cached


def _attrs(attrs: dict) -> SafeString:
    """Attributes in the order Django's attrs.html writes them (flatatt sorts them)."""
    return format_html_join("", "{}", (
        (format_html(' {}="{}"', key, value) if value is not True else format_html(" {}", key),)
        for key, value in attrs.items() if value is not False and value is not None
    ))


class _QuickRender(forms.Select):
    """A ``<select>`` with the markup of Django's own, built without a template per option.

    The options are written straight from ``choices`` with Python's ``html.escape``
    (the same five characters Django escapes): even ``format_html`` per option took
    most of a list page's time with thousands of departments.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}
        head = f'<select name="{_text(name)}"{_attrs(final)}>'
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None:
            # Choices from the database (every department): their options are drawn
            # once until the data changes; only the chosen ones are marked each time.
            options, starts = cached("select_options", self._drawn_options,
                                     key=f"{queryset.model._meta.label}:{queryset.query}")
            return mark_safe(head + _mark_chosen(options, starts, chosen,
                                                 self.allow_multiple_selected) + "</select>")
        parts: list[str] = [head]
        found = False
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an optgroup: (name, [(value, label), …])
                parts.append(f'<optgroup label="{_text(option_value)}">')
                for inner_value, inner_label in label:
                    found = self._option(parts, inner_value, inner_label, chosen, found)
                parts.append("</optgroup>")
            else:
                found = self._option(parts, option_value, label, chosen, found)
        parts.append("</select>")
        return mark_safe("".join(parts))  # every piece above is escaped

    def _drawn_options(self) -> tuple[str, dict[str, int]]:
        """Every option unchosen, and where each value's first ``<option …`` tag closes."""
        parts: list[str] = []
        starts: dict[str, int] = {}
        length = 0
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            tag = f'<option value="{_text(text)}"'
            starts.setdefault(text, length + len(tag))
            piece = f"{tag}>{_text(label)}</option>"
            parts.append(piece)
            length += len(piece)
        return "".join(parts), starts

    def _option(self, parts: list[str], value, label, chosen: set[str], found: bool) -> bool:
        text = "" if value is None else str(value)
        selected = text in chosen and (self.allow_multiple_selected or not found)
        parts.append(f'<option value="{_text(text)}"{" selected" if selected else ""}>'
                     f"{_text(label)}</option>")
        return found or selected


def _mark_chosen(options: str, starts: dict[str, int], chosen: set[str], multiple: bool) -> str:
    """``options`` with " selected" in the chosen values' tags (the first one only, as
    Django marks it, unless several may be chosen)."""
    at = sorted(starts[value] for value in chosen if value in starts)
    if not multiple:
        at = at[:1]
    pieces, last = [], 0
    for position in at:
        pieces += [options[last:position], " selected"]
        last = position
    pieces.append(options[last:])
    return "".join(pieces)


def _text(value) -> str:
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value), quote=True)


class QuickSelect(_QuickRender, forms.Select):
    """A ``<select>`` drawn without a template per option."""


class QuickSelectMultiple(_QuickRender, forms.SelectMultiple):
    """A ``<select multiple>`` drawn without a template per option."""
