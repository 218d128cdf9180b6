"""The demo accounts: one per role, each with a fixed, documented password.

This tuple is the single list of demo accounts. ``seed_demo`` creates them and prints them
as a table, which is what ``make run`` shows before the server starts. Every person here is
fictional, and the e-mail addresses use the reserved ``.invalid`` top-level domain, so no
message can ever reach a real mailbox.

Nobody is given a role by hand: the role the table prints is true because the demo data
gives the account the membership it derives from (``os2gov.authority.roles``). Each
account's ``claims`` name those derived roles, and the tests check it.

Never load the demo data into a production database: the passwords are public.
"""

# The passwords below are public on purpose: they are the documented demo logins.
# ruff: noqa: S106

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEMO_EMAIL_DOMAIN = "demo.os2gov.invalid"

# The OS2 association's slug in the reference data.
ASSOCIATION_SLUG = "os2"


@dataclass(frozen=True)
class OrganisationRef:
    """Where a demo account works, by a natural key of the reference data.

    ``kind`` is ``"slug"`` (e.g. the association), ``"municipality_code"`` (the official
    three-digit kommunekode) or ``"demo_supplier"`` (the n-th generated demo supplier,
    ``value`` being its index).
    """

    kind: str
    value: str


@dataclass(frozen=True)
class RoleClaim:
    """The derived role behind an account's printed ``role``: a value of
    ``os2gov.authority.roles.RoleCode``, and for a role held in a product's group the
    product's slug."""

    code: str
    product: str = ""


@dataclass(frozen=True)
class DemoAccount:
    key: str
    email: str
    password: str
    name: str
    title: str
    role: Promise
    claims: tuple[RoleClaim, ...]
    organisation: OrganisationRef
    is_staff: bool = False
    # Model permissions, as "app_label.codename" or "app_label.*" for all of an app's.
    permissions: tuple[str, ...] = ()


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        key="secretariat",
        email=f"sekretariat@{DEMO_EMAIL_DOMAIN}",
        password="demo-sekretariat",
        name="Birgitte Sekretær Holm",
        title="Sekretariatsmedarbejder",
        role=_("Secretariat (staff, may use the admin)"),
        claims=(RoleClaim("secretariat_staff"),),
        organisation=OrganisationRef("slug", ASSOCIATION_SLUG),
        is_staff=True,
        permissions=(
            "organisation.*",
            "catalogue.*",
            "governance.*",
            "accounts.view_user",
            "accounts.change_user",
            "core.view_auditevent",
        ),
    ),
    DemoAccount(
        key="board_member",
        email=f"bestyrelse@{DEMO_EMAIL_DOMAIN}",
        password="demo-bestyrelse",
        name="Jens Bestyrelse Mortensen",
        title="Digitaliseringschef",
        role=_("Board member"),
        claims=(RoleClaim("board_member"),),
        organisation=OrganisationRef("municipality_code", "751"),  # Aarhus
    ),
    DemoAccount(
        key="municipal_user",
        email=f"kommune@{DEMO_EMAIL_DOMAIN}",
        password="demo-kommune",
        name="Sofie Kommune Lund",
        title="IT-projektleder",
        role=_("Municipal user"),
        claims=(RoleClaim("municipality_user"),),
        organisation=OrganisationRef("municipality_code", "461"),  # Odense
    ),
    DemoAccount(
        key="os2mo_user",
        email=f"os2mo-bruger@{DEMO_EMAIL_DOMAIN}",
        password="demo-os2mo-bruger",
        name="Karin Anvender Skov",
        title="Systemejer",
        role=_("Municipal user (the municipality uses OS2mo)"),
        claims=(RoleClaim("municipality_user"),),
        organisation=OrganisationRef("municipality_code", "630"),  # Vejle
    ),
    DemoAccount(
        key="supplier_user",
        email=f"leverandoer@{DEMO_EMAIL_DOMAIN}",
        password="demo-leverandoer",
        name="Mads Leverandør Nielsen",
        title="Udviklingschef",
        role=_("Supplier user (supplier representative for OS2mo)"),
        claims=(
            RoleClaim("supplier_user"),
            RoleClaim("coordination_group_member", product="os2mo"),
        ),
        organisation=OrganisationRef("demo_supplier", "0"),
    ),
    DemoAccount(
        key="steering_group_member",
        email=f"styregruppe@{DEMO_EMAIL_DOMAIN}",
        password="demo-styregruppe",
        name="Hanne Styregruppe Jensen",
        title="Afdelingsleder",
        role=_("Steering group member (OS2mo)"),
        claims=(RoleClaim("steering_group_member", product="os2mo"),),
        organisation=OrganisationRef("municipality_code", "101"),  # København
    ),
    DemoAccount(
        key="coordinator",
        email=f"tovholder@{DEMO_EMAIL_DOMAIN}",
        password="demo-tovholder",
        name="Peter Tovholder Andersen",
        title="Fagkoordinator",
        role=_("Tovholder (OS2mo)"),
        claims=(RoleClaim("tovholder", product="os2mo"),),
        organisation=OrganisationRef("municipality_code", "851"),  # Aalborg
    ),
)
