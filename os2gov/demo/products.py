"""The eight demo products: named after real OS2 products, described in our own words.

The texts are stored in Danish, the language of the platform's users. They say what kind
of problem each product solves, in general terms; nothing here describes a real
municipality's use, a real contract or a real person. Everything around the products
(who uses them, who supplies them, who sits in their groups) is fictional demo data.
"""

from __future__ import annotations

from dataclasses import dataclass


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
