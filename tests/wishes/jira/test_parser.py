"""Reading Jira CSV exports (WSH-11): the parser alone, against the sample files in samples/.

Every sample is fictional and written for these tests.
"""

from __future__ import annotations

import codecs
import datetime
import random

import pytest

from os2gov.wishes.jira.parser import (
    COPENHAGEN,
    JiraFileError,
    JiraRow,
    parse_datetime,
    parse_jira_csv,
)
from tests.wishes.jira.samples import sample


def by_key(rows: list[JiraRow]) -> dict[str, JiraRow]:
    return {row.key: row for row in rows}


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=COPENHAGEN)


# --- The variants Jira (or a spreadsheet) produces ------------------------------------------


def test_wsh11_an_english_export_is_read_with_every_mapped_column() -> None:
    result = parse_jira_csv(sample("english_export.csv"))
    assert result.errors == []
    assert result.delimiter == ","
    rows = by_key(result.rows)
    assert list(rows) == ["ALFA-101", "ALFA-102", "ALFA-103", "ALFA-104", "ALFA-105"]
    first = rows["ALFA-101"]
    assert first.summary == "Export the case list to PDF"
    assert first.issue_type == "Story"
    assert first.status == "Open"
    assert first.priority == "High"
    assert first.reporter == "Anne Eksempel"
    assert first.created == at(2026, 11, 23, 9, 15)
    assert first.updated == at(2026, 11, 24, 13, 5)
    assert rows["ALFA-105"].status == "Won't Do"
    assert rows["ALFA-105"].resolution == "Won't Do"


def test_wsh11_repeated_columns_are_collected_as_lists() -> None:
    rows = by_key(parse_jira_csv(sample("english_export.csv")).rows)
    first = rows["ALFA-101"]
    assert first.labels == ["export", "pdf"]
    assert first.components == ["Sager"]
    assert first.values("Sprint") == ["Sprint 7", "Sprint 8"]
    assert first.values("watchers") == ["anne.eksempel", "bo.proeve"]
    assert first.values("Attachment") == [
        "23/Nov/26 9:20 AM;anne.eksempel;case-list.png;"
        "https://jira.example.org/secure/attachment/1/case-list.png"
    ]
    comments = first.values("Comment")
    assert len(comments) == 2
    assert comments[1] == '24/Nov/26 1:05 PM;bo.proeve;Agreed, also for "closed" cases.'
    # Empty cells of a repeated column are left out; a second component is kept.
    assert rows["ALFA-102"].labels == ["search"]
    assert rows["ALFA-102"].components == ["Søgning", "Brugerflade"]
    assert rows["ALFA-103"].labels == []


def test_wsh11_a_quoted_description_over_several_lines_is_one_field() -> None:
    result = parse_jira_csv(sample("english_export.csv"))
    first = by_key(result.rows)["ALFA-101"]
    assert first.description == (
        "As a caseworker I want to export the case list to PDF,\n"
        "so that I can attach it to a journal note.\n"
        "\n"
        "Acceptance: the PDF has the same columns as the screen."
    )
    # The next issue is spreadsheet row 3 although it starts on line 6 of the file.
    second = by_key(result.rows)["ALFA-102"]
    assert (second.row, second.line) == (3, 6)


def test_wsh11_utf8_with_bom_semicolons_and_danish_statuses() -> None:
    data = sample("danish_semicolon_bom.csv")
    assert data.startswith(codecs.BOM_UTF8)
    result = parse_jira_csv(data)
    assert result.errors == []
    assert result.delimiter == ";"
    assert result.columns[0] == "Summary"  # the BOM is not part of the first column's name
    rows = by_key(result.rows)
    assert [row.status for row in result.rows] == [
        "Til vurdering",
        "I gang",
        "Færdig",
        "Afvist",
        "Åben",
        "Lukket",
    ]
    first = rows["BETA-1"]
    assert first.summary == "Borgerens overblik over egne sager"
    # A semicolon inside a quoted field is text, and the field spans two lines.
    assert first.description == (
        "Borgeren skal kunne se sine egne sager; også de lukkede.\n"
        "Ønsket er fremsat af tre kommuner."
    )
    assert first.labels == ["borger", "selvbetjening"]
    assert first.priority == "Høj"


def test_wsh11_the_same_file_without_bom_and_with_commas_reads_the_same() -> None:
    with_bom = parse_jira_csv(sample("danish_semicolon_bom.csv"))
    text = sample("danish_semicolon_bom.csv")[len(codecs.BOM_UTF8) :].decode("utf-8")
    without_bom = parse_jira_csv(text.encode("utf-8"))
    assert without_bom.rows == with_bom.rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23/Nov/26 9:15 AM", at(2026, 11, 23, 9, 15)),
        ("23/Nov/26 9:15 PM", at(2026, 11, 23, 21, 15)),
        ("01/Oct/26 12:00 AM", at(2026, 10, 1, 0, 0)),
        ("01/Oct/26 12:30 PM", at(2026, 10, 1, 12, 30)),
        ("23/nov/26 9:15 am", at(2026, 11, 23, 9, 15)),
        ("23/Nov/2026 09:15", at(2026, 11, 23, 9, 15)),
        ("3/Maj/2026 09:15", at(2026, 5, 3, 9, 15)),  # a Danish Jira's month
        ("03/Okt/26 14:00", at(2026, 10, 3, 14, 0)),
        ("2026-11-23 09:15", at(2026, 11, 23, 9, 15)),
        ("2026-11-23 09:15:42", at(2026, 11, 23, 9, 15, 42)),
        ("2026-11-23T09:15:00", at(2026, 11, 23, 9, 15)),
        ("2026-11-23T09:15:00+01:00", at(2026, 11, 23, 9, 15)),
        ("2026-11-23T08:15:00Z", at(2026, 11, 23, 9, 15)),
        ("2026-07-01T09:15:00+02:00", at(2026, 7, 1, 9, 15)),
        ("", None),
    ],
)
def test_wsh11_dates_in_jiras_export_formats_and_iso(
    text: str, expected: datetime.datetime | None
) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is not None


def test_a_local_time_is_danish_time_summer_and_winter() -> None:
    summer = parse_datetime("2026-07-01 09:15")
    winter = parse_datetime("23/Nov/26 9:15 AM")
    assert summer is not None and winter is not None
    assert summer.utcoffset() == datetime.timedelta(hours=2)
    assert winter.utcoffset() == datetime.timedelta(hours=1)


def test_wsh11_an_export_with_iso_dates() -> None:
    rows = by_key(parse_jira_csv(sample("iso_dates.csv")).rows)
    assert rows["GAMMA-1"].created == at(2026, 11, 23, 9, 15)
    assert rows["GAMMA-2"].created == at(2026, 7, 1, 9, 15)
    assert rows["GAMMA-3"].created == at(2026, 7, 1, 9, 15)
    assert rows["GAMMA-3"].updated == at(2026, 7, 1, 9, 15)


@pytest.mark.parametrize(
    "text",
    [
        "next Tuesday",
        "23.11.2026 kl. 9",
        "32/Nov/26 9:15 AM",
        "23/Foo/26 9:15",
        "23/Nov/26 13:15 PM",
        "2026",
    ],
)
def test_text_that_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_datetime(text)


def test_column_names_match_without_regard_to_case_or_order() -> None:
    data = b"issue KEY ; summary ;STATUS\nX-1;Lowercase header;Open\n"
    result = parse_jira_csv(data)
    assert result.errors == []
    assert (result.rows[0].key, result.rows[0].summary) == ("X-1", "Lowercase header")


def test_blank_lines_hold_no_issue_but_count_as_rows() -> None:
    data = b"Summary,Issue key\nFirst,X-1\n\nSecond,X-2\n"
    rows = parse_jira_csv(data).rows
    assert [(row.key, row.row) for row in rows] == [("X-1", 2), ("X-2", 4)]


# --- Bad input: the file as a whole cannot be read ------------------------------------------


def test_wsh11_a_missing_summary_column_is_refused_naming_the_column() -> None:
    with pytest.raises(JiraFileError) as raised:
        parse_jira_csv(sample("missing_summary.csv"))
    message = str(raised.value)
    assert '"Summary"' in message
    assert "Title" in message  # what it found instead


def test_a_missing_issue_key_column_is_refused_naming_the_column() -> None:
    with pytest.raises(JiraFileError, match='"Issue key"'):
        parse_jira_csv(b"Summary,Status\nA wish,Open\n")


def test_wsh11_a_quote_followed_by_more_text_is_broken_quoting_with_its_line() -> None:
    with pytest.raises(JiraFileError) as raised:
        parse_jira_csv(sample("broken_quoting.csv"))
    assert "quoting is broken" in str(raised.value)
    assert "line 3" in str(raised.value)
    assert raised.value.line == 3


def test_wsh11_a_quote_that_is_never_closed_is_broken_quoting_with_its_line() -> None:
    with pytest.raises(JiraFileError) as raised:
        parse_jira_csv(sample("unclosed_quote.csv"))
    assert "never closed" in str(raised.value)
    assert raised.value.line == 3


def test_a_quote_never_closed_in_a_long_file_is_reported_with_its_line() -> None:
    data = b'Summary,Issue key\nFine,X-1\nBroken,"X-2\n' + b"more text\n" * 20_000
    with pytest.raises(JiraFileError) as raised:
        parse_jira_csv(data)
    assert "never closed" in str(raised.value)
    assert raised.value.line == 3


def test_wsh11_a_png_is_not_a_csv_file() -> None:
    data = sample("not_csv.png")
    assert data.startswith(b"\x89PNG")
    with pytest.raises(JiraFileError, match="not a CSV file"):
        parse_jira_csv(data)


def test_wsh11_random_bytes_are_not_a_csv_file() -> None:
    data = random.Random(11).randbytes(4096)
    with pytest.raises(JiraFileError, match="not a CSV file"):
        parse_jira_csv(data)


def test_a_windows_1252_file_is_refused_with_advice() -> None:
    with pytest.raises(JiraFileError) as raised:
        parse_jira_csv(sample("windows_1252.csv"))
    assert "not UTF-8" in str(raised.value)
    assert "CSV UTF-8" in str(raised.value)
    assert raised.value.line == 2


def test_a_utf16_file_is_refused_with_advice() -> None:
    data = codecs.BOM_UTF16_LE + "Summary,Issue key\nA,X-1\n".encode("utf-16-le")
    with pytest.raises(JiraFileError, match="UTF-16"):
        parse_jira_csv(data)


@pytest.mark.parametrize("data", [b"", b"   \n\n", b",,,\n"])
def test_an_empty_file_or_header_is_refused(data: bytes) -> None:
    with pytest.raises(JiraFileError):
        parse_jira_csv(data)


def test_a_text_file_that_is_not_csv_is_refused_for_its_missing_columns() -> None:
    with pytest.raises(JiraFileError, match='"Summary", "Issue key"'):
        parse_jira_csv("Kære koordinationsgruppe,\nhermed vores ønsker.\n".encode())


# --- Bad input: rows that cannot be read ----------------------------------------------------


def test_wsh11_an_unknown_date_format_is_a_row_error_naming_row_and_column() -> None:
    result = parse_jira_csv(sample("unknown_date.csv"))
    assert [row.key for row in result.rows] == ["BAD-1"]
    assert [(error.row, error.column, error.key) for error in result.errors] == [
        (3, "Created", "BAD-2"),
        (4, "Updated", "BAD-3"),
    ]
    assert str(result.errors[0]).startswith("Row 3, column Created: ")
    assert "next Tuesday" in str(result.errors[0])


def test_empty_key_empty_summary_duplicate_key_and_extra_fields_are_row_errors() -> None:
    data = (
        b"Summary,Issue key,Status\n"
        b"Fine,X-1,Open\n"
        b"No key,,Open\n"
        b",X-3,Open\n"
        b"Again,X-1,Open\n"
        b"Too wide,X-5,Open,surplus\n"
    )
    result = parse_jira_csv(data)
    assert [row.key for row in result.rows] == ["X-1"]
    found = [(error.row, error.column) for error in result.errors]
    assert found == [(3, "Issue key"), (4, "Summary"), (5, "Issue key"), (6, "")]
    assert "also on row 2" in str(result.errors[2])
    assert "4 fields" in str(result.errors[3])
