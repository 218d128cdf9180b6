"""The Danish catalogue uses the words OS2 people use, the same word for the same thing."""

from __future__ import annotations

import re

import pytest

from .pofile import Entry, catalogue
from .test_catalogue import _PLACEHOLDER

# An English term in a msgid (a regular expression, matched without regard to case) and the
# Danish stem its translation must contain. Only terms with one meaning in the platform.
GLOSSARY: tuple[tuple[str, str], ...] = (
    (r"\bgeneral[- ]assembl", "generalforsamling"),
    (r"\bboard\b", "bestyrelse"),
    (r"\bbusiness[- ]committee", "forretningsudvalg"),
    (r"\bcoordination[- ]committee", "koordinationsudvalg"),
    (r"\bsecretariat\b", "sekretariat"),
    (r"\bsteering[- ]groups?\b", "styregruppe"),
    (r"\bcoordination[- ]groups?\b", "koordinationsgruppe"),
    (r"\bprofessional[- ]groups?\b", "faggruppe"),
    (r"\btovholder\b", "tovholder"),
    (r"\bkommissorium\b", "kommissorium"),
    (r"\bmandates?\b", "mandat"),
    (r"\bconnection agreements?\b", "tilslutningsaftale"),
    (r"\bsuppliers?\b", "leverandør"),
    (r"\bdata-processing agreement", "databehandleraftale"),
    (r"\bdevelopment wish", "udviklingsønske"),
    (r"\beconomic frame\b", "økonomisk"),
    (r"\bblue stamp\b", "blåstempl"),
    (r"\bproduct levels?\b", "produktniveau"),
    (r"\bAPI tokens?\b", "API-nøgle"),
    (r"\btwo-factor authentication\b", "totrinsbekræftelse"),
    (r"\baccessibility statement\b", "tilgængelighedserklæring"),
    (r"\bmunicipalit(?:y|ies)\b", "kommun"),
)

# Fixed renderings of whole messages.
FIXED: dict[str, str] = {
    "Log in": "Log ind",
    "Log out": "Log ud",
    "Skip to main content": "Gå til sidens indhold",
    "Front page": "Forside",
    "Governance of OS2 products": "Styring af OS2's produkter",
    "Accessibility statement": "Tilgængelighedserklæring",
    "Organisation": "Organisation",
    "Municipality": "Kommune",
    "Region": "Region",
    "Supplier": "Leverandør",
    "Product": "Produkt",
    "Bodies": "Organer",
    "Mandates": "Mandater",
    "Decision": "Beslutning",
    "API token": "API-nøgle",
}


@pytest.fixture(scope="module")
def danish() -> list[Entry]:
    return [entry for entry in catalogue("da") if not entry.is_header and not entry.obsolete]


def test_glossary_terms_are_translated_with_the_os2_words(danish: list[Entry]) -> None:
    wrong = []
    for entry in danish:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        # A placeholder's name (%(municipality)s, {supplier}) is not a word of the text: the
        # value filled in brings its own words.
        sources = [_PLACEHOLDER.sub("", source) for source in sources]
        for pattern, stem in GLOSSARY:
            if not any(re.search(pattern, source, re.IGNORECASE) for source in sources):
                continue
            for key, value in entry.translations.items():
                if value and stem.lower() not in value.lower():
                    wrong.append(f"  {entry.msgid!r} {key}: expected “{stem}” in {value!r}")
    assert not wrong, "Translations that do not use the glossary's word:\n" + "\n".join(wrong)


def test_fixed_terms_have_their_fixed_translation(danish: list[Entry]) -> None:
    found = {entry.msgid: entry.translations.get("msgstr") for entry in danish}
    wrong = [
        f"  {english!r}: expected {expected!r}, found {found[english]!r}"
        for english, expected in FIXED.items()
        if english in found and found[english] != expected
    ]
    assert not wrong, "Fixed terms translated otherwise:\n" + "\n".join(wrong)
