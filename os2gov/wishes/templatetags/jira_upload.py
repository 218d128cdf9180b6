"""``{% load jira_upload %}{% jira_import_link product %}``: the backlog's link to the Jira
upload page (WSH-11), for those who hold the ``wish.import`` mandate; nothing for others."""

from __future__ import annotations

from typing import Any

from django import template

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.wishes.jira.importer import IMPORT_ACTION

register = template.Library()


@register.inclusion_tag("wishes/jira/backlog_link.html", takes_context=True)
def jira_import_link(context: dict[str, Any], product: Product) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    may_import = bool(
        user is not None
        and user.is_authenticated
        and authority.allows(user, IMPORT_ACTION, product=product)
    )
    return {"product": product, "may_import": may_import}
