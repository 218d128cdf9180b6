"""The Danish catalogue is complete, valid and compiled: Danish is the platform's default."""

from __future__ import annotations

import gettext
import re
from collections import Counter

import pytest

from .pofile import LOCALE, Entry, catalogue, header

DA_PO = LOCALE / "da" / "LC_MESSAGES" / "django.po"
DA_MO = DA_PO.with_suffix(".mo")

# %(name)s, %(count)d …, a bare %s / %d, and {name} ({} and {0} too). "%%" is a literal percent.
_PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|\{[A-Za-z_0-9]*\}"
)


def placeholders(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text.replace("%%", "")))


def _live(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if not entry.is_header and not entry.obsolete]


@pytest.fixture(scope="module")
def danish() -> list[Entry]:
    return catalogue("da")


def _describe(entry: Entry) -> str:
    where = entry.references[0] if entry.references else "no reference"
    return f"  {entry.msgid!r} ({where})"


def test_the_header_declares_danish_utf8_and_its_plural_forms(danish: list[Entry]) -> None:
    head = header(danish)
    assert head["Language"] == "da"
    assert "charset=UTF-8" in head["Content-Type"]
    assert head["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
    assert "fuzzy" not in next(entry for entry in danish if entry.is_header).flags


def test_every_danish_entry_is_translated(danish: list[Entry]) -> None:
    live = _live(danish)
    assert live, "the Danish catalogue has no entries"
    untranslated = [
        entry
        for entry in live
        if not entry.translations or not all(value for value in entry.translations.values())
    ]
    assert not untranslated, "Entries without a Danish translation:\n" + "\n".join(
        _describe(entry) for entry in untranslated
    )


def test_no_danish_entry_is_fuzzy(danish: list[Entry]) -> None:
    # Django does not use a fuzzy entry: the page would show the English text.
    fuzzy = [entry for entry in _live(danish) if "fuzzy" in entry.flags]
    assert not fuzzy, "Fuzzy entries (check the translation, then remove the flag):\n" + (
        "\n".join(_describe(entry) for entry in fuzzy)
    )


def test_plural_entries_have_both_danish_forms(danish: list[Entry]) -> None:
    wrong = [
        entry
        for entry in _live(danish)
        if entry.msgid_plural is not None and set(entry.translations) != {"msgstr[0]", "msgstr[1]"}
    ]
    assert not wrong, "Plural entries without exactly msgstr[0] and msgstr[1]:\n" + "\n".join(
        _describe(entry) for entry in wrong
    )


def test_placeholders_match_the_english(danish: list[Entry]) -> None:
    mismatched: list[str] = []
    for entry in _live(danish):
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        expected = set().union(*(placeholders(source) for source in sources))
        for key, value in entry.translations.items():
            if value and set(placeholders(value)) != expected:
                mismatched.append(
                    f"  {entry.msgid!r} {key}: expected {sorted(expected)}, "
                    f"found {sorted(placeholders(value))}"
                )
    assert not mismatched, "Placeholders differ from the English:\n" + "\n".join(mismatched)


def test_leading_and_trailing_newlines_match_the_english(danish: list[Entry]) -> None:
    wrong = [
        entry
        for entry in _live(danish)
        for value in entry.translations.values()
        if value
        and (
            value.startswith("\n") != entry.msgid.startswith("\n")
            or value.endswith("\n") != entry.msgid.endswith("\n")
        )
    ]
    assert not wrong, "Newlines at the start or end differ from the English:\n" + "\n".join(
        _describe(entry) for entry in wrong
    )


def test_the_placeholder_check_sees_every_kind() -> None:
    assert placeholders("%(name)s has %(count)d, %s and {day}; 100%% sure") == Counter(
        ["%(name)s", "%(count)d", "%s", "{day}"]
    )


def test_the_compiled_catalogue_matches_the_source(danish: list[Entry]) -> None:
    if not DA_MO.exists():
        pytest.fail("The Danish catalogue is not compiled: run compilemessages.")
    with DA_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _live(danish):
        context = entry.fields.get("msgctxt")
        plural = entry.msgid_plural
        if "fuzzy" in entry.flags:
            continue
        if plural is None:
            expected = entry.translations.get("msgstr")
            if context:
                got = compiled.pgettext(context, entry.msgid)
            else:
                got = compiled.gettext(entry.msgid)
        else:
            expected = entry.translations.get("msgstr[1]")
            if context:
                got = compiled.npgettext(context, entry.msgid, plural, 2)
            else:
                got = compiled.ngettext(entry.msgid, plural, 2)
        if got != expected:
            stale.append(entry)
    assert not stale, "The compiled catalogue is out of date (run compilemessages):\n" + (
        "\n".join(_describe(entry) for entry in stale)
    )
