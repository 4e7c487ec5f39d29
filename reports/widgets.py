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
        parts: list[str] = [f'<select name="{_text(name)}"{_attrs(final)}>']
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

    def _option(self, parts: list[str], value, label, chosen: set[str], found: bool) -> bool:
        text = "" if value is None else str(value)
        selected = text in chosen and (self.allow_multiple_selected or not found)
        parts.append(f'<option value="{_text(text)}"{" selected" if selected else ""}>'
                     f"{_text(label)}</option>")
        return found or selected


def _text(value) -> str:
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value), quote=True)


class QuickSelect(_QuickRender, forms.Select):
    """A ``<select>`` drawn without a template per option."""


class QuickSelectMultiple(_QuickRender, forms.SelectMultiple):
    """A ``<select multiple>`` drawn without a template per option."""


def options_html(choices) -> str:
    """``<option>`` markup for (value, label) pairs, none chosen, as ``QuickSelect``
    writes it: for ``Prerendered*`` widgets, kept while the data is unchanged."""
    parts: list[str] = []
    for value, label in choices:
        parts.append(f'<option value="{_text("" if value is None else value)}">'
                     f"{_text(label)}</option>")
    return "".join(parts)


class _Prerendered(_QuickRender):
    """Options written once (``options_html``); a request only marks the chosen ones.
    The markup is ``QuickSelect``'s, without a pass over thousands of choices."""

    options_html = ""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = [str(v) for v in self.format_value(value)]
        markup = self.options_html
        for text in dict.fromkeys(chosen if self.allow_multiple_selected else chosen[:1]):
            tag = f'<option value="{_text(text)}">'
            markup = markup.replace(tag, tag[:-1] + " selected>", 1)
        return mark_safe(f'<select name="{_text(name)}"{_attrs(final)}>{markup}</select>')


class PrerenderedSelect(_Prerendered, forms.Select):
    """A ``<select>`` of options written beforehand (``options_html``)."""


class PrerenderedSelectMultiple(_Prerendered, forms.SelectMultiple):
    """A ``<select multiple>`` of options written beforehand (``options_html``)."""


def prerender_options(field, name: str, queryset) -> None:
    """Give ``field``'s ``Prerendered*`` widget its options: (id, name) of ``queryset``
    by name, written once and kept until the data changes (reports.cache), not a model
    object and an escape per option on each request. Validation still looks the chosen
    value up in the field's queryset."""
    from reports.cache import cached

    def write() -> str:
        pairs = list(queryset.order_by("name", "pk").values_list("pk", "name"))
        label = getattr(field, "empty_label", None)
        return options_html([*([("", label)] if label is not None else []), *pairs])

    field.widget.options_html = cached(name, write)


class CachedSelect(_Prerendered, forms.Select):
    """A ``<select>`` of every region, department or year, written once per version of the
    published data (kept in the cache under ``name``, ``reports.cache``).

    The list pages' filters offer thousands of options: reading and writing them was most
    of such a page's time (issue 14). A request only marks its chosen option.
    """

    def __init__(self, attrs=None, choices=(), *, name: str) -> None:
        super().__init__(attrs, choices)
        self.cache_name = name

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        from reports.cache import cached

        self.options_html = cached(f"options:{self.cache_name}",
                                   lambda: options_html(self.choices))
        return super().render(name, value, attrs, renderer)
