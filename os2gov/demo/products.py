"""The eight demo products: named after real OS2 products, described in our own words.

The texts are stored in Danish, the language of the platform's users. They say what kind
of problem each product solves, in general terms; nothing here describes a real
municipality's use, a real contract or a real person. Everything around the products
(who uses them, who supplies them, who sits in their groups, who owns their
documentation) is fictional demo data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from os2gov.accounts.models import User
from os2gov.catalogue import services as catalogue
from os2gov.catalogue.models import Product
from os2gov.demo import generators
from os2gov.demo.accounts import DEMO_ACCOUNTS, OrganisationRef
from os2gov.organisation.models import Organisation


@dataclass(frozen=True)
class ProductText:
    name: str
    slug: str
    short_description: str
    description: str
    licence: str  # an SPDX identifier
    status: str  # a catalogue.ProductStatus value


PRODUCT_TEXTS: tuple[ProductText, ...] = (
    ProductText(
        name="OS2mo",
        slug="os2mo",
        short_description=(
            "Kommunens organisation og medarbejdere samlet i én kilde, som andre systemer "
            "kan hente fra."
        ),
        description=(
            "OS2mo holder styr på enheder, ledere, ansættelser og tilknytninger, så "
            "oplysningerne kun skal vedligeholdes ét sted. Systemer til fx brugerstyring og "
            "rettigheder henter organisationsdata herfra i stedet for at føre deres egen kopi."
        ),
        licence="MPL-2.0",
        status="active",
    ),
    ProductText(
        name="OS2iot",
        slug="os2iot",
        short_description=(
            "Modtager data fra kommunens sensorer og sender dem videre til de systemer, der "
            "skal bruge dem."
        ),
        description=(
            "OS2iot samler målinger fra fx vandmålere, parkeringssensorer og "
            "indeklimamålere i ét system, uanset hvilket netværk de sender over. Data kan "
            "derefter sendes videre til kommunens egne løsninger eller udstilles som åbne data."
        ),
        licence="MPL-2.0",
        status="active",
    ),
    ProductText(
        name="OS2rollekatalog",
        slug="os2rollekatalog",
        short_description=(
            "Et katalog over jobfunktioner og de systemrettigheder, der hører til dem."
        ),
        description=(
            "Rollekataloget beskriver, hvilke rettigheder de forskellige jobfunktioner har "
            "brug for, og tildeler dem ud fra organisationsdata. Ledere gennemgår med faste "
            "mellemrum deres medarbejderes rettigheder, så adgang ikke hober sig op."
        ),
        licence="MPL-2.0",
        status="active",
    ),
    ProductText(
        name="OS2faktor",
        slug="os2faktor",
        short_description="Fælles log-in med ekstra faktor for kommunens medarbejdere.",
        description=(
            "OS2faktor giver medarbejderne ét log-in til mange fagsystemer og kan kræve en "
            "ekstra faktor, når en opgave kræver højere sikkerhed. Løsningen kan også "
            "formidle log-in videre til fællesoffentlige løsninger."
        ),
        licence="MPL-2.0",
        status="active",
    ),
    ProductText(
        name="OS2borgerPC",
        slug="os2borgerpc",
        short_description=("Sikre og enkle pc'er til borgere på biblioteker og i borgerservice."),
        description=(
            "OS2borgerPC gør almindelige pc'er til offentlige borgermaskiner, der rydder op "
            "efter hver bruger. Maskinerne styres centralt, så opdateringer og indstillinger "
            "rulles ud, uden at nogen skal møde op ved hver enkelt pc."
        ),
        licence="GPL-3.0-or-later",
        status="active",
    ),
    ProductText(
        name="OS2forms",
        slug="os2forms",
        short_description=(
            "Digitale selvbetjeningsformularer, der sender svarene videre til kommunens "
            "fagsystemer."
        ),
        description=(
            "Med OS2forms bygger kommunen selv formularer til borgere og medarbejdere og "
            "sender svarene videre til sags- og dokumenthåndtering. Byggeklodserne deles i "
            "fællesskabet, så en formular lavet i én kommune kan genbruges i en anden."
        ),
        licence="EUPL-1.2",
        status="active",
    ),
    ProductText(
        name="OS2valghalla",
        slug="os2valghalla",
        short_description=(
            "Planlægning af valgtilforordnede og deres opgaver op til og på valgdagen."
        ),
        description=(
            "OS2valghalla hjælper valgsekretariatet med at finde tilforordnede, fordele dem "
            "på valgsteder og holde dem orienteret. I demodataene er produktet nyt i "
            "fællesskabet og afprøves af de første kommuner i sandkassen."
        ),
        licence="MPL-2.0",
        status="sandbox",
    ),
    ProductText(
        name="OS2display",
        slug="os2display",
        short_description=(
            "Indhold til infoskærme i kommunens bygninger, styret fra én redaktionsflade."
        ),
        description=(
            "OS2display lader redaktører planlægge, hvad skærmene i fx biblioteker, "
            "svømmehaller og rådhuse viser, og hvornår. Indholdet bygges af skabeloner, så "
            "det ser ensartet ud, uanset hvem der har lavet det."
        ),
        licence="MPL-2.0",
        status="active",
    ),
)


# --- Documentation owners (PRD-01) ---------------------------------------------------------


@dataclass(frozen=True)
class DocumentationOwnerText:
    """Who owns a demo product's documentation: an organisation and, optionally, a person
    of it, named by the key of their seat in the demo plan (``account:<key>`` for a demo
    account). The person is one the plan creates anyway (a group member), so the owner
    adds nobody."""

    product: str  # a product slug
    organisation: OrganisationRef
    contact: str = ""  # a seat key, or empty for the organisation alone

    def contact_email(self) -> str:
        if not self.contact:
            return ""
        if self.contact.startswith("account:"):
            key = self.contact.removeprefix("account:")
            account = next(account for account in DEMO_ACCOUNTS if account.key == key)
            assert account.organisation == self.organisation, self.contact
            return account.email
        return generators.named_person_spec(self.contact, self.organisation).email


def _supplier(index: int) -> OrganisationRef:
    return OrganisationRef("demo_supplier", str(index))


def _municipality(code: str) -> OrganisationRef:
    return OrganisationRef("municipality_code", code)


# Mostly the developing supplier with its representative in the coordination group; two
# products are documented by a municipality (its tovholder), and one by a supplier with
# no named person.
DOCUMENTATION_OWNERS: tuple[DocumentationOwnerText, ...] = (
    DocumentationOwnerText("os2mo", _supplier(0), "account:supplier_user"),
    DocumentationOwnerText("os2iot", _supplier(2), "os2iot-leverandoer"),
    DocumentationOwnerText("os2rollekatalog", _supplier(3), "os2rollekatalog-leverandoer"),
    DocumentationOwnerText("os2faktor", _supplier(3), "os2faktor-leverandoer"),
    DocumentationOwnerText("os2borgerpc", _municipality("316"), "os2borgerpc-tovholder"),
    DocumentationOwnerText("os2forms", _municipality("169"), "os2forms-tovholder"),
    DocumentationOwnerText("os2valghalla", _supplier(5)),
    DocumentationOwnerText("os2display", _supplier(2), "os2display-leverandoer"),
)
assert [owner.product for owner in DOCUMENTATION_OWNERS] == [t.slug for t in PRODUCT_TEXTS]

# The day the secretariat registered the documentation owners: after every demo product
# entered the catalogue, so the decisions and audit events are the same on every run.
DOCUMENTATION_OWNERS_NAMED_ON = datetime.date(2024, 2, 1)


def load_documentation_owners(
    products: dict[str, Product],
    actor: User,
    resolve: Callable[[OrganisationRef], Organisation],
    progress: Callable[[str, int, int], None],
) -> int:
    """Name the documentation owner of every demo product that has none, through
    ``product_update`` (mandate, validation, decision and audit event) with the
    secretariat account as ``actor``. A product that already has an owner is left as it
    is, so a second run changes nothing. Returns how many products it changed."""
    wanted = [owner for owner in DOCUMENTATION_OWNERS if owner.product in products]
    current = {
        product.slug: product
        for product in Product.objects.filter(
            pk__in=[products[owner.product].pk for owner in wanted],
            documentation_owner__isnull=True,
        )
    }
    emails = {owner.contact_email() for owner in wanted} - {""}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    changed = 0
    for owner in wanted:
        product = current.get(owner.product)
        if product is None:
            continue
        email = owner.contact_email()
        catalogue.product_update(
            actor=actor,
            product=product,
            data={
                "documentation_owner": resolve(owner.organisation),
                "documentation_contact": people[email] if email else None,
            },
            expected_updated_at=product.updated_at,
            on=DOCUMENTATION_OWNERS_NAMED_ON,
        )
        changed += 1
    progress("documentation owners", len(wanted), len(wanted))
    return changed
