"""A checked publiccode.yml document as what OS2gov keeps of it (PRD-08).

* ``name``, ``url`` (the repository, which identifies the product), ``landingURL`` (the
  website) and the descriptions go to the catalogue's product. The description is taken in
  Danish if the file has it, else in English, else in the first language it has.
* ``legal.license`` is the product's licence when it is one identifier; an expression of
  several licences is kept whole on the profile and leaves the product's licence as it is.
* ``maintenance.contractors`` become the product's suppliers (maintenance), its
  ``contacts`` are kept on the profile; ``usedBy`` becomes unconfirmed users.
* ``developmentStatus``, ``softwareType``, ``platforms``, ``categories``, ``dependsOn``,
  ``softwareVersion``, ``releaseDate``, ``localisation`` and the version read: the profile.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from os2gov.catalogue.licences import SPDX_LICENCES
from os2gov.interchange.publiccode.reader import Document
from os2gov.interchange.publiccode.schema import LANGUAGE_TAG

PREFERRED_LANGUAGES = ("da", "en")
USER_NAME_MAX = 300


def repository_key(url: str) -> str:
    """The repository URL as products are matched by it: scheme and host in lower case,
    without a trailing slash or ``.git``."""
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return text.lower()
    path = parts.path.rstrip("/")
    if path.endswith(".git"):
        path = path[:-4]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def description_language(description: dict[str, Any]) -> str:
    """The language section to read: Danish, then English, then the first one."""
    sections = [
        str(key)
        for key, value in description.items()
        if re.fullmatch(LANGUAGE_TAG, str(key)) and isinstance(value, dict)
    ]
    for wanted in PREFERRED_LANGUAGES:
        for key in sections:
            if key.lower() == wanted:
                return key
        for key in sections:
            if key.lower().split("-")[0] == wanted:
                return key
    return sections[0]


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def _clean(entries: Any, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """The listed keys of each entry, in that order, leaving out those not given."""
    return [
        {key: entry[key] for key in keys if entry.get(key) not in (None, "")}
        for entry in entries or []
    ]


@dataclass
class Mapped:
    """What one document says, as OS2gov's fields."""

    repository_url: str
    product: dict[str, Any]  # catalogue.Product fields
    profile: dict[str, Any]  # interchange.PubliccodeProfile fields
    contractors: list[dict[str, Any]] = field(default_factory=list)
    used_by: list[str] = field(default_factory=list)
    language: str = ""

    def field_path(self, model_field: str) -> str:
        """The publiccode.yml path of a catalogue field, to name it in an error."""
        return {
            "name": "name",
            "slug": "name",
            "repository_url": "url",
            "website": "landingURL",
            "short_description": f"description.{self.language}.shortDescription",
            "description": f"description.{self.language}.longDescription",
            "licence": "legal.license",
        }.get(model_field, model_field)


def map_document(document: Document) -> Mapped:
    data = document.data
    description = data["description"]
    language = description_language(description)
    text = description[language]
    licence_expression = data["legal"]["license"]
    # Only what the file states: a key it leaves out leaves the product's field as it is.
    product: dict[str, Any] = {
        "name": data["name"].strip(),
        "repository_url": data["url"].strip(),
        "short_description": " ".join(text["shortDescription"].split()),
    }
    if "landingURL" in data:
        product["website"] = data["landingURL"].strip()
    if "longDescription" in text:
        product["description"] = text["longDescription"].strip()
    if licence_expression in SPDX_LICENCES:
        product["licence"] = licence_expression
        licence_expression = ""
    maintenance = data["maintenance"]
    contractors = _clean(maintenance.get("contractors"), ("name", "until", "email", "website"))
    release_date = data.get("releaseDate")
    localisation = data.get("localisation") or {}
    depends_on = {
        kind: _clean(entries, ("name", "versionMin", "versionMax", "version", "optional"))
        for kind, entries in (data.get("dependsOn") or {}).items()
        if entries
    }
    profile: dict[str, Any] = {
        "standard_version": document.declared_version or document.version,
        "development_status": data["developmentStatus"],
        "software_type": data["softwareType"],
        "platforms": _strings(data["platforms"]),
        "categories": _strings(data.get("categories")),
        "software_version": str(data.get("softwareVersion") or "")[:100],
        "release_date": datetime.date.fromisoformat(release_date) if release_date else None,
        "licence_expression": licence_expression,
        "description_language": language,
        "features": _strings(text.get("features")),
        "maintenance_type": maintenance["type"],
        "contractors": contractors,
        "contacts": _clean(maintenance.get("contacts"), ("name", "email", "phone", "affiliation")),
        "depends_on": depends_on,
        "localisation_ready": bool(localisation.get("localisationReady", False)),
        "available_languages": _strings(localisation.get("availableLanguages")),
    }
    used_by: list[str] = []
    seen: set[str] = set()
    for name in _strings(data.get("usedBy")):
        name = " ".join(name.split())[:USER_NAME_MAX]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            used_by.append(name)
    return Mapped(
        repository_url=product["repository_url"],
        product=product,
        profile=profile,
        contractors=contractors,
        used_by=used_by,
        language=language,
    )
