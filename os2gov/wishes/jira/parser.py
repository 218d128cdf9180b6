"""Read a Jira CSV export (WSH-11): pure parsing, no database.

    result = parse_jira_csv(data)  # bytes, as uploaded or read from disk
    result.rows      # [JiraRow, ...] for the rows that could be read
    result.errors    # [RowError, ...]: the rows that could not, each with its row number

A file that cannot be read as a Jira export at all raises ``JiraFileError``: it is not
UTF-8 text (a picture, a spreadsheet, random bytes), it is empty, its quoting is broken, or
it lacks the Summary or Issue key column.

What a Jira export looks like, and what this module accepts:

* UTF-8 with or without a byte order mark; comma or semicolon between fields (a Danish
  spreadsheet saves with semicolons); quoted fields may span several lines.
* Jira repeats a column's name once per value (several ``Labels``, ``Comment``, ``Sprint``,
  ``Watchers``, ``Attachment`` columns): the values of a repeated column are collected as a
  list. Column names are matched without regard to case or surrounding spaces.
* Dates as Jira writes them (``23/Nov/26 9:15 AM``, ``23/Nov/2026 09:15``,
  ``2026-11-23 09:15``) or ISO 8601; a date without a time zone is Danish local time.

Row numbers are the ones a spreadsheet shows: the header is row 1, the first issue row 2.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

# Column names as Jira writes them in English; matched case-insensitively.
SUMMARY = "Summary"
ISSUE_KEY = "Issue key"
ISSUE_TYPE = "Issue Type"
STATUS = "Status"
PRIORITY = "Priority"
RESOLUTION = "Resolution"
REPORTER = "Reporter"
CREATED = "Created"
UPDATED = "Updated"
RESOLVED = "Resolved"
DESCRIPTION = "Description"
LABELS = "Labels"
COMPONENTS = "Component/s"

REQUIRED_COLUMNS = (SUMMARY, ISSUE_KEY)
DATE_COLUMNS = (CREATED, UPDATED, RESOLVED)
# Other spellings of a column, e.g. from an older Jira or a hand-made sheet.
ALIASES = {
    "components": COMPONENTS,
    "component": COMPONENTS,
    "key": ISSUE_KEY,
    "type": ISSUE_TYPE,
    "label": LABELS,
}

DELIMITERS = (",", ";")
# Jira's month abbreviations in English, and those a Danish Jira writes differently.
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "maj": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
# 23/Nov/26 9:15 AM, 23/Nov/2026 09:15, 23/nov./26 09:15:30
JIRA_DATE = re.compile(
    r"(?P<day>\d{1,2})/(?P<month>[a-z]{3,4})\.?/(?P<year>\d{2}|\d{4})"
    r"\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?",
    re.IGNORECASE,
)
# 2026-11-23 09:15 and ISO 8601: left to datetime.fromisoformat, but only in this shape, so
# that a bare number or a week date is not taken for a date by accident.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?")


class JiraFileError(ValueError):
    """The file cannot be read as a Jira CSV export; nothing in it can be imported."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RowError:
    """One row that cannot be imported: its spreadsheet row number, the column (if one is
    to blame) and why."""

    row: int
    message: str
    column: str = ""
    key: str = ""

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class JiraRow:
    """One issue of the export."""

    row: int  # the spreadsheet row number: the header is row 1
    line: int  # the line of the file the row starts on (they differ after multi-line fields)
    key: str
    summary: str
    issue_type: str = ""
    status: str = ""
    priority: str = ""
    resolution: str = ""
    reporter: str = ""
    created: datetime.datetime | None = None
    updated: datetime.datetime | None = None
    resolved: datetime.datetime | None = None
    description: str = ""
    labels: list[str] = field(default_factory=list)
    components: list[str] = field(default_factory=list)
    # Every column's non-empty values, under the column's name as the header spells it;
    # a repeated column (Comment, Sprint, Watchers, Attachment …) has several.
    fields: dict[str, list[str]] = field(default_factory=dict)

    def values(self, column: str) -> list[str]:
        """The non-empty values of ``column`` (case-insensitive), [] if there is none."""
        wanted = column_key(column)
        for name, values in self.fields.items():
            if column_key(name) == wanted:
                return values
        return []


@dataclass
class ParseResult:
    rows: list[JiraRow]
    errors: list[RowError]
    columns: list[str]  # the distinct column names, in the order of the header
    delimiter: str

    @property
    def row_count(self) -> int:
        return len(self.rows) + len({error.row for error in self.errors})


def column_key(name: str) -> str:
    """How a column name is compared: case and spacing do not matter; aliases count."""
    key = " ".join(name.split()).casefold()
    alias = ALIASES.get(key)
    return alias.casefold() if alias else key


def decode(data: bytes) -> str:
    """The file's text; UTF-8 with or without a byte order mark, nothing else."""
    if not data.strip():
        raise JiraFileError(_("The file is empty."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise JiraFileError(
            _("The file is UTF-16 text. Export it from Jira as CSV, or save it as CSV UTF-8.")
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise JiraFileError(
            _("The file is not a CSV file: it contains binary data (line %(line)s).")
            % {"line": line},
            line=line,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise JiraFileError(
            _(
                "The file is not UTF-8 text (line %(line)s). Export it from Jira as CSV, "
                "or save it as CSV UTF-8."
            )
            % {"line": line},
            line=line,
        ) from None


def _first_record(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return []


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon: the one whose header has the required columns, else the one that
    splits the header into more columns."""
    headers = {delimiter: _first_record(text, delimiter) for delimiter in DELIMITERS}
    required = {column_key(name) for name in REQUIRED_COLUMNS}
    for delimiter, header in headers.items():
        if required <= {column_key(name) for name in header}:
            return delimiter
    return max(DELIMITERS, key=lambda delimiter: len(headers[delimiter]))


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(the line a record starts on, its fields); broken quoting raises JiraFileError."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                message = _(
                    "A field in the record that starts on line %(line)s is longer than "
                    "%(limit)s characters; usually a quote that opens a field is never closed."
                )
            elif "unexpected end of data" in str(error):
                message = _(
                    "The file's quoting is broken: a quoted field in the record that starts on "
                    "line %(line)s is never closed (the file ends inside it)."
                )
            else:
                message = _(
                    "The file's quoting is broken in the record that starts on line %(line)s: "
                    "on line %(end)s a quote closes a field but more text follows it. A quote "
                    "inside a quoted field is written twice."
                )
            values = {"line": start, "end": reader.line_num, "limit": csv.field_size_limit()}
            raise JiraFileError(message % values, line=start) from None
        yield start, record


def parse_datetime(value: str) -> datetime.datetime | None:
    """An aware datetime from one of Jira's export formats or ISO 8601; None if empty.
    Raises ValueError if the text is not a date in any of them."""
    text = value.strip()
    if not text:
        return None
    if ISO_DATE.fullmatch(text):
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=COPENHAGEN)
        return parsed
    match = JIRA_DATE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    month = MONTHS.get(match["month"].casefold())
    if month is None:
        raise ValueError(text)
    year = int(match["year"])
    if year < 100:
        year += 2000
    hour = int(match["hour"])
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if match["ampm"].casefold() == "p" else 0)
    return datetime.datetime(
        year,
        month,
        int(match["day"]),
        hour,
        int(match["minute"]),
        int(match["second"] or 0),
        tzinfo=COPENHAGEN,
    )


def _clean(cell: str) -> str:
    """A cell without surrounding spaces and with one kind of line break."""
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


def _distinct(values: Sequence[str]) -> list[str]:
    """The values in their order, each once."""
    return list(dict.fromkeys(values))


@dataclass
class _Header:
    """The header row: where each (normalised) column name occurs."""

    width: int
    positions: dict[str, list[int]]  # column_key -> indices, several for a repeated column
    names: dict[str, str]  # column_key -> the name as the header spells it (first time)

    @classmethod
    def read(cls, header: Sequence[str], line: int) -> _Header:
        positions: dict[str, list[int]] = {}
        names: dict[str, str] = {}
        for index, raw in enumerate(header):
            name = raw.strip()
            if name:
                key = column_key(name)
                positions.setdefault(key, []).append(index)
                names.setdefault(key, name)
        if not names:
            raise JiraFileError(_("The file has no header row."), line=line)
        missing = [name for name in REQUIRED_COLUMNS if column_key(name) not in positions]
        if missing:
            message = ngettext(
                "The file has no %(columns)s column, so it cannot be read as a Jira export.",
                "The file has no %(columns)s columns, so it cannot be read as a Jira export.",
                len(missing),
            ) % {"columns": ", ".join(f'"{name}"' for name in missing)}
            found = ", ".join(names.values())
            if len(found) > 300:
                found = found[:300] + "…"
            found_text = _("The columns found are: %(found)s.") % {"found": found}
            raise JiraFileError(f"{message} {found_text}", line=line)
        return cls(width=len(header), positions=positions, names=names)

    def name(self, column: str) -> str:
        return self.names.get(column_key(column), column)

    def values(self, record: Sequence[str]) -> dict[str, list[str]]:
        """column_key -> the record's non-empty values in that column."""
        found: dict[str, list[str]] = {}
        for key, indices in self.positions.items():
            cells = (_clean(record[i]) for i in indices if i < len(record))
            found[key] = [cell for cell in cells if cell]
        return found


def _read_row(
    header: _Header, record: Sequence[str], row: int, line: int, seen_keys: dict[str, int]
) -> JiraRow | list[RowError]:
    """The row, or what is wrong with it."""
    if len(record) > header.width and any(cell.strip() for cell in record[header.width :]):
        message = _("the row has %(found)s fields, the header %(expected)s columns.") % {
            "found": len(record),
            "expected": header.width,
        }
        return [RowError(row, message)]
    values = header.values(record)

    def first(column: str) -> str:
        return next(iter(values.get(column_key(column), [])), "")

    key = first(ISSUE_KEY)
    errors = []
    if not key:
        errors.append(RowError(row, _("the issue key is empty."), header.name(ISSUE_KEY)))
    elif key in seen_keys:
        message = _("issue %(key)s is also on row %(other)s.") % {
            "key": key,
            "other": seen_keys[key],
        }
        errors.append(RowError(row, message, header.name(ISSUE_KEY), key))
    else:
        seen_keys[key] = row
    if not first(SUMMARY):
        errors.append(RowError(row, _("the summary is empty."), header.name(SUMMARY), key))
    dates: dict[str, datetime.datetime | None] = {}
    for column in DATE_COLUMNS:
        raw = first(column)
        try:
            dates[column] = parse_datetime(raw)
        except ValueError:
            message = _(
                '"%(value)s" is not a date in a format Jira exports '
                "(such as 23/Nov/26 9:15 AM, 23/Nov/2026 09:15 or 2026-11-23 09:15)."
            ) % {"value": raw[:60]}
            errors.append(RowError(row, message, header.name(column), key))
    if errors:
        return errors
    return JiraRow(
        row=row,
        line=line,
        key=key,
        summary=first(SUMMARY),
        issue_type=first(ISSUE_TYPE),
        status=first(STATUS),
        priority=first(PRIORITY),
        resolution=first(RESOLUTION),
        reporter=first(REPORTER),
        created=dates[CREATED],
        updated=dates[UPDATED],
        resolved=dates[RESOLVED],
        description=first(DESCRIPTION),
        labels=_distinct(values.get(column_key(LABELS), [])),
        components=_distinct(values.get(column_key(COMPONENTS), [])),
        fields={header.names[column]: cells for column, cells in values.items()},
    )


def parse_jira_csv(data: bytes) -> ParseResult:
    """Read a Jira CSV export. Raises JiraFileError if the file as a whole cannot be read;
    rows that cannot be read are reported in ``errors`` with their row number."""
    text = decode(data)
    delimiter = sniff_delimiter(text)
    records = _records(text, delimiter)
    header_line, header_record = next(records, (1, []))
    header = _Header.read(header_record, header_line)
    rows: list[JiraRow] = []
    errors: list[RowError] = []
    seen_keys: dict[str, int] = {}
    row = 1
    for line, record in records:
        row += 1  # a blank line counts, as in a spreadsheet, but holds no issue
        if not any(cell.strip() for cell in record):
            continue
        outcome = _read_row(header, record, row, line, seen_keys)
        if isinstance(outcome, JiraRow):
            rows.append(outcome)
        else:
            errors.extend(outcome)
    return ParseResult(
        rows=rows, errors=errors, columns=list(header.names.values()), delimiter=delimiter
    )
