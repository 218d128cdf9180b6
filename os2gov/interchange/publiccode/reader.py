"""Read a publiccode.yml file and check it against the schema (PRD-08).

    document = read_publiccode(raw_bytes)      # raises InvalidPubliccode
    document.data, document.version, document.warnings

Everything wrong with a file is reported at once, each problem naming the field path
(``legal.license``) and, where the file has one, the line. A YAML syntax error names its
line; a file that is not UTF-8 text is refused before it is parsed. Unknown keys and a
missing or unsupported ``publiccodeYmlVersion`` are warnings: the file is still read.
Nothing here touches the database.

YAML is parsed by PyYAML's safe loader (the C one when present), with one change: dates
are kept as text, so that an impossible date such as 2026-02-30 is a problem of its field
rather than a crash of the parser; the schema checks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from os2gov.catalogue.licences import SPDX_LICENCES
from os2gov.interchange.publiccode.schema import (
    DATE,
    EXPORT_VERSION,
    IMPORT_SCHEMA,
    LANGUAGE_TAG,
    SUPPORTED_VERSIONS,
    URL,
)

MAX_FILE_SIZE = 1024 * 1024  # bytes; a publiccode.yml is a few kilobytes
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """The safe loader, with dates left as text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Path = tuple[str | int, ...]
_VALIDATOR = Draft202012Validator(IMPORT_SCHEMA, format_checker=FormatChecker())


def path_text(path: Path) -> str:
    """("maintenance", "contractors", 0, "until") -> "maintenance.contractors[0].until"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Problem:
    """Something wrong (or worth a warning) in a file: the field path, what, and the line."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.line is not None:
            text += " " + _("(line %(line)s)") % {"line": self.line}
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message, "line": self.line}


class InvalidPubliccode(Exception):
    """The file cannot be imported: ``problems`` says why, each with its field path."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems
        self.warnings = warnings or []


@dataclass
class Document:
    """A checked publiccode.yml: its data, the version it was read as, and the warnings."""

    data: dict[str, Any]
    version: str
    declared_version: str
    lines: dict[Path, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def line(self, path: Path) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


# --- Text and YAML --------------------------------------------------------------------------


def _text(data: bytes) -> str:
    if len(data) > MAX_FILE_SIZE:
        raise InvalidPubliccode(
            [
                Problem(
                    "", _("the file is larger than %(size)s kB.") % {"size": MAX_FILE_SIZE // 1024}
                )
            ]
        )
    not_text = Problem("", _("the file is not text: a publiccode.yml is UTF-8 encoded YAML."))
    if b"\x00" in data:
        raise InvalidPubliccode([not_text])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidPubliccode([not_text]) from None
    if not text.strip():
        raise InvalidPubliccode([Problem("", _("the file is empty."))])
    return text


def _lines(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    """Record the line of every key and list item below ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
            child = (*path, key)
            lines.setdefault(child, key_node.start_mark.line + 1)
            _lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines.setdefault(child, item.start_mark.line + 1)
            _lines(item, child, lines)


def _parse(text: str) -> tuple[Any, dict[Path, int]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or ""
        raise InvalidPubliccode(
            [
                Problem(
                    "",
                    _("the file is not valid YAML: %(problem)s.") % {"problem": problem},
                    mark.line + 1 if mark is not None else None,
                )
            ]
        ) from None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise InvalidPubliccode(
            [Problem("", _("the file is not valid YAML: %(problem)s.") % {"problem": error})]
        ) from None
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines


# --- The version ----------------------------------------------------------------------------


def _version(data: dict[str, Any], lines: dict[Path, int]) -> tuple[str, str, list[Problem]]:
    """(the version read as, the version declared, warnings). A number (``0.4`` unquoted) is
    read as its text."""
    line = lines.get(("publiccodeYmlVersion",))
    if "publiccodeYmlVersion" not in data:
        return (
            EXPORT_VERSION,
            "",
            [
                Problem(
                    "publiccodeYmlVersion",
                    _("missing; the file is read as version %(version)s.")
                    % {"version": EXPORT_VERSION},
                )
            ],
        )
    raw = data.pop("publiccodeYmlVersion")
    declared = str(raw).strip() if raw is not None else ""
    warnings = []
    if not isinstance(raw, str):
        warnings.append(
            Problem(
                "publiccodeYmlVersion",
                _('should be text in quotes, e.g. "%(version)s".') % {"version": EXPORT_VERSION},
                line,
            )
        )
    match = re.fullmatch(r"(\d+)\.(\d+)(\.\d+)?", declared)
    minor = f"{match.group(1)}.{match.group(2)}" if match else ""
    if minor in SUPPORTED_VERSIONS:
        return minor, declared, warnings
    warnings.append(
        Problem(
            "publiccodeYmlVersion",
            _(
                "%(version)s is not a version from %(first)s to %(last)s; the file is read as "
                "version %(read)s."
            )
            % {
                "version": declared or '""',
                "first": SUPPORTED_VERSIONS[0],
                "last": SUPPORTED_VERSIONS[-1],
                "read": EXPORT_VERSION,
            },
            line,
        )
    )
    return EXPORT_VERSION, declared, warnings


# --- Schema errors as sentences -------------------------------------------------------------


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping of keys")
    if isinstance(value, int | float):
        return _("a number")
    if value is None:
        return _("empty")
    return type(value).__name__


def _expected(names: Any) -> str:
    if isinstance(names, str):
        names = [names]
    labels = {
        "string": _("text"),
        "array": _("a list"),
        "object": _("a mapping of keys"),
        "boolean": _("true or false"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "null": _("empty"),
    }
    return _(" or ").join(str(labels.get(name, name)) for name in names)


def _message(error: SchemaError) -> str:
    kind = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    if kind == "type":
        return _("must be %(expected)s, not %(found)s.") % {
            "expected": _expected(value),
            "found": _type_name(instance),
        }
    if kind == "enum":
        return _("%(value)s is not one of: %(choices)s.") % {
            "value": instance,
            "choices": ", ".join(str(choice) for choice in value),
        }
    if kind == "const":
        return _("must be %(value)s.") % {"value": value}
    if kind == "format" or (kind == "pattern" and value in (DATE["pattern"], URL["pattern"])):
        if value in ("date", DATE["pattern"]):
            return _("%(value)s is not a real date of the form YYYY-MM-DD.") % {"value": instance}
        if value == "email":
            return _("%(value)s is not an e-mail address.") % {"value": instance}
        return _("%(value)s is not a URL.") % {"value": instance}
    if kind == "pattern" and value == LANGUAGE_TAG:
        return _("%(value)s is not a language tag such as da or en.") % {"value": instance}
    if kind == "maxLength":
        return _("is longer than %(max)s characters.") % {"max": value}
    if kind == "minLength":
        return _("must not be empty.")
    if kind == "minItems":
        return _("must list at least one item.")
    if kind == "minProperties":
        return _("must hold at least one language, e.g. da or en.")
    if kind == "anyOf":
        return _("must be text or a list of text, not %(found)s.") % {"found": _type_name(instance)}
    return str(error.message)


def _schema_problems(
    data: dict[str, Any], lines: dict[Path, int]
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings): unknown keys are warnings."""
    validator = _VALIDATOR
    errors: list[Problem] = []
    warnings: list[Problem] = []
    reported: set[Path] = set()

    def line(path: Path) -> int | None:
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return None

    for error in _flatten(validator.iter_errors(data)):
        path: Path = tuple(error.absolute_path)
        instance: Any = error.instance
        schema: Any = error.schema
        required: Any = error.validator_value
        if error.validator == "additionalProperties" and isinstance(instance, dict):
            known = schema.get("properties", {})
            patterns = schema.get("patternProperties", {})
            for key in instance:
                if key in known or any(re.search(p, str(key)) for p in patterns):
                    continue
                child = (*path, str(key))
                warnings.append(Problem(path_text(child), _("unknown key, ignored."), line(child)))
            continue
        if error.validator == "required":
            conditional = "then" in error.schema_path
            for key in required:
                missing = (*path, key)
                if missing in reported or not isinstance(instance, dict) or key in instance:
                    continue
                reported.add(missing)
                if conditional and path == ("maintenance",):
                    message = _("required when maintenance.type is %(type)s.") % {
                        "type": instance.get("type")
                    }
                else:
                    message = _("required key missing.")
                errors.append(Problem(path_text((*path, key)), message, line(path)))
            continue
        errors.append(Problem(path_text(path), _message(error), line(path)))
    errors.sort(key=lambda problem: (problem.line or 0, problem.path))
    warnings.sort(key=lambda problem: (problem.line or 0, problem.path))
    return errors, warnings


def _flatten(errors: Iterator[SchemaError]) -> Iterator[SchemaError]:
    """An ``allOf`` reports its parts as its own context; yield the parts."""
    for error in errors:
        if error.validator == "allOf" and error.context:
            yield from _flatten(iter(error.context))
        else:
            yield error


# --- Licence --------------------------------------------------------------------------------

_CANONICAL = {identifier.lower(): identifier for identifier in SPDX_LICENCES}
_TOKEN = re.compile(r"\s*(\(|\)|[A-Za-z0-9.+:-]+)")


class _NotAnExpression(Exception):
    pass


def spdx_expression(text: str) -> tuple[str, list[str]]:
    """The expression with its licence identifiers in their canonical spelling, and those
    identifiers. Raises ValueError naming the problem: not an SPDX expression, or an
    identifier that is not a known open-source licence (os2gov/catalogue/licences.py)."""
    tokens: list[str] = []
    position = 0
    stripped = text.strip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None:
            raise ValueError(_("not an SPDX expression."))
        tokens.append(match.group(1))
        position = match.end()
    identifiers: list[str] = []
    out: list[str] = []
    index = 0

    def peek() -> str | None:
        return tokens[index] if index < len(tokens) else None

    def take() -> str:
        nonlocal index
        if index >= len(tokens):
            raise _NotAnExpression
        index += 1
        return tokens[index - 1]

    def term() -> None:
        part = take()
        if part == "(":
            out.append("(")
            expression()
            if take() != ")":
                raise _NotAnExpression
            out.append(")")
            return
        if part in ("AND", "OR", "WITH", ")"):
            raise _NotAnExpression
        plus = part.endswith("+")
        base = part[:-1] if plus else part
        canonical = _CANONICAL.get(base.lower())
        if canonical is None:
            raise ValueError(
                _(
                    "not an SPDX expression of open-source licences: %(id)s is not a known "
                    "SPDX licence identifier."
                )
                % {"id": part}
            )
        identifiers.append(canonical)
        out.append(canonical + ("+" if plus else ""))
        if peek() == "WITH":
            take()
            exception = take()
            if exception in ("AND", "OR", "WITH", "(", ")"):
                raise _NotAnExpression
            out.extend(["WITH", exception])

    def expression() -> None:
        term()
        while peek() in ("AND", "OR"):
            out.append(take())
            term()

    try:
        if not tokens:
            raise _NotAnExpression
        expression()
        if index != len(tokens):
            raise _NotAnExpression
    except _NotAnExpression:
        raise ValueError(_("not an SPDX expression.")) from None
    return " ".join(out).replace("( ", "(").replace(" )", ")"), identifiers


# --- The whole file -------------------------------------------------------------------------


def _language_sections(description: Any) -> list[str]:
    if not isinstance(description, dict):
        return []
    return [
        str(key)
        for key, value in description.items()
        if re.fullmatch(LANGUAGE_TAG, str(key)) and isinstance(value, dict)
    ]


def read_publiccode(data: bytes) -> Document:
    """Parse and check ``data``; raise InvalidPubliccode listing every problem."""
    parsed, lines = _parse(_text(data))
    if not isinstance(parsed, dict):
        raise InvalidPubliccode(
            [
                Problem(
                    "",
                    _("the file holds %(found)s, not the keys of a publiccode.yml.")
                    % {"found": _type_name(parsed)},
                    1,
                )
            ]
        )
    document_data = {str(key): value for key, value in parsed.items()}
    version, declared, warnings = _version(document_data, lines)
    errors, schema_warnings = _schema_problems(document_data, lines)
    warnings.extend(schema_warnings)
    legal = document_data.get("legal")
    if isinstance(legal, dict) and isinstance(legal.get("license"), str) and legal["license"]:
        try:
            legal["license"], _ids = spdx_expression(legal["license"])
        except ValueError as problem:
            errors.append(Problem("legal.license", str(problem), lines.get(("legal", "license"))))
    description = document_data.get("description")
    if isinstance(description, dict) and description and not _language_sections(description):
        errors.append(
            Problem(
                "description",
                _("holds no language section, e.g. da or en."),
                lines.get(("description",)),
            )
        )
    if errors:
        raise InvalidPubliccode(errors, warnings)
    return Document(
        data=document_data,
        version=version,
        declared_version=declared,
        lines=lines,
        warnings=warnings,
    )
