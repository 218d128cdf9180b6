"""Reading and checking publiccode.yml files (PRD-08): every bad input names the field path
and the problem (and the line where there is one); unknown keys and an odd version are
warnings; the description is read in Danish, then English, then whatever is there."""

from __future__ import annotations

import pytest

from os2gov.interchange.publiccode.mapping import description_language, map_document
from os2gov.interchange.publiccode.reader import (
    InvalidPubliccode,
    Problem,
    read_publiccode,
    spdx_expression,
)
from tests.interchange.publiccode.conftest import sample


def _problems(data: bytes) -> list[Problem]:
    with pytest.raises(InvalidPubliccode) as caught:
        read_publiccode(data)
    return caught.value.problems


def _texts(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


def test_prd08_the_full_sample_reads_without_problems_in_danish() -> None:
    document = read_publiccode(sample("bookingportal.yml"))
    assert document.version == "0.4"
    assert document.warnings == []
    mapped = map_document(document)
    assert mapped.language == "da"
    assert mapped.product["short_description"].startswith("Book lokaler")
    assert mapped.product["licence"] == "MPL-2.0"
    assert mapped.profile["release_date"].isoformat() == "2025-09-15"
    assert mapped.profile["platforms"] == ["web"]
    assert mapped.used_by == ["Nordby Kommune", "Sydby Kommune"]
    assert mapped.contractors[0] == {
        "name": "Eksempelkode ApS",
        "until": "2027-12-31",
        "website": "https://eksempelkode.example.com",
    }


def test_prd08_version_0_2_with_a_country_section_is_read() -> None:
    document = read_publiccode(sample("journal-0.2.yml"))
    assert document.version == "0.2"
    assert document.warnings == []  # "it" is a country section, genericName a 0.2 key
    mapped = map_document(document)
    assert mapped.language == "en"
    assert mapped.profile["platforms"] == ["web"]
    assert mapped.profile["maintenance_type"] == "community"


def test_prd08_a_yaml_syntax_error_names_the_line() -> None:
    problems = _problems(sample("syntax-error.yml"))
    assert len(problems) == 1
    assert problems[0].line == 5
    assert "not valid YAML" in problems[0].message


def test_prd08_wrong_types_name_each_field_path() -> None:
    texts = _texts(_problems(sample("wrong-types.yml")))
    assert "categories: must be a list, not text. (line 6)" in texts
    assert "description.da.features: must be a list, not text. (line 12)" in texts
    assert "localisation.localisationReady: must be true or false, not text. (line 18)" in texts


def test_prd08_missing_required_keys_are_named() -> None:
    texts = _texts(_problems(sample("missing-keys.yml")))
    assert "url: required key missing." in texts
    assert "legal: required key missing." in texts


def test_prd08_an_invalid_licence_is_not_an_spdx_expression() -> None:
    problems = _problems(sample("bad-licence.yml"))
    assert [problem.path for problem in problems] == ["legal.license"]
    assert str(problems[0]).startswith("legal.license: not an SPDX expression")
    assert "Fiktiv-Licens-9.9" in problems[0].message
    assert problems[0].line == 12


def test_prd08_impossible_dates_are_refused() -> None:
    texts = _texts(_problems(sample("impossible-date.yml")))
    assert "releaseDate: 2026-02-30 is not a real date of the form YYYY-MM-DD. (line 4)" in texts
    assert any(text.startswith("maintenance.contractors[0].until: 2026-13-01") for text in texts)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image
        "name: Åbyhøj".encode("latin-1"),  # not UTF-8
        b"",
    ],
    ids=["binary", "latin-1", "empty"],
)
def test_prd08_a_file_that_is_not_text_is_refused(data: bytes) -> None:
    problems = _problems(data)
    assert len(problems) == 1
    assert "not text" in problems[0].message or "empty" in problems[0].message


def test_prd08_a_document_that_is_not_a_mapping_is_refused() -> None:
    assert "not the keys of a publiccode.yml" in str(_problems(b"- just\n- a list\n")[0])


def test_prd08_unknown_keys_and_a_missing_version_are_warnings() -> None:
    document = read_publiccode(sample("unknown-keys.yml"))
    warnings = [str(warning) for warning in document.warnings]
    assert warnings[0] == "publiccodeYmlVersion: missing; the file is read as version 0.4."
    assert "favouriteColour: unknown key, ignored. (line 7)" in warnings
    assert "description.da.mascot: unknown key, ignored. (line 11)" in warnings
    mapped = map_document(document)
    # Two licences: kept whole on the profile, the product's own licence left alone.
    assert mapped.profile["licence_expression"] == "MIT OR Apache-2.0"
    assert "licence" not in mapped.product


@pytest.mark.parametrize(
    ("line", "warning"),
    [
        ('publiccodeYmlVersion: "0.9"', "0.9 is not a version from 0.2 to 0.5"),
        ("publiccodeYmlVersion: 0.4", 'should be text in quotes, e.g. "0.4"'),
    ],
)
def test_prd08_an_odd_version_is_a_warning(line: str, warning: str) -> None:
    text = sample("bookingportal.yml").decode().replace('publiccodeYmlVersion: "0.4"', line)
    document = read_publiccode(text.encode())
    assert any(warning in str(item) for item in document.warnings)


def test_prd08_description_language_danish_then_english_then_the_first() -> None:
    section = {"shortDescription": "x"}
    assert description_language({"en": section, "da-DK": section}) == "da-DK"
    assert description_language({"it": section, "en": section}) == "en"
    assert description_language({"it": section, "de": section}) == "it"


def test_spdx_expressions() -> None:
    assert spdx_expression("mit OR (apache-2.0 AND GPL-3.0-or-later)") == (
        "MIT OR (Apache-2.0 AND GPL-3.0-or-later)",
        ["MIT", "Apache-2.0", "GPL-3.0-or-later"],
    )
    assert spdx_expression("GPL-3.0-only WITH Classpath-exception-2.0")[1] == ["GPL-3.0-only"]
    for bad in ("MIT AND", "(MIT", "MIT OR OR EUPL-1.2", "MIT/Apache"):
        with pytest.raises(ValueError, match="not an SPDX expression"):
            spdx_expression(bad)
