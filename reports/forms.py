"""Forms a visitor fills in (GET filters live in reports.filters)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DataProblemForm(forms.Form):
    """「Report a data problem」: what is wrong, and an address to answer to if wished."""

    description = forms.CharField(
        label=_("What is wrong?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say which figure, table or page, and what the report prints."),
    )
    contact = forms.EmailField(
        label=_("Your e-mail (optional)"), required=False,
        help_text=_("Only if you would like an answer."),
    )
    # A honeypot: hidden from people, filled in by bots. A note with it is dropped.
    website = forms.CharField(
        required=False, label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
