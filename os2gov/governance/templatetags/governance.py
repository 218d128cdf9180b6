"""Template helpers of the governance pages, and the panel other apps' pages include.

The product page (catalogue) shows a product's governance with one line:
``{% load governance %}{% product_governance_panel product %}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from os2gov.authority.actions import get_action
from os2gov.governance import selectors
from os2gov.governance.forms import ContactForm
from os2gov.governance.people import public_name as _public_name

register = template.Library()


@register.filter
def public_name(person: Any) -> str:
    """A person's name for public pages: never the e-mail address."""
    return _public_name(person)


@register.filter
def mandate_label(code: str) -> str:
    """The mandate catalogue's name for an action code (the code itself if unknown)."""
    try:
        return str(get_action(code).label)
    except KeyError:
        return code


@register.inclusion_tag("governance/includes/product_panel.html", takes_context=True)
def product_governance_panel(
    context: template.Context, product: Any, contact_form: ContactForm | None = None
) -> dict[str, Any]:
    """The product's groups, its contact person (tovholder, GRP-07) with the contact form
    (COM-03), and the GRP-08 notice when there is no steering group."""
    request = context.get("request")
    form = contact_form or context.get("contact_form")
    if form is None:
        form = ContactForm(initial={"next": request.get_full_path() if request else ""})
    return {
        "governance": selectors.product_governance(product),
        "contact_form": form,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
