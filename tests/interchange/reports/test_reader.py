"""Reading governance reports: every layout of the samples, the hand-edited quirks, and the
files that are no report. Pure parsing: no database."""

from __future__ import annotations

import pytest

from os2gov.interchange.reports.marks import read_mark
from os2gov.interchange.reports.reader import ReportFileError, parse_report, read_documentation
from tests.interchange.reports.conftest import sample


def _by_key(name: str) -> dict[str, object]:
    return {row.key: row for row in parse_report(sample(name)).rows}


def test_the_emoji_layout_with_theme_headings() -> None:
    parsed = parse_report(sample("emoji_headings.md"))
    assert parsed.product_name == "OS2bogreol"
    assert parsed.layout == "emoji"
    assert parsed.errors == [] and parsed.warnings == []
    rows = {row.key: row for row in parsed.rows}
    assert list(rows) == ["R1", "R2", "F1", "F2", "F3", "G1", "G2", "G3"]
    assert [rows[key].mark.status for key in rows] == [
        "met", "in_doubt", "met", "not_met", "met", "met", "not_applicable", None,
    ]  # fmt: skip
    assert (rows["R1"].theme, rows["F2"].theme, rows["G3"].theme) == (
        "RELEVANS",
        "FORMKRAV",
        "GOVERNANCE",
    )
    assert (rows["G1"].level, rows["F1"].level, rows["G3"].level) == ("SANDBOX", "N0", "N3")
    # "_…_" unwrapped, "(anbefaling)" read as recommended and taken off the text
    assert rows["R2"].recommended and not rows["R1"].recommended
    assert rows["R2"].requirement == "Behovet er genbesøgt inden for de seneste to år"
    # Markdown link, HTML link and a bare address are all evidence
    assert rows["R1"].urls == ("https://docs.example.org/bogreol/behov",)
    assert rows["R1"].justification == "Behovet er beskrevet af tre kommuner, se behovsnotat."
    assert rows["F1"].urls == ("https://git.example.org/os2/bogreol/LICENSE",)
    assert rows["F1"].justification == "MPL-2.0: licensfilen"
    assert rows["F3"].urls == ("https://docs.example.org/bogreol/installation",)
    assert rows["F3"].justification == ""
    assert rows["R1"].line == 9 and rows["G3"].line == 26


def test_bold_line_themes_and_columns_found_by_name_in_any_order() -> None:
    rows = _by_key("bold_themes.md")
    assert list(rows) == ["R1", "R2", "F2", "F3"]
    r2 = rows["R2"]
    assert r2.theme == "RELEVANS" and rows["F3"].theme == "FORMKRAV"  # type: ignore[attr-defined]
    assert r2.mark.status == "met"  # ✔️ with its variation selector  # type: ignore[attr-defined]
    assert r2.urls == ("https://docs.example.org/bogreol/referat-3",)  # type: ignore[attr-defined]
    assert r2.justification == "Drøftet på styregruppemødet, se."  # type: ignore[attr-defined]
    assert rows["F3"].mark.status == "not_applicable"  # type: ignore[attr-defined]
    # a link whose text is its address leaves no text behind
    assert rows["R1"].justification == ""  # type: ignore[attr-defined]


def test_task_boxes_also_inside_html() -> None:
    parsed = parse_report(sample("task_boxes.md"))
    assert parsed.layout == "task boxes"
    rows = {row.key: row for row in parsed.rows}
    assert rows["R1"].mark.status == "met"
    assert rows["R2"].mark.status is None  # [ ]
    assert rows["F1"].mark.status == "met"  # <ul><li> [x] </li></ul>
    assert rows["F3"].mark.status == "met"  # <ul><li>[X]</li></ul>
    assert rows["G1"].mark.status is None  # - [ ]
    assert rows["F1"].urls == ("https://git.example.org/os2/bogreol/LICENSE",)


def test_the_2026_words_layout_with_front_matter_and_document_information() -> None:
    parsed = parse_report(sample("words_2026.md"))
    assert parsed.layout == "words"
    assert parsed.front_matter["layout"] == "page"
    assert parsed.product_name == "OS2bogreol"  # not the front matter's title
    assert parsed.document_info == {
        "template_version": "2026.1",
        "date": "2026-03-02",
        "filled_in_by": "Produktets tovholder",
    }
    assert parsed.errors == []
    rows = {row.key: row for row in parsed.rows}
    statuses = {key: (row.mark.status, row.mark.planned) for key, row in rows.items()}
    assert statuses == {
        "R1": ("met", False),
        "R2": ("partly_met", False),
        "F1": ("met", False),
        "F2": ("not_met", True),  # Planlagt
        "F3": ("not_applicable", False),
        "G1": ("in_doubt", False),
        "G2": ("not_met", False),
        "G3": (None, False),  # [Ikke udfyldt]
    }
    assert rows["F2"].justification == ""  # the placeholder is no documentation
    assert rows["R1"].guidance == "Link til behovsnotat eller referat."


def test_hand_edited_quirks_are_read_and_reported_as_warnings() -> None:
    parsed = parse_report(sample("hand_edited.md"))
    assert parsed.errors == []
    rows = {row.key: row for row in parsed.rows}
    assert list(rows) == ["R1", "R2", "F1", "F3"]
    # no closing pipe, <br> and <br/> in a cell
    assert rows["R1"].mark.status == "met"
    assert rows["R1"].justification == "Behovsnotat:\nBekræftet af tre kommuner"
    assert rows["R1"].urls == ("https://docs.example.org/bogreol/behov",)
    # a leading space, an escaped pipe and underscore, an extra empty cell
    assert rows["R2"].mark.status == "not_met"
    assert rows["R2"].justification == "Styregruppen | koordinationsgruppen: gennemgang_2026"
    # columns in another order, an autolink, a missing last cell read as empty
    assert rows["F1"].urls == ("https://git.example.org/os2/bogreol/LICENSE",)
    assert rows["F3"].mark.status == "in_doubt" and rows["F3"].justification == ""
    warnings = [str(warning) for warning in parsed.warnings]
    assert warnings == [
        "Line 6: the separator row has 3 cells and the header 5; the table was read by its header.",
        "Line 13: the separator row has 6 cells and the header 5; the table was read by its "
        "header.",
        "Line 15: the row has 4 cells and the header 5; the missing cells at the end were "
        "read as empty.",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_merged_cells.md", "Line 8: the row has 4 cells and the header 5: cells are merged"),
        ("bad_unknown_mark.md", "Line 8: R2: the mark “👍” in the column “Opfyldt” is not one of"),
        ("bad_no_id_column.md", "Line 5: the table has no ID column"),
    ],
)
def test_rows_that_cannot_be_read_are_reported_by_line(name: str, expected: str) -> None:
    parsed = parse_report(sample(name))
    assert [str(error)[: len(expected)] for error in parsed.errors] == [expected]


def test_a_cell_too_many_and_a_repeated_id_are_errors() -> None:
    text = (
        "# OS2bogreol\n\n## RELEVANS\n\n| # | Krav | Opfyldt |\n|---|---|---|\n"
        "| R1 | Behovet er beskrevet. | ✅ | ekstra |\n"
        "| R2 | Behovet er genbesøgt. | ✅ |\n"
        "| R2 | Behovet er genbesøgt igen. | ❌ |\n"
        "| Krav | Behovet. | ✅ |\n"
    )
    errors = [str(error) for error in parse_report(text.encode()).errors]
    assert errors[0].startswith("Line 7: the row has 4 cells and the header 3: a cell too many")
    assert errors[1] == "Line 9: R2 appears again (first on line 8)."
    assert errors[2] == "Line 10: “Krav” is not a criterion ID such as R1 or F12."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (sample("not_a_report.md"), "The file holds no table of criteria"),
        (sample("not_utf8.md"), "The file is not UTF-8 text: line 7 holds the byte 0xE5."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The file is not text (line 3 holds a NUL byte)"),
        (b"  \n\n", "The file is empty."),
    ],
)
def test_a_file_that_is_no_report_is_refused_as_a_whole(data: bytes, expected: str) -> None:
    with pytest.raises(ReportFileError) as refused:
        parse_report(data)
    assert str(refused.value).startswith(expected)


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("✅", "met"),
        ("❌", "not_met"),
        ("➖", "not_applicable"),
        ("❓", "in_doubt"),
        ("", None),
        ("[x]", "met"),
        ("\\[x\\]", "met"),
        ("<ul><li> [ ] </li></ul>", None),
        ("Ja", "met"),
        ("nej", "not_met"),
        ("Delvist", "partly_met"),
        ("Ikke relevant", "not_applicable"),
        ("Planlagt", "not_met"),
        ("Ved ikke", "in_doubt"),
        ("[Ikke udfyldt]", None),
        ("**Ja**", "met"),
    ],
)
def test_marks(cell: str, status: str | None) -> None:
    mark = read_mark(cell)
    assert mark is not None and mark.status == status


@pytest.mark.parametrize("cell", ["👍", "Måske", "x", "Ja, delvist"])
def test_unknown_marks(cell: str) -> None:
    assert read_mark(cell) is None


def test_documentation_links_in_order_and_relative_links_kept_as_text() -> None:
    text, urls, other = read_documentation(
        'Se <a href="https://a.example.org/1">A</a>, [B](https://b.example.org/2) og '
        "https://c.example.org/3. Lokalt: [guide](docs/guide.md)"
    )
    assert urls == ["https://a.example.org/1", "https://b.example.org/2", "https://c.example.org/3"]
    assert text == "Se A, B og. Lokalt: guide (docs/guide.md)"
    assert other == ["docs/guide.md"]
