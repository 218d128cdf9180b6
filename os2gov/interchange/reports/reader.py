"""Read a governance report (Markdown) into rows: pure parsing, no database.

    parsed = parse_report(data)  # bytes, as uploaded or read from disk
    parsed.rows       # [ReportRow, ...]: the criteria rows that could be read
    parsed.errors     # [Problem, ...]: what could not be read, each with its line number
    parsed.warnings   # [Problem, ...]: what was read, but not quite as the format has it

A file that is no governance report at all raises ``ReportFileError``: it is not text (a
NUL byte, not UTF-8), it is empty, or it holds no table of criteria.

The format, as OS2 products keep it in their repositories:

* The product's name is the first heading. Each theme is a heading (``## RELEVANS``) or a
  line in bold (``**FORMKRAV**``), followed by a Markdown table of the theme's criteria.
* Columns are found by their header names, never by position: the ID (``#``; IDs such as
  R1, F12, G5), the requirement (``Krav``, possibly ``_wrapped_`` and ending in
  "(anbefaling)": recommended), the documentation (``Beskrivelse / Dokumentation``,
  ``Henvisning`` …; text with Markdown or HTML links or bare addresses), the level
  (``Produktniveau`` or ``Niveau``: sandkasse, 0, 1, 2, 3), guidance (``Retningslinjer``)
  and the mark (``Efterlevet?``, ``Opfyldt`` …; see marks.py).
* The self-assessment layout of 2026 may start with Jekyll front matter (between ``---``
  lines) and holds a document-information block (template version, date, filled in by),
  as a table or as ``**Key:** value`` lines.

Hand-edited files are read as far as they can be: a row without its closing pipe, an extra
empty cell, ``<br>`` in a cell, escaped characters, a space before the pipe and a separator
row that does not match the header are all read (the last is reported as a warning). A row
with cells missing or too many, an unknown mark, an ID that is no ID, or a table without an
ID column is reported with its line number. Line numbers are the file's, counting from 1.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from os2gov.interchange.reports.marks import KNOWN_MARKS, Mark, plain_cell, read_mark

ID = "id"
REQUIREMENT = "requirement"
DOCUMENTATION = "documentation"
LEVEL = "level"
MARK = "mark"
GUIDANCE = "guidance"
# The columns a row cannot be read without.
ESSENTIAL = (ID, MARK)

# Header names (lower case, without emphasis, "?" or ":") -> the column's role.
HEADER_NAMES = {
    ID: {"#", "id", "nr", "nr.", "nummer", "krav-id", "krav id", "kravnr", "kriterie-id", "key"},
    REQUIREMENT: {"krav", "kriterie", "kriterium", "kravtekst", "requirement", "criterion"},
    LEVEL: {"produktniveau", "niveau", "level"},
    MARK: {
        "efterlevet",
        "opfyldt",
        "overholdt",
        "efterlevelse",
        "status",
        "svar",
        "✅",
        "✓",
        "ok",
        "tjek",
    },
    GUIDANCE: {"retningslinjer", "retningslinje", "vejledning", "guidance"},
}
# A documentation column's header contains one of these words.
DOCUMENTATION_WORDS = (
    "dokumentation",
    "henvisning",
    "beskrivelse",
    "evidens",
    "link",
    "bemærkning",
    "kommentar",
    "begrundelse",
)
# The document-information block of the 2026 layout: its keys as written (lower case).
DOCUMENT_INFO_KEYS = {
    "skabelonversion": "template_version",
    "skabelon-version": "template_version",
    "skabelon version": "template_version",
    "version": "template_version",
    "dato": "date",
    "senest opdateret": "date",
    "opdateret": "date",
    "udfyldt af": "filled_in_by",
    "udfyldt": "filled_in_by",
    "ansvarlig": "filled_in_by",
}
LEVEL_CODES = {"sandkasse": "SANDBOX", "sandbox": "SANDBOX"}
RECOMMENDED = re.compile(r"\s*\(\s*anbefal(?:ing|et)\s*\)\s*\.?\s*$", re.I)
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_INFO_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*([A-Za-zÆØÅæøå -]{3,30}?)\s*:\s*(?:\*\*|__)?\s*(.*?)\s*$"
)
_SEPARATOR = re.compile(r"^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BR = re.compile(r"<br\s*/?>", re.I)
_LINK = re.compile(
    r"<a\s[^>]*?href\s*=\s*[\"']([^\"']*)[\"'][^>]*>(.*?)</a\s*>"  # 1 target, 2 text
    r"|(?<!\\)!?\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)"  # 3, 4
    r"|<(https?://[^>\s]+)>"  # 5
    r"|(https?://[^\s<>\[\]|\"']+)",  # 6
    re.I | re.S,
)
_LIST_TAGS = re.compile(r"</?(?:ul|ol|p|div|span|b|strong|i|em|u|small|sup|sub|code)\b[^>]*>", re.I)
_LIST_ITEM = re.compile(r"<li\b[^>]*>|</li\s*>", re.I)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$")
_TRAILING = ".,;:!?)"
_SPACE_PUNCT = re.compile(r"\s+([.,;:!?])(?=\s|$)")


class ReportFileError(ValueError):
    """The file is no governance report; nothing in it can be imported."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Problem:
    """Something about one line of the file."""

    line: int
    message: str

    def __str__(self) -> str:
        if not self.line:  # about the file as a whole
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class ReportRow:
    """One criterion of the report."""

    line: int
    report_id: str  # as the report writes it
    key: str  # the criterion key it stands for (upper case, "." and "_" as "-")
    theme: str  # the theme heading as written ("" before the first one)
    theme_line: int
    requirement: str
    recommended: bool
    justification: str  # the documentation without its links
    urls: tuple[str, ...]  # the web addresses in the documentation, in order
    level: str | None  # SANDBOX, N0 … N3, or None when the row has no level
    guidance: str
    mark: Mark


@dataclass
class ParsedReport:
    product_name: str = ""
    line_count: int = 0
    mark_column: str = ""  # the mark column's header as written in the first table
    front_matter: dict[str, str] = field(default_factory=dict)
    document_info: dict[str, str] = field(default_factory=dict)
    rows: list[ReportRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    criteria_tables: int = 0

    @property
    def layout(self) -> str:
        """ "words" (the 2026 self-assessment layout), "task boxes" or "emoji"."""
        written = [row.mark.written for row in self.rows if row.mark.written]
        if any(mark[:1].isalpha() for mark in written):
            return "words"
        if any(mark.startswith("[") for mark in written):
            return "task boxes"
        return "emoji"


# --- Text -------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The file as text, or ReportFileError naming the line that is not text."""
    if not data.strip():
        raise ReportFileError(_("The file is empty."))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReportFileError(
            _(
                "The file is not text (line %(line)s holds a NUL byte): a governance report "
                "is a Markdown file."
            )
            % {"line": line},
            line=line,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ReportFileError(
            _(
                "The file is not UTF-8 text: line %(line)s holds the byte 0x%(byte)s. Save "
                "it as UTF-8 and try again."
            )
            % {"line": line, "byte": f"{data[error.start]:02X}"},
            line=line,
        ) from None


def _normal_header(cell: str) -> str:
    text = plain_cell(cell).lower().strip(" ?:*_")
    return " ".join(text.split())


def column_role(header: str) -> str | None:
    name = _normal_header(header)
    if not name:
        return None
    for role in (ID, REQUIREMENT, LEVEL, MARK, GUIDANCE):
        if name in HEADER_NAMES[role]:
            return role
    if any(word in name for word in DOCUMENTATION_WORDS):
        return DOCUMENTATION
    return None


def split_cells(line: str) -> list[str]:
    """The cells of a table row: a missing closing pipe and escaped pipes are allowed."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", text)]


def read_documentation(cell: str) -> tuple[str, list[str], list[str]]:
    """The text of a documentation cell without its web links, the web addresses in it
    (in order) and the link targets that are no web address (kept in the text)."""
    urls: list[str] = []
    other: list[str] = []

    def link(match: re.Match[str]) -> str:
        if match.group(6) is not None:  # a bare address: trailing punctuation is text
            url = match.group(6)
            tail = ""
            while url and url[-1] in _TRAILING:
                tail = url[-1] + tail
                url = url[:-1]
            urls.append(url)
            return tail
        if match.group(5) is not None:
            urls.append(match.group(5))
            return ""
        if match.group(1) is not None:
            target, text = match.group(1), re.sub(r"<[^>]*>", "", match.group(2))
        else:
            target, text = match.group(4), match.group(3)
        target = html.unescape(target.strip())
        text = text.strip()
        if re.match(r"^https?://", target, re.I):
            urls.append(target)
            return "" if text in ("", target) else text
        if target:
            other.append(target)
            return f"{text} ({target})" if text else target
        return text

    text = _BR.sub("\n", cell)
    text = _LINK.sub(link, text)
    text = _LIST_ITEM.sub("\n", text)
    text = _LIST_TAGS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    lines = [_SPACE_PUNCT.sub(r"\1", " ".join(line.split())) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    if _PLACEHOLDER.match(text) or text.lower() in ("ikke udfyldt", "-", "–"):
        text = ""
    return text, urls, other


def read_level(cell: str) -> str | None:
    """SANDBOX, N0 … N3, "" for an empty cell, None when the value is no level."""
    text = plain_cell(cell).lower()
    if not text:
        return ""
    if text in LEVEL_CODES:
        return LEVEL_CODES[text]
    match = re.match(r"^(?:n|niveau\s*)?([0-3])\.?$", text)
    return f"N{match.group(1)}" if match else None


def criterion_key(report_id: str) -> str:
    return re.sub(r"[._]", "-", report_id.upper())


def _theme_text(text: str) -> str:
    return plain_cell(text).strip(" :")


def _info_key(text: str) -> str | None:
    return DOCUMENT_INFO_KEYS.get(" ".join(text.lower().split()))


# --- The file ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.parsed = ParsedReport(line_count=len(self.lines))
        self.theme = ""
        self.theme_line = 0
        self.seen: dict[str, int] = {}

    def error(self, line: int, message: str) -> None:
        self.parsed.errors.append(Problem(line, message))

    def warn(self, line: int, message: str) -> None:
        self.parsed.warnings.append(Problem(line, message))

    def read(self) -> ParsedReport:
        index = self._front_matter()
        in_comment = False
        fence = ""
        while index < len(self.lines):
            number, line = index + 1, self.lines[index]
            if fence:
                if line.strip().startswith(fence):
                    fence = ""
                index += 1
                continue
            if in_comment:
                if "-->" in line:
                    in_comment = False
                index += 1
                continue
            line = _COMMENT.sub("", line)
            if "<!--" in line:
                in_comment = True
                line = line[: line.index("<!--")]
            opened = _FENCE.match(line)
            if opened:
                fence = opened.group(1)
                index += 1
                continue
            if line.strip().startswith("|"):
                block = []
                while index < len(self.lines) and self.lines[index].strip().startswith("|"):
                    block.append((index + 1, self.lines[index]))
                    index += 1
                self._table(block)
                continue
            self._text_line(number, line)
            index += 1
        return self.parsed

    def _front_matter(self) -> int:
        if not self.lines or self.lines[0].strip() != "---":
            return 0
        for index in range(1, len(self.lines)):
            if self.lines[index].strip() in ("---", "..."):
                for line in self.lines[1:index]:
                    key, colon, value = line.partition(":")
                    if colon and key.strip() and not key.startswith((" ", "\t", "-")):
                        self.parsed.front_matter[key.strip()] = value.strip().strip("\"'")
                return index + 1
        return 0  # never closed: a horizontal rule, not front matter

    def _text_line(self, number: int, line: str) -> None:
        heading = _HEADING.match(line)
        if heading:
            text = _theme_text(heading.group(2))
            if not self.parsed.product_name:
                self.parsed.product_name = text
            elif text:
                self.theme, self.theme_line = text, number
            return
        info = _INFO_LINE.match(line)
        if info and _info_key(info.group(1)) and info.group(2):
            key = _info_key(info.group(1))
            assert key is not None
            self.parsed.document_info.setdefault(key, plain_cell(info.group(2)))
            return
        bold = _BOLD_LINE.match(line)
        if bold:
            text = _theme_text(bold.group(2))
            if text:
                self.theme, self.theme_line = text, number

    def _table(self, block: list[tuple[int, str]]) -> None:
        header_line, header_text = block[0]
        header = split_cells(header_text)
        roles: dict[str, int] = {}
        for position, cell in enumerate(header):
            role = column_role(cell)
            if role is not None and role not in roles:
                roles[role] = position
        body = block[1:]
        if body and _SEPARATOR.match(body[0][1].strip()):
            separator_line, separator = body[0]
            cells = len(split_cells(separator))
            if cells != len(header) and (REQUIREMENT in roles or MARK in roles):
                self.warn(
                    separator_line,
                    _(
                        "the separator row has %(cells)s cells and the header %(header)s; "
                        "the table was read by its header."
                    )
                    % {"cells": cells, "header": len(header)},
                )
            body = body[1:]
        if REQUIREMENT not in roles and MARK not in roles:
            self._other_table(block)
            return
        if ID not in roles:
            self.error(
                header_line,
                _(
                    "the table has no ID column (a column “#” holding IDs such as R1); its "
                    "%(count)s rows were not read."
                )
                % {"count": len(body)},
            )
            return
        if MARK not in roles:
            self.error(
                header_line,
                _(
                    "the table has no column for the answers (such as “Efterlevet?” or "
                    "“Opfyldt”); its %(count)s rows were not read."
                )
                % {"count": len(body)},
            )
            return
        self.parsed.criteria_tables += 1
        if not self.parsed.mark_column:
            self.parsed.mark_column = plain_cell(header[roles[MARK]])
        names = {role: plain_cell(header[position]) for role, position in roles.items()}
        for number, text in body:
            self._row(number, split_cells(text), header, roles, names)

    def _other_table(self, block: list[tuple[int, str]]) -> None:
        """A table without criteria: the document-information block, or reported."""
        found = False
        for _number, text in block:
            cells = split_cells(text)
            if len(cells) >= 2:
                key = _info_key(plain_cell(cells[0]).strip(" :"))
                if key and plain_cell(cells[1]):
                    self.parsed.document_info.setdefault(key, plain_cell(cells[1]))
                    found = True
        if not found:
            self.warn(
                block[0][0],
                _(
                    "a table without an ID, requirement or answer column was not read "
                    "(%(count)s lines)."
                )
                % {"count": len(block)},
            )

    def _row(
        self,
        number: int,
        cells: list[str],
        header: list[str],
        roles: dict[str, int],
        names: dict[str, str],
    ) -> None:
        if not any(plain_cell(cell) for cell in cells):
            return  # an empty row
        if _SEPARATOR.match("|".join(cells)):
            return  # a stray separator row
        if [_normal_header(cell) for cell in cells] == [_normal_header(cell) for cell in header]:
            self.warn(number, _("the header is repeated here; the line was skipped."))
            return
        if len(cells) > len(header):
            extra = cells[len(header) :]
            if any(plain_cell(cell) for cell in extra):
                self.error(
                    number,
                    _(
                        "the row has %(cells)s cells and the header %(header)s: a cell too "
                        "many (write a | inside a cell as \\|)."
                    )
                    % {"cells": len(cells), "header": len(header)},
                )
                return
            cells = cells[: len(header)]
        if len(cells) < len(header):
            missing = [names[role] for role in ESSENTIAL if roles[role] >= len(cells)]
            if missing:
                self.error(
                    number,
                    _(
                        "the row has %(cells)s cells and the header %(header)s: cells are "
                        "merged or missing, and the column %(column)s cannot be found."
                    )
                    % {
                        "cells": len(cells),
                        "header": len(header),
                        "column": ", ".join(f"“{name}”" for name in missing),
                    },
                )
                return
            self.warn(
                number,
                _(
                    "the row has %(cells)s cells and the header %(header)s; the missing "
                    "cells at the end were read as empty."
                )
                % {"cells": len(cells), "header": len(header)},
            )
            cells = cells + [""] * (len(header) - len(cells))

        def cell(role: str) -> str:
            return cells[roles[role]] if role in roles else ""

        report_id = plain_cell(cell(ID))
        if not report_id:
            self.error(number, _("the row has no ID."))
            return
        if not ID_PATTERN.match(report_id) or not any(c.isdigit() for c in report_id):
            self.error(
                number,
                _("“%(id)s” is not a criterion ID such as R1 or F12.") % {"id": report_id[:60]},
            )
            return
        key = criterion_key(report_id)
        mark = read_mark(cell(MARK))
        if mark is None:
            self.error(
                number,
                _("%(id)s: the mark “%(mark)s” in the column “%(column)s” is not one of %(known)s.")
                % {
                    "id": report_id,
                    "mark": plain_cell(cell(MARK))[:60],
                    "column": names[MARK],
                    "known": KNOWN_MARKS,
                },
            )
            return
        level = read_level(cell(LEVEL))
        if level is None:
            self.error(
                number,
                _("%(id)s: the level “%(level)s” is not one of sandkasse, 0, 1, 2 or 3.")
                % {"id": report_id, "level": plain_cell(cell(LEVEL))[:60]},
            )
            return
        if key in self.seen:
            self.error(
                number,
                _("%(id)s appears again (first on line %(first)s).")
                % {"id": report_id, "first": self.seen[key]},
            )
            return
        self.seen[key] = number
        requirement, _urls, _other = read_documentation(cell(REQUIREMENT))
        requirement = " ".join(requirement.split())
        while (
            len(requirement) >= 2 and requirement[0] == requirement[-1] and requirement[0] in "_*"
        ):
            requirement = requirement[1:-1].strip()
        recommended = bool(RECOMMENDED.search(requirement))
        requirement = RECOMMENDED.sub("", requirement).strip().strip("_*").strip()
        justification, urls, other = read_documentation(cell(DOCUMENTATION))
        for target in other:
            self.warn(
                number,
                _("%(id)s: the link %(target)s is not a web address; it was kept in the text.")
                % {"id": report_id, "target": target[:200]},
            )
        guidance, _guidance_urls, _guidance_other = read_documentation(cell(GUIDANCE))
        self.parsed.rows.append(
            ReportRow(
                line=number,
                report_id=report_id,
                key=key,
                theme=self.theme,
                theme_line=self.theme_line,
                requirement=requirement,
                recommended=recommended,
                justification=justification,
                urls=tuple(urls),
                level=level or None,
                guidance=guidance,
                mark=mark,
            )
        )


def parse_report(data: bytes) -> ParsedReport:
    """Read ``data`` (see the module's docstring). Raises ReportFileError when it is no
    governance report at all."""
    parsed = _Reader(decode(data)).read()
    if not parsed.rows and not parsed.errors:
        raise ReportFileError(
            _(
                "The file holds no table of criteria (a table with an ID column “#”, a "
                "requirement “Krav” and a column for the answers) in its %(lines)s lines: "
                "it is not a governance report."
            )
            % {"lines": parsed.line_count}
        )
    parsed.errors.sort(key=lambda problem: problem.line)
    parsed.warnings.sort(key=lambda problem: problem.line)
    return parsed
