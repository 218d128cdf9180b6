"""Render Django form fields with DKFDS classes and accessible descriptions."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

CHECK_INPUTS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_hidden_field(field: BoundField) -> bool:
    return field.is_hidden


@register.filter
def dkfds_widget(field: BoundField) -> SafeString:
    """The field's widget with the DKFDS class, linked to its hint and error texts."""
    widget = field.field.widget
    attrs: dict[str, str | bool] = {}
    if isinstance(widget, forms.CheckboxInput):
        attrs["class"] = "form-checkbox"
    elif isinstance(widget, forms.Select):
        attrs["class"] = "form-select"
    elif not isinstance(widget, CHECK_INPUTS):
        attrs["class"] = "form-input"
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    existing = widget.attrs.get("class", "")
    if existing and "class" in attrs:
        attrs["class"] = f"{attrs['class']} {existing}"
    return field.as_widget(attrs=attrs)
