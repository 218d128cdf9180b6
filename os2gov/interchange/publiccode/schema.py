"""The JSON Schema of the publiccode.yml fields, versions 0.2 to 0.5 (PRD-08).

Written for OS2gov from the standard's text, not copied: each key the standard defines, with
its type, and the values it enumerates. Unknown keys are allowed by the standard's spirit
(``additionalProperties`` is false here, but the reader reports those errors as warnings,
never as errors). Country sections (``it``, ``dk``, …) are objects under a two-letter key.

``IMPORT_SCHEMA`` accepts every version from 0.2 to 0.5; ``EXPORT_SCHEMA`` is what OS2gov
writes: version 0.4 with the keys 0.4 makes mandatory.
"""

from __future__ import annotations

import copy
from typing import Any

SUPPORTED_VERSIONS = ("0.2", "0.3", "0.4", "0.5")
EXPORT_VERSION = "0.4"

DEVELOPMENT_STATUSES = ["concept", "development", "beta", "stable", "obsolete"]
SOFTWARE_TYPES = [
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
]
MAINTENANCE_TYPES = ["internal", "contract", "community", "none"]

# YYYY-MM-DD, and a real day of the calendar (the "date" format is checked as well).
DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"}
TEXT = {"type": "string"}
NAME = {"type": "string", "minLength": 1}
URL = {"type": "string", "minLength": 1, "format": "uri", "pattern": r"^[A-Za-z][A-Za-z0-9+.-]*:"}
TEXT_LIST = {"type": "array", "items": TEXT}
# A BCP 47 tag: a primary language subtag, then optional subtags.
LANGUAGE_TAG = r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$"

DEPENDENCY = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": NAME,
        "versionMin": TEXT,
        "versionMax": TEXT,
        "version": TEXT,
        "optional": {"type": "boolean"},
    },
    "additionalProperties": False,
}

CONTRACTOR = {
    "type": "object",
    "required": ["name", "until"],
    "properties": {
        "name": NAME,
        "until": DATE,
        "email": {"type": "string", "format": "email"},
        "website": URL,
    },
    "additionalProperties": False,
}

CONTACT = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": NAME,
        "email": {"type": "string", "format": "email"},
        "phone": TEXT,
        "affiliation": TEXT,
    },
    "additionalProperties": False,
}

DESCRIPTION = {
    "type": "object",
    "required": ["shortDescription"],
    "properties": {
        "localisedName": TEXT,
        "genericName": TEXT,
        "shortDescription": {"type": "string", "minLength": 1, "maxLength": 150},
        "longDescription": {"type": "string", "maxLength": 10000},
        "documentation": URL,
        "apiDocumentation": URL,
        "features": TEXT_LIST,
        "screenshots": TEXT_LIST,
        "videos": {"type": "array", "items": URL},
        "awards": TEXT_LIST,
    },
    "additionalProperties": False,
}

IMPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "publiccode.yml 0.2–0.5, as OS2gov reads it",
    "type": "object",
    "required": [
        "name",
        "url",
        "platforms",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
    ],
    "properties": {
        "publiccodeYmlVersion": TEXT,
        "name": NAME,
        "applicationSuite": TEXT,
        "url": URL,
        "landingURL": URL,
        "isBasedOn": {"anyOf": [URL, {"type": "array", "items": URL}]},
        "organizationUri": TEXT,
        "softwareVersion": TEXT,
        "releaseDate": DATE,
        "logo": TEXT,
        "monochromeLogo": TEXT,
        "inputTypes": TEXT_LIST,
        "outputTypes": TEXT_LIST,
        "platforms": {"anyOf": [NAME, {"type": "array", "items": NAME, "minItems": 1}]},
        "categories": TEXT_LIST,
        "usedBy": {"type": "array", "items": NAME},
        "roadmap": URL,
        "developmentStatus": {"type": "string", "enum": DEVELOPMENT_STATUSES},
        "softwareType": {"type": "string", "enum": SOFTWARE_TYPES},
        "intendedAudience": {
            "type": "object",
            "properties": {
                "countries": TEXT_LIST,
                "unsupportedCountries": TEXT_LIST,
                "scope": TEXT_LIST,
            },
            "additionalProperties": False,
        },
        "description": {
            "type": "object",
            "minProperties": 1,
            "patternProperties": {LANGUAGE_TAG: DESCRIPTION},
            "additionalProperties": False,
        },
        "legal": {
            "type": "object",
            "required": ["license"],
            "properties": {
                "license": NAME,
                "mainCopyrightOwner": TEXT,
                "repoOwner": TEXT,
                "authorsFile": TEXT,
            },
            "additionalProperties": False,
        },
        "maintenance": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"type": "string", "enum": MAINTENANCE_TYPES},
                "contractors": {"type": "array", "items": CONTRACTOR},
                "contacts": {"type": "array", "items": CONTACT},
            },
            "additionalProperties": False,
            "allOf": [
                {
                    "if": {"properties": {"type": {"const": "contract"}}, "required": ["type"]},
                    "then": {
                        "required": ["contractors"],
                        "properties": {"contractors": {"minItems": 1}},
                    },
                },
                {
                    "if": {
                        "properties": {"type": {"enum": ["internal", "community"]}},
                        "required": ["type"],
                    },
                    "then": {
                        "required": ["contacts"],
                        "properties": {"contacts": {"minItems": 1}},
                    },
                },
            ],
        },
        "localisation": {
            "type": "object",
            "properties": {
                "localisationReady": {"type": "boolean"},
                "availableLanguages": {
                    "type": "array",
                    "items": {"type": "string", "pattern": LANGUAGE_TAG},
                },
            },
            "additionalProperties": False,
        },
        "dependsOn": {
            "type": "object",
            "properties": {
                "open": {"type": "array", "items": DEPENDENCY},
                "proprietary": {"type": "array", "items": DEPENDENCY},
                "hardware": {"type": "array", "items": DEPENDENCY},
            },
            "additionalProperties": False,
        },
    },
    # A country's own section, e.g. ``it`` or ``dk``: its keys are that country's business.
    "patternProperties": {"^[a-z]{2}$": {"type": "object"}},
    "additionalProperties": False,
}


def _export_schema() -> dict[str, Any]:
    schema = copy.deepcopy(IMPORT_SCHEMA)
    schema["title"] = "publiccode.yml 0.4, as OS2gov writes it"
    schema["required"] = [
        "publiccodeYmlVersion",
        *IMPORT_SCHEMA["required"],
        "categories",
        "localisation",
    ]
    schema["properties"]["publiccodeYmlVersion"] = {"const": EXPORT_VERSION}
    schema["properties"]["localisation"]["required"] = ["localisationReady", "availableLanguages"]
    return schema


EXPORT_SCHEMA: dict[str, Any] = _export_schema()
