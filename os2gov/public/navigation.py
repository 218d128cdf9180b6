"""The site's main menu and the front page's sections.

A section appears only when its page exists: later modules (products, groups, wishes) add
their URLs under the names below, and the menu and front page start linking to them without
any other change. Until then nothing links to a page that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise
    url_name: str
    description: Promise


@dataclass(frozen=True)
class MenuItem:
    label: Promise
    url: str
    current: bool  # this very page
    active: bool  # this page or one below it


# In menu order. The first two always exist; the others appear when their module does.
SECTIONS: tuple[Section, ...] = (
    Section(
        "home",
        _("Front page"),
        "public:home",
        _("What OS2gov is and where to start."),
    ),
    Section(
        "organisations",
        _("Organisations"),
        "organisation:list",
        _("The municipalities, regions, suppliers and the association behind OS2."),
    ),
    Section(
        "products",
        _("Products"),
        "products:list",
        _("OS2's shared products, their product level and whether they carry the blue stamp."),
    ),
    Section(
        "groups",
        _("Bodies and groups"),
        "groups:list",
        _("The board, the steering groups and the coordination groups: members and mandates."),
    ),
    Section(
        "wishes",
        _("Development wishes"),
        "wishes:list",
        _("What the municipalities wish for, how it is prioritised and how far it has come."),
    ),
    Section(
        "mandates",
        _("Mandates"),
        "authority:matrix",
        _("Who may decide what: the mandate matrix, per product too."),
    ),
)

# The sections the front page shows as cards of their own (when they exist).
GOVERNANCE_SECTIONS = ("products", "groups", "wishes")


def optional_url(url_name: str) -> str | None:
    """The URL of ``url_name``, or None while no module provides it."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def available_sections(keys: tuple[str, ...] | None = None) -> list[tuple[Section, str]]:
    """(section, url) for every section whose page exists, optionally only ``keys``."""
    found = []
    for section in SECTIONS:
        if keys is not None and section.key not in keys:
            continue
        url = optional_url(section.url_name)
        if url is not None:
            found.append((section, url))
    return found


def main_menu(request: HttpRequest | None) -> list[MenuItem]:
    path = request.path if request is not None else ""
    items = []
    for section, url in available_sections():
        current = path == url
        # The front page is only active on itself; every other item also below itself.
        active = current or (url != "/" and path.startswith(url))
        items.append(MenuItem(label=section.label, url=url, current=current, active=active))
    return items


def governance_sections() -> tuple[list[tuple[Section, str]], list[Section]]:
    """The front page's governance sections: (those with a page and its url, those still
    to come). The ones to come are named without a link."""
    available = available_sections(GOVERNANCE_SECTIONS)
    present = {section.key for section, _url in available}
    pending = [s for s in SECTIONS if s.key in GOVERNANCE_SECTIONS and s.key not in present]
    return available, pending
